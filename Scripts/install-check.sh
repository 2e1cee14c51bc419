#!/usr/bin/env bash
# Installs ecetoken from this tree with `make install` into a temporary PREFIX, then checks that the
# binary, the man page and the shell completions landed where they should and work. A second install
# with DESTDIR checks staged installs. Usage: Scripts/install-check.sh [extra make arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d "${TMPDIR:-/tmp}/ecetoken-install-check.XXXXXX")
trap 'rm -rf "$work"' EXIT
prefix="$work/prefix"

fail() {
    echo "install-check: FAIL: $*" >&2
    exit 1
}
ok() { echo "install-check: ok: $*"; }

echo "install-check: make install PREFIX=$prefix $*"
make --no-print-directory install PREFIX="$prefix" "$@"

# The binary: present, executable, runs, verifies a fixture.
bin="$prefix/bin/ecetoken"
[ -x "$bin" ] || fail "no executable at $bin"
version=$("$bin" --version) || fail "ecetoken --version failed"
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+ ]] || fail "ecetoken --version printed '$version'"
"$bin" verify --bootstrap-secrets Fixtures/bootstrap-secrets.json Fixtures/tokens/persistent-allocator.jwt \
    >"$work/verify.out" 2>"$work/verify.err" || fail "the installed binary does not verify a fixture token"
ok "bin/ecetoken $version verifies a fixture token"
if command -v ldd >/dev/null 2>&1; then
    if ldd "$bin" | grep -q 'libswiftCore'; then
        fail "bin/ecetoken links libswiftCore dynamically; the release build should use --static-swift-stdlib"
    fi
    ok "bin/ecetoken has the Swift runtime linked in (no libswiftCore.so)"
    if ldd "$bin" | grep -q -e 'libstdc++'; then
        fail "bin/ecetoken loads libstdc++.so; make release links it statically (STATIC_CXX_FLAGS)"
    fi
    ok "bin/ecetoken has libstdc++ linked in"
fi

# The man page: rendered by man (found through MANPATH, as a user would), else checked by groff,
# else at least an mdoc or man document.
page="$prefix/share/man/man1/ecetoken.1"
[ -s "$page" ] || fail "no man page at $page"
if command -v man >/dev/null 2>&1; then
    MANWIDTH=80 MANPAGER=cat PAGER=cat man -M "$prefix/share/man" ecetoken >"$work/man.out" 2>"$work/man.err" \
        || fail "man -M $prefix/share/man ecetoken failed: $(cat "$work/man.err")"
    MANWIDTH=80 MANPAGER=cat PAGER=cat man -l "$page" >"$work/man-l.out" 2>>"$work/man.err" \
        || fail "man -l $page failed: $(cat "$work/man.err")"
    [ ! -s "$work/man.err" ] || fail "man warned about the page: $(cat "$work/man.err")"
    for word in NAME SYNOPSIS inspect verify mint --secret-file; do
        grep -q -e "$word" "$work/man.out" || fail "the rendered man page does not mention $word"
    done
    ok "man renders share/man/man1/ecetoken.1 without warnings"
elif command -v groff >/dev/null 2>&1; then
    groff -mandoc -Tutf8 -ww -z "$page" 2>"$work/groff.err" || fail "groff rejects the man page"
    [ ! -s "$work/groff.err" ] || fail "groff warned about the man page: $(cat "$work/groff.err")"
    ok "groff accepts share/man/man1/ecetoken.1 (man is not installed)"
else
    grep -q -E '^\.(TH|Dt) ' "$page" || fail "the man page has neither .TH nor .Dt"
    ok "share/man/man1/ecetoken.1 is a man page (neither man nor groff is installed to render it)"
fi

# Completions: bash completes subcommands and options from the installed script; zsh and fish scripts
# are in their directories and, where those shells exist, parse.
bash_script="$prefix/share/bash-completion/completions/ecetoken"
[ -s "$bash_script" ] || fail "no bash completion at $bash_script"
complete_words() {
    # shellcheck disable=SC2016 # expanded by the inner bash
    bash --noprofile --norc -c '
        source "$1" || exit 90
        spec=$(complete -p ecetoken) || exit 91
        function_name=${spec##*-F }
        function_name=${function_name%% *}
        shift
        COMP_WORDS=("$@")
        COMP_CWORD=$(($# - 1))
        COMP_LINE="$*"
        COMP_POINT=${#COMP_LINE}
        COMPREPLY=()
        "$function_name" "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
        printf "%s\n" "${COMPREPLY[@]}"
    ' bash "$bash_script" "$@"
}
offered=$(complete_words ecetoken "") || fail "the bash completion function failed"
for word in inspect verify mint; do
    grep -qx -e "$word" <<<"$offered" || fail "bash does not complete 'ecetoken $word': got $offered"
done
offered=$(complete_words ecetoken verify --sec) || fail "the bash completion function failed"
grep -qx -e --secret-file <<<"$offered" || fail "bash does not complete 'ecetoken verify --secret-file': got $offered"
ok "bash completes subcommands and options"

zsh_script="$prefix/share/zsh/site-functions/_ecetoken"
fish_script="$prefix/share/fish/vendor_completions.d/ecetoken.fish"
[ -s "$zsh_script" ] || fail "no zsh completion at $zsh_script"
[ -s "$fish_script" ] || fail "no fish completion at $fish_script"
head -n 1 "$zsh_script" | grep -q '^#compdef ecetoken' || fail "$zsh_script does not start with #compdef ecetoken"
if command -v zsh >/dev/null 2>&1; then
    zsh -n "$zsh_script" || fail "zsh cannot parse $zsh_script"
fi
if command -v fish >/dev/null 2>&1; then
    fish --no-execute "$fish_script" || fail "fish cannot parse $fish_script"
fi
ok "zsh and fish completions installed"

# A staged install: every file under DESTDIR/PREFIX, nothing in PREFIX itself.
stage="$work/stage"
make --no-print-directory install PREFIX=/opt/ecetoken DESTDIR="$stage" "$@" >"$work/destdir.log" 2>&1 \
    || fail "make install DESTDIR=$stage failed: $(tail -n 20 "$work/destdir.log")"
for file in bin/ecetoken share/man/man1/ecetoken.1 share/bash-completion/completions/ecetoken \
    share/zsh/site-functions/_ecetoken share/fish/vendor_completions.d/ecetoken.fish; do
    [ -s "$stage/opt/ecetoken/$file" ] || fail "DESTDIR install lacks $file"
done
ok "make install DESTDIR=... PREFIX=/opt/ecetoken stages every file"

echo "install-check: all checks passed"
