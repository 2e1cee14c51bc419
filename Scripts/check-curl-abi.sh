#!/usr/bin/env bash
# Proves that Sources/CCurl/curl_abi.h, which declares the part of libcurl's ABI the shim uses so that the
# build needs no curl headers, matches libcurl's real header: compiles Sources/CCurl/curl_abi_check.c,
# whose static asserts compare every value. Uses the installed curl/curl.h when there is one; otherwise
# Debian's libcurl4-openssl-dev is downloaded (not installed) and unpacked into a cache folder.
#
#   Scripts/check-curl-abi.sh          CURL_ABI_CACHE=DIR overrides the cache (default .build/curl-abi)
set -euo pipefail
cd "$(dirname "$0")/.."

check=Sources/CCurl/curl_abi_check.c
include_flags=()
if echo '#include <curl/curl.h>' | cc -E -x c - >/dev/null 2>&1; then
    echo "check-curl-abi: using the installed curl/curl.h"
else
    cache="${CURL_ABI_CACHE:-.build/curl-abi}"
    header_dir=$(find "$cache/root/usr/include" -name curl.h -path '*/curl/curl.h' -printf '%h\n' 2>/dev/null | head -1 || true)
    if [ -z "$header_dir" ]; then
        echo "check-curl-abi: no curl/curl.h installed; unpacking Debian's libcurl4-openssl-dev into $cache"
        rm -rf "$cache" && mkdir -p "$cache/download"
        # apt-get download writes into the current folder; _apt cannot write into root's folders.
        chmod 777 "$cache/download"
        (cd "$cache/download" && apt-get download libcurl4-openssl-dev >/dev/null 2>&1) || {
            apt-get update -qq && (cd "$cache/download" && apt-get download libcurl4-openssl-dev >/dev/null)
        }
        dpkg-deb -x "$cache"/download/libcurl4-openssl-dev_*.deb "$cache/root"
        header_dir=$(find "$cache/root/usr/include" -name curl.h -path '*/curl/curl.h' -printf '%h\n' | head -1)
    fi
    include_flags=(-I "$(dirname "$header_dir")")
    echo "check-curl-abi: using $header_dir/curl.h"
fi

# -DECE_CURL_ABI_REQUIRE_HEADER makes the check fail if the header was not found after all.
cc -fsyntax-only -Wall -Wextra -Werror -DECE_CURL_ABI_REQUIRE_HEADER "${include_flags[@]}" "$check"
echo "check-curl-abi: every value in Sources/CCurl/curl_abi.h equals curl/curl.h's"
