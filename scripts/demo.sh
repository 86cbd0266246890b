#!/usr/bin/env bash
# `make demo`: playbooks/site.yml against the embedded emulator, twice. The emulator keeps its state in
# .build/demo-emulator.sqlite, so the rerun (and any later `make demo`) must report 0 changed.
# Run through scripts/with_emulator.py, which exports DIGITALOCEAN_API_URL and DIGITALOCEAN_TOKEN.
set -euo pipefail
cd "$(dirname "$0")/.."
log_dir=.build/demo; mkdir -p "$log_dir"

run() {
  ansible-playbook -i inventory/ playbooks/site.yml --limit localhost "$@"
}

echo "### site.yml, first run (against the emulator at $DIGITALOCEAN_API_URL)"
run | tee "$log_dir/first.log"
echo
echo "### site.yml, second run: must change nothing"
curl -s -X DELETE "$DO_EMULATOR_URL/_emulator/stats"
run | tee "$log_dir/second.log"
echo "### API requests of the second run (emulator stats)"
curl -s "$DO_EMULATOR_URL/_emulator/stats" | python3 -c '
import json, sys
s = json.load(sys.stdin)
print("total %(total)d: %(reads)d reads, %(writes)d writes" % s)
for route, n in s["routes"].items():
    print("  %4d  %s" % (n, route))' | tee "$log_dir/second-requests.txt"
recap=$(sed -n '/PLAY RECAP/,$p' "$log_dir/second.log")
if grep -Eq 'changed=[1-9]' <<<"$recap"; then
  echo "demo: the second run changed something; site.yml is not idempotent" >&2
  exit 1
fi
echo
echo "### the droplets, as the dynamic inventory sees them"
ansible-inventory -i inventory/digitalocean.yml --graph
echo
echo "demo: second run changed nothing"
