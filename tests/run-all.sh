#!/usr/bin/env bash
# Every suite of Spaceport, in the order a failure is cheapest to see. Run by `make test`.
# Runs itself inside a private D-Bus session with an unlocked GNOME Keyring, so keychain
# tests and the app use a real Secret Service and never the user's own keyring.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
export PATH="$root/.tools/venv/bin:$root/.tools/node/bin:$HOME/.cargo/bin:$PATH"

if [ -z "${SPACEPORT_TEST_SESSION:-}" ]; then
  # The session bus and the services it starts for the app (portals, accessibility) write
  # their chatter to target/dbus-session.log; the suites keep the terminal's stderr (fd 3).
  mkdir -p target
  exec 3>&2
  exec dbus-run-session -- bash -c 'exec 2>&3 3>&-; exec env SPACEPORT_TEST_SESSION=1 bash "$@"' \
    bash "$0" "$@" 2>target/dbus-session.log
fi

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

keyring_home=$(mktemp -d)
trap 'rm -rf "$keyring_home"' EXIT
step "Unlocking a throwaway GNOME Keyring in this D-Bus session"
eval "$(printf 'throwaway-test-password' | XDG_DATA_HOME="$keyring_home" \
  gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL SPACEPORT_KEYCHAIN_TESTS=1

# The app embeds ui/dist at compile time: build the UI first, and build every Rust target
# with the same features so the e2e build reuses the test build's artifacts.
step "UI: build"
npm --prefix ui run --silent build
features=(--features spaceport/custom-protocol)

step "Formatting and lints"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets "${features[@]}" --quiet -- -D warnings

step "Rust: core unit + integration (moto), keychain, CLI"
cargo test --workspace "${features[@]}" -- --include-ignored

step "Generated TypeScript bindings are up to date"
if [ -n "$(git status --porcelain -- ui/src/lib/bindings)" ]; then
  git status --short -- ui/src/lib/bindings
  echo "ts-rs bindings are stale: run 'cargo test -p spaceport-core' and commit ui/src/lib/bindings." >&2
  exit 1
fi

step "UI: type check and Vitest"
(cd ui && npm run --silent check && npm test --silent)

step "End to end: the real app window under Xvfb via tauri-driver"
tests/e2e/run.sh

step "Bundle: make bundle's .deb installed into a throwaway root, its window opened"
tests/bundle/run.sh
