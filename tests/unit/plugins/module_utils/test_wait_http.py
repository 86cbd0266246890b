"""Waiting over HTTP: many droplets cost one listing per poll, and actions survive ambiguous failures."""

import time

import pytest
from ansible_collections.tide.digitalocean.plugins.module_utils.actions import Actions
from ansible_collections.tide.digitalocean.plugins.module_utils.droplets import find_droplets
from ansible_collections.tide.digitalocean.plugins.module_utils.wait import wait_for_droplets

NAMES = ["w-%d" % i for i in range(8)]


@pytest.fixture
def slow_actions(emulator_server):
    emulator_server.app.config.action_seconds = 0.3
    yield
    emulator_server.app.config.action_seconds = 0


def create(emulator, names):
    body = {"names": names, "region": "nyc3", "size": "s-1vcpu-1gb", "image": "debian-12-x64", "tags": ["w"]}
    response = emulator.request("POST", "/v2/droplets", json=body)
    response.raise_for_status()
    return [d["id"] for d in response.json()["droplets"]]


def test_many_droplets_are_polled_with_one_listing_per_poll(api, emulator, slow_actions):
    api.call("droplets.list", per_page=1)  # loads pydo (on the first request) before the 0.3 s actions start
    ids = create(emulator, NAMES)
    emulator.zero_stats()
    polls = []

    def active(droplet):
        return droplet["status"] == "active"

    def sleep(seconds):
        polls.append(seconds)
        time.sleep(seconds)

    found = wait_for_droplets(api, ids, active, timeout=30, tag_name="w", sleep=sleep)
    assert sorted(found) == sorted(ids) and all(d["status"] == "active" for d in found.values())
    routes = emulator.stats()["routes"]
    assert routes == {"GET /v2/droplets": len(polls) + 1}
    assert len(polls) >= 1


@pytest.mark.parametrize("fault", [{"rates": {"500": 1.0}}, {"drop": 1.0}])
def test_an_action_applied_before_the_failure_is_not_sent_again(api, emulator, fault):
    droplet_id = create(emulator, ["a-1"])[0]
    emulator.faults(after_write=1.0, routes=["POST /v2/droplets/{droplet_id}/actions"], **fault)
    actions = Actions(api, "droplet", wait_timeout=30)
    actions.run(droplet_id, "power_off", lambda d: d.get("status") == "off")
    emulator.clear_faults()
    assert emulator.stats()["routes"]["POST /v2/droplets/{droplet_id}/actions"] == 1
    assert find_droplets(api, ["a-1"], "nyc3")["a-1"]["status"] == "off"
