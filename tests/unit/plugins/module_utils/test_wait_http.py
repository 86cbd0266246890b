"""Waiting over HTTP: many droplets cost one listing per poll, and actions survive ambiguous failures."""

import time

import pytest
from ansible_collections.tide.digitalocean.plugins.module_utils.actions import Actions
from ansible_collections.tide.digitalocean.plugins.module_utils.droplets import find_droplets
from ansible_collections.tide.digitalocean.plugins.module_utils.wait import wait_for_actions, wait_for_droplets

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
    assert routes == {"GET /v2/droplets": len(polls)}  # the first poll after one schedule step
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


def power_off_all(emulator, ids):
    action_ids = []
    for droplet_id in ids:
        response = emulator.request("POST", "/v2/droplets/%d/actions" % droplet_id, json={"type": "power_off"})
        response.raise_for_status()
        action_ids.append(response.json()["action"]["id"])
    return action_ids


def test_many_actions_are_polled_with_one_listing_of_the_accounts_actions_per_poll(api, emulator, slow_actions):
    ids = create(emulator, NAMES)
    time.sleep(0.4)  # the droplets' create actions complete
    action_ids = power_off_all(emulator, ids)
    emulator.zero_stats()
    polls = []

    def sleep(seconds):
        polls.append(seconds)
        time.sleep(seconds)

    finished = wait_for_actions(api, action_ids, timeout=30, sleep=sleep)
    assert [action["id"] for action in finished] == action_ids
    assert all(action["status"] == "completed" for action in finished)
    assert len(polls) >= 1
    assert emulator.stats()["routes"] == {"GET /v2/actions": len(polls)}


def test_an_action_no_longer_on_the_listings_first_page_is_read_by_its_own_get(api, emulator):
    action_ids = []
    for batch in range(21):  # 210 create actions: the first one is not among the newest 200
        body = {"names": ["s-%d-%d" % (batch, i) for i in range(10)], "region": "nyc3", "size": "s-1vcpu-1gb",
                "image": "debian-12-x64"}
        response = emulator.request("POST", "/v2/droplets", json=body)
        response.raise_for_status()
        action_ids.extend(link["id"] for link in response.json()["links"]["actions"])
    emulator.zero_stats()
    finished = wait_for_actions(api, [action_ids[0], action_ids[-1]], timeout=30)
    assert [action["id"] for action in finished] == [action_ids[0], action_ids[-1]]
    assert emulator.stats()["routes"] == {"GET /v2/actions": 1, "GET /v2/actions/{action_id}": 1}


def test_one_action_costs_one_get_a_poll(api, emulator):
    droplet_id = create(emulator, ["one-1", "one-2"])[0]
    action_id = power_off_all(emulator, [droplet_id])[0]
    emulator.zero_stats()
    assert wait_for_actions(api, [action_id], timeout=30)[0]["status"] == "completed"
    assert emulator.stats()["routes"] == {"GET /v2/actions/{action_id}": 1}
