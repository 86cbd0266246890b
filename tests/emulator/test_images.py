"""The account's own images (Droplet snapshots): renamed and described (PUT), transferred to another region (image
actions), deleted; public images cannot be changed."""

import contextlib

import pytest

BASE = {"region": "nyc3", "size": "s-1vcpu-1gb", "image": "debian-12-x64"}


@pytest.fixture
def image_id(api):
    droplet = api.post("/v2/droplets", json={**BASE, "name": "imaged"}).json()["droplet"]["id"]
    assert api.post("/v2/droplets/%d/actions" % droplet, json={"type": "snapshot", "name": "snap"}).status_code == 201
    return api.get("/v2/images", params={"private": "true"}).json()["images"][0]["id"]


@contextlib.contextmanager
def later(emulator, seconds):
    clock = emulator.app.clock
    emulator.app.clock = lambda: clock() + seconds
    try:
        yield
    finally:
        emulator.app.clock = clock


def test_update_renames_and_describes_an_image(api, do_client, image_id):
    r = api.put("/v2/images/%d" % image_id, json={"name": "golden", "distribution": "Ubuntu",
                                                  "description": "the base of web servers"})
    assert r.status_code == 200, r.text
    image = r.json()["image"]
    assert (image["name"], image["distribution"], image["description"]) == ("golden", "Ubuntu",
                                                                            "the base of web servers")
    assert do_client.images.get(image_id)["image"] == image
    assert api.put("/v2/images/%d" % image_id, json={"distribution": "Windows"}).status_code == 422
    api.violations.clear()


def test_transfer_adds_a_region_through_an_action(emulator, api, do_client, image_id):
    emulator.app.config.action_seconds = 30
    r = api.post("/v2/images/%d/actions" % image_id, json={"type": "transfer", "region": "ams3"})
    assert r.status_code == 201, r.text
    action = r.json()["action"]
    assert (action["type"], action["status"], action["resource_type"]) == ("transfer", "in-progress", "image")
    assert api.post("/v2/images/%d/actions" % image_id, json={"type": "transfer", "region": "fra1"}).status_code \
        == 422  # one pending event at a time
    with later(emulator, 31):
        got = api.get("/v2/images/%d/actions/%d" % (image_id, action["id"])).json()["action"]
        assert got["status"] == "completed"
        assert api.get("/v2/images/%d/actions" % image_id).json()["actions"][0]["id"] == action["id"]
        assert api.get("/v2/images/%d" % image_id).json()["image"]["regions"] == ["nyc3", "ams3"]
        assert api.post("/v2/images/%d/actions" % image_id, json={"type": "transfer", "region": "ams3"}) \
            .status_code == 422  # already there
        assert api.post("/v2/images/%d/actions" % image_id, json={"type": "convert"}).status_code == 422
    api.violations.clear()


def test_delete_removes_the_image(api, image_id):
    assert api.delete("/v2/images/%d" % image_id).status_code == 204
    assert api.get("/v2/images/%d" % image_id).status_code == 404
    assert api.delete("/v2/images/%d" % image_id).status_code == 404


def test_public_images_cannot_be_changed(api):
    assert api.put("/v2/images/debian-12-x64", json={"name": "mine"}).status_code == 422
    assert api.delete("/v2/images/debian-12-x64").status_code == 422
    assert api.post("/v2/images/debian-12-x64/actions", json={"type": "transfer", "region": "ams3"}).status_code == 422
    api.violations.clear()
