#!/usr/bin/env bash
# The site's playbooks against the API alone (the box's end-to-end test, tests/e2e, configures the droplets too):
#   1. site.yml --check on an empty account passes, predicts a change for every provisioning task, writes nothing;
#   2. the real run changes exactly the tasks --check predicted would (the key pair on the controller aside: a local
#      file made even under --check); a rerun changes nothing and writes nothing;
#   3. --check on the provisioned account predicts no change; backup.yml twice (the second changes nothing);
#   4. teardown.yml removes every resource site.yml and backup.yml made; a second teardown changes nothing.
# Called by run.sh with the emulator's DO_EMULATOR_URL, DIGITALOCEAN_API_URL and DIGITALOCEAN_TOKEN exported.
set -euo pipefail
cd "$(dirname "$0")/../.."
logs=${SITE_LOGS:-$(mktemp -d)}
problems=()

admin() {  # admin METHOD PATH
  curl -fsS -X "$1" "$DO_EMULATOR_URL/_emulator/$2"
}

writes() {  # API writes since the last counter reset
  admin GET stats | python3 -c 'import json,sys; print(json.load(sys.stdin)["writes"])'
}

play() {  # play LOG PLAYBOOK [args]: runs it, prints "ok changed" of localhost's recap
  local log=$logs/$1
  shift
  if ! ansible-playbook -i inventory/ -e "tide_ssh_private_key=$logs/ssh/tide_ed25519" "$@" > "$log" 2>&1; then
    tail -n 40 "$log" >&2
    echo "site: ansible-playbook $* failed (log: $log)" >&2
    exit 1
  fi
  sed -n 's/^localhost *: ok=\([0-9]*\) *changed=\([0-9]*\).*/\1 \2/p' "$log" | tail -n 1
}

changed_tasks() {  # changed_tasks LOG: the names of the tasks that changed something, one a line, sorted
  python3 - "$logs/$1" <<'EOF'
import re
import sys

changed, task = set(), None
for line in open(sys.argv[1]):
    found = re.match(r"TASK \[(.*)\] \*+$", line.rstrip())
    if found:
        task = found.group(1)
    elif line.startswith("changed: [localhost]") and task:
        changed.add(task)
# The key pair is a local file, made even under --check (check_mode: false): not a prediction.
print("\n".join(sorted(t for t in changed if "on the controller" not in t)))
EOF
}

expect() {  # expect WHAT ACTUAL WANTED
  if [ "$2" != "$3" ]; then
    problems+=("$1: $2, expected $3")
  fi
  echo "site: $1: $2"
}

admin DELETE faults >/dev/null
admin POST reset >/dev/null

admin DELETE stats >/dev/null
play check-empty.log playbooks/site.yml --check --limit localhost >/dev/null
expect "writes under --check on an empty account" "$(writes)" 0

play first.log playbooks/site.yml --limit localhost >/dev/null
expect "tasks the first run changed, as --check predicted" "$(changed_tasks first.log | paste -sd '|')" \
  "$(changed_tasks check-empty.log | paste -sd '|')"
expect "tasks that changed on the first run" "$(changed_tasks first.log | wc -l)" 17

admin DELETE stats >/dev/null
read -r _ changed < <(play rerun.log playbooks/site.yml --limit localhost)
expect "changed on a rerun" "$changed" 0
expect "writes on a rerun" "$(writes)" 0

read -r _ changed < <(play check-full.log playbooks/site.yml --check --limit localhost)
expect "changes --check predicts on the provisioned account" "$changed" 0

read -r _ changed < <(play backup-first.log playbooks/backup.yml)
expect "changed by backup.yml" "$changed" 1
read -r _ changed < <(play backup-second.log playbooks/backup.yml)
expect "changed by backup.yml again the same day" "$changed" 0

play teardown-first.log playbooks/teardown.yml >/dev/null
read -r _ changed < <(play teardown-second.log playbooks/teardown.yml)
expect "changed by a second teardown" "$changed" 0

# Everything is gone but what DigitalOcean keeps: the Default project, and the region's default VPC.
left=$(python3 - <<'EOF'
import json
import os
import urllib.request

lists = {"droplets": "droplets", "volumes": "volumes", "firewalls": "firewalls", "databases": "databases",
         "load_balancers": "load_balancers", "domains": "domains", "reserved_ips": "reserved_ips",
         "snapshots": "snapshots", "monitoring/alerts": "policies", "account/keys": "ssh_keys",
         "projects": "projects", "vpcs": "vpcs"}
left = []
for path, key in lists.items():
    request = urllib.request.Request("%s/v2/%s?per_page=200" % (os.environ["DIGITALOCEAN_API_URL"], path),
                                     headers={"Authorization": "Bearer " + os.environ["DIGITALOCEAN_TOKEN"]})
    with urllib.request.urlopen(request) as answer:
        items = json.load(answer)[key]
    left += ["%s %s" % (path, item.get("name", item.get("id"))) for item in items
             if not item.get("is_default") and not item.get("default")]
print(", ".join(left) or "nothing")
EOF
)
expect "left after teardown" "$left" nothing

if [ "${#problems[@]}" -gt 0 ]; then
  printf 'site FAILED: %s\n' "${problems[@]}" >&2
  exit 1
fi
echo "site passed (logs: $logs)"
