#!/usr/bin/env python3
"""Figures from run.sh's round files, whose lines are "NAME VALUE", one per command and round.

    rounds.py show FILE [--milliseconds]   one row per name with its values, round by round
    rounds.py throughput FILE TOKENS       figures for run.sh's report (NAME=VALUE lines)
    rounds.py startup FILE                 the same for the start-up rounds

Each figure is the median over the rounds; each ratio is taken within every round (both commands ran
seconds apart there) and reported as the median of those ratios with their minimum and maximum.
"""

import statistics
import sys


def read(path: str) -> dict[str, list[float]]:
    rounds: dict[str, list[float]] = {}
    for line in open(path):
        name, value = line.split()
        rounds.setdefault(name, []).append(float(value))
    return rounds


def ratios(key: str, values: list[float]) -> None:
    print(f"{key}_median={statistics.median(values)}")
    print(f"{key}_min={min(values)}")
    print(f"{key}_max={max(values)}")


def main() -> None:
    if len(sys.argv) < 3 or sys.argv[1] not in ("show", "throughput", "startup"):
        sys.exit(__doc__)
    command, rounds = sys.argv[1], read(sys.argv[2])
    median = statistics.median
    if command == "show":
        milliseconds = "--milliseconds" in sys.argv[3:]
        for name, values in rounds.items():
            texts = [f"{value * 1000:.2f}" if milliseconds else f"{value:.15g}" for value in values]
            print(f"  {name:16} " + " ".join(texts))
    elif command == "throughput":
        total = float(sys.argv[3])
        print(f"floor_wall_s={median(rounds['floor'])}")
        print(f"floor_loop_rate={median(rounds['floor_loop_rate'])}")
        for name in ("summary_j1", "jsonl_j1", "summary_j2"):
            print(f"{name}_s={median(rounds[name])}")
        s1 = rounds["summary_j1"]
        ratios("round_summary_floor_wall", [f / s for f, s in zip(rounds["floor"], s1)])
        ratios("round_summary_floor_loop", [total / s / r for s, r in zip(s1, rounds["floor_loop_rate"])])
        ratios("round_jobs", [a / b for a, b in zip(s1, rounds["summary_j2"])])
    else:
        for name, values in rounds.items():
            print(f"startup_{name}_mean={median(values)}")
            if name != "floor":
                ratios(f"round_startup_{name}", [value / floor for value, floor in zip(values, rounds["floor"])])
        if "jwtkit" in rounds and "ecetoken_static" in rounds:
            pairs = zip(rounds["ecetoken_static"], rounds["jwtkit"])
            ratios("round_startup_static_jwtkit", [ecetoken / jwtkit for ecetoken, jwtkit in pairs])


if __name__ == "__main__":
    main()
