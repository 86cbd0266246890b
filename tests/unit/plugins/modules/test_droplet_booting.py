"""A droplet task with state active and wait finds droplets an earlier task created without waiting: it waits for
them, all together (one listing a poll), and writes nothing. The module runs as Ansible runs it (its own process,
arguments in a file) against the emulator, whose actions take a second here."""

import json
import os
import subprocess
import sys

import pytest
from conftest import TOKEN, _collection_root

NAMES = ["boot-1", "boot-2", "boot-3"]


@pytest.fixture
def slow_boot(emulator_server):
    emulator_server.app.config.action_seconds = 1.0
    yield
    emulator_server.app.config.action_seconds = 0


def run_module(emulator, tmp_path, **args):
    path = tmp_path / "args.json"
    path.write_text(json.dumps({"ANSIBLE_MODULE_ARGS": dict(args, token=TOKEN, api_url=emulator.url)}))
    env = dict(os.environ, PYTHONPATH=_collection_root())
    run = subprocess.run([sys.executable, "-m", "ansible_collections.tide.digitalocean.plugins.modules.droplet",
                          str(path)], env=env, capture_output=True, text=True, timeout=120, check=False)
    return json.loads(run.stdout)


def test_droplets_still_booting_are_waited_for_together(emulator, slow_boot, tmp_path):
    body = {"names": NAMES, "region": "nyc3", "size": "s-1vcpu-1gb", "image": "debian-12-x64", "tags": ["boot"]}
    emulator.request("POST", "/v2/droplets", json=body).raise_for_status()  # a loop with wait: false, say
    emulator.zero_stats()
    result = run_module(emulator, tmp_path, names=NAMES, region="nyc3", size="s-1vcpu-1gb", image="debian-12-x64",
                        tags=["boot"], state="active")
    assert not result.get("failed"), result
    assert result["changed"] is False
    assert [d["status"] for d in result["droplets"]] == ["active"] * 3
    routes = emulator.stats()["routes"]
    assert list(routes) == ["GET /v2/droplets"] and routes["GET /v2/droplets"] >= 2  # the lookup, then the polls


def test_without_wait_they_are_returned_as_they_are(emulator, slow_boot, tmp_path):
    body = {"names": NAMES, "region": "nyc3", "size": "s-1vcpu-1gb", "image": "debian-12-x64", "tags": ["boot"]}
    emulator.request("POST", "/v2/droplets", json=body).raise_for_status()
    emulator.zero_stats()
    result = run_module(emulator, tmp_path, names=NAMES, region="nyc3", size="s-1vcpu-1gb", image="debian-12-x64",
                        tags=["boot"], state="active", wait=False)
    assert result["changed"] is False
    assert [d["status"] for d in result["droplets"]] == ["new"] * 3
    assert emulator.stats()["routes"] == {"GET /v2/droplets": 1}
