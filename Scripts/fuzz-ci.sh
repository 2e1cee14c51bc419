#!/usr/bin/env bash
# CI for the fuzz targets in Fuzz/: build them once, replay every seed corpus and every saved regression
# input, then fuzz each target for FUZZ_SECONDS (default 60). Fails on any crash, leak, timeout or
# out-of-memory; the input that failed is left in Fuzz/artifacts/TARGET/.
#
#   Scripts/fuzz-ci.sh                  replay, then 60 s per target
#   FUZZ_SECONDS=0 Scripts/fuzz-ci.sh   replay only
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
fuzz="$root/Fuzz"
scratch="$fuzz/.build"
seconds=${FUZZ_SECONDS:-60}
case "$seconds" in '' | *[!0-9]*) echo "fuzz-ci: FUZZ_SECONDS must be a whole number of seconds" >&2; exit 64 ;; esac
targets=(FuzzToken FuzzJSON FuzzInput)
limits=(-max_len=70000 -timeout=10 -rss_limit_mb=2048)

echo "fuzz-ci: building ${targets[*]} (release, -sanitize=fuzzer,address) in Fuzz/.build"
swift build --package-path "$fuzz" --scratch-path "$scratch" -c release \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -enable-testing

export SWIFT_BACKTRACE=enable=no
logs="$scratch/logs"
mkdir -p "$logs"

# Runs a command with its output in a log file; prints the log's key lines; returns the command's status.
run_logged() {
    local log=$1
    shift
    local status=0
    "$@" >"$log" 2>&1 || status=$?
    grep -E '^(#[0-9]+[[:space:]]+(INITED|DONE)|Done |Executed |==[0-9]+==ERROR|SUMMARY|FUZZ INVARIANT|Fatal error|Test unit)' \
        "$log" || true
    return "$status"
}

for target in "${targets[@]}"; do
    binary="$scratch/release/$target"
    artifacts="$fuzz/artifacts/$target"
    mkdir -p "$artifacts"
    echo "fuzz-ci: $target: replaying Fuzz/corpus/$target"
    run_logged "$logs/$target-replay.log" "$binary" "${limits[@]}" -runs=0 -artifact_prefix="$artifacts/" \
        "$fuzz/corpus/$target" || {
        echo "fuzz-ci: $target failed on its seed corpus (log $logs/$target-replay.log)" >&2
        exit 1
    }

    regressions=()
    if [ -d "$fuzz/regressions/$target" ]; then
        while IFS= read -r -d '' file; do regressions+=("$file"); done < <(
            find "$fuzz/regressions/$target" -maxdepth 1 -type f ! -name '.*' ! -name '*.md' -print0 | sort -z)
    fi
    if [ "${#regressions[@]}" -gt 0 ]; then
        echo "fuzz-ci: $target: replaying ${#regressions[@]} regression input(s) from Fuzz/regressions/$target"
        run_logged "$logs/$target-regressions.log" "$binary" "${limits[@]}" -artifact_prefix="$artifacts/" \
            "${regressions[@]}" || {
            echo "fuzz-ci: $target failed on a regression input (log $logs/$target-regressions.log)" >&2
            exit 1
        }
    fi
done

[ "$seconds" -gt 0 ] || { echo "fuzz-ci: replay passed (no fuzzing: FUZZ_SECONDS=0)"; exit 0; }

work=$(mktemp -d "${TMPDIR:-/tmp}/ecetoken-fuzz-ci.XXXXXX")
trap 'rm -rf "$work"' EXIT
for target in "${targets[@]}"; do
    echo "fuzz-ci: $target: fuzzing for $seconds s"
    mkdir -p "$work/$target"
    FUZZ_NO_BUILD=1 FUZZ_WORK_DIR="$work/$target" "$root/Scripts/fuzz.sh" "$target" "$seconds" || {
        echo "fuzz-ci: $target found a failure; the input is in Fuzz/artifacts/$target/" >&2
        exit 1
    }
done
echo "fuzz-ci: all targets passed"
