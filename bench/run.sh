#!/usr/bin/env bash
# `make bench`: runs every bench/*_bench.py with the venv's Python. Each prints its figures (ratios and request
# counts, not pass/fail) and writes bench/results/<name>.json. Benchmarks start their own emulator on loopback.
set -uo pipefail
cd "$(dirname "$0")/.."
PY="${PY:-.venv/bin/python}"
status=0
for bench in bench/*_bench.py; do
  echo "=== $bench"
  "$PY" "$bench" || { echo "$bench failed" >&2; status=1; }
done
exit $status
