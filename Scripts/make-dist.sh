#!/usr/bin/env bash
# Packs what `make release man completions` built into dist/ (run through `make dist`):
#   ecetoken-VERSION-linux-x86_64.tar.gz (+ .sha256)  binary, man page, completions, README, CHANGELOG,
#                                                     LICENSE under one top folder
#   ecetoken_VERSION_amd64.deb                        the same files where Debian puts them
# Both are reproducible: file order, owners, modes and times are fixed, times at SOURCE_DATE_EPOCH
# (default: the last commit's time), so the same binary gives byte-identical archives. The binary is
# stripped of debug information and symbols (as Debian's dh_strip does); the Swift runtime's metadata
# sections stay.
#
#   Scripts/make-dist.sh BINARY MAN_PAGE COMPLETIONS_DIR        (make dist passes all three)
set -euo pipefail
cd "$(dirname "$0")/.."

binary=$1 man_page=$2 completions=$3
dist=${DIST_DIR:-dist}
arch_deb=amd64 arch_tar=linux-x86_64
maintainer=${DEB_MAINTAINER:-"ecetoken maintainers <maintainers@ecetoken.invalid>"}
[ "$(uname -m)" = x86_64 ] || { echo "make-dist: only x86_64 is packaged (this is $(uname -m))" >&2; exit 1; }
version=$("$binary" --version)
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+ ]] || { echo "make-dist: '$binary --version' printed '$version'" >&2; exit 1; }
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 0)}
export TZ=UTC LC_ALL=C
umask 022

stage=$(mktemp -d "${TMPDIR:-/tmp}/ecetoken-dist.XXXXXX")
trap 'rm -rf "$stage"' EXIT
mkdir -p "$dist"

# Sets every file's and folder's time to SOURCE_DATE_EPOCH.
clamp_times() { find "$1" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +; }
# Installs the binary, stripped.
install_binary() { install -m 755 "$binary" "$1" && strip --remove-section=.comment --strip-unneeded "$1"; }

# ---------------------------------------------------------------- tarball
name="ecetoken-$version-$arch_tar"
top="$stage/tar/$name"
install -d "$top/bin" "$top/share/man/man1" "$top/share/bash-completion/completions" \
    "$top/share/zsh/site-functions" "$top/share/fish/vendor_completions.d"
install_binary "$top/bin/ecetoken"
install -m 644 "$man_page" "$top/share/man/man1/ecetoken.1"
install -m 644 "$completions/ecetoken.bash" "$top/share/bash-completion/completions/ecetoken"
install -m 644 "$completions/_ecetoken" "$top/share/zsh/site-functions/_ecetoken"
install -m 644 "$completions/ecetoken.fish" "$top/share/fish/vendor_completions.d/ecetoken.fish"
install -m 644 README.md CHANGELOG.md LICENSE "$top/"
clamp_times "$stage/tar"
tarball="$dist/$name.tar.gz"
tar --sort=name --format=gnu --owner=0 --group=0 --numeric-owner --mtime="@$SOURCE_DATE_EPOCH" \
    -C "$stage/tar" -cf - "$name" | gzip -9 -n > "$tarball"
(cd "$dist" && sha256sum "$name.tar.gz" > "$name.tar.gz.sha256")
echo "make-dist: $tarball"

# ---------------------------------------------------------------- .deb
root="$stage/deb"
doc="$root/usr/share/doc/ecetoken"
install -d "$root/DEBIAN" "$root/usr/bin" "$root/usr/share/man/man1" "$doc" \
    "$root/usr/share/bash-completion/completions" "$root/usr/share/zsh/vendor-completions" \
    "$root/usr/share/fish/vendor_completions.d"
install_binary "$root/usr/bin/ecetoken"
gzip -9 -n < "$man_page" > "$root/usr/share/man/man1/ecetoken.1.gz"
# bash-completion sources the file: no #! line (lintian: bash-completion-with-hashbang).
sed '1{/^#!/d}' "$completions/ecetoken.bash" > "$root/usr/share/bash-completion/completions/ecetoken"
chmod 644 "$root/usr/share/bash-completion/completions/ecetoken"
install -m 644 "$completions/_ecetoken" "$root/usr/share/zsh/vendor-completions/_ecetoken"
install -m 644 "$completions/ecetoken.fish" "$root/usr/share/fish/vendor_completions.d/ecetoken.fish"
install -m 644 README.md "$doc/README.md"
gzip -9 -n < CHANGELOG.md > "$doc/CHANGELOG.md.gz"
# A native package's changelog.gz is read as a Debian changelog; the project's own is CHANGELOG.md.gz.
cat > "$stage/changelog" <<CHANGES
ecetoken ($version) unstable; urgency=medium

  * Release $version; what changed is in /usr/share/doc/ecetoken/CHANGELOG.md.gz.

 -- $maintainer  $(date -u -R -d "@$SOURCE_DATE_EPOCH")
CHANGES
gzip -9 -n < "$stage/changelog" > "$doc/changelog.gz"
chmod 644 "$doc/changelog.gz" "$doc/CHANGELOG.md.gz" "$root/usr/share/man/man1/ecetoken.1.gz"
{
    echo "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/"
    echo "Upstream-Name: ecetoken"
    echo
    echo "Files: *"
    echo "Copyright: $(date -u -d "@$SOURCE_DATE_EPOCH" +%Y) The ecetoken authors"
    echo "License: Apache-2.0"
    echo
    echo "Files: usr/bin/ecetoken"
    echo "Copyright: $(date -u -d "@$SOURCE_DATE_EPOCH" +%Y) The ecetoken authors"
    echo " Apple Inc. and the Swift project authors (Swift runtime, Foundation, swift-argument-parser)"
    echo " Free Software Foundation, Inc. (libstdc++, linked in)"
    echo "License: Apache-2.0 and Apache-2.0 with Runtime Library Exception and GPL-3+ with GCC Runtime Library Exception 3.1"
    echo " The binary links in the Swift runtime and Foundation (Apache-2.0 with Runtime"
    echo " Library Exception), swift-argument-parser (Apache-2.0) and libstdc++ (GPL-3+"
    echo " with the GCC Runtime Library Exception 3.1, which allows this for any program)."
    echo
    echo "License: Apache-2.0"
    echo " Licensed under the Apache License, Version 2.0 (the \"License\"); you may not"
    echo " use this file except in compliance with the License. You may obtain a copy of"
    echo " the License at https://www.apache.org/licenses/LICENSE-2.0"
    echo " ."
    echo " On Debian systems, the complete text of the Apache License, Version 2.0 can be"
    echo " found in /usr/share/common-licenses/Apache-2.0."
} > "$doc/copyright"
chmod 644 "$doc/copyright"
installed_size=$(du -sk --apparent-size "$root/usr" | cut -f1)
cat > "$root/DEBIAN/control" <<CONTROL
Package: ecetoken
Version: $version
Architecture: $arch_deb
Maintainer: $maintainer
Installed-Size: $installed_size
Depends: libc6 (>= 2.34), libgcc-s1, libssl3 | libssl3t64
Recommends: libcurl4 | libcurl4t64
Section: admin
Priority: optional
Description: inspect and verify Elastic Cloud Enterprise roles tokens
 ecetoken decodes Elastic Cloud Enterprise roles tokens (the HS256 JWTs that
 add hosts to an installation), verifies their signature against the
 installation's bootstrap_tokens_secret, and reports the roles they grant,
 their kind (ephemeral or persistent) and their expiry. It audits tokens
 before they are handed out, gates CI pipelines on the roles they carry, and
 explains why an install failed. libcurl is needed only by the commands that
 talk to a coordinator (request, list, revoke, verify --check-active).
CONTROL
(cd "$root" && find usr -type f -printf '%P\n' | LC_ALL=C sort | while read -r file; do
    md5sum "usr/$file"
done) > "$root/DEBIAN/md5sums"
chmod 644 "$root/DEBIAN/control" "$root/DEBIAN/md5sums"
clamp_times "$root"
deb="$dist/ecetoken_${version}_$arch_deb.deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" > /dev/null
echo "make-dist: $deb"
