# Spaceport: `make run` builds and opens the app; `make test` runs every suite.
# Both install what is missing first (system packages, Rust, Node packages, test tools).
SHELL := /bin/bash
export PATH := $(CURDIR)/.tools/node/bin:$(HOME)/.cargo/bin:$(PATH)

.PHONY: run test bench bundle check-windows ui app cli clean-tools

run:
	scripts/install-deps.sh run
	$(MAKE) ui
	cargo build --release -p spaceport --features custom-protocol
	./target/release/spaceport

test:
	scripts/install-deps.sh test
	tests/run-all.sh

# Listing and transfer benchmarks against rclone and the aws CLI (not part of `make test`).
bench:
	scripts/install-deps.sh test
	tests/bench/run.sh

ui:
	cd ui && npm run build

# Installers with Tauri's bundler, in target/<profile>/bundle/. Here (Linux) that is the .deb.
# The AppImage is left out by default: Tauri's bundler downloads its AppImage tools (AppRun,
# linuxdeploy) from github.com on first use, which this build machine cannot reach. Where
# GitHub is reachable: make bundle BUNDLES=deb,appimage. Windows (.msi, NSIS) and macOS (.dmg)
# are built by .github/workflows/bundle.yml. BUNDLE_PROFILE=debug (what `make test` uses)
# bundles the debug build that tests/e2e/run.sh makes, instead of a ~10 minute release build.
BUNDLE_PROFILE ?= release
BUNDLES ?= deb
bundle_debug := $(filter debug,$(BUNDLE_PROFILE))
bundle: ui/dist/index.html
	scripts/install-deps.sh run
	@case ",$(BUNDLES)," in *,appimage,*) ;; *) echo "make bundle: building $(BUNDLES) only; the AppImage needs network access to github.com for Tauri's AppImage tools (make bundle BUNDLES=deb,appimage where it is reachable)." ;; esac
	@# The same cargo command `tauri build` runs (it adds tauri/custom-protocol, which
	@# custom-protocol already turns on), so the e2e build's artifacts are reused as they are.
	cargo build $(if $(bundle_debug),,--release) -p spaceport --features custom-protocol
	@# Debug: no binary patching, which rewrites target/debug/spaceport in place (it only
	@# marks the bundle type for Tauri's updater, which Spaceport does not use) while an e2e
	@# run may be executing it.
	ui/node_modules/.bin/tauri bundle --ci $(if $(bundle_debug),--debug --no-binary-patching) --bundles $(BUNDLES)

# The code as a Windows build compiles it (the cfg(windows) branches: keychain, paths, file
# names): clippy for x86_64-pc-windows-gnu, with Debian's MinGW for the C that the crypto crates
# build. It compiles, it does not run; not part of `make test` (a cold check takes ~10 minutes).
check-windows:
	rustup target add x86_64-pc-windows-gnu
	command -v x86_64-w64-mingw32-gcc >/dev/null || scripts/install-deps.sh windows
	CARGO_TARGET_DIR=target/windows cargo clippy --target x86_64-pc-windows-gnu --workspace --all-targets -- -D warnings

# The UI, rebuilt only when its sources are newer (the app embeds ui/dist at compile time, so
# a needless rebuild would recompile the app crate).
ui/dist/index.html: $(shell find ui/src ui/index.html ui/package.json ui/package-lock.json ui/vite.config.* ui/svelte.config.js -type f 2>/dev/null)
	scripts/install-deps.sh run
	cd ui && npm run build

app: ui
	cargo build -p spaceport --features custom-protocol

cli:
	cargo build --release -p spaceport-cli

clean-tools:
	rm -rf .tools
