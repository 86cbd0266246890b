"""What the API sends is data, never a template.

A droplet whose name, tags or other strings carry ``{{ lookup('pipe', 'touch <marker>') }}`` must not run that
command on the controller: not during ``ansible-inventory --list`` with compose, keyed_groups, groups and filters
reading those values (from the API or from the cache), not in a play that prints the host's variables, its
inventory_hostname or what compose made of them, and not in a play that registers a module's result. ansible-core
2.19 treats inventory data as untrusted by itself; 2.16 to 2.18 only when the plugin marks it unsafe, so these tests
matter most on the oldest ansible-core meta/runtime.yml claims (scripts/oldest-ansible.sh runs them with it).

The real API refuses such names and tags, as the emulator does; a compromised or impersonated API, or a field the
API does not restrict, would not. So the emulator runs in this process and the stored droplets are rewritten after
their creation, which no API route allows.
"""

import json
import os
import re
import subprocess
import threading

import pytest
import requests
import yaml
from inventory_support import DROPLET_DEFAULTS, TOKEN, makefile_environment, plain

from do_emulator.app import EmulatorApp
from do_emulator.config import Config
from do_emulator.server import EmulatorServer

PLUGIN = "tide.digitalocean.droplets"


class HostileEmulator:
    """The emulator on a thread of this process, with a way around its input checks."""

    def __init__(self, server):
        self.server = server
        self.url = server.url
        self.http = requests.Session()
        self.http.headers["Authorization"] = "Bearer " + TOKEN

    def reset(self):
        self.http.post(self.url + "/_emulator/reset", timeout=30).raise_for_status()

    def list_requests(self):
        stats = self.http.get(self.url + "/_emulator/stats", timeout=30).json()
        return stats["routes"].get("GET /v2/droplets", 0)

    def create_droplet(self, name, tags):
        body = dict(DROPLET_DEFAULTS, name=name, tags=list(tags))
        response = self.http.post(self.url + "/v2/droplets", json=body, timeout=30)
        response.raise_for_status()
        return response.json()["droplet"]

    def rewrite(self, droplet_id, change):
        """Applies change(stored_droplet) to the stored droplet, past every check of the API."""
        store = self.server.app.store
        with store.transaction():
            droplet = store.get("droplets", droplet_id)
            change(droplet)
            store.put("droplets", droplet)


@pytest.fixture(scope="module")
def hostile_server():
    app = EmulatorApp(Config(port=0, action_seconds=0, rate_limit_per_minute=1000000, tokens=[TOKEN]))
    server = EmulatorServer(app, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    app.close()


@pytest.fixture
def hostile(hostile_server):
    emulator = HostileEmulator(hostile_server)
    emulator.reset()
    return emulator


class Markers:
    """One marker file per poisoned field; the template in that field creates it if it is ever rendered."""

    def __init__(self, directory):
        self.directory = directory

    def template(self, field):
        return "{{ lookup('pipe', 'touch %s') }}" % os.path.join(self.directory, field)

    def fired(self):
        return sorted(os.listdir(self.directory))


@pytest.fixture
def markers(tmp_path):
    directory = tmp_path / "markers"
    directory.mkdir()
    return Markers(str(directory))


@pytest.fixture
def poisoned(hostile, markers):
    """A droplet whose every free string (name, tags, image, distribution, VPC, creation time, features and its
    public address) carries a template; returns what the API now says of it (id, name, tags)."""
    created = hostile.create_droplet("web1", ["web"])
    name = "web1" + markers.template("name")
    tags = ["web", "x" + markers.template("tag")]

    def poison(droplet):
        droplet["name"] = name
        droplet["tags"] = tags
        droplet["image"]["slug"] = markers.template("image")
        droplet["image"]["distribution"] = markers.template("distribution")
        droplet["vpc_uuid"] = markers.template("vpc_uuid")
        droplet["created_at"] = markers.template("created_at")
        droplet["features"] = [markers.template("feature")]
        public = next(n for n in droplet["_networks"]["v4"] if n["type"] == "public")
        public["ip_address"] = markers.template("public_ipv4")

    hostile.rewrite(created["id"], poison)
    return {"id": created["id"], "name": name, "tags": tags, "markers": markers}


def environment(hostile, tmp_path):
    env = makefile_environment()
    env.update(
        DIGITALOCEAN_API_URL=hostile.url,
        DIGITALOCEAN_TOKEN=TOKEN,
        ANSIBLE_CALLBACK_RESULT_FORMAT="json",  # one result a line, whatever its length
        ANSIBLE_LOCAL_TEMP=str(tmp_path / "ansible-tmp"),
        ANSIBLE_NOCOLOR="1",
    )
    return env


def run(command, hostile, tmp_path):
    completed = subprocess.run(
        command, env=environment(hostile, tmp_path), capture_output=True, text=True, timeout=300, check=False,
        cwd=str(tmp_path),
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return completed


def inventory_config(tmp_path, **extra):
    """compose, groups, keyed_groups and filters that all read the poisoned values."""
    config = {
        "plugin": PLUGIN,
        "compose": {
            "composed_name": "do_name",
            "composed_tags": "do_tags | join(',')",
            "composed_image": "do_image ~ ' ' ~ do_image_distribution",
            "ansible_connection": "'local'",
        },
        "groups": {"named": "do_name is string and do_name | length > 0"},
        "keyed_groups": [
            {"key": "do_tags", "prefix": "kt"},
            {"key": "do_name", "prefix": "kn"},
            {"key": "do_image_distribution", "prefix": "distro"},
        ],
        "filters": ["do_name is string", "'web' in do_tags", "do_features | length > 0"],
    }
    config.update(extra)
    path = tmp_path / "hostile.do.yml"
    path.write_text(yaml.safe_dump(config))
    return str(path)


def inventory_list(config, hostile, tmp_path):
    completed = run(["ansible-inventory", "-i", config, "--list"], hostile, tmp_path)
    return json.loads(completed.stdout, object_hook=plain)


def test_inventory_list_with_compose_and_keyed_groups_renders_no_api_value(hostile, poisoned, tmp_path):
    markers = poisoned["markers"]

    data = inventory_list(inventory_config(tmp_path), hostile, tmp_path)

    assert markers.fired() == []
    # The values arrive verbatim: marked, not mangled or dropped.
    hostvars = data["_meta"]["hostvars"][poisoned["name"]]
    assert hostvars["do_name"] == poisoned["name"]
    assert hostvars["do_tags"] == poisoned["tags"]
    assert hostvars["composed_name"] == poisoned["name"]
    assert hostvars["composed_tags"] == ",".join(poisoned["tags"])
    assert hostvars["ansible_host"] == markers.template("public_ipv4")
    assert data["named"]["hosts"] == [poisoned["name"]]
    assert data["kt_web"]["hosts"] == [poisoned["name"]]
    # Group names from API values are sanitised by ansible-core, so they hold no template either.
    assert not [group for group in data if "{" in group]


def test_a_cached_listing_is_as_inert_as_a_fresh_one(hostile, poisoned, tmp_path):
    markers = poisoned["markers"]
    config = inventory_config(
        tmp_path, cache=True, cache_plugin="ansible.builtin.jsonfile", cache_connection=str(tmp_path / "cache"),
        cache_timeout=3600,
    )

    inventory_list(config, hostile, tmp_path)
    requests_before = hostile.list_requests()
    data = inventory_list(config, hostile, tmp_path)

    assert hostile.list_requests() == requests_before  # the second run read the cache
    assert markers.fired() == []
    assert data["_meta"]["hostvars"][poisoned["name"]]["composed_name"] == poisoned["name"]


PRINTING_PLAY = """
- name: Print what the inventory says of each host
  hosts: all
  gather_facts: false
  tasks:
    - name: The do_ variables, what compose made of them, and the host's names
      ansible.builtin.debug:
        msg: "{{ [inventory_hostname, do_name, do_tags, do_image, do_image_distribution, do_vpc_uuid, do_created_at,
                  do_features, do_public_ipv4, ansible_host, composed_name, composed_tags, composed_image,
                  group_names] | to_json }}"
    - name: Every host variable at once
      ansible.builtin.debug:
        var: hostvars[inventory_hostname]
    - name: Copy a value into a fact
      ansible.builtin.set_fact:
        copied: "{{ do_name }} and {{ do_tags | last }}"
    - name: Print the fact
      ansible.builtin.debug:
        msg: "copied={{ copied }}"
"""


def test_a_play_printing_the_host_vars_renders_no_api_value(hostile, poisoned, tmp_path):
    markers = poisoned["markers"]
    playbook = tmp_path / "print.yml"
    playbook.write_text(PRINTING_PLAY)

    completed = run(
        ["ansible-playbook", "-i", inventory_config(tmp_path), str(playbook)], hostile, tmp_path
    )

    assert markers.fired() == []
    assert re.search(r"ok=4\s+changed=0\s+unreachable=0\s+failed=0", completed.stdout), completed.stdout
    printed = completed.stdout.replace("\\'", "'")
    assert ("copied=%s and %s" % (poisoned["name"], poisoned["tags"][-1])) in printed
    assert markers.template("distribution") in printed


MODULE_PLAY = """
- name: Read the droplet with a module and use its result
  hosts: localhost
  gather_facts: false
  vars:
    ansible_python_interpreter: "{{ ansible_playbook_python }}"  # the venv with pydo
  tasks:
    - name: The droplet as the API describes it
      tide.digitalocean.droplet_info:
        id: %(id)d
      register: found
    - name: Print the registered result
      ansible.builtin.debug:
        msg: "{{ found.droplets[0].name }} {{ found.droplets[0].tags }} {{ found.droplets[0].public_ipv4 }}"
    - name: Copy a value into a fact
      ansible.builtin.set_fact:
        copied: "{{ found.droplets[0].name }} and {{ found.droplets[0].image.distribution }}"
    - name: Print the fact
      ansible.builtin.debug:
        msg: "copied={{ copied }}"
"""


def test_a_registered_module_result_renders_no_api_value(hostile, poisoned, tmp_path):
    """ansible-core marks every module result unsafe on the controller (2.16: ActionBase._execute_module and
    TaskExecutor wrap_var it; 2.19: it is untrusted by default); this checks that it holds for this collection's
    modules on the ansible-core under test."""
    markers = poisoned["markers"]
    playbook = tmp_path / "module.yml"
    playbook.write_text(MODULE_PLAY % {"id": poisoned["id"]})

    completed = run(["ansible-playbook", "-i", "localhost,", "-c", "local", str(playbook)], hostile, tmp_path)

    assert markers.fired() == []
    assert re.search(r"ok=4\s+changed=0\s+unreachable=0\s+failed=0", completed.stdout), completed.stdout
    printed = completed.stdout.replace("\\'", "'")
    assert ("copied=%s and %s" % (poisoned["name"], markers.template("distribution"))) in printed


def test_the_markers_do_fire_when_rendered(hostile, markers, tmp_path):
    """The check itself: the same templates, written by the user in a play (trusted), do run."""
    playbook = tmp_path / "trusted.yml"
    playbook.write_text(
        '- hosts: localhost\n  gather_facts: false\n  tasks:\n'
        '    - ansible.builtin.debug:\n        msg: "%s"\n' % markers.template("trusted")
    )

    run(["ansible-playbook", "-i", "localhost,", "-c", "local", str(playbook)], hostile, tmp_path)

    assert markers.fired() == ["trusted"]


def test_the_ansible_core_under_test_is_the_one_the_caller_asked_for(hostile, tmp_path):
    """scripts/oldest-ansible.sh sets TIDE_ANSIBLE_CORE to the version it installed; this proves it ran."""
    completed = run(["ansible", "--version"], hostile, tmp_path)
    version = re.search(r"core ([0-9.]+)", completed.stdout).group(1)
    wanted = os.environ.get("TIDE_ANSIBLE_CORE")
    if wanted:
        assert version == wanted or version.startswith(wanted + "."), completed.stdout
