# ecetoken: build, release build, install (binary, man page, shell completions), tests, docs, lint.
#
#   make                                    debug build (swift build)
#   make release                            optimized build, Swift runtime linked statically
#   make install PREFIX=$HOME/.local        release build + man page + bash/zsh/fish completions
#   make install DESTDIR=/tmp/stage         staged install for packagers (files under DESTDIR/PREFIX)
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
# find at start-up, and the binary runs on hosts without a Swift toolchain (it still needs glibc and
# OpenSSL 3's libcrypto). The Swift runtime needs libstdc++ and libgcc's unwinder: STATIC_CXX_FLAGS
# links those statically too (libstdc++.a through the linker script in Scripts/static-libstdc++, which
# -L puts ahead of GCC's libstdc++.so), so start-up neither loads libstdc++.so nor resolves its 4,000
# symbols. Both are under the GCC Runtime Library Exception. Set RELEASE_FLAGS="-c release" for a
# dynamically linked build.
STATIC_CXX_FLAGS = -Xswiftc -L"$(CURDIR)/Scripts/static-libstdc++" -Xswiftc -Xclang-linker -Xswiftc -static-libgcc
# LINK_FLAGS: lld (it ships with the Swift toolchain) instead of gold, for -z pack-relative-relocs: the
# binary's 57,000 relative relocations as a 8 KB DT_RELR table instead of 950 KB of .rela.dyn. glibc
# runs such binaries from 2.36 on, so it is asked for only when the build host's glibc is that new.
# --no-export-dynamic undoes the toolchain's -export-dynamic, which exported 2,800 symbols of this
# package's own code (the runtime's are hidden by --exclude-libs) that nothing looks up.
RELR_FLAGS := $(shell v=$$(getconf GNU_LIBC_VERSION 2>/dev/null | sed -n 's/^glibc 2\.\([0-9]*\).*/\1/p'); \
	[ "$${v:-0}" -ge 36 ] && echo "-Xlinker -z -Xlinker pack-relative-relocs")
LINK_FLAGS = -Xswiftc -use-ld=lld -Xlinker --no-export-dynamic $(RELR_FLAGS)
RELEASE_FLAGS ?= -c release --static-swift-stdlib $(STATIC_CXX_FLAGS) $(LINK_FLAGS)
LINT_PATHS ?= Sources Tests Package.swift

SWIFT_BUILD = $(SWIFT) build --scratch-path "$(SCRATCH)"
RELEASE_BIN_DIR = $(shell $(SWIFT_BUILD) $(RELEASE_FLAGS) --show-bin-path)
GENERATED = $(SCRATCH)/generated
MANUAL_PLUGIN_OUTPUT = $(SCRATCH)/plugins/GenerateManual/outputs/ecetoken/ecetoken.1

.PHONY: all build release test docs lint format man completions install uninstall clean-generated

all: build

build:
	$(SWIFT_BUILD)

release:
	$(SWIFT_BUILD) $(RELEASE_FLAGS) --product ecetoken

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

clean-generated:
	rm -rf "$(GENERATED)"

FORCE:
