#!/usr/bin/env bash
# `make demo` (demo.sh up) and `make demo-down` (demo.sh down): DigitalOcean in a box on this machine.
#
# up:   makes Docker and the droplet image available (scripts/setup-docker.sh), starts the emulator in the background
#       with --backend docker and its state in .build/demo/, runs playbooks/site.yml end to end (provision, configure
#       the droplets over SSH, verify from outside), runs it again (must change nothing), prints where to look and
#       leaves the box running. Where Docker cannot run, it says so and runs the API-only site (--limit localhost)
#       against --backend none instead.
#       TIDE_DEMO_BACKEND=none asks for that API-only run directly; TIDE_DEMO_PORT moves the emulator (8765).
# down: removes every container, network, loop device and volume file of the box, stops the emulator and forgets
#       its state.
set -euo pipefail
cd "$(dirname "$0")/.."
DEMO=.build/demo
# The port of the running box (written by up) wins over TIDE_DEMO_PORT, so that down finds it.
PORT="$(cat .build/demo/port 2>/dev/null || echo "${TIDE_DEMO_PORT:-8765}")"
URL="http://127.0.0.1:$PORT"
STATE="$DEMO/emulator.sqlite"
PIDFILE="$DEMO/emulator.pid"
LOG="$DEMO/emulator.log"
BIN=.venv/bin
export DIGITALOCEAN_API_URL="$URL" DIGITALOCEAN_TOKEN=demo-token
export ANSIBLE_COLLECTIONS_PATH="$PWD/.build/collections" ANSIBLE_CONFIG="$PWD/ansible.cfg"
unset DIGITALOCEAN_ACCESS_TOKEN DO_API_TOKEN  # a real token in the caller's environment is never sent to the box

running() { [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; }

down() {
  if running; then
    curl -fsS -X POST "$URL/_emulator/reset" >/dev/null || echo "demo-down: the emulator did not answer the reset" >&2
    kill "$(cat "$PIDFILE")"
    for _ in $(seq 1 50); do running || break; sleep 0.2; done
  fi
  # Whatever an emulator that died left behind: only what carries the demo's label.
  if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
    ids=$(docker ps -aq --filter label=tide.emulator.instance=demo)
    [ -z "$ids" ] || docker rm -f -v $ids >/dev/null
    nets=$(docker network ls -q --filter label=tide.emulator.instance=demo)
    [ -z "$nets" ] || docker network rm $nets >/dev/null
  fi
  if [ -d "$STATE.box/volumes" ]; then
    for loop in $(losetup --list --noheadings --output NAME,BACK-FILE 2>/dev/null | awk -v d="$(cd "$STATE.box/volumes" && pwd)" 'index($2, d) == 1 {print $1}'); do
      losetup --detach "$loop" || true
    done
  fi
  rm -rf "$STATE" "$STATE"-* "$STATE.box" "$PIDFILE" "$DEMO/backend" "$DEMO/port" .build/ssh/known_hosts
  echo "demo-down: the box is gone (containers, networks, volume files, state)"
}

start_emulator() {  # start_emulator BACKEND
  if running && [ "$(cat "$DEMO/backend" 2>/dev/null)" = "$1" ]; then
    echo "### reusing the emulator already running at $URL (--backend $1)"
    return
  fi
  running && down
  rm -f .build/ssh/known_hosts  # a new box hands out the same addresses again, with new host keys
  echo "### starting the emulator at $URL (--backend $1, state in $STATE, log in $LOG)"
  setsid nohup "$BIN/do-emulator" --port "$PORT" --state "$STATE" --backend "$1" --instance demo \
    --action-seconds 0.5 --rate-limit-per-minute 250 >"$LOG" 2>&1 < /dev/null &
  echo $! >"$PIDFILE"
  echo "$1" >"$DEMO/backend"
  echo "$PORT" >"$DEMO/port"
  for _ in $(seq 1 100); do curl -fsS "$URL/_emulator/health" >/dev/null 2>&1 && return; running || break; sleep 0.2; done
  echo "demo: the emulator did not start:" >&2
  cat "$LOG" >&2
  exit 1
}

site() {  # site LOGFILE [ansible-playbook args]
  local log=$1
  shift
  "$BIN/ansible-playbook" -i inventory/ playbooks/site.yml "$@" | tee "$log"
  [ "${PIPESTATUS[0]}" -eq 0 ]
}

where_to_look() {
  "$BIN/python" - "$URL" "$STATE" "$LOG" <<'PY'
import json, sys, urllib.request
url, state, log = sys.argv[1:]
def get(path, auth=True):
    req = urllib.request.Request(url + path, headers={"Authorization": "Bearer demo-token"} if auth else {})
    return json.load(urllib.request.urlopen(req))
box = get("/_emulator/box", auth=False)
droplets = get("/v2/droplets?tag_name=tide-demo&per_page=200")["droplets"]
print("\n### DigitalOcean in a box: where to look")
print("API          %s   (export DIGITALOCEAN_API_URL=%s DIGITALOCEAN_TOKEN=demo-token)" % (url, url))
for d in droplets:
    nets = {n["type"]: n["ip_address"] for n in d["networks"]["v4"]}
    line = "droplet      %-12s %-8s public %-14s private %-14s" % (d["name"], d["status"], nets.get("public"), nets.get("private"))
    container = box.get("droplets", {}).get(str(d["id"]), {}).get("container")
    print(line + ("  container %s" % container if container else ""))
if droplets and box["backend"] == "docker":
    first = {n["type"]: n["ip_address"] for n in droplets[0]["networks"]["v4"]}["public"]
    print("ssh          ssh -i .build/ssh/tide_ed25519 -o UserKnownHostsFile=.build/ssh/known_hosts -o StrictHostKeyChecking=accept-new root@%s" % first)
    print("app          curl http://%s/" % first)
    print("containers   docker ps --filter label=%s" % box["label"])
    for lb in get("/v2/load_balancers?per_page=200")["load_balancers"]:
        loopback = box.get("load_balancers", {}).get(lb["id"], {}).get("loopback", {}).get("80")
        if loopback:
            print("site         http://%s/   (open it in a browser: the load balancer %s at %s)"
                  % (loopback, lb["name"], lb["ip"]))
print("inventory    .venv/bin/ansible-inventory -i inventory/digitalocean.yml --graph")
print("state        %s%s" % (state, "  (volume files in %s)" % box["box_dir"] if box["backend"] == "docker" else ""))
print("logs         %s, .build/demo/first.log, .build/demo/second.log" % log)
print("reset        make demo-down   (removes every container, network and volume file of the box)")
PY
}

up() {
  mkdir -p "$DEMO"
  local backend="${TIDE_DEMO_BACKEND:-docker}" limit=()
  if [ "$backend" = none ]; then
    echo "demo: TIDE_DEMO_BACKEND=none: the API-only run (--limit localhost)"
    limit=(--limit localhost)
  elif echo "### Docker engine and the droplet image (scripts/setup-docker.sh; log in $DEMO/setup-docker.log)" \
    && ! bash scripts/setup-docker.sh >"$DEMO/setup-docker.log" 2>&1; then
    tail -n 5 "$DEMO/setup-docker.log" >&2
    echo "demo: Docker cannot run here, so droplets cannot be machines: falling back to the API-only run" >&2
    echo "demo: (emulator --backend none; site.yml --limit localhost provisions, and nothing is configured)" >&2
    backend=none
    limit=(--limit localhost)
  fi
  start_emulator "$backend"
  echo "### site.yml, first run (against $URL)"
  site "$DEMO/first.log" "${limit[@]}"
  echo
  echo "### site.yml, second run: must change nothing"
  curl -fsS -X DELETE "$URL/_emulator/stats"
  site "$DEMO/second.log" "${limit[@]}"
  echo "### API requests of the second run (emulator stats)"
  curl -fsS "$URL/_emulator/stats" | "$BIN/python" -c '
import json, sys
s = json.load(sys.stdin)
print("total %(total)d: %(reads)d reads, %(writes)d writes" % s)
for route, n in s["routes"].items():
    print("  %4d  %s" % (n, route))' | tee "$DEMO/second-requests.txt"
  if sed -n '/PLAY RECAP/,$p' "$DEMO/second.log" | grep -Eq 'changed=[1-9]'; then
    echo "demo: the second run changed something; site.yml is not idempotent" >&2
    exit 1
  fi
  echo
  echo "### the droplets, as the dynamic inventory sees them"
  "$BIN/ansible-inventory" -i inventory/digitalocean.yml --graph
  where_to_look
  echo
  echo "demo: second run changed nothing; the box keeps running until 'make demo-down'"
}

case "${1:-up}" in
  up) up ;;
  down) down ;;
  *) echo "usage: $0 up|down" >&2; exit 2 ;;
esac
