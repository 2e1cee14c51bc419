#!/usr/bin/env bash
# The library's public API, as a Swift developer sees it: at most 50 public types and no declaration
# that takes or returns an unsafe pointer (issue 14). Reads the symbol graph of ECETokenKit that
# `swift package dump-symbol-graph` writes; prints the counts, and the offenders when it fails.
set -euo pipefail
cd "$(dirname "$0")/.."
maximum_types=50
log=$(mktemp)
swift package dump-symbol-graph --minimum-access-level public >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
rm -f "$log"
graph=$(find .build -path '*symbolgraph/ECETokenKit.symbols.json' -newer Package.swift | head -1)
[ -n "$graph" ] || { echo "check-public-api: no symbol graph for ECETokenKit" >&2; exit 1; }
python3 - "$graph" "$maximum_types" <<'PY'
import json, sys
graph, maximum = json.load(open(sys.argv[1])), int(sys.argv[2])
type_kinds = {"swift.struct", "swift.enum", "swift.class", "swift.protocol", "swift.typealias", "swift.actor"}
symbols = graph["symbols"]
types = sorted(".".join(s["pathComponents"]) for s in symbols if s["kind"]["identifier"] in type_kinds)
unsafe = sorted(
    ".".join(s["pathComponents"])
    for s in symbols
    if any("Unsafe" in f.get("spelling", "") for f in s.get("declarationFragments", []))
)
print(f"check-public-api: {len(symbols)} public symbols, {len(types)} public types (at most {maximum}), "
      f"{len(unsafe)} with an unsafe pointer")
failed = False
if len(types) > maximum:
    print("check-public-api: FAIL too many public types:\n  " + "\n  ".join(types), file=sys.stderr)
    failed = True
if unsafe:
    print("check-public-api: FAIL public declarations with unsafe pointers:\n  " + "\n  ".join(unsafe), file=sys.stderr)
    failed = True
sys.exit(1 if failed else 0)
PY
