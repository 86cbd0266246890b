#!/usr/bin/env python3
"""Inventory benchmark: tide.digitalocean.droplets against community.digitalocean.digitalocean.

One emulator on loopback holds 5,000 droplets, 1,000 of them tagged `web`. Each configuration (VARIANTS) runs
`ansible-inventory --list` (a fresh process, as a user or AWX runs it): both plugins selecting the `web` droplets
and listing every droplet, and tide listing every droplet also with a jsonfile cache hit and with its `variables`
option set to the 6 variables community's configuration sets or to none. Every droplet is also loaded by a play
(hosts: all, gather_facts: false, one run_once task on the controller), which is what a playbook run pays for the
inventory. Runs are interleaved (round 1 of every configuration, then round 2, ...) so that the load of a shared
machine falls on all of them alike. Reported: API requests (counted by the emulator), the physical limit
ceil(hosts / 200), median wall and CPU seconds, and tide's figures as ratios of community.digitalocean's; CPU
seconds are the steadier figure on a shared machine.

community.digitalocean's plugin has no api_url option but takes `baseurl` (its default is
https://api.digitalocean.com/v2), so it is pointed at http://127.0.0.1:PORT/v2. It ignores the token environment
variables (its doc fragment declares no `env:` entries) and would send "Bearer None", so its token is written
into its config file; the benchmark checks that claim with one env-only run. It cannot filter by tag on the
server, so `web` is selected with its `filters` option ('"web" in do_tags', `tags` added to `attributes`). It sets
no ansible_host unless told to (compose); tide always does.

For every droplet it also records where each configuration's CPU time goes: `--phases CONFIG` runs
`ansible-inventory --list` in-process with timers around ansible-core's phases (plugin parse, with the
set_variable/add_host/add_group/add_child calls inside it; per-host variable assembly; JSON encoding). The plugin
cannot influence the last two beyond the number and size of the host variables it sets; `variables: []` shows the
floor: ansible-core's cost per host with nothing but ansible_host and the default groups. The `conclusion` field of
the results states the ratio reached against the target of issue 13 (at most half of community's time).

Usage: inventory_bench.py [--droplets 5000] [--tagged 1000] [--repeat 3]; writes bench/results/inventory.json.
       inventory_bench.py --phases CONFIG (prints the phase breakdown of one run as JSON).
"""

import argparse
import json
import os
import platform
import re
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


TIDE = "tide.digitalocean.droplets"
COMMUNITY = "community.digitalocean.digitalocean"
# The do_ variables of community.digitalocean's configuration here (id, name, networks, region, size_slug, tags),
# under tide's names: the same information for each host, with region and size as slugs.
SAME_AS_COMMUNITY = ["do_id", "do_name", "do_networks", "do_region", "do_size", "do_tags"]
# The short list the plugin's documentation of `variables` gives as an example.
LEAN = ["do_id", "do_name", "do_region", "do_tags"]
# What each configuration is, in the order of the result rows: (key, plugin, selection, label).
VARIANTS = [
    ("tide_tag", TIDE, TAG, "tide, tag %s" % TAG),
    ("community_tag", COMMUNITY, TAG, "community, tag %s" % TAG),
    ("tide_all", TIDE, "all", "tide, every droplet, default variables (all 19 do_ variables)"),
    ("tide_all_cached", TIDE, "all", "tide, every droplet, default variables, jsonfile cache hit (0 requests)"),
    ("tide_all_same", TIDE, "all", "tide, every droplet, variables: the 6 community's configuration sets"),
    ("tide_all_lean", TIDE, "all", "tide, every droplet, variables: [do_id, do_name, do_region, do_tags]"),
    ("tide_all_none", TIDE, "all", "tide, every droplet, variables: [] (ansible_host and the default groups only)"),
    ("community_all", COMMUNITY, "all", "community, every droplet"),
]
ALL_DROPLETS = [key for key, _plugin, selection, _label in VARIANTS if selection == "all"]
PLAY = """- name: Every droplet, no connection (what a play pays for the inventory before its first task)
  hosts: all
  gather_facts: false
  tasks:
    - name: One line on the controller
      ansible.builtin.debug:
        msg: "{{ ansible_play_hosts_all | length }} hosts"
      run_once: true
"""


def configs(url, workdir):
    """{variant key: config path}. File names follow what each plugin's verify_file accepts."""
    community_base = {
        "plugin": COMMUNITY,
        "baseurl": url + "/v2",
        "api_token": TOKEN,
        "attributes": ["id", "name", "networks", "region", "size_slug", "tags"],
    }
    wanted = {
        "tide_tag": {"plugin": TIDE, "tags": [TAG]},
        "tide_all": {"plugin": TIDE},
        "tide_all_cached": {"plugin": TIDE, "cache": True, "cache_plugin": "ansible.builtin.jsonfile",
                            "cache_connection": os.path.join(workdir, "cache"), "cache_timeout": 86400},
        "tide_all_same": {"plugin": TIDE, "variables": SAME_AS_COMMUNITY},
        "tide_all_lean": {"plugin": TIDE, "variables": LEAN},
        "tide_all_none": {"plugin": TIDE, "variables": []},
        "community_tag": dict(community_base, filters=['"%s" in do_tags' % TAG]),
        "community_all": community_base,
    }
    paths = {}
    for key, config in wanted.items():
        suffix = "do.yml" if config["plugin"] == TIDE else "digitalocean.yml"
        path = os.path.join(workdir, "%s.%s" % (key, suffix))
        with open(path, "w") as handle:
            yaml.safe_dump(config, handle)
        paths[key] = path
    return paths


def child_cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_run(command, env):
    """(wall seconds, CPU seconds of the command, its stdout). CPU time is the steadier figure on a shared machine;
    the emulator's own work is in neither plugin's CPU time but is in both wall times."""
    cpu_before = child_cpu_seconds()
    started = time.monotonic()
    completed = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    elapsed = time.monotonic() - started
    cpu = child_cpu_seconds() - cpu_before
    if completed.returncode != 0:
        raise RuntimeError("%s failed:\n%s" % (" ".join(command), (completed.stdout + completed.stderr)[-2000:]))
    return elapsed, cpu, completed.stdout


def run_inventory(path, env):
    """`ansible-inventory --list`: (wall, CPU, host count)."""
    elapsed, cpu, stdout = timed_run(["ansible-inventory", "-i", path, "--list"], env)
    return elapsed, cpu, len(json.loads(stdout)["_meta"]["hostvars"])


def run_play(path, playbook, env):
    """A play over every host with gather_facts off and one run_once task on the controller: (wall, CPU, hosts)."""
    elapsed, cpu, stdout = timed_run(["ansible-playbook", "-i", path, playbook], env)
    found = re.search(r"(\d+) hosts", stdout)
    return elapsed, cpu, int(found.group(1)) if found else 0


def measure_interleaved(emulator, runs, repeat):
    """{key: run() -> (wall, CPU, hosts)}, run in `repeat` rounds of every key in turn, so that the load of a shared
    machine falls on every key alike. Per key: hosts, API requests, median wall and CPU seconds."""
    samples = {key: [] for key in runs}
    for _ in range(repeat):
        for key, run in runs.items():
            emulator.clear_stats()
            elapsed, cpu, hosts = run()
            samples[key].append((elapsed, cpu, hosts, emulator.stats()["total"]))
    summary = {}
    for key, values in samples.items():
        hosts = {value[2] for value in values}
        requests_made = {value[3] for value in values}
        if len(requests_made) != 1 or len(hosts) != 1:
            raise RuntimeError("runs of %s disagree: requests %s, hosts %s" % (key, requests_made, hosts))
        summary[key] = {
            "hosts": hosts.pop(),
            "requests": requests_made.pop(),
            "wall_seconds_median": round(statistics.median(value[0] for value in values), 3),
            "wall_seconds": [round(value[0], 3) for value in values],
            "cpu_seconds_median": round(statistics.median(value[1] for value in values), 3),
            "cpu_seconds": [round(value[1], 3) for value in values],
        }
    return summary


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


def measure_phases(paths, env, repeat):
    """{key: config path} -> {key: median of each phase}, over `repeat` rounds of fresh processes, interleaved."""
    runs = {key: [] for key in paths}
    for _ in range(repeat):
        for key, path in paths.items():
            completed = subprocess.run([sys.executable, os.path.abspath(__file__), "--phases", path], env=env,
                                       capture_output=True, text=True, check=True)
            runs[key].append(json.loads(completed.stdout))
    medians = {}
    for key, values in runs.items():
        medians[key] = {name: round(statistics.median(run[name] for run in values), 3) for name in values[0]}
        inside = sum(seconds for name, seconds in medians[key].items() if name.startswith("parse."))
        medians[key]["parse.plugin_own"] = round(medians[key]["parse"] - inside, 3)
    return medians


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


def ratio(ours, theirs):
    return round(ours / theirs, 3) if theirs else None


def compare(results, key, baseline):
    ours, theirs = results[key], results[baseline]
    return {"tide": key, "community": baseline, "request_limit": -(-ours["hosts"] // PER_PAGE),
            "request_ratio": ratio(ours["requests"], theirs["requests"]),
            "wall_time_ratio": ratio(ours["wall_seconds_median"], theirs["wall_seconds_median"]),
            "cpu_time_ratio": ratio(ours["cpu_seconds_median"], theirs["cpu_seconds_median"])}


def conclusion(listing, play, phases, default_hosts, target=0.5):
    """What the figures say about issue 13's target (every droplet: tide at most half of community's time)."""
    theirs, ours, floor = phases["community_all"], phases["tide_all"], phases["tide_all_none"]
    by_key = {row["tide"]: row for row in listing}
    play_by_key = {row["tide"]: row for row in play}
    default, none = by_key["tide_all"], by_key["tide_all_none"]
    core_per_host = ["parse.add_host", "parse.add_child", "parse.set_variable", "host_vars_assembly", "json_encode"]
    fixed = {name: floor[name] for name in ["startup_imports", "parse.plugin_own", *core_per_host]}
    per_variable = {name: round(ours[name] - floor[name], 3)
                    for name in ["parse.set_variable", "host_vars_assembly", "json_encode", "parse.plugin_own"]}
    gap = ours["total"] - target * theirs["total"]
    without_plugin_work = (ours["total"] - ours["parse.plugin_own"]) / theirs["total"]

    def verdict(cpu_ratio):
        return "meets %.1f" % target if cpu_ratio <= target else "misses %.1f" % target

    text = (
        "Every droplet (%d hosts) with the default variables (all 19 do_ variables): ansible-inventory --list takes "
        "%.2fx community.digitalocean's CPU (%.2fx wall), a play over every host %.2fx CPU (%.2fx wall); this %s. "
        % (default_hosts, default["cpu_time_ratio"], default["wall_time_ratio"],
           play_by_key["tide_all"]["cpu_time_ratio"], play_by_key["tide_all"]["wall_time_ratio"],
           verdict(default["cpu_time_ratio"]))
    )
    if gap > 0:
        text += (
            "In process it spends %.2f CPU seconds against community's %.2f, %.2fs more than half. Against no do_ "
            "variable at all, the 19 variables cost ansible-core %.2fs in set_variable (2.19 copies every value, "
            "checks its type and tags its origin), %.2fs in JSON encoding and %.2fs in host variable assembly, "
            "and the plugin's own parse work %.2fs; all of the plugin's own work (%.2fs) taken away, the default "
            "would still be %.2fx: the gap is ansible-core's price per host and per variable, which only fewer "
            "variables lower. "
            % (ours["total"], theirs["total"], gap, per_variable["parse.set_variable"], per_variable["json_encode"],
               per_variable["host_vars_assembly"], per_variable["parse.plugin_own"], ours["parse.plugin_own"],
               without_plugin_work)
        )
    options = (("tide_all_none", "[]"), ("tide_all_lean", "[do_id, do_name, do_region, do_tags]"),
               ("tide_all_same", "the 6 variables community's configuration sets"))
    text += "With the variables option, CPU as a ratio of community's for ansible-inventory --list / a play (wall of "
    text += "--list): " + "; ".join(
        "%s %.2fx / %.2fx (%.2fx)" % (what, by_key[key]["cpu_time_ratio"], play_by_key[key]["cpu_time_ratio"],
                                      by_key[key]["wall_time_ratio"])
        for key, what in options
    )
    for where, ratios in (("ansible-inventory --list", by_key), ("a play", play_by_key)):
        met = [what for key, what in options if ratios[key]["cpu_time_ratio"] <= target]
        text += "; %.1f met for %s by %s" % (target, where, " and ".join(met) if met else "none of them")
    text += (
        ". The floor of this plugin for %d hosts with ansible_host and the default groups is %.2f CPU seconds = "
        "%.2fx of community's, of which ansible-core's fixed per-host cost (add_host, add_child, the one "
        "set_variable, host variable assembly, JSON encoding) is %.2fs and startup %.2fs; the plugin's own "
        "listing, decoding and grouping %.2fs. A jsonfile cache hit saves only the API listing (%.2fx CPU with the "
        "default variables)."
        % (default_hosts, floor["total"], floor["total"] / theirs["total"],
           sum(floor[name] for name in core_per_host), floor["startup_imports"], floor["parse.plugin_own"],
           by_key["tide_all_cached"]["cpu_time_ratio"])
    )
    return {
        "target_ratio": target,
        "default_variables_target_met": default["cpu_time_ratio"] <= target,
        "default_variables_cpu_ratio": default["cpu_time_ratio"],
        "default_variables_wall_ratio": default["wall_time_ratio"],
        "default_variables_play_cpu_ratio": play_by_key["tide_all"]["cpu_time_ratio"],
        "default_variables_missed_by_cpu_seconds": round(gap, 3),
        "default_variables_missed_by_ratio": round(ours["total"] / theirs["total"] - target, 3),
        "variables_none_cpu_ratio": none["cpu_time_ratio"],
        "variables_lean_cpu_ratio": by_key["tide_all_lean"]["cpu_time_ratio"],
        "variables_same_as_community_cpu_ratio": by_key["tide_all_same"]["cpu_time_ratio"],
        "default_without_any_plugin_work_cpu_ratio": round(without_plugin_work, 3),
        "default_minus_no_variables_cpu_seconds": per_variable,
        "no_variables_floor_cpu_seconds": fixed,
        "no_variables_floor_ratio": round(floor["total"] / theirs["total"], 3),
        "text": text,
    }


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
                                                                 time.monotonic() - started), flush=True)
        with tempfile.TemporaryDirectory(prefix="inventory-bench-") as workdir:
            env = environment(url)
            paths = configs(url, workdir)
            run_inventory(paths["tide_all_cached"], env)  # fills the cache the cached variant reads
            results = measure_interleaved(
                emulator, {key: (lambda path=path: run_inventory(path, env)) for key, path in paths.items()},
                args.repeat)
            for key, _plugin, _selection, label in VARIANTS:
                print("  %-16s %s  (%s)" % (key, results[key], label), flush=True)
            playbook = os.path.join(workdir, "play.yml")
            with open(playbook, "w") as handle:
                handle.write(PLAY)
            played = ["tide_all", "tide_all_same", "tide_all_lean", "tide_all_none", "community_all"]
            plays = measure_interleaved(
                emulator, {key: (lambda path=paths[key]: run_play(path, playbook, env)) for key in played},
                args.repeat)
            for key in played:
                print("  play %-11s %s" % (key, plays[key]), flush=True)
            phases = measure_phases({key: paths[key] for key in ALL_DROPLETS}, env, args.repeat)
            for key in ALL_DROPLETS:
                print("  phases %-9s %s" % (key, phases[key]), flush=True)
            env_only = community_env_only_check(emulator, url, workdir)
    finally:
        process.stop()

    expected = {TAG: args.tagged, "all": args.droplets}
    for key, _plugin, selection, _label in VARIANTS:
        for measured in (results, plays):
            if key in measured and measured[key]["hosts"] != expected[selection]:
                raise RuntimeError("%s listed %d hosts, not %d" % (key, measured[key]["hosts"], expected[selection]))
    listing = [compare(results, "tide_tag", "community_tag")]
    listing += [compare(results, key, "community_all") for key in ALL_DROPLETS if key != "community_all"]
    play = [compare(plays, key, "community_all") for key in played if key != "community_all"]
    summary = conclusion(listing, play, phases, args.droplets)

    labels = {key: label for key, _plugin, _selection, label in VARIANTS}
    print()
    print("%-16s %5s %4s %8s %8s | %6s %6s  (tide/community; medians of %d interleaved runs)"
          % ("ansible-inventory", "hosts", "req", "wall s", "cpu s", "wall", "cpu", args.repeat))
    for row in listing:
        ours = results[row["tide"]]
        print("%-16s %5d %4d %8.2f %8.2f | %6.2f %6.2f  %s" % (
            row["tide"], ours["hosts"], ours["requests"], ours["wall_seconds_median"], ours["cpu_seconds_median"],
            row["wall_time_ratio"], row["cpu_time_ratio"], labels[row["tide"]]))
    for key in ("community_tag", "community_all"):
        theirs = results[key]
        print("%-16s %5d %4d %8.2f %8.2f" % (key, theirs["hosts"], theirs["requests"], theirs["wall_seconds_median"],
                                            theirs["cpu_seconds_median"]))
    print("ansible-playbook (hosts: all, gather_facts: false, one run_once debug task):")
    for row in play:
        ours = plays[row["tide"]]
        print("%-16s %5d %4d %8.2f %8.2f | %6.2f %6.2f" % (
            row["tide"], ours["hosts"], ours["requests"], ours["wall_seconds_median"], ours["cpu_seconds_median"],
            row["wall_time_ratio"], row["cpu_time_ratio"]))
    theirs = plays["community_all"]
    print("%-16s %5d %4d %8.2f %8.2f" % ("community_all", theirs["hosts"], theirs["requests"],
                                        theirs["wall_seconds_median"], theirs["cpu_seconds_median"]))
    print()
    print("every droplet, ansible-inventory --list in process, CPU seconds per phase (medians; parse.* inside parse):")
    names = sorted(set().union(*(set(phases[key]) for key in ALL_DROPLETS)))
    print("  %-20s" % "" + "".join("%16s" % key for key in ALL_DROPLETS))
    for name in names:
        print("  %-20s" % name + "".join("%16s" % phases[key].get(name, "-") for key in ALL_DROPLETS))
    print()
    print(summary["text"])
    print("community.digitalocean with the token only in the environment: exit %s, API answered %s"
          % (env_only["returncode"], env_only["api_statuses"]))

    os.makedirs(os.path.dirname(RESULT), exist_ok=True)
    with open(RESULT, "w") as handle:
        json.dump({
            "benchmark": "ansible-inventory --list and a play over every host, tide.digitalocean.droplets vs "
                         "community.digitalocean.digitalocean",
            "droplets": args.droplets,
            "tagged": args.tagged,
            "tag": TAG,
            "per_page": PER_PAGE,
            "repeat": args.repeat,
            "variants": {key: {"plugin": plugin, "selection": selection, "what": label}
                         for key, plugin, selection, label in VARIANTS},
            "inventory_list": results,
            "inventory_list_ratios": listing,
            "play": plays,
            "play_ratios": play,
            "all_droplets_cpu_phases": {
                "note": "in-process ansible-inventory --list, CPU seconds, medians; parse.* are inside parse; "
                        "parse.plugin_own is parse minus the ansible-core calls timed inside it",
                **phases,
            },
            "conclusion": summary,
            "community_env_only_token": env_only,
            "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                        "load_average_1m": round(os.getloadavg()[0], 2)},
        }, handle, indent=2)
        handle.write("\n")
    print("wrote %s" % os.path.relpath(RESULT, REPO))
    return 0


if __name__ == "__main__":
    sys.exit(main())
