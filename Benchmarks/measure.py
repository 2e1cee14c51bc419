#!/usr/bin/env python3
"""Wall-clock timing helper for run.sh.

    measure.py RUNS [--stdout FILE] [--ok CODES] -- COMMAND [ARG...]

Runs COMMAND RUNS times (no shell; stdin from /dev/null; stdout to FILE, /dev/null by default,
truncated each run; stderr to /dev/null), and prints one line:

    runs=R median=S min=S max=S mean=S exit=CODE

in seconds. Exits 1 when a run's exit status is not in CODES (comma-separated; default 0).
"""

import argparse
import statistics
import subprocess
import sys
import time


def main() -> None:
    argv = sys.argv[1:]
    if "--" not in argv:
        sys.exit("measure.py: give the command after --")
    split = argv.index("--")
    parser = argparse.ArgumentParser()
    parser.add_argument("runs", type=int)
    parser.add_argument("--stdout", default="/dev/null")
    parser.add_argument("--ok", default="0")
    args = parser.parse_args(argv[:split])
    command = argv[split + 1 :]
    if not command or args.runs < 1:
        sys.exit("measure.py: give RUNS >= 1 and a command after --")
    accepted = {int(code) for code in args.ok.split(",")}

    times = []
    code = 0
    for _ in range(args.runs):
        with open(args.stdout, "wb") as out, open("/dev/null", "rb") as devnull_in, open("/dev/null", "wb") as err:
            start = time.perf_counter()
            code = subprocess.call(command, stdin=devnull_in, stdout=out, stderr=err)
            times.append(time.perf_counter() - start)
        if code not in accepted:
            sys.exit(f"measure.py: {' '.join(command)} exited {code}")
    print(
        f"runs={len(times)} median={statistics.median(times):.6f} min={min(times):.6f} "
        f"max={max(times):.6f} mean={statistics.fmean(times):.6f} exit={code}"
    )


if __name__ == "__main__":
    main()
