#!/usr/bin/env bash
# `npm run bench`: how fast xrun is next to docker, on this machine. Installs skopeo and
# GNU time when missing, prepares xrun and its fixtures with scripts/setup.sh, pulls the
# native fixture tag, then runs scripts/bench/main.mjs, which prints the figures and a
# Markdown table and writes bench-results/latest.json. `npm run bench -- --quick` runs
# fewer repetitions (for trying the bench, not for figures). It asserts nothing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

IMAGE=localhost:5000/xrun/busybox:amd64
RESULTS=bench-results

# Print a progress line.
say() { echo "bench: $*"; }

# Install the Debian packages named in $@ that are not installed yet.
install_missing() {
  local p missing=()
  for p in "$@"; do
    dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null | grep -qx installed ||
      missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return
  say "installing ${missing[*]} (log: $RESULTS/apt.log)"
  export DEBIAN_FRONTEND=noninteractive
  { apt-get update -q && apt-get install -y -q --no-install-recommends "${missing[@]}"; } \
    >"$RESULTS/apt.log" 2>&1 || {
    tail -n 15 "$RESULTS/apt.log" >&2
    exit 1
  }
}

# Run scripts/setup.sh with its output in a log, shown only when it fails.
prepare() {
  say "preparing with scripts/setup.sh (log: $RESULTS/setup.log)"
  scripts/setup.sh >"$RESULTS/setup.log" 2>&1 || {
    tail -n 20 "$RESULTS/setup.log" >&2
    exit 1
  }
}

mkdir -p "$RESULTS"
install_missing skopeo time
prepare
docker pull -q "$IMAGE" >/dev/null
exec node scripts/bench/main.mjs "$@"
