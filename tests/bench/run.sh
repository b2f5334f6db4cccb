#!/usr/bin/env bash
# Benchmarks (not timed tests): Spaceport against rclone and the aws CLI on one Garage
# server in one run. Prints a table and writes target/bench/*.json. Run by `make bench`.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
export PATH="$root/.tools/venv/bin:$HOME/.cargo/bin:$PATH"

if [ -z "${SPACEPORT_TEST_SESSION:-}" ]; then
  exec dbus-run-session -- env SPACEPORT_TEST_SESSION=1 bash "$0" "$@"
fi
keyring_home=$(mktemp -d)
trap 'rm -rf "$keyring_home"' EXIT
eval "$(printf 'throwaway-bench-password' | XDG_DATA_HOME="$keyring_home" \
  gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL

command -v rclone >/dev/null || { echo "==> Installing rclone"; apt-get install -y -qq rclone >/dev/null; }
command -v garage >/dev/null || { echo "==> Building Garage (cargo install garage --locked; takes a while)"; cargo install garage --locked --quiet; }

echo "==> Building release binaries"
npm --prefix ui run --silent build
cargo build --release --quiet -p spaceport-cli -p spaceport --features spaceport/custom-protocol

echo "==> Listing a folder of 100,000 keys"
xvfb-run -a python3 tests/bench/bench_list.py --app "$@"

echo "==> Transfers: 5,000 files of 64 KiB up, one 2 GiB file up, both back down"
python3 tests/bench/bench_transfer.py --repeat "${BENCH_TRANSFER_REPEAT:-3}"

echo "==> One 6 GiB file (more than one PUT carries) up and back down, verified"
python3 tests/bench/large_file.py
