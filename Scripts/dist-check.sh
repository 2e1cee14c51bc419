#!/usr/bin/env bash
# Proves that what `make dist` built runs on a system without Swift: in a bare Debian tree
# (mmdebstrap --variant=minbase, plus libssl3, man-db and bash-completion), entered with chroot, it
#   1. checks the tarball's checksum, unpacks it, runs its binary: --version, `verify` passes on the
#      Fixtures, a tampered token exits 2;
#   2. installs the .deb with dpkg -i, runs ecetoken from PATH, finds its man page with `man -w` and
#      its bash completion through bash-completion's loader;
#   3. removes it with dpkg -r and checks that no file it installed is left.
# The bare tree is made once per suite and cached (DIST_CHECK_CACHE, default ~/.cache/ecetoken/dist-check);
# each run works on a copy of it. Needs root (chroot), mmdebstrap, and Debian's mirror.
#
#   Scripts/dist-check.sh [SUITE]        SUITE: bookworm (default, Debian 12), trixie (13), ...
set -euo pipefail
cd "$(dirname "$0")/.."

suite=${1:-bookworm}
cache=${DIST_CHECK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ecetoken/dist-check}
fail() { echo "dist-check($suite): FAIL: $*" >&2; exit 1; }
ok() { echo "dist-check($suite): ok: $*"; }

[ "$(id -u)" = 0 ] || fail "needs root (chroot, dpkg inside the tree)"
tarball=$(ls dist/ecetoken-*-linux-x86_64.tar.gz 2>/dev/null | head -n 1)
deb=$(ls dist/ecetoken_*_amd64.deb 2>/dev/null | head -n 1)
[ -n "$tarball" ] && [ -n "$deb" ] || fail "no tarball or .deb in dist/ (run make dist first)"

# ---------------------------------------------------------------- the bare tree (cached)
# OpenSSL's runtime package: bullseye has only 1.1 (the binary is expected not to start there).
case $suite in
    bullseye) libssl=libssl1.1 ;;
    bookworm) libssl=libssl3 ;;
    *) libssl=libssl3t64 ;;
esac
base="$cache/$suite"
if [ ! -e "$base/.complete" ]; then
    command -v mmdebstrap >/dev/null || {
        echo "dist-check($suite): installing mmdebstrap"
        apt-get install -y -qq mmdebstrap >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq mmdebstrap >/dev/null; }
    }
    echo "dist-check($suite): making a bare $suite tree in $base (once; cached)"
    rm -rf "$base" "$base.partial" && mkdir -p "$cache"
    mmdebstrap --quiet --variant=minbase --include="$libssl,man-db,bash-completion" "$suite" "$base.partial"
    touch "$base.partial/.complete" && mv "$base.partial" "$base"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/ecetoken-dist-check.XXXXXX")
root="$work/root"
cleanup() {
    umount "$root/proc" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
cp -a "$base" "$root"
mount -t proc proc "$root/proc"
if [ -e "$root/usr/bin/swift" ] || [ -e "$root/usr/lib/x86_64-linux-gnu/libswiftCore.so" ]; then
    fail "the tree has Swift in it"
fi
in_tree() { chroot "$root" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }
ok "$(in_tree cat /etc/debian_version | sed 's/^/Debian /'), glibc $(in_tree ldd --version | sed -n '1s/.* //p'), no Swift"

# ---------------------------------------------------------------- 1. the tarball
mkdir -p "$root/tmp/dist" "$root/tmp/check"
cp "$tarball" "$tarball.sha256" "$root/tmp/dist/"
cp -a Fixtures "$root/tmp/check/Fixtures"
chmod 600 "$root/tmp/check/Fixtures/bootstrap-secrets.json" "$root/tmp/check/Fixtures/secret.txt"
in_tree sh -c "cd /tmp/dist && sha256sum -c --quiet $(basename "$tarball").sha256" || fail "the checksum does not match"
ok "sha256sum -c $(basename "$tarball").sha256"
in_tree tar -xzf "/tmp/dist/$(basename "$tarball")" -C /tmp/dist
binary=/tmp/dist/$(basename "$tarball" .tar.gz)/bin/ecetoken
version=$(in_tree "$binary" --version) || fail "the tarball's binary does not start: $(in_tree "$binary" --version 2>&1 | head -n 3)"
ok "the tarball's binary starts: ecetoken $version"
run_verify() { # BINARY TOKEN... -> exit status
    in_tree sh -c 'cd /tmp/check && "$@" >/tmp/check/out 2>/tmp/check/err' sh "$1" verify \
        --bootstrap-secrets Fixtures/bootstrap-secrets.json "${@:2}"
}
run_verify "$binary" Fixtures/tokens/ephemeral-allocator-proxy.jwt Fixtures/tokens/persistent-allocator.jwt \
    || fail "verify does not pass the Fixtures: $(cat "$root/tmp/check/err")"
grep -q 'verdict *PASS' "$root/tmp/check/out" || fail "verify's output has no PASS verdict"
ok "verify passes Fixtures/tokens/ephemeral-allocator-proxy.jwt and persistent-allocator.jwt"
status=0
run_verify "$binary" Fixtures/tokens/tampered-signature.jwt || status=$?
[ "$status" = 2 ] || fail "a tampered token exits $status, not 2"
ok "a tampered token exits 2"

# ---------------------------------------------------------------- 2. the .deb
listing() { (cd "$root" && find . -xdev \( -path ./proc -o -path ./tmp -o -path ./var/lib/dpkg -o -path ./var/log \
    -o -path ./var/cache \) -prune -o -print | LC_ALL=C sort); }
listing > "$work/before"
cp "$deb" "$root/tmp/dist/"
in_tree dpkg -i "/tmp/dist/$(basename "$deb")" > "$work/dpkg-install.log" 2>&1 \
    || fail "dpkg -i failed: $(tail -n 5 "$work/dpkg-install.log")"
ok "dpkg -i $(basename "$deb")"
[ "$(in_tree sh -c 'command -v ecetoken')" = /usr/bin/ecetoken ] || fail "ecetoken is not on PATH at /usr/bin/ecetoken"
[ "$(in_tree ecetoken --version)" = "$version" ] || fail "the installed ecetoken prints another version"
run_verify ecetoken Fixtures/tokens/persistent-allocator.jwt || fail "the installed ecetoken does not verify a fixture"
ok "ecetoken on PATH verifies a fixture"
page=$(in_tree man -w ecetoken) || fail "man -w ecetoken finds no page"
[ "$page" = /usr/share/man/man1/ecetoken.1.gz ] || fail "man -w ecetoken gives $page"
in_tree sh -c 'MANWIDTH=80 man ecetoken 2>&1 >/dev/null' > "$work/man.err" || fail "man ecetoken fails"
[ ! -s "$work/man.err" ] || fail "man ecetoken warns: $(head -n 3 "$work/man.err")"
ok "man -w ecetoken: $page, rendered without warnings"
completion=$(in_tree bash -c '. /usr/share/bash-completion/bash_completion && __load_completion ecetoken && complete -p ecetoken') \
    || fail "bash-completion does not load a completion for ecetoken"
ok "bash completion resolves: $completion"
in_tree dpkg -r ecetoken > "$work/dpkg-remove.log" 2>&1 || fail "dpkg -r failed: $(tail -n 5 "$work/dpkg-remove.log")"
listing > "$work/after"
if ! diff -u "$work/before" "$work/after" > "$work/leftovers"; then
    fail "dpkg -r left files behind or removed others: $(grep -E '^[-+]\.' "$work/leftovers" | head -n 10 | tr '\n' ' ')"
fi
[ -z "$(in_tree dpkg-query -W -f '${db:Status-Abbrev}' ecetoken 2>/dev/null | tr -d ' ')" ] \
    || [ "$(in_tree dpkg-query -W -f '${db:Status-Abbrev}' ecetoken | tr -d ' ')" = un ] \
    || fail "dpkg still knows ecetoken: $(in_tree dpkg-query -W -f '${db:Status-Abbrev}' ecetoken)"
ok "dpkg -r ecetoken leaves nothing behind"
echo "dist-check($suite): the tarball and the .deb work on Debian $(cat "$root/etc/debian_version") without Swift"
