#!/usr/bin/env bash
# Builds one libFuzzer target of the nested package in Fuzz/ and fuzzes it for a number of seconds.
#
#   Scripts/fuzz.sh TARGET SECONDS        TARGET: FuzzToken, FuzzJSON or FuzzInput
#
# The build is optimised, instrumented for libFuzzer and AddressSanitizer, and kept apart from the root
# package's .build (scratch path Fuzz/.build). New inputs go to Fuzz/corpus-work/TARGET (ignored by git);
# the committed seeds in Fuzz/corpus/TARGET are only read, so merging a new input is a deliberate step
# (see Fuzz/README.md). Crashes, leaks and timeouts are written to Fuzz/artifacts/TARGET/ and make the
# script exit non-zero. The last lines printed are libFuzzer's final statistics and a one-line summary.
#
# Environment: FUZZ_FRESH=1 empties Fuzz/corpus-work/TARGET first; FUZZ_WORK_DIR=DIR collects new inputs
# in DIR instead; FUZZ_NO_BUILD=1 skips the build; FUZZ_EXTRA_ARGS adds libFuzzer flags (for example
# "-use_value_profile=1").
set -euo pipefail

usage() {
    echo "usage: Scripts/fuzz.sh TARGET SECONDS   (TARGET: FuzzToken, FuzzJSON or FuzzInput)" >&2
    exit 64
}
[ "$#" -eq 2 ] || usage
target=$1
seconds=$2
case "$target" in FuzzToken | FuzzJSON | FuzzInput) ;; *) usage ;; esac
case "$seconds" in '' | *[!0-9]*) usage ;; esac
[ "$seconds" -gt 0 ] || usage

root=$(cd "$(dirname "$0")/.." && pwd)
fuzz="$root/Fuzz"
scratch="$fuzz/.build"

if [ "${FUZZ_NO_BUILD:-0}" != 1 ]; then
    echo "fuzz.sh: building $target (release, -sanitize=fuzzer,address) in Fuzz/.build" >&2
    # -parse-as-library: the targets have no top-level code; libFuzzer's runtime provides main().
    # -enable-testing: the targets `@testable import ECETokenKit` to reach its package-level machinery
    # (the audit fast path, the input reader, the strict JSON parser), which is not public API.
    swift build --package-path "$fuzz" --scratch-path "$scratch" -c release \
        -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -enable-testing \
        --product "$target" >&2
fi
binary="$scratch/release/$target"
[ -x "$binary" ] || { echo "fuzz.sh: $binary was not built" >&2; exit 1; }

work="${FUZZ_WORK_DIR:-$fuzz/corpus-work/$target}"
artifacts="$fuzz/artifacts/$target"
[ "${FUZZ_FRESH:-0}" = 1 ] && rm -rf "$work"
mkdir -p "$work" "$artifacts" "$scratch/logs"
log="$scratch/logs/$target-$(date -u +%Y%m%dT%H%M%SZ).log"

dict=()
[ -f "$fuzz/dict/$target.dict" ] && dict=("-dict=$fuzz/dict/$target.dict")

echo "fuzz.sh: fuzzing $target for $seconds s; new inputs in $work, log $log" >&2
status=0
# The Swift runtime's own backtracer would race libFuzzer's crash handler, so it is switched off.
# shellcheck disable=SC2086 # FUZZ_EXTRA_ARGS is a list of flags
SWIFT_BACKTRACE=enable=no "$binary" \
    -max_len=70000 -timeout=10 -rss_limit_mb=2048 -max_total_time="$seconds" -print_final_stats=1 \
    -artifact_prefix="$artifacts/" "${dict[@]}" ${FUZZ_EXTRA_ARGS:-} \
    "$work" "$fuzz/corpus/$target" >"$log" 2>&1 || status=$?

# libFuzzer's last progress line, its final statistics, and a summary.
grep -E '^#[0-9]+' "$log" | tail -n 1 || true
grep -E '^(Done [0-9]+ runs|stat::)' "$log" || true
executions=$(grep -E '^stat::number_of_executed_units:' "$log" | tail -n 1 | awk '{print $2}')
files=$(find "$work" "$fuzz/corpus/$target" -maxdepth 1 -type f | wc -l | tr -d ' ')
bytes=$(find "$work" "$fuzz/corpus/$target" -maxdepth 1 -type f -exec cat {} + | wc -c | tr -d ' ')
if [ "$status" -ne 0 ]; then
    grep -E '(ERROR: libFuzzer|ERROR: AddressSanitizer|FUZZ INVARIANT VIOLATED|Fatal error|SUMMARY|Test unit written to)' "$log" >&2 || true
    echo "fuzz.sh: $target FAILED (libFuzzer exit $status) after ${executions:-?} executions; log $log" >&2
    exit "$status"
fi
echo "fuzz.sh: $target: ${executions:-?} executions in $seconds s; corpus $files files, $bytes bytes (seeds + new)"
