#!/usr/bin/env bash
# Runs the full Molecule sequence (create, converge, idempotence, verify, destroy) for every role scenario
# under extensions/molecule/. Needs a Docker engine and the test image: scripts/setup-docker.sh provides both.
# MOLECULE_SCENARIOS="a b" limits the run to some scenarios.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-docker.sh >/dev/null
cd extensions
scenarios="${MOLECULE_SCENARIOS:-$(find molecule -mindepth 2 -maxdepth 2 -name molecule.yml -printf '%h\n' | xargs -n1 basename | sort)}"
failed=()
for s in $scenarios; do
  echo "=== molecule test -s $s"
  if ! molecule test -s "$s"; then failed+=("$s"); fi
done
if [ "${#failed[@]}" -gt 0 ]; then
  echo "molecule scenarios failed: ${failed[*]}" >&2
  exit 1
fi
echo "molecule: all scenarios passed: $scenarios"
