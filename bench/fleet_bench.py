"""A whole site at fleet scale, tide.digitalocean beside community.digitalocean 1.27 (the PyPI `ansible` package's),
against the emulator with actions of 2 seconds: N droplets (web-01..web-N, tag bench) created and waited for, the
rerun, a volume attached to each, a firewall on the tag, a PostgreSQL cluster with a database, a user and a pool,
everything deleted, and the cost of a no-op task. Each side has its own emulator (the sides alternate step by
step); requests are the emulator's exact counts (GET /_emulator/stats, cleared before each step), wall and CPU
those of ansible-playbook and all it ran. Beside it, the whole run again at 60 requests a minute (tide's best form
and community at once, each on its own emulator; what that run measures is the rate limit, and it mostly waits).
The playbooks are bench/fleet/<collection>/*.yml; what each step's physical minimum is: bench/fleet/steps.py.

Prints a table and the goals (figures, not pass/fail), writes bench/results/fleet.json and fleet.png.
    python bench/fleet_bench.py                          # what `make bench` runs: N=50 and the 60/min run
    python bench/fleet_bench.py --droplets 5 --quick     # a quick look (no 60/min run)
"""

import argparse
import json
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path

from fleet import report
from fleet.measure import ROOT, Emulator, environment, run_playbook
from fleet.steps import LOOP_SIDES, NOOP, NOOP_TASKS, SIDES, STEPS

from do_emulator.process import running

RESULTS = ROOT / "bench" / "results"
FLOOR = ROOT / "bench" / "fleet" / "loop_floor.yml"


def parse():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--droplets", type=int, default=50, help="N, the fleet's size (default 50)")
    parser.add_argument("--action-seconds", type=float, default=2.0)
    parser.add_argument("--per-minute", type=int, default=60, help="the rate-limited run's requests a minute")
    parser.add_argument("--quick", action="store_true", help="skip the rate-limited run")
    parser.add_argument("--step-timeout", type=int, default=3600, help="seconds a step may take (default 60 min)")
    parser.add_argument("--limited-timeout", type=int, default=1200,
                        help="seconds a step of the rate-limited run may take (default 20 min)")
    parser.add_argument("--collections", type=Path, default=ROOT / ".build" / "collections",
                        help="the ANSIBLE_COLLECTIONS_PATH that finds tide.digitalocean")
    parser.add_argument("--logs", type=Path, help="keep the playbooks' output here (default: a temporary dir)")
    parser.add_argument("--sides", default="tide,community,tide_loop,tide_loop_each",
                        help="which of %s to run (default tide,community,tide_loop,tide_loop_each)" % ",".join(
                            s.key for s in SIDES))
    parser.add_argument("--out", type=Path, default=RESULTS / "fleet.json", help="the results (and beside it the .png)")
    parser.add_argument("--report", type=Path, nargs="+", metavar="JSON",
                        help="print and chart saved runs instead of running (the sides of later runs are added to the "
                             "first's)")
    return parser.parse_args()


def has_volume_list(collections):
    """Whether this tide.digitalocean's volume module takes `volumes:` (the best form of steps 3 and 4)."""
    env = environment("http://127.0.0.1:1", collections)
    doc = subprocess.run([str(ROOT / ".venv" / "bin" / "ansible-doc"), "-j", "tide.digitalocean.volume"], env=env,
                         capture_output=True, text=True, check=True, timeout=120).stdout
    return "volumes" in json.loads(doc)["tide.digitalocean.volume"]["doc"]["options"]


class Runner:
    def __init__(self, args, logs, volume_list):
        self.args, self.logs, self.volume_list = args, logs, volume_list

    def step(self, side, step, url, extra=None, module_memory=False, per_minute=None):
        emulator = Emulator(url)
        emulator.clear_stats()
        extra_vars = {"n": self.args.droplets, "volume_list": self.volume_list, **side.extra_vars, **(extra or {})}
        log = self.logs / ("%s-%s-%s%s.log" % (url.rsplit(":", 1)[1], side.key, step.key,
                                                "".join("-%s" % v for v in (extra or {}).values())))
        figures = run_playbook(side.playbook(step), extra_vars, environment(url, self.args.collections), log,
                               self.args.limited_timeout if per_minute else self.args.step_timeout, module_memory)
        stats = emulator.stats()
        figures.update(requests=stats["total"], reads=stats["reads"], writes=stats["writes"],
                       statuses=stats["statuses"], routes=stats["routes"])
        ok = figures["rc"] == 0 and not figures["timed_out"]
        print("  %-8s %-24s %-8s %5d requests %7.1f s%s" % (
            "%d/min" % per_minute if per_minute else "", side.label, step.key, figures["requests"], figures["wall_s"],
            "" if ok else "  FAILED (see %s)" % log), flush=True)
        return figures

    def fleet(self, per_minute=None):
        """Steps 1-4 (and 5, after 3: it reads a droplet) for every side, alternating; at `per_minute`, steps 1-4
        for tide's best form and community at once. A side whose step failed or timed out skips its next steps."""
        limit = ["--rate-limit-per-minute", str(per_minute)] if per_minute else []
        wanted = self.args.sides.split(",")
        sides = [s for s in SIDES if s.key in wanted and (not per_minute or s.key not in LOOP_SIDES)]
        results = {side.key: {} for side in sides}
        with ExitStack() as stack:
            urls = {side.key: stack.enter_context(running("--action-seconds", str(self.args.action_seconds),
                                                          *limit)).url for side in sides}

            def side_steps(side, step_list):
                for step in step_list:
                    previous = list(results[side.key].values())
                    if previous and not report.ok(previous[-1]):
                        results[side.key][step.key] = {"skipped": "an earlier step failed or timed out"}
                        continue
                    results[side.key][step.key] = self.step(side, step, urls[side.key], per_minute=per_minute)
                    if step.key == "site" and not per_minute and side.key not in LOOP_SIDES:
                        results[side.key]["noop"] = self.noop(side, urls[side.key])

            if per_minute:
                with ThreadPoolExecutor(len(sides)) as pool:
                    list(pool.map(lambda side: side_steps(side, STEPS), sides))
                return results
            for step in STEPS:
                for side in sides:
                    side_steps(side, [step])
        return results

    def loop_floor(self):
        """What ansible-core alone spends on a loop of N items (ansible.builtin.ping, no API), and on the play
        around it (a loop of none)."""
        env = environment("http://127.0.0.1:1", self.args.collections)
        play, loop = (run_playbook(FLOOR, {"repeat": repeat}, env, self.logs / ("loop-floor-%d.log" % repeat),
                                   self.args.step_timeout) for repeat in (0, self.args.droplets))
        return {"items": self.args.droplets, "wall_s": loop["wall_s"], "cpu_s": loop["cpu_s"],
                "play_wall_s": play["wall_s"], "rc": loop["rc"] or play["rc"]}

    def noop(self, side, url):
        """Step 5: 20 no-op tasks, less a play of none (the loop form is the same module, so not run)."""
        base = self.step(side, NOOP, url, {"repeat": 0})
        tasks = self.step(side, NOOP, url, module_memory=True)
        return dict(tasks, baseline_wall_s=base["wall_s"], baseline_cpu_s=base["cpu_s"],
                    seconds_per_task=round((tasks["wall_s"] - base["wall_s"]) / NOOP_TASKS, 3),
                    cpu_per_task=round((tasks["cpu_s"] - base["cpu_s"]) / NOOP_TASKS, 3))


def main():
    args = parse()
    results = merge(args.report) if args.report else measure(args)
    results["goals"] = report.print_all(results, results["action_seconds"])
    args.out.parent.mkdir(exist_ok=True)
    args.out.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n")
    try:
        from fleet.chart import draw
    except ImportError as error:  # matplotlib: requirements-bench.txt, which `make bench` installs
        print("no chart (%s): pip install -r requirements-bench.txt" % error)
    else:
        draw(results, args.out.with_suffix(".png"))
        print("wrote %s and %s" % (args.out, args.out.with_suffix(".png")))
    return 0


def merge(paths):
    """The first saved run, with the sides of the others added (each side keeps the collection path it ran on)."""
    results = json.loads(paths[0].read_text())
    for path in paths[1:]:
        other = json.loads(path.read_text())
        for run in ("unlimited", "limited"):
            results.setdefault(run, {}).update(other.get(run, {}))
        results.setdefault("side_collections", {}).update(other.get("side_collections", {}))
    return results


def measure(args):
    """The unlimited run, and beside it (on its own emulators; it mostly waits) the rate-limited one."""
    logs = args.logs or Path(tempfile.mkdtemp(prefix="fleet-bench-"))
    logs.mkdir(parents=True, exist_ok=True)
    volume_list = has_volume_list(args.collections)
    print("fleet: N=%d, actions %.0f s, logs in %s; tide's volume module %s" % (
        args.droplets, args.action_seconds, logs, "takes `volumes:`" if volume_list else
        "has no `volumes:` (its best form is a loop too)"))
    runner = Runner(args, logs, volume_list)
    started = time.time()
    results = {
        "droplets": args.droplets,
        "action_seconds": args.action_seconds,
        "tide_volume_list": volume_list,
        "collections": str(args.collections),
        "side_collections": {side: str(args.collections) for side in args.sides.split(",")},
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
    }
    with ThreadPoolExecutor(1) as pool:
        limited = None if args.quick else pool.submit(runner.fleet, args.per_minute)
        results["unlimited"] = runner.fleet()
        if any(side in LOOP_SIDES for side in args.sides.split(",")):
            results["loop_floor"] = runner.loop_floor()
        if limited:
            results.update(per_minute=args.per_minute, limited=limited.result())
    results["minutes"] = round((time.time() - started) / 60, 1)
    return results


if __name__ == "__main__":
    sys.exit(main())
