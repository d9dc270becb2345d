#!/usr/bin/env bash
# Runs a command with the DoH fixture server up: its URL is in AUTHLENS_DOH_FIXTURE.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$(mktemp)
# The fixture `make fixture-bin` built, in the target directory cargo used.
"${CARGO_TARGET_DIR:-$root/target}/debug/doh-fixture" --zones "$root/tests/fixtures/zones" --port 0 >"$out" &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -f "$out"' EXIT
for _ in $(seq 100); do
  grep -q '^listening on ' "$out" && break
  kill -0 $pid 2>/dev/null || { echo "doh-fixture did not start" >&2; exit 1; }
  sleep 0.05
done
AUTHLENS_DOH_FIXTURE=$(sed -n 's/^listening on //p' "$out")
export AUTHLENS_DOH_FIXTURE
"$@"
