"""A create that fails ambiguously is looked up by identity before any second POST: never a duplicate."""

import pytest
from ansible_collections.tide.digitalocean.plugins.module_utils.client import DigitalOceanAPI
from ansible_collections.tide.digitalocean.plugins.module_utils.droplets import find_droplets
from ansible_collections.tide.digitalocean.plugins.module_utils.errors import DigitalOceanError

TOKEN = "unit-test-token"
BODY = {"name": "web-1", "region": "nyc3", "size": "s-1vcpu-1gb", "image": "debian-12-x64"}


def recover(api):
    found = find_droplets(api, ["web-1"], "nyc3")
    return {"droplet": found["web-1"]} if found else None


def droplets_named(emulator, name):
    body = emulator.request("GET", "/v2/droplets?name=%s&per_page=200" % name).json()
    return [d for d in body["droplets"] if d["name"] == name]


@pytest.mark.parametrize("fault", [{"rates": {"500": 1.0}}, {"rates": {"429": 1.0}}, {"drop": 1.0}])
def test_failure_after_the_write_returns_the_created_resource_without_a_second_post(api, emulator, fault):
    emulator.faults(after_write=1.0, routes=["POST /v2/droplets"], **fault)
    result = api.write("droplets.create", recover=lambda: recover(api), body=BODY)
    emulator.clear_faults()
    assert result["droplet"]["name"] == "web-1"
    assert len(droplets_named(emulator, "web-1")) == 1
    assert emulator.stats()["routes"]["POST /v2/droplets"] == 1


def test_failure_before_the_write_is_retried_after_the_lookup_found_nothing(api, emulator):
    emulator.faults(rates={"503": 0.6}, after_write=0.0, routes=["POST /v2/droplets"], seed=3)
    result = api.write("droplets.create", recover=lambda: recover(api), body=BODY)
    emulator.clear_faults()
    assert result["droplet"]["name"] == "web-1"
    assert len(droplets_named(emulator, "web-1")) == 1


def test_a_blind_retry_would_have_duplicated(emulator):
    """The control experiment: the same fault with call() (retry without lookup) creates duplicates."""
    now = [0.0]

    def fake_sleep(seconds):
        now[0] += seconds

    blind = DigitalOceanAPI(TOKEN, api_url=emulator.url, timeout=3, sleep=fake_sleep, clock=lambda: now[0])
    emulator.faults(rates={"500": 1.0}, after_write=1.0, routes=["POST /v2/droplets"])
    with pytest.raises(DigitalOceanError):
        blind.call("droplets.create", body=BODY)
    emulator.clear_faults()
    assert len(droplets_named(emulator, "web-1")) == blind.request_count > 1


def test_mixed_faults_everywhere_still_create_exactly_one_each(api, emulator):
    emulator.faults(rates={"429": 0.1, "500": 0.1, "503": 0.1}, drop=0.1, after_write=0.5, seed=11)
    for index in range(10):
        body = dict(BODY, name="web-%d" % index)

        def lookup(name=body["name"]):
            found = find_droplets(api, [name], "nyc3")
            return {"droplet": found[name]} if found else None

        assert api.write("droplets.create", recover=lookup, body=body)["droplet"]["name"] == body["name"]
    emulator.clear_faults()
    names = [d["name"] for d in emulator.request("GET", "/v2/droplets?per_page=200").json()["droplets"]]
    assert sorted(names) == sorted("web-%d" % i for i in range(10))


def test_pydo_404_body_becomes_the_one_error_type(api, emulator):
    with pytest.raises(DigitalOceanError) as caught:
        api.call("droplets.get", droplet_id=424242)
    assert caught.value.status == 404 and caught.value.error_id == "not_found"
    assert caught.value.operation == "droplets.get"
    assert api.call("droplets.get", droplet_id=424242, missing_ok=True) is None
