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
swift build --package-path "$example" --scratch-path "$scratch"
echo "example: running it"
"$(swift build --package-path "$example" --scratch-path "$scratch" --show-bin-path)/VerifyOneToken"
