#!/usr/bin/env bash
# Checks what a release binary asks of the host it runs on, so that it starts on the systems operators
# run (Ubuntu 22.04 and 24.04, RHEL/Rocky 9, Debian 12 and 13): reads the binary's dynamic section and
# version needs with readelf and objdump, and fails on
#   - a glibc symbol version newer than MAX_GLIBC (2.34: RHEL/Rocky 9; Ubuntu 22.04 has 2.35),
#   - GLIBC_ABI_DT_RELR or a DT_RELR table (packed relative relocations need glibc 2.36),
#   - a libgcc_s version newer than MAX_GCC, an OpenSSL version other than OPENSSL_3.0.0,
#   - a shared library other than libc, libm, the dynamic loader, libgcc_s and libcrypto.so.3
#     (libstdc++ and the Swift runtime are linked in).
#
#   Scripts/check-portability.sh [BINARY]       default: the binary `make release` builds
set -euo pipefail
cd "$(dirname "$0")/.."

MAX_GLIBC=${MAX_GLIBC:-2.34}
MAX_GCC=${MAX_GCC:-7.0.0}
allowed_libraries=(libc.so.6 libm.so.6 ld-linux-x86-64.so.2 libgcc_s.so.1 libcrypto.so.3)

binary=${1:-$(make --no-print-directory -s release-path)}
[ -x "$binary" ] || { echo "check-portability: no executable at $binary (run make release first)" >&2; exit 1; }
for tool in readelf objdump; do
    command -v "$tool" >/dev/null || { echo "check-portability: $tool is required (Debian: binutils)" >&2; exit 1; }
done

failures=0
fail() { echo "check-portability: FAIL: $*" >&2; failures=$((failures + 1)); }
# Says ok when the section that began at failure count $1 added no failure.
ok_since() {
    local before=$1
    shift
    [ "$failures" -gt "$before" ] || echo "check-portability: ok: $*"
}
# Whether version $1 is newer than version $2 (dotted numbers).
newer() { [ "$1" != "$2" ] && [ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | tail -n 1)" = "$1" ]; }

echo "check-portability: $binary"

# Shared libraries.
start=$failures
mapfile -t needed < <(readelf -d "$binary" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
for library in "${needed[@]}"; do
    allowed=0
    for candidate in "${allowed_libraries[@]}"; do [ "$library" = "$candidate" ] && allowed=1; done
    [ "$allowed" = 1 ] || fail "needs $library, which is not one of: ${allowed_libraries[*]}"
done
ok_since "$start" "needs ${needed[*]}"

# Packed relative relocations.
start=$failures
if readelf -d "$binary" | grep -q '(RELR)'; then fail "has a DT_RELR table (-z pack-relative-relocs; glibc >= 2.36)"; fi
if readelf -V "$binary" | grep -q 'GLIBC_ABI_DT_RELR'; then fail "needs GLIBC_ABI_DT_RELR (glibc >= 2.36)"; fi
ok_since "$start" "no DT_RELR, no GLIBC_ABI_DT_RELR"

# Symbol versions, each with the symbols that ask for it when it is too new.
symbols=$(objdump -T "$binary")
glibc_versions=$(grep -oE '\(GLIBC_[0-9.]+\)' <<< "$symbols" | tr -d '()' | sed 's/GLIBC_//' | sort -uV)
newest_glibc=$(tail -n 1 <<< "$glibc_versions")
start=$failures
for version in $glibc_versions; do
    if newer "$version" "$MAX_GLIBC"; then
        fail "needs GLIBC_$version (newer than $MAX_GLIBC) for: $(grep -F "(GLIBC_$version)" <<< "$symbols" | awk '{print $NF}' | tr '\n' ' ')"
    fi
done
ok_since "$start" "newest glibc symbol version: GLIBC_$newest_glibc (at most $MAX_GLIBC allowed)"
start=$failures
for version in $(grep -oE '\(GCC_[0-9.]+\)' <<< "$symbols" | tr -d '()' | sed 's/GCC_//' | sort -uV); do
    if newer "$version" "$MAX_GCC"; then fail "needs libgcc_s GCC_$version (newer than $MAX_GCC)"; fi
done
ok_since "$start" "libgcc_s versions at most GCC_$MAX_GCC"
start=$failures
for version in $(grep -oE '\(OPENSSL_[0-9.]+\)' <<< "$symbols" | tr -d '()' | sort -u); do
    [ "$version" = OPENSSL_3.0.0 ] || fail "needs $version (OpenSSL 3.0 hosts export OPENSSL_3.0.0 only)"
done
ok_since "$start" "OpenSSL symbols at OPENSSL_3.0.0"

if [ "$failures" -gt 0 ]; then
    echo "check-portability: $failures problem(s): the binary would not start on every supported host" >&2
    exit 1
fi
echo "check-portability: the binary runs on glibc >= $MAX_GLIBC hosts with libcrypto.so.3"
