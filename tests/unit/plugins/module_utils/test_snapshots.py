"""Snapshot sources: a droplet or volume by id or name (one listing for a name), and their snapshots in one listing."""

import pytest
from ansible_collections.tide.digitalocean.plugins.module_utils.errors import DigitalOceanError
from ansible_collections.tide.digitalocean.plugins.module_utils.snapshots import snapshot_source, source_snapshots


def post(emulator, path, body):
    response = emulator.request("POST", path, json=body)
    response.raise_for_status()
    return response.json()


def test_ids_cost_nothing_and_names_one_listing(api, emulator):
    droplet = post(
        emulator, "/v2/droplets", {"name": "web", "region": "nyc3", "size": "s-1vcpu-1gb", "image": "debian-12-x64"}
    )["droplet"]
    volume = post(emulator, "/v2/volumes", {"name": "data", "region": "nyc3", "size_gigabytes": 5})["volume"]
    emulator.zero_stats()
    assert snapshot_source(api, droplet=str(droplet["id"])) == ("droplet", str(droplet["id"]))
    assert snapshot_source(api, volume=volume["id"]) == ("volume", volume["id"])
    assert snapshot_source(api) == (None, None)
    assert emulator.stats()["total"] == 0
    assert snapshot_source(api, droplet="web") == ("droplet", str(droplet["id"]))
    assert snapshot_source(api, volume="data", region="nyc3") == ("volume", volume["id"])
    assert emulator.stats()["total"] == 2


def test_a_missing_source_is_refused_naming_the_option(api, emulator):
    with pytest.raises(DigitalOceanError, match=r"^volume: no volume is named data in region fra1$"):
        snapshot_source(api, volume="data", region="fra1")
    with pytest.raises(DigitalOceanError, match=r"^droplet: no droplet is named web$"):
        snapshot_source(api, droplet="web")


def test_source_snapshots_keep_only_that_source(api, emulator):
    one = post(emulator, "/v2/volumes", {"name": "one", "region": "nyc3", "size_gigabytes": 5})["volume"]
    two = post(emulator, "/v2/volumes", {"name": "two", "region": "nyc3", "size_gigabytes": 5})["volume"]
    for volume, name in ((one, "one-1"), (one, "one-2"), (two, "two-1")):
        post(emulator, "/v2/volumes/%s/snapshots" % volume["id"], {"name": name})
    emulator.zero_stats()
    assert sorted(s["name"] for s in source_snapshots(api, "volume", one["id"])) == ["one-1", "one-2"]
    assert len(source_snapshots(api, "volume")) == 3
    assert source_snapshots(api, "droplet") == []
    assert emulator.stats()["routes"] == {"GET /v2/snapshots": 3}
