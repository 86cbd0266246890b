"""Volume actions: attach/detach by id and by name, resize (grow only), action status over time, and the
consistency of volume.droplet_ids with droplet.volume_ids."""

import itertools

import pytest

_ids = itertools.count(1000)


def droplet(api, region="nyc1"):
    r = api.post("/v2/droplets", json={"name": "web-%d" % next(_ids), "region": region,
                                       "size": "s-1vcpu-1gb", "image": "ubuntu-24-04-x64"})
    assert r.status_code == 202, r.text
    return r.json()["droplet"]["id"]


def droplet_volume_ids(api, droplet_id):
    return api.get("/v2/droplets/%d" % droplet_id).json()["droplet"]["volume_ids"]


def volume(api, name="data-1", region="nyc1", size=10):
    r = api.post("/v2/volumes", json={"name": name, "region": region, "size_gigabytes": size})
    assert r.status_code == 201, r.text
    return r.json()["volume"]


def attached_to(api, volume_id):
    return api.get("/v2/volumes/" + volume_id).json()["volume"]["droplet_ids"]


def test_attach_and_detach_by_id_keep_both_sides_consistent(api, emulator, do_client):
    vol = volume(api)
    web = droplet(api)
    action = do_client.volume_actions.post_by_id(vol["id"], {"type": "attach", "droplet_id": web,
                                                             "region": "nyc1"})["action"]
    assert action["type"] == "attach_volume" and action["status"] == "completed"
    assert action["resource_type"] == "volume" and action["region_slug"] == "nyc1"
    assert attached_to(api, vol["id"]) == [web]
    assert droplet_volume_ids(api, web) == [vol["id"]]

    action = do_client.volume_actions.post_by_id(vol["id"], {"type": "detach", "droplet_id": web})["action"]
    assert action["type"] == "detach_volume"
    assert attached_to(api, vol["id"]) == []
    assert droplet_volume_ids(api, web) == []


def test_attach_and_detach_by_name(api, emulator, do_client):
    vol = volume(api, region="ams3")
    volume(api, region="nyc1")  # the same name elsewhere must not be touched
    db = droplet(api, region="ams3")
    body = {"type": "attach", "volume_name": "data-1", "region": "ams3", "droplet_id": db}
    assert do_client.volume_actions.post(body)["action"]["type"] == "attach_volume"
    assert attached_to(api, vol["id"]) == [db]
    assert [v["droplet_ids"] for v in api.get("/v2/volumes", params={"region": "nyc1"}).json()["volumes"]] == [[]]
    body["type"] = "detach"
    assert do_client.volume_actions.post(body)["action"]["type"] == "detach_volume"
    assert attached_to(api, vol["id"]) == []


@pytest.mark.parametrize("body, status", [
    ({"type": "attach", "volume_name": "data-1", "droplet_id": 1}, 422),            # no region
    ({"type": "resize", "volume_name": "data-1", "region": "nyc1", "size_gigabytes": 20}, 422),
    ({"type": "attach", "volume_name": "missing", "region": "nyc1", "droplet_id": 1}, 404),
])
def test_action_by_name_errors(api, body, status):
    volume(api)
    r = api.post("/v2/volumes/actions", json=body)
    assert r.status_code == status, r.text
    assert api.get("/v2/volumes/%s/actions" % api.get("/v2/volumes").json()["volumes"][0]["id"]).json()[
        "meta"]["total"] == 0


def test_attach_only_to_a_droplet_in_the_same_region(api, emulator):
    vol = volume(api, region="nyc1")
    far = droplet(api, region="sfo3")
    r = api.post("/v2/volumes/%s/actions" % vol["id"], json={"type": "attach", "droplet_id": far})
    assert r.status_code == 422 and r.json()["id"] == "unprocessable_entity"
    assert attached_to(api, vol["id"]) == []
    assert droplet_volume_ids(api, far) == []


def test_a_volume_attaches_to_at_most_one_droplet(api):
    vol = volume(api)
    first, second = droplet(api), droplet(api)
    url = "/v2/volumes/%s/actions" % vol["id"]
    assert api.post(url, json={"type": "attach", "droplet_id": first}).status_code == 202
    r = api.post(url, json={"type": "attach", "droplet_id": second})
    assert r.status_code == 422 and "already attached" in r.json()["message"]
    assert api.post(url, json={"type": "attach", "droplet_id": first}).status_code == 422
    assert attached_to(api, vol["id"]) == [first]
    assert droplet_volume_ids(api, second) == []


def test_an_attached_volume_cannot_be_deleted(api, emulator):
    vol = volume(api)
    web = droplet(api)
    api.post("/v2/volumes/%s/actions" % vol["id"], json={"type": "attach", "droplet_id": web})
    r = api.delete("/v2/volumes/" + vol["id"])
    assert r.status_code == 409 and r.json()["id"] == "conflict"
    r = api.delete("/v2/volumes", params={"name": "data-1", "region": "nyc1"})
    assert r.status_code == 409
    api.post("/v2/volumes/%s/actions" % vol["id"], json={"type": "detach", "droplet_id": web})
    assert api.delete("/v2/volumes/" + vol["id"]).status_code == 204


def test_a_deleted_droplet_no_longer_holds_its_volume(api, emulator):
    vol = volume(api)
    web = droplet(api)
    api.post("/v2/volumes/%s/actions" % vol["id"], json={"type": "attach", "droplet_id": web})
    assert api.delete("/v2/droplets/%d" % web).status_code == 204
    assert attached_to(api, vol["id"]) == []
    assert api.delete("/v2/volumes/" + vol["id"]).status_code == 204


@pytest.mark.parametrize("body, status", [
    ({"type": "detach", "droplet_id": "PLACEHOLDER"}, 404),        # not attached to it
    ({"type": "attach", "droplet_id": 999999}, 404),               # no such droplet
    ({"type": "attach"}, 422),                                     # droplet_id missing
    ({"type": "attach", "droplet_id": "12"}, 400),                 # wrong type
    ({"type": "explode", "droplet_id": 1}, 422),
    ({}, 422),
    ({"type": "attach", "droplet_id": "PLACEHOLDER", "region": "sfo3"}, 422),  # not the volume's region
    ({"type": "resize", "size_gigabytes": 5}, 422),                # shrink
    ({"type": "resize", "size_gigabytes": 10}, 422),               # same size
    ({"type": "resize", "size_gigabytes": 16385}, 422),            # over 16 TiB
    ({"type": "resize"}, 422),
])
def test_invalid_actions_are_rejected_and_change_nothing(api, emulator, body, status):
    vol = volume(api)
    web = droplet(api)
    if body.get("droplet_id") == "PLACEHOLDER":
        body = dict(body, droplet_id=web)
    r = api.post("/v2/volumes/%s/actions" % vol["id"], json=body)
    assert r.status_code == status, r.text
    assert r.json()["message"]
    after = api.get("/v2/volumes/" + vol["id"]).json()["volume"]
    assert (after["size_gigabytes"], after["droplet_ids"]) == (10, [])
    assert api.get("/v2/volumes/%s/actions" % vol["id"]).json()["meta"]["total"] == 0


def test_resize_grows_the_volume(api, do_client):
    vol = volume(api)
    action = do_client.volume_actions.post_by_id(vol["id"], {"type": "resize", "size_gigabytes": 25,
                                                             "region": "nyc1"})["action"]
    assert action["type"] == "resize_volume"
    assert api.get("/v2/volumes/" + vol["id"]).json()["volume"]["size_gigabytes"] == 25


def test_actions_on_an_unknown_volume_are_404(api):
    missing = "/v2/volumes/4b5e3d9c-0000-4000-8000-000000000000"
    assert api.post(missing + "/actions", json={"type": "resize", "size_gigabytes": 20}).status_code == 404
    assert api.get(missing + "/actions").status_code == 404
    assert api.get(missing + "/actions/1").status_code == 404


def test_actions_are_listed_and_fetched_per_volume(api, emulator, do_client):
    vol, other = volume(api), volume(api, name="other")
    web = droplet(api)
    url = "/v2/volumes/%s/actions" % vol["id"]
    attach = api.post(url, json={"type": "attach", "droplet_id": web}).json()["action"]
    resize = api.post(url, json={"type": "resize", "size_gigabytes": 20}).json()["action"]
    listed = do_client.volume_actions.list(vol["id"], per_page=1)
    assert [a["id"] for a in listed["actions"]] == [resize["id"]] and listed["meta"]["total"] == 2
    assert "next" in listed["links"]["pages"]
    assert [a["id"] for a in do_client.volume_actions.list(vol["id"])["actions"]] == [resize["id"], attach["id"]]
    assert do_client.volume_actions.get(vol["id"], resize["id"])["action"]["type"] == "resize_volume"
    assert api.get("/v2/volumes/%s/actions/%d" % (other["id"], resize["id"])).status_code == 404
    assert api.get("/v2/volumes/%s/actions/not-a-number" % vol["id"]).status_code == 404


def test_actions_stay_in_progress_for_action_seconds(api, emulator, monkeypatch):
    vol = volume(api)
    web = droplet(api)
    emulator.app.config.action_seconds = 30
    started = emulator.app.clock()
    url = "/v2/volumes/%s/actions" % vol["id"]
    action = api.post(url, json={"type": "attach", "droplet_id": web}).json()["action"]
    assert action["status"] == "in-progress" and action["completed_at"] is None
    assert attached_to(api, vol["id"]) == [web]  # the effect is visible at once, as on the API
    r = api.post(url, json={"type": "resize", "size_gigabytes": 20})
    assert r.status_code == 422  # the volume is busy until the action completes

    monkeypatch.setattr(emulator.app, "clock", lambda: started + 31)
    done = api.get("%s/%d" % (url, action["id"])).json()["action"]
    assert done["status"] == "completed" and done["completed_at"]
    assert api.post(url, json={"type": "resize", "size_gigabytes": 20}).status_code == 202


def test_no_attach_while_the_droplet_has_a_pending_event(api, emulator, monkeypatch):
    emulator.app.config.action_seconds = 30
    vol = volume(api)
    web = droplet(api)  # its create action runs for 30 s
    url = "/v2/volumes/%s/actions" % vol["id"]
    r = api.post(url, json={"type": "attach", "droplet_id": web})
    assert r.status_code == 422 and "pending event" in r.json()["message"]
    later = emulator.app.clock() + 31
    monkeypatch.setattr(emulator.app, "clock", lambda: later)
    assert api.post(url, json={"type": "attach", "droplet_id": web}).status_code == 202


def test_a_volume_given_at_droplet_creation_is_attached(api):
    vol = volume(api)
    r = api.post("/v2/droplets", json={"name": "db-1", "region": "nyc1", "size": "s-1vcpu-1gb",
                                       "image": "ubuntu-24-04-x64", "volumes": [vol["id"]]})
    assert r.status_code == 202, r.text
    droplet_id = r.json()["droplet"]["id"]
    assert attached_to(api, vol["id"]) == [droplet_id]
    r = api.post("/v2/volumes/%s/actions" % vol["id"], json={"type": "detach", "droplet_id": droplet_id})
    assert r.status_code == 202
    assert droplet_volume_ids(api, droplet_id) == []


def test_attach_with_tags_tags_the_volume(api):
    vol = volume(api)
    web = droplet(api)
    body = {"type": "attach", "droplet_id": web, "tags": ["aninterestingtag"]}
    r = api.post("/v2/volumes/%s/actions" % vol["id"], json=body)
    assert r.status_code == 202
    assert api.get("/v2/volumes/" + vol["id"]).json()["volume"]["tags"] == ["aninterestingtag"]
    assert api.get("/v2/tags/aninterestingtag").json()["tag"]["resources"]["volumes"]["count"] == 1
