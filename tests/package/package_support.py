"""What the package tests share: the repository, the venv's tools, the `ansible` package's bundled collections, an
environment that sees only an installed copy of the collection (never this checkout), and a command runner.
"""

import json
import os
import subprocess
import sysconfig
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
VENV_BIN = REPO / ".venv" / "bin"
# The collections the PyPI `ansible` package bundles (community.general, ansible.posix, ...): what users who
# `pip install ansible` have, and where dependencies come from here (Galaxy is not reachable).
BUNDLED = Path(sysconfig.get_paths()["purelib"]) / "ansible_collections"
NAMESPACE, NAME = "tide", "digitalocean"
TOKEN = "package-test-token-7f3c9a51d2e84b06"
DO_VARIABLES = ("DIGITALOCEAN_TOKEN", "DIGITALOCEAN_ACCESS_TOKEN", "DO_API_TOKEN", "DIGITALOCEAN_API_URL",
                "DO_EMULATOR_URL")
# The top-level entries of the tarball: the collection users run, nothing of the development tooling.
SHIPPED = {"FILES.json", "MANIFEST.json", "README.md", "ansible.cfg", "bindep.txt", "changelogs", "docs", "inventory",
           "meta", "playbooks", "plugins", "requirements.txt", "roles"}
NOT_SHIPPED = {"emulator", "tests", "bench", "extensions", "scripts", ".build", ".venv", ".venv-oldest", ".ci",
               "Makefile", "ruff.toml", "requirements-dev.txt", "requirements-bench.txt", ".gitignore",
               "execution-environment.yml"}


def installed_environment(collections_root, home):
    """os.environ for running the installed copy: ANSIBLE_COLLECTIONS_PATH is the install path and the bundled
    collections only, no ansible.cfg of the checkout, ~/.ansible redirected to `home`, no DigitalOcean settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANSIBLE_") and k not in DO_VARIABLES}
    env.update(
        PATH="%s%s%s" % (VENV_BIN, os.pathsep, os.environ.get("PATH", "")),
        ANSIBLE_COLLECTIONS_PATH="%s%s%s" % (collections_root, os.pathsep, BUNDLED.parent),
        ANSIBLE_HOME=str(home),
        ANSIBLE_NOCOLOR="1",
        PYTHONDONTWRITEBYTECODE="1",
    )
    # Nothing from this checkout on the Python path (the emulator runs in its own process).
    env.pop("PYTHONPATH", None)
    return env


def git_files():
    """The files git tracks in this checkout (relative paths)."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True)
    return [p for p in listed.stdout.decode().split("\0") if p]


def run(command, env, cwd, timeout=600):
    """Runs `command`; returns the CompletedProcess (text), never raises on a non-zero status."""
    return subprocess.run([str(c) for c in command], env=env, cwd=str(cwd), capture_output=True, text=True,
                          timeout=timeout, check=False)


def explain(completed):
    """A failed command's status and the end of its output, for an assertion message."""
    return "rc=%s\n--- stdout (end)\n%s\n--- stderr (end)\n%s" % (
        completed.returncode, completed.stdout[-6000:], completed.stderr[-3000:])


def recap(output, host="localhost"):
    """{"ok": n, "changed": n, "failed": n, ...} of `host` in the last PLAY RECAP of ansible-playbook's output."""
    counts = None
    for line in output.splitlines():
        if line.startswith(host + " ") and "ok=" in line:
            counts = {k: int(v) for k, v in (field.split("=") for field in line.split(":", 1)[1].split())}
    assert counts is not None, "no PLAY RECAP line for %s in:\n%s" % (host, output[-3000:])
    return counts


class Emulator:
    """The emulator's API and admin endpoints, as the tests need them."""

    def __init__(self, url):
        self.url = url

    def request(self, method, path):
        request = urllib.request.Request(self.url + path, method=method,
                                         headers={"Authorization": "Bearer " + TOKEN})
        with urllib.request.urlopen(request, timeout=30) as answer:
            body = answer.read()
        return json.loads(body) if body else None

    def reset(self):
        self.request("DELETE", "/_emulator/faults")
        self.request("POST", "/_emulator/reset")

    def listing(self, path, key):
        return self.request("GET", "/v2/%s?per_page=200" % path)[key]

    def resources(self):
        """What the site makes, by kind: names (or ips) of everything that is left."""
        return {
            "droplets": [d["name"] for d in self.listing("droplets", "droplets")],
            "volumes": [v["name"] for v in self.listing("volumes", "volumes")],
            "firewalls": [f["name"] for f in self.listing("firewalls", "firewalls")],
            "databases": [d["name"] for d in self.listing("databases", "databases")],
            "load_balancers": [lb["name"] for lb in self.listing("load_balancers", "load_balancers")],
            "domains": [d["name"] for d in self.listing("domains", "domains")],
            "reserved_ips": [r["ip"] for r in self.listing("reserved_ips", "reserved_ips")],
            "keys": [k["name"] for k in self.listing("account/keys", "ssh_keys")],
        }
