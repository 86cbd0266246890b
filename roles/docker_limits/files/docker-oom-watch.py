"""Record OOM kills of containers (installed by tide.digitalocean.docker_limits).

Appends one JSON object per OOM kill to the log given with --log: kernel OOM kills from the kernel ring buffer
(mapped to a container when the cgroup names one) and containers whose State.OOMKilled is true. A state file
remembers what was already recorded, so each kill is logged once.
"""
import argparse
import datetime
import json
import os
import re
import subprocess

CONTAINER_ID = re.compile(r"(?:/docker/|docker-)([0-9a-f]{64})")
OOM_KILL = re.compile(r"^(\S+)\s+oom-kill:(.*)$")


def run(argv):
    result = subprocess.run(argv, capture_output=True, text=True, check=False)
    return result.stdout if result.returncode == 0 else ""


def container_names(ids):
    if not ids:
        return {}
    names = {}
    for line in run(["docker", "inspect", "--format", "{{.Id}} {{.Name}}", *ids]).splitlines():
        cid, _sep, name = line.partition(" ")
        names[cid] = name.lstrip("/")
    return names


def kernel_kills(since):
    kills = []
    for line in run(["dmesg", "--time-format", "iso"]).splitlines():
        match = OOM_KILL.match(line)
        if not match or (since and match.group(1) <= since):
            continue
        fields = dict(part.split("=", 1) for part in match.group(2).split(",") if "=" in part)
        cid = CONTAINER_ID.search(fields.get("task_memcg", ""))
        kills.append({
            "time": match.group(1),
            "source": "kernel",
            "container_id": cid.group(1) if cid else None,
            "task": fields.get("task"),
            "pid": fields.get("pid"),
            "constraint": fields.get("constraint"),
        })
    return kills


def docker_kills(seen):
    ids = run(["docker", "ps", "--all", "--quiet", "--no-trunc", "--filter", "status=exited"]).split()
    if not ids:
        return []
    template = "{{.Id}} {{.State.OOMKilled}} {{.State.FinishedAt}} {{.State.ExitCode}}"
    kills = []
    for line in run(["docker", "inspect", "--format", template, *ids]).splitlines():
        cid, oom_killed, finished_at, exit_code = line.split(" ")
        if oom_killed == "true" and seen.get(cid) != finished_at:
            seen[cid] = finished_at
            kills.append({"time": finished_at, "source": "docker", "container_id": cid, "exit_code": int(exit_code)})
    return kills


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--log", required=True)
    parser.add_argument("--state", required=True)
    args = parser.parse_args()

    try:
        with open(args.state, encoding="utf-8") as handle:
            state = json.load(handle)
    except (OSError, ValueError):
        state = {}
    seen = state.setdefault("docker_seen", {})

    kills = kernel_kills(state.get("kernel_last"))
    if kills:
        state["kernel_last"] = kills[-1]["time"]
    kills += docker_kills(seen)

    names = container_names(sorted({k["container_id"] for k in kills if k["container_id"]}))
    recorded_at = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    with open(args.log, "a", encoding="utf-8") as log:
        for kill in kills:
            kill["container"] = names.get(kill["container_id"]) if kill["container_id"] else None
            kill["recorded_at"] = recorded_at
            line = json.dumps(kill, sort_keys=True)
            log.write(line + "\n")
            print(line)

    os.makedirs(os.path.dirname(args.state), exist_ok=True)
    with open(args.state + ".tmp", "w", encoding="utf-8") as handle:
        json.dump(state, handle)
    os.replace(args.state + ".tmp", args.state)


if __name__ == "__main__":
    main()
