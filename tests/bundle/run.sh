#!/usr/bin/env bash
# Bundle suite: `make bundle` builds the .deb, which is installed into a throwaway root
# (dpkg -x, no container, no root needed) and checked: its control fields and Depends, the
# desktop entry and every icon size, and the installed binary opening its window under Xvfb
# (a WebDriver title check through tauri-driver, with the e2e suite's driver setup).
#
#   tests/bundle/run.sh          bundle the debug build (what tests/e2e/run.sh builds), test it
#   BUNDLE_PROFILE=release tests/bundle/run.sh   the release build (~10 minutes to compile)
#
# Called from tests/run-all.sh it reuses that D-Bus session and unlocked keyring; run alone,
# it opens its own through tests/e2e/run.sh's way of doing it.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
export PATH="$root/.tools/venv/bin:$root/.tools/node/bin:$HOME/.cargo/bin:$PATH"
export PYTHONDONTWRITEBYTECODE=1

if [ -z "${SPACEPORT_TEST_SESSION:-}" ]; then
  mkdir -p target/e2e-logs
  exec 3>&2
  exec dbus-run-session -- bash -c 'exec 2>&3 3>&-; exec env SPACEPORT_TEST_SESSION=1 bash "$@"' \
    bash "$0" "$@" 2>target/e2e-logs/dbus-session-bundle.log
fi
if [ -z "${GNOME_KEYRING_CONTROL:-}" ]; then
  keyring_home=$(mktemp -d)
  trap 'rm -rf "$keyring_home"' EXIT
  eval "$(printf 'throwaway-test-password' | XDG_DATA_HOME="$keyring_home" \
    gnome-keyring-daemon --unlock --components=secrets)"
  export GNOME_KEYRING_CONTROL
fi

profile=${BUNDLE_PROFILE:-debug}
make --no-print-directory bundle BUNDLE_PROFILE="$profile" BUNDLES=deb

version=$(python3 -c 'import json; print(json.load(open("src-tauri/tauri.conf.json"))["version"])')
deb="target/$profile/bundle/deb/Spaceport_${version}_$(dpkg --print-architecture).deb"
[ -f "$deb" ] || { echo "make bundle did not produce $deb" >&2; exit 1; }

install_root=$(mktemp -d)
trap 'rm -rf "$install_root" ${keyring_home:+"$keyring_home"}' EXIT
dpkg -x "$deb" "$install_root"

SPACEPORT_DEB="$root/$deb" SPACEPORT_INSTALL_ROOT="$install_root" \
  SPACEPORT_E2E_APP="$install_root/usr/bin/spaceport" \
  xvfb-run -a -s "-screen 0 1440x900x24 -nolisten tcp" \
  pytest tests/bundle -v -p no:cacheprovider "$@"
