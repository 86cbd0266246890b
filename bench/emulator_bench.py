"""Emulator throughput before and after the HTTP-stack change (commit 88a7dda: http.server -> uvicorn/httptools).

Two emulators run side by side, each on core 0 (every thread pinned), the client processes on core 1:
- "before": the emulator package exactly as of 88a7dda^ (its parent), extracted with `git archive` into a temporary
  directory and started as `python -m do_emulator ...` with PYTHONPATH=<that directory>/emulator;
- "after": the current emulator, the do_emulator this Python imports (do_emulator.process.EmulatorProcess).
Where git or that commit is not available (an unpacked tarball), "before" is skipped with the reason printed.

Both get the same workloads, in this order, from 4 client processes on keep-alive connections: seeding 10,000
droplets as multi-creates of 10 names (measured), listing them 200 at a time (walking the pages), 2,000 single
creates, the simplest GET (/v2/account), and that GET again from one client in sequence (as an Ansible task makes
its requests: the rate is 1 / latency). Every workload runs in ROUNDS rounds that alternate which emulator goes
first (before/after, after/before, ...), so machine load falls on both alike.

Reported per workload and emulator: requests per second of wall clock, requests per server CPU second (user +
system time of the server process, all threads, from /proc) and the ratio after/before of each; in the JSON also
server_busy_fraction, the server's CPU seconds per wall second (requests/s = busy fraction x requests per server
CPU second; well below 1, the server was waiting for its clients or for the CPU). The machine may be shared:
wall-clock rates move with its load, rates per server CPU second do not, so those and their ratios are the figures
to read. Prints a table and writes bench/results/emulator.json. Figures, not pass/fail; the emulator's goal is
>= 1,000 simple GETs/s on one core.
"""

import http.client
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import do_emulator
from do_emulator.process import EmulatorProcess

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results" / "emulator.json"
HTTP_STACK_COMMIT = "88a7dda"  # emulator: served by uvicorn (httptools) instead of http.server
OPTIONS = ["--action-seconds", "0", "--rate-limit-per-minute", "100000000"]  # both versions take these
HEADERS = {"Authorization": "Bearer bench-token", "Content-Type": "application/json"}
DROPLET = {"size": "s-1vcpu-1gb", "image": "ubuntu-22-04-x64", "tags": ["bench"]}
# A default VPC is a /20 (4,093 droplets), as on the API, so the droplets are spread over regions.
REGIONS = ["nyc1", "nyc3", "sfo2", "sfo3", "ams3", "fra1", "lon1", "tor1"]
SEED = 10000
PER_PAGE = 200
CREATE = 2000
CLIENTS = 4
ROUNDS = 8
ROUND_SECONDS = 1.25  # per round and emulator, for the timed workloads
LABELS = {"before": "before (http.server)", "after": "after (uvicorn)"}
NOTE = ("The machine is shared: requests/s (wall clock) move with its load; requests per server CPU second and the "
        "after/before ratios are the figures to read.")


def pin(pid, cores):
    """Best effort: every thread of `pid` on `cores` (threads made later inherit it). Linux only."""
    try:
        tasks = [int(t) for t in os.listdir("/proc/%d/task" % pid)] if pid else [0]
    except OSError:
        tasks = [pid]
    try:
        for task in tasks:
            os.sched_setaffinity(task, cores)
        return True
    except (AttributeError, OSError):
        return False


class Connection:
    """One keep-alive HTTP/1.1 connection (http.client keeps the client's own cost low)."""

    def __init__(self, host, port):
        self.conn = http.client.HTTPConnection(host, port, timeout=60)
        self.server_header = None

    def call(self, method, path, body=None):
        payload = json.dumps(body).encode() if body is not None else None
        self.conn.request(method, path, body=payload, headers=HEADERS)
        response = self.conn.getresponse()
        data = response.read()
        self.server_header = response.getheader("Server")
        if response.status >= 300:
            raise RuntimeError("%s %s -> %d %s" % (method, path, response.status, data[:200]))
        return json.loads(data) if data else None

    def close(self):
        self.conn.close()


class Names:
    """Picklable body factory: droplet names unique per round and client."""

    def __init__(self, prefix, per_request):
        self.prefix, self.per_request = prefix, per_request

    def __call__(self, n):
        names = ["%s-%d-%d" % (self.prefix, n, i) for i in range(self.per_request)]
        region = REGIONS[n % len(REGIONS)]
        if self.per_request == 1:
            return {**DROPLET, "region": region, "name": names[0]}
        return {**DROPLET, "region": region, "names": names}


def _worker_requests(args):
    """Worker process: `count` requests of one kind, or as many as fit in `duration`. Returns (n, seconds).
    A `{page}` in the path walks pages 1..pages."""
    host, port, method, path, count, body_of, duration, pages, cores = args
    if cores:
        pin(0, cores)
    conn = Connection(host, port)
    started = time.perf_counter()
    n = 0
    while n < count:
        conn.call(method, path.format(page=n % pages + 1) if pages else path, body_of(n) if body_of else None)
        n += 1
        if duration and time.perf_counter() - started >= duration:
            break
    conn.close()
    return n, time.perf_counter() - started


def cpu_seconds(pid):
    """CPU time (user + system, all threads) a process has used so far, from /proc; None where there is no /proc."""
    try:
        fields = Path("/proc/%d/stat" % pid).read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def split(total, parts):
    """`total` as `parts` whole numbers that differ by at most one."""
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


def git(*args):
    """stdout of a git command in the repository (bytes), or None where git, the repository or the object is not
    there."""
    if shutil.which("git") is None or not (REPO / ".git").exists():
        return None
    done = subprocess.run(["git", "-C", str(REPO), *args], capture_output=True, check=False)
    return done.stdout if done.returncode == 0 else None


def extract_before(directory):
    """The emulator package as of the parent of HTTP_STACK_COMMIT, under `directory`/emulator. Returns
    ({commit, subject, source}, None), or (None, the reason it cannot)."""
    if shutil.which("git") is None:
        return None, "git is not installed"
    if not (REPO / ".git").exists():
        return None, "%s is not a git checkout (a tarball install?)" % REPO
    commit = git("rev-parse", "--verify", "--quiet", "%s^^{commit}" % HTTP_STACK_COMMIT)
    if commit is None:
        return None, "commit %s^ is not in this repository (a shallow clone?)" % HTTP_STACK_COMMIT
    commit = commit.decode().strip()
    archive = git("archive", commit, "emulator")
    if archive is None:
        return None, "git archive %s emulator failed" % commit
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        if hasattr(tarfile, "data_filter"):
            tar.extractall(directory, filter="data")
        else:  # Python without extraction filters (before 3.11.4); the archive is this repository's own
            tar.extractall(directory)
    if not (Path(directory) / "emulator" / "do_emulator" / "__main__.py").exists():
        return None, "the emulator at %s has no do_emulator/__main__.py" % commit
    return {"commit": commit, "subject": git("log", "-1", "--format=%s", commit).decode().strip(),
            "source": "git archive %s^ emulator (%s)" % (HTTP_STACK_COMMIT, commit[:7])}, None


def describe_after():
    """Where the current emulator comes from: the repository's HEAD when the imported do_emulator is this
    checkout's, with whether emulator/ has uncommitted changes."""
    package = Path(do_emulator.__file__).resolve().parent
    info = {"source": str(package), "commit": None}
    if package.parent == REPO / "emulator":
        info["source"] = "emulator/do_emulator of this checkout"
        head = git("rev-parse", "HEAD")
        if head is not None:
            info["commit"] = head.decode().strip()
            info["subject"] = git("log", "-1", "--format=%s", "HEAD").decode().strip()
            info["emulator_last_changed_in"] = git("log", "-1", "--format=%H", "--", "emulator").decode().strip()
            info["emulator_uncommitted_changes"] = bool(git("status", "--porcelain", "--", "emulator"))
    return info


class Side:
    """One emulator under test and its measurements."""

    def __init__(self, name, emulator, info):
        self.name, self.emulator, self.info = name, emulator, info
        self.info["pinned_to_core_0"] = pin(emulator.pid, {0})
        try:
            self.info["server_header"] = self.call("/v2/account")[1]  # "do-emulator" before, none after
        except Exception:
            emulator.stop()
            raise
        self.rounds = {}

    def call(self, path):
        """(body, Server header) of a GET on a new connection (a kept one would meet the idle timeout)."""
        conn = Connection(self.emulator.host, self.emulator.port)
        try:
            return conn.call("GET", path), conn.server_header
        finally:
            conn.close()

    def droplets(self):
        return self.call("/v2/droplets?per_page=1")[0]["meta"]["total"]


def measure(pool, side, workload, round_number, client_cores):
    """One round of `workload` on `side`: {requests, seconds, server_cpu_seconds}."""
    host, port, pid = side.emulator.host, side.emulator.port, side.emulator.pid
    per_request, clients = workload.get("per_request"), workload.get("clients", CLIENTS)
    if "count" in workload:
        counts = split(split(workload["count"], ROUNDS)[round_number], clients)
        duration = None
    else:
        counts, duration = [10 ** 7] * clients, ROUND_SECONDS
    jobs = [(host, port, workload["method"], workload["path"], counts[i],
             Names("%s-r%d-c%d" % (workload["names"], round_number, i), per_request) if per_request else None,
             duration, workload.get("pages"), client_cores) for i in range(clients)]
    cpu_before = cpu_seconds(pid)
    started = time.perf_counter()
    done = sum(n for n, _ in pool.map(_worker_requests, jobs))
    seconds = time.perf_counter() - started
    cpu_after = cpu_seconds(pid)
    row = {"requests": done, "seconds": seconds}
    if cpu_before is not None and cpu_after is not None:
        row["server_cpu_seconds"] = cpu_after - cpu_before
    return row


def summary(rounds):
    """Totals over the rounds, and each round's requests per server CPU second (how much they scatter)."""
    requests = sum(r["requests"] for r in rounds)
    seconds = sum(r["seconds"] for r in rounds)
    row = {"requests": requests, "seconds": round(seconds, 2), "requests_per_second": round(requests / seconds, 1)}
    if all("server_cpu_seconds" in r for r in rounds):
        cpu = sum(r["server_cpu_seconds"] for r in rounds)
        row["server_cpu_seconds"] = round(cpu, 2)
        row["server_busy_fraction"] = round(cpu / seconds, 2)  # requests/s = this x requests per server CPU s
        if cpu > 0:
            row["requests_per_server_cpu_second"] = round(requests / cpu, 1)
            row["requests_per_server_cpu_second_by_round"] = [
                round(r["requests"] / r["server_cpu_seconds"], 1) if r["server_cpu_seconds"] > 0 else None
                for r in rounds]
    return row


def ratio(after, before, key):
    if before is None or not before.get(key) or not after.get(key):
        return None
    return round(after[key] / before[key], 2)


WORKLOADS = [
    {"key": "create_multi_10_seed", "title": "multi-create, 10 names (seeds %d)" % SEED, "method": "POST",
     "path": "/v2/droplets", "count": SEED // 10, "per_request": 10, "names": "seed"},
    {"key": "list_200_of_seed", "title": "list %d at a time of %d" % (PER_PAGE, SEED), "method": "GET",
     "path": "/v2/droplets?per_page=%d&page={page}" % PER_PAGE, "pages": SEED // PER_PAGE},
    {"key": "create_single", "title": "single create (%d)" % CREATE, "method": "POST", "path": "/v2/droplets",
     "count": CREATE, "per_request": 1, "names": "single"},
    {"key": "simple_get_account", "title": "simple GET /v2/account", "method": "GET", "path": "/v2/account"},
    # One client in sequence, as an Ansible task makes its requests: its rate is 1 / latency.
    {"key": "simple_get_account_1_client", "title": "simple GET /v2/account, 1 client", "method": "GET",
     "path": "/v2/account", "clients": 1},
]


def main():
    started = time.monotonic()
    results = {"what": "emulator throughput before and after the HTTP-stack change %s (http.server -> "
                       "uvicorn/httptools)" % HTTP_STACK_COMMIT,
               "how_to_read": NOTE,
               "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
               "clients": CLIENTS, "rounds": ROUNDS, "round_seconds_of_timed_workloads": ROUND_SECONDS,
               "order": "each workload in %d rounds, alternating which emulator goes first" % ROUNDS,
               "server_cores": [0]}
    client_cores = {1} if (os.cpu_count() or 1) > 1 else None
    results["client_cores"] = sorted(client_cores) if client_cores else None
    sides = []
    with tempfile.TemporaryDirectory(prefix="emulator-before-") as directory, \
            ProcessPoolExecutor(CLIENTS) as pool:
        before_info, skipped = extract_before(directory)
        try:
            if skipped:
                print("before (http.server) skipped: %s" % skipped)
                results["before"] = {"skipped": skipped}
            else:
                env = dict(os.environ, PYTHONPATH=str(Path(directory) / "emulator"))
                sides.append(Side("before", EmulatorProcess(OPTIONS, env=env).start(), before_info))
            sides.append(Side("after", EmulatorProcess(OPTIONS).start(), describe_after()))
            if before_info and sides[-1].info.get("commit"):
                count = git("rev-list", "--count", "%s..%s" % (before_info["commit"], sides[-1].info["commit"]),
                            "--", "emulator")
                if count is not None:
                    results["emulator_commits_from_before_to_after"] = int(count)
            list(pool.map(_worker_requests, [(sides[-1].emulator.host, sides[-1].emulator.port, "GET",
                                              "/v2/account", 1, None, None, None, None)] * CLIENTS))
            for workload in WORKLOADS:
                for round_number in range(ROUNDS):
                    order = sides if round_number % 2 == 0 else sides[::-1]
                    for side in order:
                        side.rounds.setdefault(workload["key"], []).append(
                            measure(pool, side, workload, round_number, client_cores))
                if workload["key"] == "create_multi_10_seed":
                    for side in sides:
                        assert side.droplets() == SEED, "%s: %d droplets after seeding" % (side.name, side.droplets())
            for side in sides:
                side.info["droplets_at_end"] = side.droplets()
        finally:
            for side in sides:
                side.emulator.stop()
    for side in sides:
        results[side.name] = side.info
    results["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    results["workloads"] = {}
    for workload in WORKLOADS:
        entry = {"title": workload["title"], "method": workload["method"], "path": workload["path"],
                 "clients": workload.get("clients", CLIENTS)}
        if workload.get("per_request"):
            entry["droplets_per_request"] = workload["per_request"]
        for side in sides:
            entry[side.name] = summary(side.rounds[workload["key"]])
        entry.setdefault("before", None)
        entry["ratio_after_over_before"] = {
            key: ratio(entry["after"], entry["before"], key)
            for key in ("requests_per_second", "requests_per_server_cpu_second")}
        if entry["before"] and entry["ratio_after_over_before"]["requests_per_server_cpu_second"]:
            # Each round's before and after ran back to back, so their ratio shows the noise left after alternating.
            entry["ratio_after_over_before"]["requests_per_server_cpu_second_by_round"] = [
                round(a / b, 2) if a and b else None for a, b in zip(
                    entry["after"]["requests_per_server_cpu_second_by_round"],
                    entry["before"]["requests_per_server_cpu_second_by_round"], strict=True)]
        results["workloads"][workload["key"]] = entry
    simple = results["workloads"]["simple_get_account"]["after"]
    results["goal_simple_gets_per_second"] = 1000
    results["goal_met_by_after"] = max(simple["requests_per_second"],
                                       simple.get("requests_per_server_cpu_second", 0)) >= 1000
    results["bench_seconds"] = round(time.monotonic() - started, 1)

    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print_table(results)
    return 0


def print_table(results):
    def figure(row, key):
        return "-" if row is None or row.get(key) is None else "%.*f" % (2 if key == "server_busy_fraction" else 1,
                                                                          row[key])

    widths = (36, 19, 20, 15, 17)
    line = " | ".join("%-*s" % (w, h) for w, h in zip(widths, (
        "workload", "metric", LABELS["before"], LABELS["after"], "ratio"), strict=True))
    print(line)
    print("-" * len(line))
    for entry in results["workloads"].values():
        for title, metric, key in ((entry["title"], "req/server-CPU-s", "requests_per_server_cpu_second"),
                                   ("", "req/s (wall clock)", "requests_per_second"),
                                   ("", "server CPU s/wall s", "server_busy_fraction")):
            ratios = entry["ratio_after_over_before"]
            value = "-" if ratios.get(key) is None else "%.2f" % ratios[key]
            by_round = [r for r in ratios.get(key + "_by_round", []) if r is not None]
            if by_round:
                value += " (%.2f-%.2f)" % (min(by_round), max(by_round))
            print(" | ".join("%-*s" % (w, c) for w, c in zip(widths, (
                title, metric, figure(entry["before"], key), figure(entry["after"], key), value), strict=True)))
    before, after = results.get("before", {}), results["after"]
    print("before: %s; after: %s%s" % (
        before.get("source") or "skipped (%s)" % before.get("skipped"),
        "HEAD %s, emulator as of %s" % (after["commit"][:7], after["emulator_last_changed_in"][:7])
        if after.get("commit") else after["source"],
        " + uncommitted emulator changes" if after.get("emulator_uncommitted_changes") else ""))
    if "emulator_commits_from_before_to_after" in results:
        print("after includes every emulator commit since before (%d, the HTTP stack %s among them)" % (
            results["emulator_commits_from_before_to_after"], HTTP_STACK_COMMIT))
    print("servers on core 0, %d clients on core(s) %s; %d alternating rounds; load average %.1f -> %.1f; %.0f s" % (
        results["clients"], results["client_cores"], results["rounds"], results["load_average_at_start"][0],
        results["load_average_at_end"][0], results["bench_seconds"]))
    print("ratio: after/before over all rounds; in brackets the lowest and highest of the rounds' ratios. "
          "req/s = (server CPU s/wall s) x req/server-CPU-s: where the first is well below 1 the server waited for "
          "its clients (all on one core) or for the CPU")
    print(NOTE)
    print("simple GETs goal (>= 1000/s on one core) met after: %s; results in %s" % (results["goal_met_by_after"],
                                                                                     RESULTS))


if __name__ == "__main__":
    sys.exit(main())
