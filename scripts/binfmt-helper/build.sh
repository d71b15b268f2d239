#!/usr/bin/env bash
# Build xrun's binfmt helper image for this machine's architecture, offline:
# a static busybox, helper.sh as entrypoint, and the static qemu emulators of
# Debian's qemu-user-static at Debian's paths (/usr/bin/qemu-ARCH-static and
# the /usr/libexec/qemu-binfmt/ARCH-binfmt-P links), so the registration lines
# xrun writes are the same as on the host.
# Usage: build.sh [IMAGE]   (default: $XRUN_HELPER_IMAGE or xrun-binfmt-helper:latest)
# busybox comes from $XRUN_BUSYBOX, else the cached busybox-static .deb under
# /var/cache/xrun/debs, else the fixture image localhost:5000/xrun/busybox.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
IMAGE=${1:-${XRUN_HELPER_IMAGE:-xrun-binfmt-helper:latest}}
CACHE=${XRUN_CACHE:-/var/cache/xrun}
QEMU=(x86_64 i386 aarch64 arm ppc64le s390x riscv64 mips64el loongarch64)
APPLETS=(sh cat mount mkdir chmod base64 uname head printf)

# Print one error line to stderr and stop.
die() {
  echo "binfmt-helper: error: $*" >&2
  exit 1
}

# Copy a static busybox for this machine to $1.
fetch_busybox() {
  local arch deb tmp
  if [ -n "${XRUN_BUSYBOX:-}" ]; then
    cp -L "$XRUN_BUSYBOX" "$1"
    return
  fi
  arch=$(dpkg --print-architecture)
  deb=$(find "$CACHE/debs" -maxdepth 1 -name "busybox-static_*_$arch.deb" 2>/dev/null |
    sort -V | tail -n 1)
  if [ -n "$deb" ]; then
    tmp=$(mktemp -d)
    dpkg-deb -x "$deb" "$tmp"
    cp "$tmp/bin/busybox" "$1"
    rm -rf "$tmp"
    return
  fi
  tmp=$(docker create "localhost:5000/xrun/busybox:$arch" 2>/dev/null) ||
    die "no static busybox: set XRUN_BUSYBOX or run scripts/fixtures.sh"
  docker cp "$tmp:/bin/busybox" "$1" >/dev/null
  docker rm "$tmp" >/dev/null
}

# Lay out the image's root file system in $1.
make_root() {
  local root=$1 a n=0
  mkdir -p "$root"/{bin,usr/bin,usr/libexec/qemu-binfmt,proc,sys,dev,etc,tmp,binfmt_misc}
  chmod 1777 "$root/tmp"
  fetch_busybox "$root/bin/busybox"
  chmod 0755 "$root/bin/busybox"
  for a in "${APPLETS[@]}"; do ln -s busybox "$root/bin/$a"; done
  cp "$HERE/helper.sh" "$root/helper"
  for a in "${QEMU[@]}"; do
    [ -x "/usr/bin/qemu-$a-static" ] || continue
    cp -L "/usr/bin/qemu-$a-static" "$root/usr/bin/"
    ln -s "../../bin/qemu-$a-static" "$root/usr/libexec/qemu-binfmt/$a-binfmt-P"
    n=$((n + 1))
  done
  [ "$n" -gt 0 ] || die "no /usr/bin/qemu-*-static: apt-get install qemu-user-static"
}

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
make_root "$root"
tar -C "$root" --owner=0 --group=0 --numeric-owner -cf - . |
  docker import \
    --change 'ENTRYPOINT ["/bin/busybox", "sh", "/helper"]' \
    --change 'ENV PATH=/bin:/usr/bin' \
    --change 'LABEL io.xrun.binfmt-helper.contract=1' \
    - "$IMAGE" >/dev/null
echo "binfmt-helper: built $IMAGE"
