#!/usr/bin/env bash
# The main job, end to end: set everything up, show what an image offers,
# then run an image that has no amd64 entry through xrun on this amd64 host.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/setup.sh >/dev/null

image=localhost:5000/xrun/busybox:no-amd64
echo "\$ xrun inspect $image"
bin/xrun inspect "$image"
echo
echo "\$ xrun --rm --emulate $image uname -m"
bin/xrun --rm --emulate "$image" uname -m
