#!/usr/bin/env bash
# Runs a command with libcurl's headers hidden, as on a machine that has only Swift and libssl-dev: in a
# private mount namespace (unshare -m), an empty folder is bind-mounted over every curl include folder
# there is, so `#include <curl/curl.h>` fails and the build must get by without it. CI runs the README's
# `swift test` this way on every run, whatever the machine has installed.
#
#   Scripts/without-curl-headers.sh COMMAND [ARGUMENT...]
set -euo pipefail
[ "$#" -gt 0 ] || { echo "usage: Scripts/without-curl-headers.sh COMMAND [ARGUMENT...]" >&2; exit 64; }

if [ -z "${ECETOKEN_CURL_HEADERS_HIDDEN:-}" ]; then
    export ECETOKEN_CURL_HEADERS_HIDDEN=1
    exec unshare --mount --propagation private -- "$0" "$@"
fi
empty=$(mktemp -d "${TMPDIR:-/tmp}/no-curl-headers.XXXXXX")
hidden=()
for folder in /usr/include/curl /usr/include/*-linux-gnu/curl /usr/local/include/curl; do
    if [ -d "$folder" ]; then
        mount --bind "$empty" "$folder"
        hidden+=("$folder")
    fi
done
if echo '#include <curl/curl.h>' | cc -E -x c - >/dev/null 2>&1; then
    echo "without-curl-headers: curl/curl.h is still found; hide its folder too" >&2
    exit 1
fi
echo "without-curl-headers: curl/curl.h not found (hidden: ${hidden[*]:-none were installed})"
exec "$@"
