# ecetoken: build, release build, install (binary, man page, shell completions), tests, docs, lint.
#
#   make                                    debug build (swift build)
#   make release                            optimized build, Swift runtime linked statically
#   make install PREFIX=$HOME/.local        release build + man page + bash/zsh/fish completions
#   make install DESTDIR=/tmp/stage         staged install for packagers (files under DESTDIR/PREFIX)
#   make dist                               dist/: release tarball, its .sha256, and a .deb
#   make test | docs | lint | format
#
# Nothing here downloads anything: Swift packages resolve from Package.swift as usual.

SWIFT ?= swift
INSTALL ?= install
PREFIX ?= /usr/local
DESTDIR ?=
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
BASH_COMPLETION_DIR ?= $(PREFIX)/share/bash-completion/completions
ZSH_COMPLETION_DIR ?= $(PREFIX)/share/zsh/site-functions
FISH_COMPLETION_DIR ?= $(PREFIX)/share/fish/vendor_completions.d

# SwiftPM's build directory; every swift command below uses it.
SCRATCH ?= .build
# --static-swift-stdlib links the Swift runtime and Foundation into the binary: no libswift*.so to
# find at start-up, and the binary runs on hosts without a Swift toolchain. What it still asks of a host
# is checked by Scripts/check-portability.sh: glibc 2.34 or newer (Ubuntu 22.04, RHEL/Rocky 9,
# Debian 12), OpenSSL 3's libcrypto.so.3, and libgcc_s.so.1, which every glibc system has.
#
# STATIC_CXX_FLAGS: the Swift runtime needs libstdc++, linked statically (libstdc++.a through the linker
# script in Scripts/static-libstdc++, which -L puts ahead of GCC's libstdc++.so): RHEL 9's libstdc++ is
# older than the toolchain's, and start-up does not resolve its 4,000 symbols. libgcc's unwinder stays
# dynamic (libgcc_s.so.1): the static one calls _dl_find_object, which needs glibc 2.35.
STATIC_CXX_FLAGS = -Xswiftc -L"$(CURDIR)/Scripts/static-libstdc++"
# LINK_FLAGS: lld (it ships with the Swift toolchain), and --no-export-dynamic, which undoes the
# toolchain's -export-dynamic: it exported 2,800 symbols of this package's own code (the runtime's are
# hidden by --exclude-libs) that nothing looks up. No -z pack-relative-relocs: DT_RELR needs glibc 2.36.
LINK_FLAGS = -Xswiftc -use-ld=lld -Xlinker --no-export-dynamic
# GLIBC_COMPAT_FLAGS: the one symbol the runtime would take from glibc 2.35, hypotf, bound to its older
# version instead (Scripts/glibc-compat/hypotf.c says how).
GLIBC_COMPAT_OBJECT = $(abspath $(SCRATCH))/glibc-compat/hypotf.o
GLIBC_COMPAT_FLAGS = -Xlinker --wrap=hypotf -Xlinker "$(GLIBC_COMPAT_OBJECT)"
RELEASE_FLAGS ?= -c release --static-swift-stdlib $(STATIC_CXX_FLAGS) $(LINK_FLAGS) $(GLIBC_COMPAT_FLAGS)
LINT_PATHS ?= Sources Tests Package.swift

SWIFT_BUILD = $(SWIFT) build --scratch-path "$(SCRATCH)"
RELEASE_BIN_DIR = $(shell $(SWIFT_BUILD) $(RELEASE_FLAGS) --show-bin-path)
GENERATED = $(SCRATCH)/generated
MANUAL_PLUGIN_OUTPUT = $(SCRATCH)/plugins/GenerateManual/outputs/ecetoken/ecetoken.1

.PHONY: all build release release-path dist test docs lint format man completions install uninstall clean-generated

all: build

build:
	$(SWIFT_BUILD)

release: $(GLIBC_COMPAT_OBJECT)
	$(SWIFT_BUILD) $(RELEASE_FLAGS) --product ecetoken

# Prints the release binary's path (Benchmarks/run.sh and the Scripts use it).
release-path:
	@echo "$(RELEASE_BIN_DIR)/ecetoken"

$(GLIBC_COMPAT_OBJECT): Scripts/glibc-compat/hypotf.c
	mkdir -p "$(dir $@)"
	$(CC) -O2 -fPIC -c -o "$@" $<

test:
	$(SWIFT) test --scratch-path "$(SCRATCH)"

# The DocC archive of the library, built offline by swift-docc-plugin:
# $(SCRATCH)/plugins/Swift-DocC/outputs/ECETokenKit.doccarchive
docs:
	$(SWIFT) package --scratch-path "$(SCRATCH)" generate-documentation --target ECETokenKit

lint:
	$(SWIFT) format lint --strict --recursive $(LINT_PATHS)

# Rewrites files in place: run it when nobody else is editing the tree.
format:
	$(SWIFT) format --in-place --recursive $(LINT_PATHS)

# The man page, generated from the argument definitions by swift-argument-parser's generate-manual
# plugin. The plugin builds the package first; it uses the debug configuration here because a
# release build made by the plugin would not be static and would replace the binary of `make release`
# (the page is the same either way). Blank lines become .Pp, so mdoc renders them without warnings.
man: $(GENERATED)/ecetoken.1

$(GENERATED)/ecetoken.1: FORCE
	$(SWIFT) package --scratch-path "$(SCRATCH)" plugin generate-manual --configuration debug
	mkdir -p "$(GENERATED)"
	sed 's/^[[:space:]]*$$/.Pp/' "$(MANUAL_PLUGIN_OUTPUT)" > "$@"

# Completion scripts, printed by the release binary itself.
completions: release
	mkdir -p "$(GENERATED)/completions"
	"$(RELEASE_BIN_DIR)/ecetoken" --generate-completion-script bash > "$(GENERATED)/completions/ecetoken.bash"
	"$(RELEASE_BIN_DIR)/ecetoken" --generate-completion-script zsh > "$(GENERATED)/completions/_ecetoken"
	"$(RELEASE_BIN_DIR)/ecetoken" --generate-completion-script fish > "$(GENERATED)/completions/ecetoken.fish"

install: release man completions
	$(INSTALL) -d "$(DESTDIR)$(BINDIR)" "$(DESTDIR)$(MANDIR)/man1" "$(DESTDIR)$(BASH_COMPLETION_DIR)" \
		"$(DESTDIR)$(ZSH_COMPLETION_DIR)" "$(DESTDIR)$(FISH_COMPLETION_DIR)"
	$(INSTALL) -m 755 "$(RELEASE_BIN_DIR)/ecetoken" "$(DESTDIR)$(BINDIR)/ecetoken"
	$(INSTALL) -m 644 "$(GENERATED)/ecetoken.1" "$(DESTDIR)$(MANDIR)/man1/ecetoken.1"
	$(INSTALL) -m 644 "$(GENERATED)/completions/ecetoken.bash" "$(DESTDIR)$(BASH_COMPLETION_DIR)/ecetoken"
	$(INSTALL) -m 644 "$(GENERATED)/completions/_ecetoken" "$(DESTDIR)$(ZSH_COMPLETION_DIR)/_ecetoken"
	$(INSTALL) -m 644 "$(GENERATED)/completions/ecetoken.fish" "$(DESTDIR)$(FISH_COMPLETION_DIR)/ecetoken.fish"

uninstall:
	rm -f "$(DESTDIR)$(BINDIR)/ecetoken" "$(DESTDIR)$(MANDIR)/man1/ecetoken.1" \
		"$(DESTDIR)$(BASH_COMPLETION_DIR)/ecetoken" "$(DESTDIR)$(ZSH_COMPLETION_DIR)/_ecetoken" \
		"$(DESTDIR)$(FISH_COMPLETION_DIR)/ecetoken.fish"

# dist/: the release tarball with its .sha256 and the .deb, reproducible (Scripts/make-dist.sh).
dist: release man completions
	Scripts/make-dist.sh "$(RELEASE_BIN_DIR)/ecetoken" "$(GENERATED)/ecetoken.1" "$(GENERATED)/completions"

clean-generated:
	rm -rf "$(GENERATED)"

FORCE:
