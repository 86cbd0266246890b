#!/usr/bin/env bash
# Integration tests: every target under targets/ (except setup_* helpers) runs with ansible-playbook against
# the emulator, then the targets listed in fault-targets run again while the emulator injects faults.
# Run through scripts/with_emulator.py (make integration), which exports DO_EMULATOR_URL,
# DIGITALOCEAN_API_URL and DIGITALOCEAN_TOKEN.
#   TARGETS="droplet volume" limits the normal pass, FAULT_TARGETS="droplet" the fault pass; an empty value
#   skips that pass. SITE=0 skips the last part, site.sh (the site's playbooks against the API). After a fault pass the emulator's status counts since the target's last counter reset are printed
#   (evidence that faults were injected).
# After each target the emulator must hold no droplets, volumes, ... (RESOURCE_LISTS): a duplicate created by
# a blind retry would be left behind and fail the run. An entry is a path under /v2 that lists its items under
# the same key, or PATH:KEY when the key differs (account/keys lists "ssh_keys").
set -euo pipefail
cd "$(dirname "$0")"
: "${DO_EMULATOR_URL:?run me through scripts/with_emulator.py (make integration)}"
export ANSIBLE_ROLES_PATH="$PWD/targets"
export ANSIBLE_COLLECTIONS_PATH="${ANSIBLE_COLLECTIONS_PATH:-$(cd ../../.build/collections && pwd)}"

# 40% of API requests fail: 429s, 5xx and dropped connections, half of the faults on writes striking after
# the write was applied.
FAULTS='{"rates": {"429": 0.16, "500": 0.08, "503": 0.08}, "drop": 0.08, "after_write": 0.5, "seed": 40}'
RESOURCE_LISTS="droplets volumes firewalls databases load_balancers account/keys:ssh_keys"

all_targets=$(find targets -mindepth 1 -maxdepth 1 -type d ! -name 'setup_*' -printf '%f\n' | sort)
targets=${TARGETS-$all_targets}
fault_targets=${FAULT_TARGETS-$(grep -v '^#' fault-targets | xargs)}

admin() {  # admin METHOD PATH [JSON]
  curl -fsS -X "$1" -H 'Content-Type: application/json' ${3:+--data "$3"} "$DO_EMULATOR_URL/_emulator/$2" >/dev/null
}

assert_clean() {  # nothing the target created may remain (the API answers 404 for areas it lacks)
  local entry path kind body
  for entry in $RESOURCE_LISTS; do
    path=${entry%%:*} kind=${entry##*:}
    body=$(curl -sS -H "Authorization: Bearer $DIGITALOCEAN_TOKEN" "$DIGITALOCEAN_API_URL/v2/$path?per_page=200")
    if ! python3 -c 'import json,sys; b=json.loads(sys.argv[2]); items=b.get(sys.argv[1]) if isinstance(b, dict) else None
sys.exit(1 if items else 0)' "$kind" "$body"; then
      echo "LEFTOVER $kind after $1: $body" >&2
      return 1
    fi
  done
}

failed=()
run_target() {  # run_target NAME PASS [extra ansible-playbook args]
  local name=$1 pass=$2
  shift 2
  echo "=== integration [$pass] $name"
  admin DELETE faults
  admin POST reset
  if [ "$pass" = faults ]; then admin PUT faults "$FAULTS"; fi
  if ansible-playbook run_target.yml -e "target=$name" "$@"; then
    admin DELETE faults
    if [ "$pass" = faults ]; then
      echo "fault pass $name: responses by status since the target's last counter reset: $(curl -fsS "$DO_EMULATOR_URL/_emulator/stats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["statuses"])')"
    fi
    assert_clean "$name" || failed+=("$pass:$name")
  else
    admin DELETE faults
    failed+=("$pass:$name")
  fi
}

for target in $targets; do
  run_target "$target" normal
done
for target in $fault_targets; do
  run_target "$target" faults -e fault_run=true
done

# Then the site's own playbooks (provision, rerun, --check, backup, teardown) on the API: SITE=0 skips them.
if [ "${SITE-1}" = 1 ]; then
  echo "=== integration [site] playbooks/site.yml, backup.yml, teardown.yml"
  bash site.sh || failed+=(site)
fi

if [ "${#failed[@]}" -gt 0 ]; then
  echo "integration FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "integration passed: normal [$(echo $targets)] faults [$(echo $fault_targets)] site [${SITE-1}]"
