#!/usr/bin/env bash
# Benchmarks/run.sh: `ecetoken audit` against the HMAC floor (Benchmarks/floor.c), side by side, in one
# run, from a fresh clone:
#
#   bash Benchmarks/run.sh
#
# Builds ecetoken in release mode (and, when it builds, with --static-swift-stdlib) into .build-bench*,
# builds the C floor, generates 100 000 tokens once (cached), checks that the floor and ecetoken count
# the same valid/invalid tokens, then prints tokens per second, the ratios, the start-up comparison and
# the peak memory of a streamed audit. Everything it writes goes under .build-bench/benchmark/
# (ignored by git), including a copy of the report (results-<time>.txt).
#
# Environment (all optional):
#   BENCH_TOKENS=100000        tokens in the generated file
#   BENCH_RUNS=3               rounds of throughput runs (each round runs every command once; medians reported)
#   BENCH_MIN_SECONDS=1        the file is passed to each command as many times as it takes for one
#                              `audit --summary-only --jobs 1` run to last about this long
#   BENCH_REPEAT=k             pass the file exactly k times instead
#   BENCH_STREAM_TOKENS=1000000  tokens streamed through stdin for the peak-memory figure
#   BENCH_10M=1                also stream 10 000 000 tokens (about 15 s)
#   BENCH_STATIC=0             skip the --static-swift-stdlib build
#   BENCH_JWTKIT=0             skip the jwt-kit verifier (Benchmarks/jwtkit-verify) in the start-up rounds
#   BENCH_STARTUP_ROUNDS=10    rounds of start-up runs (each round times every command)
#   BENCH_STARTUP_RUNS=30      runs of each command per start-up round
#   BENCH_NO_INSTALL=1         never apt-get install hyperfine / time when missing
#   BENCH_WORK=DIR             where to put the generated files and results
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
cd "$root"

N=${BENCH_TOKENS:-100000}
RUNS=${BENCH_RUNS:-3}
MIN_SECONDS=${BENCH_MIN_SECONDS:-1}
STREAM=${BENCH_STREAM_TOKENS:-1000000}
STARTUP_ROUNDS=${BENCH_STARTUP_ROUNDS:-10}
STARTUP_RUNS=${BENCH_STARTUP_RUNS:-30}
NOW=1800000000 # 2027-01-15T08:00:00Z: every generated ephemeral token expires 1 day to 1 year later
WORK=${BENCH_WORK:-$root/.build-bench/benchmark}
mkdir -p "$WORK"
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
REPORT="$WORK/results-$STAMP.txt"
FIGURES="$WORK/figures-$STAMP.env"
: > "$FIGURES"
exec > >(tee "$REPORT") 2>&1

say() { printf '%s\n' "$*"; }
record() { printf '%s=%s\n' "$1" "$2" >> "$FIGURES"; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
busiest() {
    ps -eo pcpu=,args= --sort=-pcpu | awk -v self=$$ '$1 > 10 {
        line = $0; sub(/^ +/, "", line); print "    " substr(line, 1, 110) }' | grep -v ' ps -eo' | head -n 5 || true
}
field() { sed -nE "s/.*(^| )$1=([^ ]+).*/\\2/p" <<< "$2"; }

# ---------------------------------------------------------------- prerequisites
install_if_missing() { # COMMAND PACKAGE
    command -v "$1" > /dev/null 2>&1 && return 0
    [[ ${BENCH_NO_INSTALL:-0} == 1 || $(id -u) != 0 ]] && return 0
    command -v apt-get > /dev/null 2>&1 || return 0
    say "installing $2 (apt-get)"
    { apt-get install -y -qq "$2" || { apt-get update -qq && apt-get install -y -qq "$2"; }; } > /dev/null 2>&1 || true
}
for tool in swift cc python3; do
    command -v "$tool" > /dev/null || { say "run.sh: $tool is required"; exit 1; }
done
install_if_missing hyperfine hyperfine
[[ -x /usr/bin/time ]] || install_if_missing /usr/bin/time time

say "== machine"
say "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
say "cpu: $(nproc) cores (nproc), $cpu; $(awk '/MemTotal/ {printf "%.1f GiB RAM", $2 / 1048576}' /proc/meminfo)"
say "os: $(uname -sr); $(swift --version 2>&1 | grep -m1 -o 'Swift version [^ ]*'); $(openssl version 2>/dev/null || echo 'openssl ?')"
if command -v git > /dev/null && git rev-parse --git-dir > /dev/null 2>&1; then
    say "source: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- Sources Package.swift 2> /dev/null || echo ' + uncommitted changes in Sources/ or Package.swift')"
fi
say "load average at start: $(loadavg)"
say "other processes over 10% CPU at start:"
busiest
record nproc "$(nproc)"
record cpu "\"$cpu\""
record load_start "\"$(loadavg)\""

# ---------------------------------------------------------------- builds
say "== build"
swift build -c release --scratch-path .build-bench --product ecetoken 2>&1 | tail -n 1
ECETOKEN="$(swift build -c release --scratch-path .build-bench --show-bin-path)/ecetoken"
STATIC_ECETOKEN=""
if [[ ${BENCH_STATIC:-1} == 1 ]]; then
    # `make release` itself, into its own scratch folder: the link users get (Makefile, RELEASE_FLAGS).
    if make --no-print-directory release SCRATCH=.build-bench-static > "$WORK/static-build.log" 2>&1; then
        STATIC_ECETOKEN=$(make --no-print-directory -s release-path SCRATCH=.build-bench-static)
        say "static build: $STATIC_ECETOKEN"
    else
        say "the release-link build failed (see $WORK/static-build.log): everything measured with the dynamic build"
    fi
fi
JWTKIT=""
if [[ ${BENCH_JWTKIT:-1} == 1 ]]; then
    # The start-up budget's other yardstick: one jwt-kit HS256 verification in its own process, linked
    # like ecetoken's release binary (--static-swift-stdlib). Its first build takes a few minutes.
    JWTKIT_FLAGS=(-c release --static-swift-stdlib --package-path Benchmarks/jwtkit-verify
        --scratch-path "$root/.build-bench-jwtkit")
    if swift build "${JWTKIT_FLAGS[@]}" > "$WORK/jwtkit-build.log" 2>&1; then
        JWTKIT="$(swift build "${JWTKIT_FLAGS[@]}" --show-bin-path)/jwtkit-verify"
        say "jwt-kit verifier: $JWTKIT"
    else
        say "the jwt-kit verifier did not build (see $WORK/jwtkit-build.log): start-up is compared with the floor only"
    fi
fi
FLOOR="$WORK/floor"
# shellcheck disable=SC2046
cc -O2 -o "$FLOOR" Benchmarks/floor.c $(pkg-config --cflags --libs libcrypto 2> /dev/null || echo -lcrypto)
# Throughput and memory are measured with the release build (`make release`'s link) when it builds;
# start-up with both builds.
DYNAMIC_ECETOKEN=$ECETOKEN
ECETOKEN=${STATIC_ECETOKEN:-$DYNAMIC_ECETOKEN}
say "ecetoken: $ECETOKEN ($(du -h "$ECETOKEN" | cut -f1)), for throughput and memory"
say "floor:    $FLOOR (cc -O2 floor.c -lcrypto)"

install -m 600 Fixtures/secret.txt "$WORK/secret.txt" # owner-only: no permission warning in the timings
SECRET="$WORK/secret.txt"
COMMON=(--now "$NOW" --secret-file "$SECRET")

# ---------------------------------------------------------------- tokens
TOKENS="$WORK/tokens-$N.txt"
COUNTS="$TOKENS.counts"
if [[ ! -s $TOKENS || ! -s $COUNTS || Benchmarks/generate-tokens.py -nt $TOKENS || Fixtures/secret.txt -nt $TOKENS ]]; then
    say "== generating $N tokens"
    python3 Benchmarks/generate-tokens.py "$N" "$TOKENS" "$SECRET" --now "$NOW" > "$COUNTS"
fi
counts=$(cat "$COUNTS")
say "== tokens: $TOKENS ($(du -h "$TOKENS" | cut -f1)): $counts"
expected_valid=$(field valid "$counts")
expected_invalid=$(field invalid "$counts")

# ---------------------------------------------------------------- same verdicts
say "== same counts"
floor_line=$("$FLOOR" "$SECRET" "$TOKENS" 2> /dev/null)
summary=$("$ECETOKEN" audit "${COMMON[@]}" --format jsonl --summary-only --jobs 1 "$TOKENS" || true)
read -r ece_pass ece_fail ece_badsig < <(python3 -c '
import json, sys
s = json.loads(sys.argv[1])["summary"]
print(s["pass"], s["fail"], s["by_outcome"].get("signature_invalid", 0))' "$summary")
floor_valid=$(field valid "$floor_line")
floor_invalid=$(field invalid "$floor_line")
say "generator: valid $expected_valid, invalid $expected_invalid"
say "floor:     valid $floor_valid, invalid $floor_invalid"
say "ecetoken:  pass $ece_pass, fail $ece_fail (signature_invalid $ece_badsig)"
if [[ $floor_valid != "$expected_valid" || $ece_pass != "$expected_valid" || $floor_invalid != "$expected_invalid" \
    || $ece_fail != "$expected_invalid" || $ece_badsig != "$expected_invalid" ]]; then
    say "MISMATCH: the floor and ecetoken do not count the same valid/invalid tokens"
    exit 1
fi
say "ok: floor and ecetoken agree"

# ---------------------------------------------------------------- throughput
measure() { python3 Benchmarks/measure.py "$@"; }
if [[ -n ${BENCH_REPEAT:-} ]]; then
    REPEAT=$BENCH_REPEAT
else
    probe=$(measure 1 --ok 0,1,2,3 -- "$ECETOKEN" audit "${COMMON[@]}" --summary-only --jobs 1 "$TOKENS")
    REPEAT=$(python3 -c 'import math, sys; print(max(1, min(50, math.ceil(float(sys.argv[2]) / float(sys.argv[1])))))' \
        "$(field median "$probe")" "$MIN_SECONDS")
fi
FILES=()
for ((i = 0; i < REPEAT; i++)); do FILES+=("$TOKENS"); done
TOTAL=$((N * REPEAT))
record tokens_per_run "$TOTAL"
say "== throughput: $TOTAL tokens per run (the file passed $REPEAT times), $RUNS rounds, load $(loadavg)"

# Round robin: each round runs every command once, back to back, so that this kind of machine's
# minute-to-minute swings (the same run can take 0.55 s or 1.05 s a few minutes apart) hit every command
# of a round alike. Each figure is the median over the rounds; each ratio is the median of the ratios
# taken within a round.
ROUNDS="$WORK/rounds-$STAMP.txt"
: > "$ROUNDS"
timed() { # NAME ARGS... (one run of audit; appends "NAME SECONDS" to the rounds file)
    local name=$1 timing
    shift
    timing=$(measure 1 --ok 0,1,2,3 -- "$ECETOKEN" audit "${COMMON[@]}" "$@" "${FILES[@]}")
    printf '%s %s\n' "$name" "$(field median "$timing")" >> "$ROUNDS"
}
for ((round = 1; round <= RUNS; round++)); do
    timing=$(measure 1 --stdout "$WORK/floor-out.txt" -- "$FLOOR" "$SECRET" "${FILES[@]}")
    printf 'floor %s\nfloor_loop_rate %s\n' "$(field median "$timing")" \
        "$(field tokens_per_second "$(cat "$WORK/floor-out.txt")")" >> "$ROUNDS"
    timed summary_j1 --summary-only --jobs 1
    timed summary_j2 --summary-only --jobs 2
    timed jsonl_j1 --format jsonl --jobs 1
done
python3 Benchmarks/rounds.py throughput "$ROUNDS" "$TOTAL" >> "$FIGURES"
say "seconds per run, round by round (floor_loop_rate: the floor's MAC loop, tokens/s):"
python3 Benchmarks/rounds.py show "$ROUNDS"
record load_after_throughput "\"$(loadavg)\""

# ---------------------------------------------------------------- start-up
say "== start-up: one token, one process, start to exit"
TOKEN=""
while IFS= read -r candidate; do
    if "$FLOOR" "$SECRET" --token "$candidate"; then TOKEN=$candidate && break; fi
done < <(head -n 20 "$TOKENS")
VERIFY_ARGS=(verify --now "$NOW" --secret-file "$SECRET" "$TOKEN")
"$ECETOKEN" "${VERIFY_ARGS[@]}" > /dev/null || { say "ecetoken verify does not pass the floor's token"; exit 1; }
startup_names=(floor ecetoken)
startup_commands=("$FLOOR $SECRET --token $TOKEN" "$DYNAMIC_ECETOKEN ${VERIFY_ARGS[*]}")
if [[ -n $STATIC_ECETOKEN ]]; then
    startup_names+=(ecetoken_static)
    startup_commands+=("$STATIC_ECETOKEN ${VERIFY_ARGS[*]}")
fi
if [[ -n $JWTKIT ]]; then
    if "$JWTKIT" "$SECRET" "$TOKEN" > /dev/null; then
        startup_names+=(jwtkit)
        startup_commands+=("$JWTKIT $SECRET $TOKEN")
    else
        say "the jwt-kit verifier does not verify the floor's token: left out"
    fi
fi
# In rounds, like the throughput: each round times every command, back to back, and the ratio to the
# floor is taken within each round.
STARTUP_TIMES="$WORK/startup-rounds-$STAMP.txt"
: > "$STARTUP_TIMES"
if command -v hyperfine > /dev/null; then
    say "(hyperfine, --shell=none, $STARTUP_ROUNDS rounds of 5 warm-up runs and $STARTUP_RUNS runs of each command)"
else
    say "(no hyperfine: $STARTUP_ROUNDS rounds of $STARTUP_RUNS timed runs of each command)"
fi
for ((round = 1; round <= STARTUP_ROUNDS; round++)); do
    if command -v hyperfine > /dev/null; then
        hyperfine -N --warmup 5 --runs "$STARTUP_RUNS" --export-json "$WORK/startup.json" "${startup_commands[@]}" \
            > "$WORK/hyperfine.txt" 2>&1
        python3 -c '
import json, sys
for name, result in zip(sys.argv[2:], json.load(open(sys.argv[1]))["results"]):
    print(name, result["mean"])' "$WORK/startup.json" "${startup_names[@]}" >> "$STARTUP_TIMES"
    else
        for i in "${!startup_names[@]}"; do
            # shellcheck disable=SC2206
            words=(${startup_commands[$i]})
            printf '%s %s\n' "${startup_names[$i]}" "$(field mean "$(measure "$STARTUP_RUNS" -- "${words[@]}")")" \
                >> "$STARTUP_TIMES"
        done
    fi
done
python3 Benchmarks/rounds.py startup "$STARTUP_TIMES" >> "$FIGURES"
say "mean milliseconds per run, round by round:"
python3 Benchmarks/rounds.py show "$STARTUP_TIMES" --milliseconds

# ---------------------------------------------------------------- peak memory, streamed through stdin
stream() { # TOKENS_WANTED NAME
    local copies=$(((${1} + N - 1) / N))
    local total=$((copies * N)) name=$2
    say "== peak memory: $total tokens streamed into 'audit --summary-only -' (default --jobs), load $(loadavg)"
    if [[ ! -x /usr/bin/time ]]; then
        say "no /usr/bin/time (apt-get install time): skipped"
        return 0
    fi
    local started
    started=$(date +%s.%N)
    { for ((i = 0; i < copies; i++)); do cat "$TOKENS"; done; } \
        | /usr/bin/time -v "$ECETOKEN" audit "${COMMON[@]}" --format jsonl --summary-only - \
            > "$WORK/stream-$name.json" 2> "$WORK/stream-$name.time" || true
    local elapsed
    elapsed=$(python3 -c "import sys; print(round($(date +%s.%N) - $started, 2))")
    local rss_kb seen
    rss_kb=$(sed -nE 's/.*Maximum resident set size \(kbytes\): ([0-9]+).*/\1/p' "$WORK/stream-$name.time")
    seen=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["summary"]["total"])' "$WORK/stream-$name.json" 2> /dev/null || echo "?")
    if [[ $seen != "$total" ]]; then
        say "the streamed audit reported $seen tokens, expected $total"
        exit 1
    fi
    record "rss_${name}_kb" "$rss_kb"
    record "rss_${name}_tokens" "$total"
    record "rss_${name}_s" "$elapsed"
    say "$total tokens in ${elapsed}s; Maximum resident set size: $rss_kb KB ($(python3 -c "print(round($rss_kb / 1024, 1))") MiB)"
}
stream "$STREAM" stream
if [[ ${BENCH_10M:-0} == 1 ]]; then stream 10000000 10m; fi
record load_end "\"$(loadavg)\""

# ---------------------------------------------------------------- report
say "== results against issue 5's targets (load average at the end: $(loadavg))"
python3 - "$FIGURES" << 'EOF'
import shlex, sys
figures = {}
for line in open(sys.argv[1]):
    key, _, value = line.rstrip("\n").partition("=")
    figures[key] = shlex.split(value)[0] if value.startswith('"') else value
f = lambda key: float(figures[key])
total = f("tokens_per_run")
rate = lambda key: total / f(key + "_s")
floor_wall = total / f("floor_wall_s")
floor_loop = f("floor_loop_rate")
s1, jl, s2 = rate("summary_j1"), rate("jsonl_j1"), rate("summary_j2")
rows = []
def row(what, value, target, ok):
    rows.append((what, value, target, "" if ok is None else "meets" if ok else "MISSES"))
row("floor (C, EVP_MAC), whole process", f"{floor_wall:,.0f} tokens/s", "", None)
row("floor, MAC loop alone", f"{floor_loop:,.0f} tokens/s", "", None)
row("audit --summary-only --jobs 1", f"{s1:,.0f} tokens/s", ">= 1,500,000/s", s1 >= 1.5e6)
# Ratios: the median of the ratios within each round (both commands run back to back), with their range.
def ratio(key):
    return f(f"round_{key}_median"), f"{f(f'round_{key}_median'):.3f}x (rounds {f(f'round_{key}_min'):.3f}-{f(f'round_{key}_max'):.3f})"
value, text = ratio("summary_floor_wall")
row("  / floor (whole process)", text, ">= 0.45x", value >= 0.45)
value, text = ratio("summary_floor_loop")
row("  / floor (MAC loop alone)", text, ">= 0.45x", value >= 0.45)
row("audit --format jsonl --jobs 1 >/dev/null", f"{jl:,.0f} tokens/s", ">= 750,000/s", jl >= 7.5e5)
row("audit --summary-only --jobs 2", f"{s2:,.0f} tokens/s", "", None)
value, text = ratio("jobs")
row("  jobs 2 / jobs 1", text, ">= 1.8x", value >= 1.8)
fl = f("startup_floor_mean")
# Start-up budget (issue 12): the release link at most 2.5x the floor, and no slower than jwt-kit.
for name, label, target in (("ecetoken", "verify start-to-exit (dynamic stdlib)", None),
                            ("ecetoken_static", "verify start-to-exit (release link)", 2.5)):
    key = f"startup_{name}_mean"
    if key in figures:
        value, text = ratio(f"startup_{name}")
        row(label, f"{f(key) * 1000:.2f} ms, floor {fl * 1000:.2f} ms: {text}",
            f"<= {target}x" if target else "", value <= target if target else None)
if "startup_jwtkit_mean" in figures and "round_startup_static_jwtkit_median" in figures:
    value, text = ratio("startup_static_jwtkit")
    row("  release link / jwt-kit verifier", f"{f('startup_jwtkit_mean') * 1000:.2f} ms for jwt-kit: {text}",
        "<= 1.0x", value <= 1.0)
for name in ("stream", "10m"):
    if f"rss_{name}_kb" in figures:
        mib = f(f"rss_{name}_kb") / 1024
        tokens = int(f(f"rss_{name}_tokens"))
        row(f"peak RSS, {tokens:,} tokens via stdin", f"{mib:.1f} MiB ({tokens / f(f'rss_{name}_s'):,.0f} tokens/s)",
            "<= 50 MiB (10 M)", mib <= 50)
width = [max(len(r[i]) for r in rows) for i in range(4)]
for r in rows:
    print("  ".join(r[i].ljust(width[i]) for i in range(4)).rstrip())
print(f"load average: start {figures['load_start']}, after throughput {figures['load_after_throughput']}, end {figures['load_end']}")
EOF
say "report: $REPORT"
