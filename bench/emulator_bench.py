"""Emulator throughput: starts `do-emulator` as a subprocess, seeds 10,000 droplets through the API (multi-creates
of 10 names), then measures requests/second for listing them 200 at a time, for creating 1,000 droplets (100
multi-creates, then 1,000 single creates) and for the simplest GET (/v2/account) with the server on one core.
Prints a table and writes bench/results/emulator.json. Figures, not pass/fail: the goal is >= 1,000 simple GETs/s.
"""

import http.client
import json
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from do_emulator.process import EmulatorProcess

RESULTS = Path(__file__).resolve().parent / "results" / "emulator.json"
HEADERS = {"Authorization": "Bearer bench-token", "Content-Type": "application/json"}
DROPLET = {"size": "s-1vcpu-1gb", "image": "ubuntu-22-04-x64", "tags": ["bench"]}
# A default VPC is a /20 (4,093 droplets), as on the API, so the droplets are spread over regions.
REGIONS = ["nyc1", "nyc3", "sfo2", "sfo3", "ams3", "fra1", "lon1", "tor1"]
SEED = 10000
CREATE = 1000
CLIENTS = 4
DURATION = 5.0


def start_emulator():
    return EmulatorProcess(["--action-seconds", "0", "--rate-limit-per-minute", "100000000"]).start()


def pin(pid, cores):
    """Best effort: keeps the measurement on the cores asked for (Linux only)."""
    try:
        os.sched_setaffinity(pid, cores)
        return True
    except (AttributeError, OSError):
        return False


class Connection:
    """One keep-alive HTTP/1.1 connection (http.client keeps the client's own cost low)."""

    def __init__(self, host, port):
        self.conn = http.client.HTTPConnection(host, port, timeout=60)

    def call(self, method, path, body=None):
        payload = json.dumps(body).encode() if body is not None else None
        self.conn.request(method, path, body=payload, headers=HEADERS)
        response = self.conn.getresponse()
        data = response.read()
        if response.status >= 300:
            raise RuntimeError("%s %s -> %d %s" % (method, path, response.status, data[:200]))
        return json.loads(data) if data else None


def _worker_requests(args):
    """Worker process: `count` requests of one kind, or as many as fit in `duration`. Returns (n, seconds)."""
    host, port, method, path, count, body_of, duration, cores = args
    if cores:
        pin(0, cores)
    conn = Connection(host, port)
    started = time.perf_counter()
    n = 0
    while n < count:
        conn.call(method, path, body_of(n) if body_of else None)
        n += 1
        if duration and time.perf_counter() - started >= duration:
            break
    return n, time.perf_counter() - started


class Names:
    """Picklable body factory: droplet names unique per worker."""

    def __init__(self, prefix, per_request):
        self.prefix, self.per_request = prefix, per_request

    def __call__(self, n):
        names = ["%s-%d-%d" % (self.prefix, n, i) for i in range(self.per_request)]
        region = REGIONS[n % len(REGIONS)]
        if self.per_request == 1:
            return {**DROPLET, "region": region, "name": names[0]}
        return {**DROPLET, "region": region, "names": names}


def cpu_seconds(pid):
    """CPU time (user + system) a process has used so far, from /proc; None where there is no /proc."""
    try:
        fields = Path("/proc/%d/stat" % pid).read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_parallel(server_pid, host, port, method, path, requests_per_client, clients, body_of=None, duration=None,
                 cores=None):
    """`clients` processes in parallel. Returns a result row: requests, wall seconds, requests/s, and the
    server's CPU seconds, whose inverse rate (requests per server CPU second) does not depend on how busy the
    machine is."""
    jobs = [(host, port, method, path, requests_per_client,
             body_of[i] if isinstance(body_of, list) else body_of, duration, cores) for i in range(clients)]
    with ProcessPoolExecutor(clients) as pool:
        list(pool.map(_worker_requests, [(host, port, "GET", "/v2/account", 1, None, None, None)] * clients))
        cpu_before = cpu_seconds(server_pid)
        started = time.perf_counter()
        done = sum(n for n, _ in pool.map(_worker_requests, jobs))
        seconds = time.perf_counter() - started
    cpu_after = cpu_seconds(server_pid)
    row = {"clients": clients, "requests": done, "seconds": round(seconds, 2),
           "requests_per_second": round(done / seconds, 1)}
    if cpu_before is not None and cpu_after > cpu_before:
        row["server_cpu_seconds"] = round(cpu_after - cpu_before, 2)
        row["requests_per_server_cpu_second"] = round(done / (cpu_after - cpu_before), 1)
    return row


def with_droplets(row, per_request):
    row["droplets"] = row["requests"] * per_request
    row["droplets_per_second"] = round(row["droplets"] / row["seconds"], 1)
    return row


def main():
    emulator = start_emulator()
    host, port = emulator.host, emulator.port
    client_cores = {1} if (os.cpu_count() or 1) > 1 else None
    results = {"server_pinned_to_one_core": pin(emulator.pid, {0}), "load_average_at_start": os.getloadavg()[0]}
    pid = emulator.pid
    try:
        admin = Connection(host, port)
        results["seed"] = with_droplets(run_parallel(
            pid, host, port, "POST", "/v2/droplets", SEED // 10 // CLIENTS, CLIENTS,
            body_of=[Names("seed%d" % i, 10) for i in range(CLIENTS)], cores=client_cores), 10)
        assert admin.call("GET", "/v2/droplets?per_page=1")["meta"]["total"] == SEED
        results["list_200_of_10000"] = run_parallel(pid, host, port, "GET", "/v2/droplets?per_page=200", 10 ** 6,
                                                    CLIENTS, duration=DURATION, cores=client_cores)
        results["create_1000_as_100_multi"] = with_droplets(run_parallel(
            pid, host, port, "POST", "/v2/droplets", CREATE // 10 // CLIENTS, CLIENTS,
            body_of=[Names("multi%d" % i, 10) for i in range(CLIENTS)], cores=client_cores), 10)
        results["create_1000_as_single"] = with_droplets(run_parallel(
            pid, host, port, "POST", "/v2/droplets", CREATE // CLIENTS, CLIENTS,
            body_of=[Names("single%d" % i, 1) for i in range(CLIENTS)], cores=client_cores), 1)
        results["simple_get_account"] = run_parallel(pid, host, port, "GET", "/v2/account", 10 ** 7, 2,
                                                     duration=DURATION, cores=client_cores)
        results["droplets_at_end"] = admin.call("GET", "/v2/droplets?per_page=1")["meta"]["total"]
    finally:
        emulator.stop()
    results["load_average_at_end"] = os.getloadavg()[0]
    simple = results["simple_get_account"]
    results["goal_simple_gets_per_second"] = 1000
    results["goal_met"] = max(simple["requests_per_second"], simple.get("requests_per_server_cpu_second", 0)) >= 1000

    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print("%-28s %9s %8s %11s %13s %11s" % ("measurement", "requests", "seconds", "requests/s", "req/server-cpu-s",
                                             "droplets/s"))
    for name in MEASUREMENTS:
        row = results[name]
        print("%-28s %9d %8.2f %11.1f %13s %11s" % (
            name, row["requests"], row["seconds"], row["requests_per_second"],
            row.get("requests_per_server_cpu_second", "-"), row.get("droplets_per_second", "-")))
    print("server pinned to one core: %s; load average %.1f -> %.1f (2 shared cores: wall-clock rates depend on it, "
          "rates per server CPU second do not)" % (results["server_pinned_to_one_core"],
                                                   results["load_average_at_start"], results["load_average_at_end"]))
    print("simple GETs goal (>= 1000/s on one core) met: %s; results in %s" % (results["goal_met"], RESULTS))
    return 0


MEASUREMENTS = ("seed", "list_200_of_10000", "create_1000_as_100_multi", "create_1000_as_single",
                "simple_get_account")


if __name__ == "__main__":
    sys.exit(main())
