#!/usr/bin/env bash
# The whole test suite on a fresh Debian machine: installs the npm packages,
# builds xrun, brings up dockerd, the registry and binfmt_misc, pushes the
# fixture images, then runs every uvu test file and ends with one line
# "N passed, N failed".
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/setup.sh
npm run --silent lint || { echo "lint failed"; echo "0 passed, 1 failed"; exit 1; }

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
figures=${TMPDIR:-/tmp}
rm -f "$figures/xrun-faults.json" "$figures/xrun-fuzz-counts.json"
# A hung test must fail the run, not hold CI until its limit.
timeout --kill-after=30 "${XRUN_TEST_TIMEOUT:-2400}" \
  node --import tsx node_modules/uvu/bin.js test '.*\.test\.tsx?$' -i helpers 2>&1 |
  tee "$log" || status=$?
node scripts/reliability.mjs "$figures" || true

# uvu's own summary counts Total, Passed and Skipped; say it in the plain form.
plain=$(sed 's/\x1b\[[0-9;]*m//g' "$log")
total=$(grep -Eo 'Total: +[0-9]+' <<<"$plain" | grep -Eo '[0-9]+' | tail -n 1 || true)
passed=$(grep -Eo 'Passed: +[0-9]+' <<<"$plain" | grep -Eo '[0-9]+' | tail -n 1 || true)
skipped=$(grep -Eo 'Skipped: +[0-9]+' <<<"$plain" | grep -Eo '[0-9]+' | tail -n 1 || true)
if [ -z "$total" ]; then
  echo "0 passed, 1 failed"
  exit 1
fi
failed=$((total - passed - skipped))
echo "$passed passed, $failed failed, $skipped skipped"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
