#!/usr/bin/env bash
# Everything xrun needs on a fresh Debian machine (as root, with Node and npm):
# npm packages, the build, dockerd, the local registry, binfmt_misc and the
# fixture images. Safe to run again.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Install npm packages when package-lock.json is newer than what is installed.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
npm run --silent build
scripts/engine-up.sh
scripts/fixtures.sh
