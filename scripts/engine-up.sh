#!/usr/bin/env bash
# Bring up what xrun's tests need, from any state: dockerd, a registry on
# 127.0.0.1:5000 and a mounted binfmt_misc. Safe to run again and again.
# It never registers binfmt handlers.
set -euo pipefail

PACKAGES=(docker.io docker-registry qemu-user-static apache2-utils podman strace)
LOG_DIR=/var/log/xrun
REG_CONF=/etc/xrun/registry.yml
REG_ROOT=/var/lib/xrun/registry
REG_PIDFILE=/var/run/xrun-registry.pid
REG_HOST=127.0.0.1
REG_PORT=5000
DOCKER_PIDFILE=/var/run/docker.pid
CTRD_DIR=/var/run/docker/containerd
BINFMT=/proc/sys/fs/binfmt_misc
WAIT_SECS=${XRUN_ENGINE_WAIT:-60}

# Print a progress line.
say() { echo "engine-up: $*"; }

# Print one error line to stderr and stop.
die() {
  echo "engine-up: error: $*" >&2
  exit 1
}

# Print the last lines of a log file to stderr (used before dying).
show_log() { tail -n 15 "$1" 2>/dev/null | sed 's/^/  | /' >&2 || true; }

# Stop early unless we are root on a Debian-like system.
check_system() {
  [ "$(id -u)" = 0 ] || die "must run as root"
  command -v dpkg-query >/dev/null || die "dpkg-query not found: needs Debian or Ubuntu"
  mkdir -p "$LOG_DIR"
}

# Print the packages from PACKAGES that are not installed.
missing_packages() {
  local p
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null | grep -qx installed || echo "$p"
  done
}

# Print the names of registered binfmt handlers (nothing if binfmt_misc is not mounted).
binfmt_entries() {
  local f
  [ -e "$BINFMT/register" ] || return 0
  for f in "$BINFMT"/*; do
    case ${f##*/} in register | status) ;; *) echo "${f##*/}" ;; esac
  done
}

# Install missing packages with apt-get, keeping services and binfmt handlers untouched.
install_packages() {
  local missing log=$LOG_DIR/apt.log before policy=/usr/sbin/policy-rc.d
  missing=$(missing_packages | xargs)
  if [ -z "$missing" ]; then
    say "packages already installed: ${PACKAGES[*]}"
    return
  fi
  command -v apt-get >/dev/null || die "missing packages ($missing) and no apt-get"
  before=$(binfmt_entries)
  if [ ! -e "$policy" ]; then # keep postinst scripts from starting services
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy"
    trap 'rm -f '"$policy" EXIT
  fi
  say "installing: $missing (log: $log)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >"$log" 2>&1 || { show_log "$log"; die "apt-get update failed"; }
  # shellcheck disable=SC2086
  apt-get install -y -q --no-install-recommends $missing >>"$log" 2>&1 ||
    { show_log "$log"; die "apt-get install $missing failed"; }
  remove_new_handlers "$before"
  say "installed: $missing"
}

# Remove qemu-* binfmt handlers that appeared since the listing given in $1.
remove_new_handlers() {
  local name
  for name in $(binfmt_entries); do
    case $name in qemu-*) ;; *) continue ;; esac
    grep -qxF "$name" <<<"$1" && continue
    echo -1 >"$BINFMT/$name"
    say "removed binfmt handler $name registered by the package install"
  done
}

# True when a process with pid $1 is alive and its command name is $2.
pid_is() {
  [ -n "$1" ] && [ -r "/proc/$1/comm" ] && [ "$(cat "/proc/$1/comm")" = "$2" ]
}

# Remove pid file $1 (and sockets $3...) when it does not name a live process called $2.
clear_stale() {
  local pidfile=$1 name=$2 pid=""
  shift 2
  [ -e "$pidfile" ] || return 0
  pid=$(tr -dc 0-9 <"$pidfile")
  pid_is "$pid" "$name" && return 0
  rm -f "$pidfile" "$@"
  say "removed stale $pidfile${*:+ and $*}"
}

# True when the docker daemon answers.
docker_answers() { timeout 10 docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

# Start dockerd unless a daemon already answers; wait until it does.
start_dockerd() {
  local log=$LOG_DIR/dockerd.log pid
  if docker_answers; then
    say "docker daemon already running"
    return
  fi
  command -v dockerd >/dev/null || die "dockerd not found"
  clear_stale "$CTRD_DIR/containerd.pid" containerd "$CTRD_DIR/containerd.sock"
  clear_stale "$DOCKER_PIDFILE" dockerd /var/run/docker.sock
  if [ -e "$DOCKER_PIDFILE" ]; then
    pid=$(tr -dc 0-9 <"$DOCKER_PIDFILE")
    say "dockerd (pid $pid) is running but not answering yet: waiting"
  else
    echo "=== $(date -Is) engine-up starts dockerd" >>"$log"
    setsid nohup dockerd >>"$log" 2>&1 </dev/null &
    pid=$!
    say "started dockerd (pid $pid, log: $log)"
  fi
  wait_for "docker daemon" docker_answers "$pid" dockerd "$log"
}

# Wait up to WAIT_SECS for command $2 to succeed while pid $3 (named $4) lives; log is $5.
wait_for() {
  local what=$1 check=$2 pid=$3 name=$4 log=$5 i
  for ((i = 0; i < WAIT_SECS * 2; i++)); do
    if "$check"; then
      say "$what answers"
      return
    fi
    if ! pid_is "$pid" "$name"; then
      show_log "$log"
      die "$name (pid $pid) exited before $what answered; see $log"
    fi
    sleep 0.5
  done
  show_log "$log"
  die "$what did not answer within ${WAIT_SECS}s; see $log"
}

# Print the HTTP status of GET /v2/ on the registry port (nothing if no answer).
registry_status() {
  # shellcheck disable=SC2016 # $0 and $1 expand in the inner bash
  timeout 5 bash -c 'exec 3<>"/dev/tcp/$0/$1" &&
    printf "GET /v2/ HTTP/1.0\r\nHost: %s:%s\r\n\r\n" "$0" "$1" >&3 && head -n 1 <&3' \
    "$REG_HOST" "$REG_PORT" 2>/dev/null | awk '{print $2}' || true
}

# True when the registry answers GET /v2/ with 200.
registry_answers() { [ "$(registry_status)" = 200 ]; }

# Write the registry config: loopback only, own storage, deletes allowed.
write_registry_config() {
  mkdir -p "$(dirname "$REG_CONF")" "$REG_ROOT"
  cat >"$REG_CONF" <<EOF
# Written by xrun scripts/engine-up.sh: test registry, loopback only.
version: 0.1
log:
  level: info
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $REG_ROOT
  delete:
    enabled: true
http:
  addr: $REG_HOST:$REG_PORT
EOF
}

# Start the registry unless one already answers on 127.0.0.1:5000; wait until it does.
start_registry() {
  local log=$LOG_DIR/registry.log pid status
  if registry_answers; then
    say "registry already answers at $REG_HOST:$REG_PORT"
    return
  fi
  status=$(registry_status)
  [ -z "$status" ] || die "$REG_HOST:$REG_PORT answers GET /v2/ with $status, not 200: stop it"
  command -v docker-registry >/dev/null || die "docker-registry not found"
  write_registry_config
  pid=$(tr -dc 0-9 2>/dev/null <"$REG_PIDFILE" || true)
  if pid_is "$pid" docker-registry; then
    say "registry (pid $pid) is running but not answering yet: waiting"
  else
    echo "=== $(date -Is) engine-up starts docker-registry" >>"$log"
    setsid nohup docker-registry serve "$REG_CONF" >>"$log" 2>&1 </dev/null &
    pid=$!
    echo "$pid" >"$REG_PIDFILE"
    say "started registry on $REG_HOST:$REG_PORT (pid $pid, log: $log)"
  fi
  wait_for "registry" registry_answers "$pid" docker-registry "$log"
}

# Mount binfmt_misc if it is not mounted (registers nothing).
mount_binfmt() {
  if [ -e "$BINFMT/register" ]; then # a mount hidden under a newer /proc does not count
    say "binfmt_misc already mounted"
    return
  fi
  if ! grep -qw binfmt_misc /proc/filesystems; then
    if command -v modprobe >/dev/null; then modprobe binfmt_misc 2>/dev/null || true; fi
    grep -qw binfmt_misc /proc/filesystems ||
      die "kernel has no binfmt_misc (not in /proc/filesystems, modprobe failed)"
  fi
  mount -t binfmt_misc binfmt_misc "$BINFMT" || die "cannot mount binfmt_misc on $BINFMT"
  say "mounted binfmt_misc on $BINFMT"
}

check_system
install_packages
start_dockerd
start_registry
mount_binfmt
