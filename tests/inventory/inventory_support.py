"""What the inventory tests share: the emulator's API and admin endpoints, the Makefile's environment for
`ansible-inventory`, and the result of one run. (A module of its own: `conftest` is a name every test directory
has, so tests import from here.)"""

import json
import os
from dataclasses import dataclass

import requests

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOKEN = "inventory-test-token"
TOKEN_ENV_VARS = ("DIGITALOCEAN_TOKEN", "DIGITALOCEAN_ACCESS_TOKEN", "DO_API_TOKEN")
DROPLET_DEFAULTS = {"region": "nyc3", "size": "s-1vcpu-1gb", "image": "ubuntu-24-04-x64"}
MAX_NAMES_PER_CREATE = 10
# Where ansible-inventory and ansible-playbook come from: the project's venv, or the venv of the oldest ansible-core
# the collection claims (scripts/oldest-ansible.sh sets it).
ANSIBLE_BIN = os.environ.get("TIDE_ANSIBLE_BIN") or os.path.join(REPO, ".venv", "bin")


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


def makefile_environment():
    """os.environ plus what the Makefile exports, without any DigitalOcean setting of the caller's shell."""
    env = dict(os.environ)
    for name in (*TOKEN_ENV_VARS, "DIGITALOCEAN_API_URL"):
        env.pop(name, None)
    env["PATH"] = ANSIBLE_BIN + os.pathsep + env.get("PATH", "")
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
