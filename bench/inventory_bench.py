#!/usr/bin/env python3
"""Inventory benchmark: tide.digitalocean.droplets against community.digitalocean.digitalocean.

One emulator on loopback holds 5,000 droplets, 1,000 of them tagged `web`. Each plugin runs
`ansible-inventory --list` (a fresh process, as a user or AWX runs it) to select the `web` droplets and to list
every droplet. Reported: API requests (counted by the emulator), the physical limit ceil(droplets / 200),
median wall time over the repeats, and our figures as a ratio of community.digitalocean's.

community.digitalocean's plugin has no api_url option but takes `baseurl` (its default is
https://api.digitalocean.com/v2), so it is pointed at http://127.0.0.1:PORT/v2. It ignores the token environment
variables (its doc fragment declares no `env:` entries) and would send "Bearer None", so its token is written
into its config file; the benchmark checks that claim with one env-only run. It cannot filter by tag on the
server, so `web` is selected with its `filters` option ('"web" in do_tags', `tags` added to `attributes`).

For the all-droplets case it also records where each plugin's CPU time goes: `--phases CONFIG` runs
`ansible-inventory --list` in-process with timers around ansible-core's phases (plugin parse, with the
set_variable/add_host/add_group/add_child calls inside it; per-host variable assembly; JSON encoding). The plugin
cannot influence the last two beyond the size of the host variables it sets, so they bound what any change of the
plugin can gain.

Usage: inventory_bench.py [--droplets 5000] [--tagged 1000] [--repeat 3]; writes bench/results/inventory.json.
       inventory_bench.py --phases CONFIG (prints the phase breakdown of one run as JSON).
"""

import argparse
import json
import math
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time

import requests
import yaml

from do_emulator.process import EmulatorProcess

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESULT = os.path.join(REPO, "bench", "results", "inventory.json")
TOKEN = "inventory-bench-token"
PER_PAGE = 200
NAMES_PER_CREATE = 10
TAG = "web"
OTHER_TAGS = ["db", "cache", "worker", "batch"]
REGIONS = ["nyc3", "fra1", "ams3", "sfo3", "lon1"]


def start_emulator():
    """The emulator accepts only TOKEN, so a client that sends "Bearer None" is refused as the real API would."""
    return EmulatorProcess(["--action-seconds", "0", "--rate-limit-per-minute", "10000000", "--token", TOKEN]).start()


class EmulatorClient:
    def __init__(self, url):
        self.url = url
        self.http = requests.Session()
        self.http.headers["Authorization"] = "Bearer " + TOKEN

    def request(self, method, path, **kwargs):
        response = self.http.request(method, self.url + path, timeout=60, **kwargs)
        response.raise_for_status()
        return response.json() if response.content else None

    def populate(self, total, tagged):
        """`total` droplets over five regions; the first `tagged` carry TAG, the others one of OTHER_TAGS."""
        for start in range(0, total, NAMES_PER_CREATE):
            numbers = range(start, min(total, start + NAMES_PER_CREATE))
            tag = TAG if start < tagged else OTHER_TAGS[(start // NAMES_PER_CREATE) % len(OTHER_TAGS)]
            self.request("POST", "/v2/droplets", json={
                "names": ["%s-%05d" % (tag, n) for n in numbers],
                "region": REGIONS[(start // NAMES_PER_CREATE) % len(REGIONS)],
                "size": "s-1vcpu-1gb",
                "image": "ubuntu-24-04-x64",
                "tags": [tag, "bench"],
            })

    def stats(self):
        return self.request("GET", "/_emulator/stats")

    def clear_stats(self):
        self.request("DELETE", "/_emulator/stats")


def environment(url, with_token=True):
    env = dict(os.environ)
    for name in ("DIGITALOCEAN_TOKEN", "DIGITALOCEAN_ACCESS_TOKEN", "DO_API_TOKEN", "DIGITALOCEAN_API_URL"):
        env.pop(name, None)
    env["PATH"] = os.path.join(REPO, ".venv", "bin") + os.pathsep + env.get("PATH", "")
    env.setdefault("ANSIBLE_COLLECTIONS_PATH", os.path.join(REPO, ".build", "collections"))
    env.setdefault("ANSIBLE_CONFIG", os.path.join(REPO, "ansible.cfg"))
    env["ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED"] = "true"
    env["DIGITALOCEAN_API_URL"] = url
    if with_token:
        env["DIGITALOCEAN_TOKEN"] = TOKEN
    return env


def configs(url, workdir):
    """{(plugin, selection): config path}. File names follow what each plugin's verify_file accepts."""
    community_base = {
        "plugin": "community.digitalocean.digitalocean",
        "baseurl": url + "/v2",
        "api_token": TOKEN,
        "attributes": ["id", "name", "networks", "region", "size_slug", "tags"],
    }
    wanted = {
        ("tide.digitalocean.droplets", TAG): {"plugin": "tide.digitalocean.droplets", "tags": [TAG]},
        ("tide.digitalocean.droplets", "all"): {"plugin": "tide.digitalocean.droplets"},
        ("community.digitalocean.digitalocean", TAG): dict(community_base, filters=['"%s" in do_tags' % TAG]),
        ("community.digitalocean.digitalocean", "all"): community_base,
    }
    paths = {}
    for index, (key, config) in enumerate(wanted.items()):
        suffix = "do.yml" if key[0].startswith("tide.") else "digitalocean.yml"
        path = os.path.join(workdir, "bench%d.%s" % (index, suffix))
        with open(path, "w") as handle:
            yaml.safe_dump(config, handle)
        paths[key] = path
    return paths


def child_cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_inventory(path, env):
    """(wall seconds, CPU seconds of ansible-inventory, host count). CPU time is the steadier figure on a shared
    machine; the emulator's own work is in neither plugin's CPU time but is in both wall times."""
    cpu_before = child_cpu_seconds()
    started = time.monotonic()
    completed = subprocess.run(["ansible-inventory", "-i", path, "--list"], env=env, capture_output=True,
                               text=True, check=False)
    elapsed = time.monotonic() - started
    cpu = child_cpu_seconds() - cpu_before
    if completed.returncode != 0:
        raise RuntimeError("ansible-inventory -i %s failed:\n%s" % (path, completed.stderr[-2000:]))
    return elapsed, cpu, len(json.loads(completed.stdout)["_meta"]["hostvars"])


def measure(emulator, path, env, repeat):
    times, cpu_times, requests_made, hosts = [], [], set(), set()
    for _ in range(repeat):
        emulator.clear_stats()
        elapsed, cpu, host_count = run_inventory(path, env)
        times.append(elapsed)
        cpu_times.append(cpu)
        requests_made.add(emulator.stats()["total"])
        hosts.add(host_count)
    if len(requests_made) != 1 or len(hosts) != 1:
        raise RuntimeError("runs of %s disagree: requests %s, hosts %s" % (path, requests_made, hosts))
    return {
        "hosts": hosts.pop(),
        "requests": requests_made.pop(),
        "wall_seconds_median": round(statistics.median(times), 3),
        "wall_seconds": [round(t, 3) for t in times],
        "cpu_seconds_median": round(statistics.median(cpu_times), 3),
    }


def phases_in_process(path):
    """CPU seconds per phase of one in-process `ansible-inventory -i path --list` (no profiler: its overhead
    would inflate call-heavy phases). Needs the environment of `environment()`."""
    started = time.process_time()
    import contextlib
    import io

    from ansible.cli.inventory import InventoryCLI
    from ansible.inventory import data, manager

    spent = {}

    def timed(name, function):
        def wrapper(*args, **kwargs):
            before = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0.0) + time.process_time() - before
        return wrapper

    manager.InventoryManager.parse_sources = timed("parse", manager.InventoryManager.parse_sources)
    manager._InventoryDataWrapper.set_variable = timed("parse.set_variable", manager._InventoryDataWrapper.set_variable)
    for method in ("add_host", "add_group", "add_child"):
        setattr(data.InventoryData, method, timed("parse." + method, getattr(data.InventoryData, method)))
    InventoryCLI.json_inventory = timed("host_vars_assembly", InventoryCLI.json_inventory)
    InventoryCLI.dump = staticmethod(timed("json_encode", InventoryCLI.dump))
    imported = time.process_time() - started
    output = io.StringIO()
    try:
        with contextlib.redirect_stdout(output):
            InventoryCLI(["ansible-inventory", "-i", path, "--list"]).run()
    except SystemExit as exit_status:  # run() ends with sys.exit(0) on success, sys.exit(1) on failure
        if exit_status.code:
            raise RuntimeError("ansible-inventory -i %s --list exited %s" % (path, exit_status.code)) from None
    result = {"total": time.process_time() - started, "startup_imports": imported}
    result.update(spent)
    result = {name: round(seconds, 3) for name, seconds in result.items()}
    result["output_bytes"] = len(output.getvalue())
    return result


def measure_phases(path, env, repeat):
    """Median of each phase over `repeat` fresh processes."""
    runs = []
    for _ in range(repeat):
        completed = subprocess.run([sys.executable, os.path.abspath(__file__), "--phases", path], env=env,
                                   capture_output=True, text=True, check=True)
        runs.append(json.loads(completed.stdout))
    return {name: statistics.median(run[name] for run in runs) for name in runs[0]}


def community_env_only_check(emulator, url, workdir):
    """Run community.digitalocean with the token only in the environment; report what the API saw."""
    path = os.path.join(workdir, "envonly.digitalocean.yml")
    with open(path, "w") as handle:
        yaml.safe_dump({"plugin": "community.digitalocean.digitalocean", "baseurl": url + "/v2"}, handle)
    env = environment(url)
    env.update(DO_API_TOKEN=TOKEN, DO_API_KEY=TOKEN, DO_OAUTH_TOKEN=TOKEN, OAUTH_TOKEN=TOKEN)
    emulator.clear_stats()
    completed = subprocess.run(["ansible-inventory", "-i", path, "--list"], env=env, capture_output=True,
                               text=True, check=False)
    statuses = emulator.stats().get("statuses", {})
    return {"returncode": completed.returncode, "api_statuses": statuses,
            "token_from_env_used": completed.returncode == 0 and "401" not in statuses}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--droplets", type=int, default=5000)
    parser.add_argument("--tagged", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--phases", metavar="CONFIG", help="print the CPU phase breakdown of one run and exit")
    args = parser.parse_args(argv)
    if args.phases:
        print(json.dumps(phases_in_process(args.phases)))
        return 0

    process = start_emulator()
    url = process.url
    try:
        emulator = EmulatorClient(url)
        started = time.monotonic()
        emulator.populate(args.droplets, args.tagged)
        print("created %d droplets (%d tagged %s) in %.1fs" % (args.droplets, args.tagged, TAG,
                                                                 time.monotonic() - started))
        with tempfile.TemporaryDirectory(prefix="inventory-bench-") as workdir:
            env = environment(url)
            results = {}
            for (plugin, selection), path in configs(url, workdir).items():
                results.setdefault(selection, {})[plugin] = measure(emulator, path, env, args.repeat)
                print("  %-36s %-4s %s" % (plugin, selection, results[selection][plugin]), flush=True)
            phases = {}
            for (plugin, selection), path in configs(url, workdir).items():
                if selection == "all":
                    phases[plugin] = measure_phases(path, env, args.repeat)
                    print("  %-36s phases %s" % (plugin, phases[plugin]), flush=True)
            env_only = community_env_only_check(emulator, url, workdir)
    finally:
        process.stop()

    limits = {TAG: math.ceil(args.tagged / PER_PAGE), "all": math.ceil(args.droplets / PER_PAGE)}
    rows = []
    for selection in (TAG, "all"):
        ours = results[selection]["tide.digitalocean.droplets"]
        theirs = results[selection]["community.digitalocean.digitalocean"]
        rows.append({
            "selection": "tag %s" % TAG if selection == TAG else "all droplets",
            "expected_hosts": args.tagged if selection == TAG else args.droplets,
            "request_limit": limits[selection],
            "tide": ours,
            "community": theirs,
            "request_ratio": round(ours["requests"] / theirs["requests"], 3),
            "wall_time_ratio": round(ours["wall_seconds_median"] / theirs["wall_seconds_median"], 3),
            "cpu_time_ratio": round(ours["cpu_seconds_median"] / theirs["cpu_seconds_median"], 3),
        })

    header = "%-13s %5s %5s | %-24s | %-27s | %-17s" % (
        "selection", "hosts", "limit", "tide: req / wall / cpu", "community: req / wall / cpu", "tide/community")
    print()
    print(header)
    print("%-13s %5s %5s | %-24s | %-27s | %5s %5s %5s" % ("", "", "", "", "", "req", "wall", "cpu"))
    print("-" * len(header))
    for row in rows:
        figures = []
        for plugin in ("tide", "community"):
            result = row[plugin]
            if result["hosts"] != row["expected_hosts"]:
                raise RuntimeError("%s listed %d hosts, not %d" % (plugin, result["hosts"], row["expected_hosts"]))
            figures.append("%4d / %6.2fs / %6.2fs" % (result["requests"], result["wall_seconds_median"],
                                                      result["cpu_seconds_median"]))
        print("%-13s %5d %5d | %-24s | %-27s | %5.2f %5.2f %5.2f" % (
            row["selection"], row["expected_hosts"], row["request_limit"], figures[0], figures[1],
            row["request_ratio"], row["wall_time_ratio"], row["cpu_time_ratio"]))
    print("limit = ceil(hosts / %d) requests; medians of %d runs; ratios below 1 favour tide" % (PER_PAGE, args.repeat))
    ours, theirs = phases["tide.digitalocean.droplets"], phases["community.digitalocean.digitalocean"]
    outside_parse = ours["total"] - ours["parse"]
    print()
    print("all droplets, CPU seconds per phase (in-process, medians):")
    for name in sorted(set(ours) | set(theirs)):
        print("  %-22s tide %9s   community %9s" % (name, ours.get(name, "-"), theirs.get(name, "-")))
    print("tide outside its parse phase: %.2fs = %.2fx of community's total CPU (the floor of the ratio if the "
          "plugin's parse cost nothing)" % (outside_parse, outside_parse / theirs["total"]))
    print("community.digitalocean with the token only in the environment: exit %s, API answered %s"
          % (env_only["returncode"], env_only["api_statuses"]))

    os.makedirs(os.path.dirname(RESULT), exist_ok=True)
    with open(RESULT, "w") as handle:
        json.dump({
            "benchmark": "ansible-inventory --list, tide.digitalocean.droplets vs community.digitalocean.digitalocean",
            "droplets": args.droplets,
            "tagged": args.tagged,
            "tag": TAG,
            "per_page": PER_PAGE,
            "repeat": args.repeat,
            "rows": rows,
            "all_droplets_cpu_phases": {
                "note": "in-process ansible-inventory --list, CPU seconds, medians; parse.* are inside parse",
                "tide": ours,
                "community": theirs,
                "tide_cpu_outside_parse_ratio": round(outside_parse / theirs["total"], 3),
            },
            "community_env_only_token": env_only,
            "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                        "load_average_1m": round(os.getloadavg()[0], 2)},
        }, handle, indent=2)
        handle.write("\n")
    print("wrote %s" % os.path.relpath(RESULT, REPO))
    return 0


if __name__ == "__main__":
    sys.exit(main())
