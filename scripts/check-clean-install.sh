#!/usr/bin/env bash
# The .deb on a clean Debian, as a user installs it: debootstrap a minimal system (cached in
# target/clean-root-base, copied afresh each run so an earlier install cannot help), install
# the .deb there with apt and without Recommends (Depends alone must pull every runtime
# library), then start the installed app inside it on an Xvfb display from outside and wait
# for its window.
#
#   sudo scripts/check-clean-install.sh target/release/bundle/deb/Spaceport_0.1.0_amd64.deb
#
# Needs root (debootstrap, chroot, mounts) and a Debian mirror; about 10 minutes the first
# time. Not part of `make test`: the bundle suite's dpkg -x install and Depends check run there.
set -euo pipefail
cd "$(dirname "$0")/.."
deb=$(realpath "${1:?usage: scripts/check-clean-install.sh path/to/Spaceport_VERSION_ARCH.deb}")
suite=${DEBIAN_SUITE:-bookworm}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
base=${CLEAN_ROOT_BASE:-target/clean-root-$suite}
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

[ "$(id -u)" -eq 0 ] || { echo "Run as root: debootstrap and chroot need it." >&2; exit 1; }
for tool in debootstrap Xvfb xwininfo; do
  command -v "$tool" >/dev/null && continue
  say "Installing debootstrap, xvfb and x11-utils"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap xvfb x11-utils >/dev/null
  break
done

if [ ! -x "$base/usr/bin/apt-get" ]; then
  say "Making a minimal $suite in $base (debootstrap --variant=minbase)"
  rm -rf "$base"
  debootstrap --variant=minbase "$suite" "$base" "$mirror" >/dev/null
fi

root=$(mktemp -d /tmp/spaceport-clean-root.XXXXXX)
mounts=()
xvfb_pid=
cleanup() {
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
  for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do umount -l "${mounts[i]}" 2>/dev/null || true; done
  rm -rf --one-file-system "$root"
}
trap cleanup EXIT
bind() { mkdir -p "$root$2"; mount "${@:3}" "$1" "$root$2"; mounts+=("$root$2"); }

cp -a "$base/." "$root/"
bind /dev /dev --bind
bind /dev/pts /dev/pts --bind
bind proc /proc -t proc
bind tmpfs /dev/shm -t tmpfs
bind /tmp/.X11-unix /tmp/.X11-unix --bind
cp /etc/resolv.conf "$root/etc/resolv.conf"
cp "$deb" "$root/tmp/spaceport.deb"

before=$(chroot "$root" dpkg-query -W -f='.\n' | wc -l)
say "Installing $(basename "$deb") with apt (no Recommends) into $before packages"
chroot "$root" apt-get update -qq
chroot "$root" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -qq --no-install-recommends /tmp/spaceport.deb >/dev/null
status=$(chroot "$root" dpkg-query -W -f='${Status}' spaceport)
[ "$status" = "install ok installed" ] || { echo "spaceport is not installed: $status" >&2; exit 1; }
echo "apt installed Spaceport and $(($(chroot "$root" dpkg-query -W -f='.\n' | wc -l) - before - 1)) packages it depends on"
missing=$(chroot "$root" ldd /usr/bin/spaceport | grep 'not found' || true)
[ -z "$missing" ] || { echo "Libraries not found after the install:"$'\n'"$missing" >&2; exit 1; }

display=:$((90 + RANDOM % 100))
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
sleep 1

say "Starting the installed app on $display"
chroot "$root" env -i DISPLAY="$display" HOME=/root PATH=/usr/bin:/bin \
  XDG_CONFIG_HOME=/tmp/config XDG_DATA_HOME=/tmp/data \
  /usr/bin/spaceport >"$root/tmp/spaceport.log" 2>&1 &
app_pid=$!
for _ in $(seq 60); do
  if xwininfo -display "$display" -root -tree 2>/dev/null | grep -q '"Spaceport"'; then
    kill "$app_pid" 2>/dev/null || true
    wait "$app_pid" 2>/dev/null || true
    say "The installed app opened its window: the .deb installs and starts on a clean $suite"
    exit 0
  fi
  kill -0 "$app_pid" 2>/dev/null || break
  sleep 0.5
done
echo "The installed app did not open its window within 30 s. Its output:" >&2
cat "$root/tmp/spaceport.log" >&2
kill "$app_pid" 2>/dev/null || true
exit 1
