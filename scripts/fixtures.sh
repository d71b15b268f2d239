#!/usr/bin/env bash
# Build xrun's test images from Debian's busybox-static for six architectures and
# push them to the local registry (127.0.0.1:5000, repository xrun/busybox).
# Needs no docker: layers are made with tar+gzip, pushed by scripts/fixtures/push.mjs.
# Idempotent: layers are byte-for-byte stable, so a second run uploads nothing.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PUSH=$HERE/fixtures/push.mjs
CACHE=${XRUN_CACHE:-/var/cache/xrun}
ARCHES=(amd64 arm64 armhf i386 ppc64el s390x)
APPLETS=(sh ash uname echo cat sleep true false env id ls printf test head tr wc stty kill
  yes dd '[' basename cp cut date dirname grep hostname ln mkdir mv nproc ps pwd readlink
  rm sed seq sort stat tail tee timeout touch uniq which whoami xargs)

# Print a progress line.
say() { echo "fixtures: $*"; }

# Print one error line to stderr and stop.
die() {
  echo "fixtures: error: $*" >&2
  exit 1
}

# Stop early unless the tools and the registry are there.
check_tools() {
  local t
  for t in apt-get dpkg-deb tar gzip node; do
    command -v "$t" >/dev/null || die "$t not found"
  done
  tar --version | grep -q 'GNU tar' || die "GNU tar is needed (for --sort=name)"
  node "$PUSH" check
}

# Print the cached busybox-static .deb for Debian arch $1 (nothing if not cached).
cached_deb() {
  find "$CACHE/debs" -maxdepth 1 -name "busybox-static_*_$1.deb" 2>/dev/null | sort -V |
    tail -n 1
}

# Download busybox-static for Debian arch $1 into $CACHE/debs unless it is cached.
fetch_deb() {
  local arch=$1 lists=$CACHE/lists-$1 log=$CACHE/apt-$1.log
  [ -n "$(cached_deb "$arch")" ] && return
  say "downloading busybox-static for $arch (log: $log)"
  mkdir -p "$lists/partial" "$CACHE/debs"
  local opts=(-q "-oAPT::Architecture=$arch" "-oAPT::Architectures=$arch"
    "-oDir::State::Lists=$lists" -oDir::Cache::pkgcache= -oDir::Cache::srcpkgcache=)
  apt-get "${opts[@]}" update >"$log" 2>&1 || die "apt-get update for $arch failed: see $log"
  (cd "$CACHE/debs" && apt-get "${opts[@]}" download busybox-static) >>"$log" 2>&1 ||
    die "apt-get download busybox-static for $arch failed: see $log"
  [ -n "$(cached_deb "$arch")" ] || die "no busybox-static .deb for $arch after download"
  rm -rf "$lists" # package lists are big and only needed for this download
}

# Lay out the image root for arch $1 in $2/root: busybox, applet links, base dirs.
make_root() {
  local deb root=$2/root a
  deb=$(cached_deb "$1")
  rm -rf "$2" && mkdir -p "$2/deb" "$root/bin"
  dpkg-deb -x "$deb" "$2/deb"
  cp "$2/deb/bin/busybox" "$root/bin/busybox"
  chmod 0755 "$root/bin/busybox"
  for a in "${APPLETS[@]}"; do ln -s busybox "$root/bin/$a"; done
  mkdir -p "$root"/{etc,proc,sys,dev,tmp}
  chmod 0755 "$root"/{bin,etc,proc,sys,dev}
  chmod 1777 "$root/tmp"
  dpkg-deb -f "$deb" Version >"$2/version"
}

# Pack $1/root into a deterministic gzip layer $1/layer.tar.gz.
make_layer() {
  tar -C "$1/root" --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 \
    --format=gnu -cf "$1/layer.tar" bin dev etc proc sys tmp
  gzip -n -9 -c "$1/layer.tar" >"$1/layer.tar.gz"
  rm -rf "$1/root" "$1/deb" "$1/layer.tar"
}

check_tools
for arch in "${ARCHES[@]}"; do
  fetch_deb "$arch"
  make_root "$arch" "$CACHE/build/$arch"
  make_layer "$CACHE/build/$arch"
done
say "layers built in $CACHE/build"
node "$PUSH" push "$CACHE/build"
