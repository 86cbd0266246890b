"""The peer suite: community.digitalocean's modules (from the PyPI `ansible` package), unchanged, against the
emulator. Each resource goes create -> rerun unchanged -> delete -> delete again unchanged, with the modules' own
defaults (a droplet with `wait: true`, firewall droplet ids as strings and ports "1-65535", ...), so a client that
works against the real API works against the emulator too. The emulator must answer no 5xx throughout.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import requests
import yaml

from do_emulator.process import running

TOKEN = "peer-token"
PUBLIC_KEY = ("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMvOYzHXbIzQ0eV1kMZV6WqE7XFKFEt7k6oQk1ChuK0G peer@example")
DROPLET = {"name": "peer-web", "size": "s-1vcpu-1gb", "image": "ubuntu-22-04-x64", "region": "nyc3",
           "unique_name": True, "sleep_interval": 1}


def cycle(module, create, delete=None, check=None, delete_again=True):
    """Tasks that create (changed), rerun (unchanged), delete (changed) and delete again (unchanged; skipped for a
    module that itself fails on deleting what is not there)."""
    name = module.rsplit(".", 1)[-1]
    delete = delete or dict(create, state="absent")
    tasks = [
        {"name": "%s: create" % name, module: create, "register": "created"},
        {"name": "%s: rerun" % name, module: create, "register": "rerun"},
    ]
    if check:
        tasks.append({"name": "%s: what the API holds" % name, "ansible.builtin.assert": {"that": check}})
    tasks.append({"name": "%s: delete" % name, module: delete, "register": "deleted"})
    expected = ["created is changed", "rerun is not changed", "deleted is changed"]
    if delete_again:
        tasks.append({"name": "%s: delete again" % name, module: delete, "register": "deleted_again"})
        expected.append("deleted_again is not changed")
    tasks.append({"name": "%s: %s" % (name, ", ".join(expected)), "ansible.builtin.assert": {"that": expected}})
    return tasks


def droplet_first(*tasks):
    return [{"name": "a droplet to refer to", "community.digitalocean.digital_ocean_droplet": DROPLET,
             "register": "web"}, *tasks]


# ICMP rules read back ports "0", as the API documents, so the module compares equal only with "0" for them (its
# own example's "1-65535" for icmp is accepted but reported changed on every run).
FIREWALL_RULES = {
    "inbound_rules": [{"protocol": "tcp", "ports": "22", "sources": {"addresses": ["0.0.0.0/0", "::/0"]}}],
    "outbound_rules": [
        {"protocol": proto, "ports": ports, "destinations": {"addresses": ["0.0.0.0/0", "::/0"]}}
        for proto, ports in (("tcp", "1-65535"), ("udp", "1-65535"), ("icmp", "0"))],
}

RESOURCES = {
    "droplet": cycle("community.digitalocean.digital_ocean_droplet", DROPLET,
                     check=["created.data.droplet.status == 'active'",
                            "rerun.data.droplet.id == created.data.droplet.id"]),
    "firewall": droplet_first(*cycle(
        "community.digitalocean.digital_ocean_firewall",
        {"name": "peer-fw", "droplet_ids": ["{{ web.data.droplet.id | string }}"], **FIREWALL_RULES},
        delete={"name": "peer-fw", "state": "absent"},
        check=["created.data.droplet_ids == [web.data.droplet.id]",
               "created.data.outbound_rules[0].ports == '1-65535'"])),
    "volume": cycle("community.digitalocean.digital_ocean_block_storage",
                    {"command": "create", "state": "present", "volume_name": "peer-vol", "region": "nyc3",
                     "block_size": 10},
                    delete={"command": "create", "state": "absent", "volume_name": "peer-vol", "region": "nyc3"}),
    # As on an account that has used the region: its default VPC exists (made with the droplet), so the new VPC
    # is not the region's default, which could not be deleted.
    "vpc": droplet_first(*cycle("community.digitalocean.digital_ocean_vpc", {"name": "peer-vpc", "region": "nyc3"},
                                delete={"name": "peer-vpc", "state": "absent"}, delete_again=False)),
    "load_balancer": droplet_first(*cycle(
        "community.digitalocean.digital_ocean_load_balancer",
        {"name": "peer-lb", "region": "nyc3", "droplet_ids": ["{{ web.data.droplet.id }}"], "wait_timeout": 60},
        delete={"name": "peer-lb", "region": "nyc3", "state": "absent"}, delete_again=False)),
    "database": cycle("community.digitalocean.digital_ocean_database",
                      {"name": "peer-db", "engine": "pg", "version": "16", "size": "db-s-1vcpu-1gb",
                       "region": "nyc3", "num_nodes": 1, "wait_timeout": 60},
                      delete={"name": "peer-db", "engine": "pg", "size": "db-s-1vcpu-1gb", "region": "nyc3",
                              "state": "absent"}),
    "tag": droplet_first(*cycle(
        "community.digitalocean.digital_ocean_tag",
        {"name": "peer-tag", "resource_id": "{{ web.data.droplet.id | string }}"},
        delete={"name": "peer-tag", "state": "absent"})),
    "sshkey": cycle("community.digitalocean.digital_ocean_sshkey", {"name": "peer-key", "ssh_pub_key": PUBLIC_KEY},
                    delete={"state": "absent", "ssh_pub_key": PUBLIC_KEY}),
}


@pytest.fixture(scope="module")
def emulator():
    with running("--action-seconds", "1", "--rate-limit-per-minute", "100000", "--token", TOKEN) as process:
        yield process


def playbook(url, tasks):
    defaults = {"oauth_token": TOKEN, "baseurl": url + "/v2"}
    return [{"name": "community.digitalocean against the emulator", "hosts": "localhost", "gather_facts": False,
             "module_defaults": {"group/community.digitalocean.all": defaults}, "tasks": tasks}]


@pytest.mark.parametrize("resource", sorted(RESOURCES))
def test_community_module_creates_reruns_unchanged_and_deletes(emulator, tmp_path, resource):
    requests.post(emulator.url + "/_emulator/reset", timeout=30).raise_for_status()
    path = tmp_path / ("%s.yml" % resource)
    path.write_text(yaml.safe_dump(playbook(emulator.url, RESOURCES[resource]), sort_keys=False))
    env = dict(os.environ, ANSIBLE_NOCOLOR="1", ANSIBLE_STDOUT_CALLBACK="default",
               ANSIBLE_PYTHON_INTERPRETER=sys.executable, ANSIBLE_LOCALHOST_WARNING="0",
               ANSIBLE_INVENTORY_UNPARSED_WARNING="0")
    binary = Path(sys.executable).with_name("ansible-playbook")
    result = subprocess.run([str(binary), "-i", "localhost,", "-c", "local", str(path)], env=env,
                            capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    statuses = requests.get(emulator.url + "/_emulator/stats", timeout=10).json()["statuses"]
    assert not [s for s in statuses if s.startswith("5")], statuses
