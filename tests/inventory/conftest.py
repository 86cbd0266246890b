"""Fixtures for the inventory plugin's tests: one `do-emulator` process on a free loopback port for the session
(reset before each test), droplets created through its API, and `ansible-inventory` run as a subprocess with the
Makefile's environment (PATH, ANSIBLE_COLLECTIONS_PATH, ANSIBLE_CONFIG), the way a user or AWX runs it.
"""

import json
import os
import subprocess
import sys
from dataclasses import dataclass

import pytest
import requests
import yaml

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOKEN = "inventory-test-token"
TOKEN_ENV_VARS = ("DIGITALOCEAN_TOKEN", "DIGITALOCEAN_ACCESS_TOKEN", "DO_API_TOKEN")
DROPLET_DEFAULTS = {"region": "nyc3", "size": "s-1vcpu-1gb", "image": "ubuntu-24-04-x64"}
MAX_NAMES_PER_CREATE = 10


class Emulator:
    """The emulator's API (as the only accepted token) and its admin endpoints."""

    def __init__(self, url):
        self.url = url
        self.http = requests.Session()
        self.http.headers["Authorization"] = "Bearer " + TOKEN

    def _request(self, method, path, **kwargs):
        response = self.http.request(method, self.url + path, timeout=30, **kwargs)
        response.raise_for_status()
        return response.json() if response.content else None

    def reset(self):
        self._request("POST", "/_emulator/reset")

    def stats(self):
        return self._request("GET", "/_emulator/stats")

    def clear_stats(self):
        self._request("DELETE", "/_emulator/stats")

    def droplet_list_requests(self):
        return self.stats()["routes"].get("GET /v2/droplets", 0)

    def set_faults(self, spec):
        self._request("PUT", "/_emulator/faults", json=spec)

    def create_droplets(self, names, tags=(), **fields):
        """Creates droplets (10 a request, as the API allows) and returns them as the API answered."""
        created = []
        for start in range(0, len(names), MAX_NAMES_PER_CREATE):
            body = dict(DROPLET_DEFAULTS, names=list(names[start : start + MAX_NAMES_PER_CREATE]), tags=list(tags))
            body.update(fields)
            created.extend(self._request("POST", "/v2/droplets", json=body)["droplets"])
        return created

    def droplet(self, droplet_id):
        return self._request("GET", "/v2/droplets/%s" % droplet_id)["droplet"]


@pytest.fixture(scope="session")
def emulator_process():
    process = subprocess.Popen(
        [sys.executable, "-m", "do_emulator", "--host", "127.0.0.1", "--port", "0", "--action-seconds", "0",
         "--rate-limit-per-minute", "1000000", "--token", TOKEN],
        stdout=subprocess.PIPE, text=True,
    )
    line = process.stdout.readline()
    if "listening on" not in line:
        process.kill()
        pytest.fail("the emulator did not start: %r" % line)
    yield Emulator(line.split("listening on", 1)[1].strip())
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture
def emulator(emulator_process):
    """The session's emulator with fresh state, no faults and zeroed stats."""
    emulator_process.reset()
    return emulator_process


def makefile_environment():
    """os.environ plus what the Makefile exports, without any DigitalOcean setting of the caller's shell."""
    env = dict(os.environ)
    for name in (*TOKEN_ENV_VARS, "DIGITALOCEAN_API_URL"):
        env.pop(name, None)
    env["PATH"] = os.path.join(REPO, ".venv", "bin") + os.pathsep + env.get("PATH", "")
    env.setdefault("ANSIBLE_COLLECTIONS_PATH", os.path.join(REPO, ".build", "collections"))
    env.setdefault("ANSIBLE_CONFIG", os.path.join(REPO, "ansible.cfg"))
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    # A source that fails must fail the command (AWX does the same), not leave an empty inventory behind.
    env["ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED"] = "true"
    return env


def plain(mapping):
    """json object_hook: ansible-inventory marks strings from the API as unsafe ({"__ansible_unsafe": "..."}), so that
    they are never templated; the tests compare the plain values."""
    if len(mapping) == 1 and "__ansible_unsafe" in mapping:
        return mapping["__ansible_unsafe"]
    return mapping


@dataclass
class InventoryRun:
    returncode: int
    stdout: str
    stderr: str

    @property
    def data(self):
        assert self.returncode == 0, self.stderr
        return json.loads(self.stdout, object_hook=plain)

    @property
    def hostvars(self):
        return self.data["_meta"]["hostvars"]

    @property
    def hosts(self):
        return sorted(self.hostvars)

    def group(self, name):
        return sorted(self.data.get(name, {}).get("hosts", []))

    def plugin_failure(self):
        """The line in which ansible-inventory reports the plugin's own error message."""
        lines = [line for line in self.stderr.splitlines() if "Failed to parse inventory with 'auto' plugin:" in line]
        assert len(lines) == 1, self.stderr
        return lines[0].split("Failed to parse inventory with 'auto' plugin:", 1)[1].strip()


@pytest.fixture
def run_inventory(emulator, tmp_path):
    """run_inventory(config, env=None, filename="test.do.yml", args=("--list",)) -> InventoryRun.

    The config (a dict, or raw text) is written to `filename`; the emulator's URL and token come from the
    environment unless `env` overrides them (a value of None removes the variable).
    """

    def run(config, env=None, filename="test.do.yml", args=("--list",)):
        path = tmp_path / filename
        path.write_text(config if isinstance(config, str) else yaml.safe_dump(config))
        environment = makefile_environment()
        environment.update(DIGITALOCEAN_API_URL=emulator.url, DIGITALOCEAN_TOKEN=TOKEN)
        for name, value in (env or {}).items():
            if value is None:
                environment.pop(name, None)
            else:
                environment[name] = value
        completed = subprocess.run(
            ["ansible-inventory", "-i", str(path), *args],
            env=environment, capture_output=True, text=True, timeout=300, check=False,
        )
        return InventoryRun(completed.returncode, completed.stdout, completed.stderr)

    return run
