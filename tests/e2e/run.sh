#!/usr/bin/env bash
# End-to-end suite: the real Spaceport window under Xvfb, driven through tauri-driver and
# WebKitWebDriver, against a moto S3 server and a real (throwaway) Secret Service keyring.
#
#   tests/e2e/run.sh                 build what changed, then run every e2e test
#   tests/e2e/run.sh -k restart -x   extra arguments go to pytest
#
# Called from tests/run-all.sh it reuses that D-Bus session and unlocked keyring. Run alone
# (SPACEPORT_TEST_SESSION unset), it starts its own private D-Bus session and throwaway
# keyring first, so it never touches the user's keychain.
# SPACEPORT_E2E_NO_BUILD=1 skips the build (use the binary as it is).
# Screenshots: target/e2e-screenshots/; tauri-driver and app logs: target/e2e-logs/.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
export PATH="$root/.tools/venv/bin:$HOME/.cargo/bin:$PATH"
export PYTHONDONTWRITEBYTECODE=1  # no __pycache__ in the source tree

if [ -z "${SPACEPORT_TEST_SESSION:-}" ]; then
  # dbus-daemon and the services it starts for the app (portals, the accessibility bus) write
  # their chatter to the session's stderr: send it to a log, and hand this script back the
  # real stderr through fd 3.
  mkdir -p target/e2e-logs
  exec 3>&2
  exec dbus-run-session -- bash -c 'exec 2>&3 3>&-; exec env SPACEPORT_TEST_SESSION=1 bash "$@"' \
    bash "$0" "$@" 2>target/e2e-logs/dbus-session.log
fi

if [ -z "${GNOME_KEYRING_CONTROL:-}" ]; then
  # Our own session (not run-all.sh's): unlock a throwaway keyring, as run-all.sh does.
  keyring_home=$(mktemp -d)
  trap 'rm -rf "$keyring_home"' EXIT
  eval "$(printf 'throwaway-test-password' | XDG_DATA_HOME="$keyring_home" \
    gnome-keyring-daemon --unlock --components=secrets)"
  export GNOME_KEYRING_CONTROL
fi

if [ -z "${SPACEPORT_E2E_NO_BUILD:-}" ]; then
  # vite rewrites ui/dist on every build, and the app embeds ui/dist, so rebuild the UI only
  # when its sources are newer: otherwise every run would recompile the app crate.
  if [ ! -f ui/dist/index.html ] || [ -n "$(find ui/src ui/index.html ui/package.json ui/vite.config.* ui/svelte.config.js \
       ui/package-lock.json -newer ui/dist/index.html 2>/dev/null | head -n 1)" ]; then
    echo "==> Building the UI (ui/dist)"
    npm --prefix ui run build --silent
  fi
  echo "==> Building the app with the UI embedded (a no-op when nothing changed)"
  cargo build --quiet -p spaceport --features custom-protocol
fi

# Not exec: the EXIT trap above still has to clean up. The exit code is pytest's.
xvfb-run -a -s "-screen 0 1440x900x24 -nolisten tcp" \
  pytest tests/e2e -v -p no:cacheprovider "$@"
