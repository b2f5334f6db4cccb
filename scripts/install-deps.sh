#!/usr/bin/env bash
# Install what Spaceport needs to build, run and test, skipping what is already there.
# Usage: scripts/install-deps.sh [run|test|windows]   (test adds the e2e and test-server
# tools; windows adds MinGW for `make check-windows`)
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-run}

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

apt_packages=(build-essential pkg-config curl libssl-dev libdbus-1-dev libwebkit2gtk-4.1-dev
  librsvg2-dev libayatana-appindicator3-dev libxdo-dev)
[ "$mode" = windows ] && apt_packages+=(gcc-mingw-w64-x86-64)
if [ "$mode" = test ]; then
  apt_packages+=(xvfb xauth webkit2gtk-driver gnome-keyring dbus-x11 libsecret-tools python3-venv
    desktop-file-utils)
fi

install_apt() {
  command -v apt-get >/dev/null || { echo "Not a Debian/Ubuntu system: install the equivalents of: ${apt_packages[*]}"; return; }
  local missing=()
  for p in "${apt_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "Installing system packages: ${missing[*]}"
    sudo_if_needed apt-get update -qq
    sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

install_rust() {
  if ! command -v cargo >/dev/null; then
    [ -x "$HOME/.cargo/bin/cargo" ] || { say "Installing Rust (rustup)"; curl -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal; }
  fi
}

# Vite 7 needs Node 20.19+ (or 22.12+); Debian 12 and Ubuntu 22.04/24.04 ship older ones,
# so a too-old Node is replaced by the official build in .tools/node.
NODE_VERSION=22.12.0
node_ok() {
  command -v node >/dev/null && node -e '
    const [a, b] = process.versions.node.split(".").map(Number);
    process.exit(a > 22 || (a === 22 && b >= 12) || (a === 20 && b >= 19) ? 0 : 1)'
}

install_node() {
  export PATH="$PWD/.tools/node/bin:$PATH"
  if ! node_ok; then
    say "Installing Node.js $NODE_VERSION in .tools/node (the system one is missing or too old)"
    local arch; arch=$(uname -m); [ "$arch" = x86_64 ] && arch=x64; [ "$arch" = aarch64 ] && arch=arm64
    mkdir -p .tools/node
    curl -fsSL "https://nodejs.org/dist/v$NODE_VERSION/node-v$NODE_VERSION-linux-$arch.tar.xz" \
      | tar -xJ -C .tools/node --strip-components=1
    node_ok || { echo "Could not install Node.js $NODE_VERSION; install Node 20.19+ yourself."; exit 1; }
  fi
  if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
    say "Installing UI packages (npm ci)"
    (cd ui && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

install_test_tools() {
  if [ ! -x .tools/venv/bin/moto_server ] || ! cmp -s tests/requirements.txt .tools/venv/requirements.txt; then
    say "Installing test servers and clients (moto, aws CLI, selenium, pytest) in .tools/venv"
    python3 -m venv .tools/venv
    .tools/venv/bin/pip install -q --disable-pip-version-check -r tests/requirements.txt
    cp tests/requirements.txt .tools/venv/requirements.txt
  fi
  export PATH="$HOME/.cargo/bin:$PATH"
  if ! command -v tauri-driver >/dev/null; then
    say "Installing tauri-driver (cargo install)"
    cargo install tauri-driver --locked --quiet
  fi
}

install_apt
install_rust
install_node
[ "$mode" = test ] && install_test_tools
say "Dependencies are ready"
