"""A `do-emulator --backend docker` process for tests, and the few things tests do with its droplets.

Each box gets an instance name of its own (labels and names of everything it makes), so a test can tell exactly
what belongs to it, and check that nothing of it is left behind.
"""

import json
import os
import secrets
import subprocess
import sys
import time

import requests

from do_emulator.process import EmulatorProcess

TOKEN = "box-test-token"
IMAGE = os.environ.get("TIDE_DROPLET_IMAGE", "tide-droplet:latest")
LABEL = "tide.emulator.instance"
# Not site.yml's region: the default VPC of each region has its own range, so these tests and the end-to-end test
# can run side by side, each box with a docker network for its default VPC.
REGION = "ams3"


def playbook_env(url, token=TOKEN):
    """The environment ansible-playbook runs with against an emulator: the Makefile's (also when pytest is started by
    hand from the venv), the emulator's URL and token, and no other token from the caller's environment."""
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env = dict(os.environ, DIGITALOCEAN_API_URL=url, DIGITALOCEAN_TOKEN=token,
               PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    env.setdefault("ANSIBLE_COLLECTIONS_PATH", os.path.join(root, ".build", "collections"))
    env.setdefault("ANSIBLE_CONFIG", os.path.join(root, "ansible.cfg"))
    for variable in ("DIGITALOCEAN_ACCESS_TOKEN", "DO_API_TOKEN"):
        env.pop(variable, None)
    return env


def docker(*args, check=True, timeout=120):
    return subprocess.run(["docker", *args], capture_output=True, text=True, check=check, timeout=timeout)


class Box:
    def __init__(self, prefix="bt", state=None, action_seconds=0, instance=None):
        self.instance = instance or "%s-%s" % (prefix, secrets.token_hex(3))
        self.state = state
        self.action_seconds = action_seconds
        self.process = None
        self.url = None

    # -- the emulator process -----------------------------------------------------------------------------------
    def start(self):
        args = ["--backend", "docker", "--instance", self.instance, "--droplet-image", IMAGE, "--action-seconds",
                str(self.action_seconds), "--rate-limit-per-minute", "100000"]
        if self.state:
            args += ["--state", self.state]
        self.process = EmulatorProcess(args, stop_timeout=120).start()
        self.url = self.process.url
        return self

    def stop(self):
        if self.process:
            self.process.stop()
        self.process = None

    def reset(self):
        requests.post(self.url + "/_emulator/reset", timeout=120).raise_for_status()

    def describe(self):
        return requests.get(self.url + "/_emulator/box", timeout=60).json()

    # -- the API --------------------------------------------------------------------------------------------------
    def api(self, method, path, body=None, expect=None):
        response = requests.request(method, self.url + path, json=body, timeout=120,
                                    headers={"Authorization": "Bearer " + TOKEN})
        if expect is not None:
            assert response.status_code == expect, "%s %s: %s %s" % (
                method, path, response.status_code, response.text)
        return response.json() if response.content else None

    def create_droplet(self, name, **fields):
        body = {"name": name, "region": REGION, "size": "s-1vcpu-1gb", "image": "debian-12-x64", **fields}
        return self.api("POST", "/v2/droplets", body, expect=202)["droplet"]

    def droplet(self, droplet_id):
        return self.api("GET", "/v2/droplets/%d" % droplet_id, expect=200)["droplet"]

    def action(self, droplet_id, kind, **fields):
        return self.api("POST", "/v2/droplets/%d/actions" % droplet_id, {"type": kind, **fields}, expect=201)

    @staticmethod
    def address(droplet, kind):
        return next(n["ip_address"] for n in droplet["networks"]["v4"] if n["type"] == kind)

    # -- the machines ---------------------------------------------------------------------------------------------
    def container(self, droplet_id):
        return "do-%s-droplet-%d" % (self.instance, droplet_id)

    def inspect(self, droplet_id):
        return json.loads(docker("inspect", self.container(droplet_id)).stdout)[0]

    def sh(self, droplet_id, script, check=True, timeout=120):
        return docker("exec", self.container(droplet_id), "sh", "-c", script, check=check, timeout=timeout)

    def wait_booted(self, droplet_id, timeout=90):
        """Until systemd in the droplet has finished booting (running or degraded)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            state = self.sh(droplet_id, "systemctl is-system-running", check=False).stdout.strip()
            if state in ("running", "degraded"):
                return state
            time.sleep(0.5)
        raise AssertionError("droplet %d did not finish booting" % droplet_id)

    def connects(self, from_droplet, address, port, timeout=3):
        """Whether a TCP connection from inside one droplet to address:port succeeds."""
        probe = ("import socket,sys\ntry:\n socket.create_connection((%r, %d), timeout=%d).close()\n"
                 "except OSError:\n sys.exit(1)" % (address, port, timeout))
        return docker("exec", self.container(from_droplet), "python3", "-c", probe, check=False).returncode == 0

    def listen(self, droplet_id, port):
        """A TCP listener inside the droplet that accepts and closes connections."""
        server = ("import socket\ns=socket.socket()\ns.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)\n"
                  "s.bind(('0.0.0.0',%d))\ns.listen(16)\nwhile True:\n c,_=s.accept()\n c.close()" % port)
        docker("exec", "-d", self.container(droplet_id), "python3", "-c", server)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.sh(droplet_id, "ss -ltn | grep -q ':%d '" % port, check=False).returncode == 0:
                return
            time.sleep(0.2)
        raise AssertionError("no listener on %d in droplet %d" % (port, droplet_id))

    # -- what is left -----------------------------------------------------------------------------------------------
    def leftovers(self):
        """Containers and networks that carry this instance's label."""
        containers = docker("ps", "-aq", "--filter", "label=%s=%s" % (LABEL, self.instance)).stdout.split()
        networks = docker("network", "ls", "-q", "--filter", "label=%s=%s" % (LABEL, self.instance)).stdout.split()
        return containers + networks


def loop_devices_of(directory):
    """Loop devices whose backing file lies under a directory."""
    out = subprocess.run(["losetup", "--list", "--json", "--output", "NAME,BACK-FILE"], capture_output=True,
                         text=True, check=True).stdout
    devices = json.loads(out or '{"loopdevices": []}').get("loopdevices", [])
    return [d["name"] for d in devices if (d.get("back-file") or "").startswith(directory)]
