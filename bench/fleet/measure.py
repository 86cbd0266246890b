"""Running one playbook and measuring it: wall time, CPU and peak memory of ansible-playbook and everything it ran
(os.wait4's rusage of the child, which covers its waited-for descendants: the controller's workers and every
module process), the tasks that failed (from the play recap), and, when asked, the peak RSS of the module
processes alone (sampled from /proc). Requests are counted by the emulator: `Emulator.stats()`.
"""

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PLAYBOOK = Path(ROOT.joinpath(".venv", "bin", "ansible-playbook"))
TOKEN = "fleet-bench-token"
# A token of the caller's environment never reaches the benchmark's runs.
TOKEN_VARIABLES = ("DIGITALOCEAN_TOKEN", "DIGITALOCEAN_ACCESS_TOKEN", "DO_API_TOKEN", "DO_API_KEY", "DO_OAUTH_TOKEN",
                   "OAUTH_TOKEN")
RECAP = re.compile(r"^localhost\s*:.*\bfailed=(\d+)", re.M)


class Emulator:
    """The admin API of a running emulator: request counts and reset."""

    def __init__(self, url):
        self.url = url

    def _call(self, method, path):
        request = urllib.request.Request(self.url + path, method=method)
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read()
        return json.loads(body) if body else None

    def stats(self):
        return self._call("GET", "/_emulator/stats")

    def clear_stats(self):
        self._call("DELETE", "/_emulator/stats")

    def reset(self):
        self._call("POST", "/_emulator/reset")


def environment(api_url, collections_path):
    env = {k: v for k, v in os.environ.items() if k not in TOKEN_VARIABLES}
    env.update(
        DIGITALOCEAN_API_URL=api_url,
        DIGITALOCEAN_TOKEN=TOKEN,  # tide.digitalocean's fallback
        DO_API_TOKEN=TOKEN,  # community.digitalocean's
        ANSIBLE_COLLECTIONS_PATH=str(collections_path),
        ANSIBLE_CONFIG=str(ROOT / "ansible.cfg"),
        ANSIBLE_PYTHON_INTERPRETER=sys.executable,
        ANSIBLE_NOCOLOR="1",
        ANSIBLE_LOCALHOST_WARNING="0",
        ANSIBLE_INVENTORY_UNPARSED_WARNING="0",
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


class ModuleMemory:
    """Samples, every 20 ms, the processes below one process (its threads' `children` files in /proc) that are not
    ansible-playbook itself (the module processes, and the shell that starts each) and keeps the largest RSS seen,
    in MiB."""

    def __init__(self, pid):
        self.pid = pid
        self.peak_mib = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def _run(self):
        page_mib = os.sysconf("SC_PAGE_SIZE") / 2**20
        while not self._stop.wait(0.02):
            for pid in self._descendants(self.pid):
                try:
                    command = Path("/proc", pid, "cmdline").read_bytes()
                    rss = int(Path("/proc", pid, "statm").read_text().split()[1]) * page_mib
                except (OSError, IndexError, ValueError):
                    continue
                if b"ansible-playbook" not in command:
                    self.peak_mib = max(self.peak_mib, rss)

    def _descendants(self, pid):
        try:
            tasks = list(Path("/proc", str(pid), "task").iterdir())
            children = [c for task in tasks for c in (task / "children").read_text().split()]
        except OSError:
            return []
        return children + [d for child in children for d in self._descendants(child)]


def run_playbook(playbook, extra_vars, env, log, timeout, module_memory=False):
    """Runs `ansible-playbook playbook` and returns its figures; a run past `timeout` seconds is stopped (its
    process group killed) and reported as timed out."""
    command = [str(PLAYBOOK), "-i", "localhost,", "-c", "local", str(playbook), "-e", json.dumps(extra_vars)]
    with open(log, "w") as out:
        started = time.perf_counter()
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        sampler = ModuleMemory(process.pid) if module_memory else None
        timer = threading.Timer(timeout, os.killpg, (process.pid, signal.SIGKILL))
        timer.start()
        try:
            if sampler:
                with sampler:
                    _, status, usage = os.wait4(process.pid, 0)
            else:
                _, status, usage = os.wait4(process.pid, 0)
        finally:
            timed_out = not timer.is_alive()
            timer.cancel()
        wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    recap = RECAP.findall(Path(log).read_text())
    return {
        "rc": process.returncode,
        "timed_out": timed_out,
        "failed_tasks": int(recap[-1]) if recap else None,
        "wall_s": round(wall, 2),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
        "peak_rss_mib": round(usage.ru_maxrss / 1024, 1),
        **({"module_rss_mib": round(sampler.peak_mib, 1)} if sampler else {}),
    }
