#!/usr/bin/env bash
# Builds and runs Examples/VerifyOneToken, a separate package that depends on this one by path and uses
# only ECETokenKit's public API: it verifies a token in one call (typed roles, kind, expiry, token id)
# and expects a typed signature error for the same token tampered with. Fails when either build or run
# fails, so CI catches a public API that no longer serves an adopter.
#
#   Scripts/example.sh
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
example="$root/Examples/VerifyOneToken"
scratch="${EXAMPLE_SCRATCH:-$example/.build}"

echo "example: building Examples/VerifyOneToken"
log=$(mktemp "${TMPDIR:-/tmp}/ecetoken-example.XXXXXX")
trap 'rm -f "$log"' EXIT
if ! swift build --package-path "$example" --scratch-path "$scratch" 2>&1 | tee "$log"; then  # pipefail: swift's status
    # SwiftPM keeps a path dependency's list of source files from the last build, so a file moved in this
    # package since then fails as a "missing input"; a fresh build directory fixes that, and only that.
    grep -q 'because of missing inputs' "$log" || exit 1
    echo "example: the build directory lists files that moved; building from scratch"
    rm -rf "$scratch"
    swift build --package-path "$example" --scratch-path "$scratch"
fi
echo "example: running it"
"$(swift build --package-path "$example" --scratch-path "$scratch" --show-bin-path)/VerifyOneToken"
