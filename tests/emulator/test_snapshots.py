"""Snapshots: volume snapshots under /v2/volumes, and the account-wide /v2/snapshots over Droplet and volume
snapshots (string ids, resource_type filter, pagination, get and delete of either kind)."""

import pytest


def volume(api, name="data-1", size=20):
    r = api.post("/v2/volumes", json={"name": name, "region": "nyc1", "size_gigabytes": size})
    assert r.status_code == 201, r.text
    return r.json()["volume"]


def volume_snapshot(api, volume_id, name="nightly", **fields):
    r = api.post("/v2/volumes/%s/snapshots" % volume_id, json={"name": name, **fields})
    assert r.status_code == 201, r.text
    return r.json()["snapshot"]


def droplet_snapshot(api, name="web-snap"):
    """A Droplet snapshot made the way the API makes it: a `snapshot` action on a droplet."""
    droplet = api.post("/v2/droplets", json={"name": "web-1", "region": "nyc1", "size": "s-1vcpu-1gb",
                                             "image": "ubuntu-24-04-x64"}).json()["droplet"]
    r = api.post("/v2/droplets/%d/actions" % droplet["id"], json={"type": "snapshot", "name": name})
    assert r.status_code == 201, r.text
    snapshots = api.get("/v2/droplets/%d/snapshots" % droplet["id"]).json()["snapshots"]
    return str(snapshots[-1]["id"]), str(droplet["id"])


def test_volume_snapshot_create_get_list_delete_with_pydo(api, do_client):
    vol = volume(api)
    snap = do_client.volume_snapshots.create(vol["id"], {"name": "before-upgrade", "tags": ["db"]})["snapshot"]
    assert snap["resource_type"] == "volume" and snap["resource_id"] == vol["id"]
    assert snap["regions"] == ["nyc1"] and snap["min_disk_size"] == 20 and snap["tags"] == ["db"]
    assert do_client.volume_snapshots.get_by_id(snap["id"])["snapshot"] == snap
    listed = do_client.volume_snapshots.list(vol["id"])
    assert [s["id"] for s in listed["snapshots"]] == [snap["id"]] and listed["meta"]["total"] == 1
    assert do_client.volume_snapshots.delete_by_id(snap["id"]) is None
    assert api.get("/v2/volumes/snapshots/" + snap["id"]).status_code == 404
    assert api.delete("/v2/volumes/snapshots/" + snap["id"]).status_code == 404


def test_volume_snapshots_are_listed_per_volume_with_pages(api):
    a, b = volume(api, "a"), volume(api, "b")
    ids = [volume_snapshot(api, a["id"], "s%d" % i)["id"] for i in range(3)]
    volume_snapshot(api, b["id"])
    page = api.get("/v2/volumes/%s/snapshots" % a["id"], params={"per_page": 2}).json()
    assert [s["id"] for s in page["snapshots"]] == ids[:2] and page["meta"]["total"] == 3
    assert "next" in page["links"]["pages"]


@pytest.mark.parametrize("body, status", [({}, 422), ({"name": 7}, 400), ({"name": "x", "tags": ["a b"]}, 422)])
def test_invalid_volume_snapshot_is_rejected(api, body, status):
    vol = volume(api)
    r = api.post("/v2/volumes/%s/snapshots" % vol["id"], json=body)
    assert r.status_code == status, r.text
    assert api.get("/v2/snapshots").json()["meta"]["total"] == 0


def test_snapshot_of_unknown_volume_is_404(api):
    r = api.post("/v2/volumes/4b5e3d9c-0000-4000-8000-000000000000/snapshots", json={"name": "x"})
    assert r.status_code == 404 and r.json()["id"] == "not_found"
    assert api.get("/v2/volumes/4b5e3d9c-0000-4000-8000-000000000000/snapshots").status_code == 404


def test_account_snapshots_cover_droplets_and_volumes(api, do_client):
    vol = volume(api)
    vsnap = volume_snapshot(api, vol["id"])
    dsnap_id, droplet_id = droplet_snapshot(api)
    everything = do_client.snapshots.list()
    assert {(s["id"], s["resource_type"]) for s in everything["snapshots"]} == {
        (vsnap["id"], "volume"), (dsnap_id, "droplet")}
    assert everything["meta"]["total"] == 2
    droplets_only = do_client.snapshots.list(resource_type="droplet")["snapshots"]
    assert [(s["id"], s["resource_id"]) for s in droplets_only] == [(dsnap_id, droplet_id)]
    assert [s["id"] for s in do_client.snapshots.list(resource_type="volume")["snapshots"]] == [vsnap["id"]]
    assert do_client.snapshots.get(dsnap_id)["snapshot"]["resource_type"] == "droplet"
    assert do_client.snapshots.get(vsnap["id"])["snapshot"] == vsnap


def test_account_snapshots_are_paginated(api):
    vol = volume(api)
    ids = [volume_snapshot(api, vol["id"], "s%d" % i)["id"] for i in range(5)]
    page = api.get("/v2/snapshots", params={"per_page": 2, "page": 3}).json()
    assert [s["id"] for s in page["snapshots"]] == ids[4:]
    assert "prev" in page["links"]["pages"] and "next" not in page["links"]["pages"]


def test_delete_either_kind_through_v2_snapshots(api, do_client):
    vsnap = volume_snapshot(api, volume(api)["id"])
    dsnap_id = droplet_snapshot(api)[0]
    assert do_client.snapshots.delete(dsnap_id) is None
    assert do_client.snapshots.delete(vsnap["id"]) is None
    assert api.get("/v2/snapshots").json()["meta"]["total"] == 0
    assert api.get("/v2/snapshots/" + dsnap_id).status_code == 404
    assert api.delete("/v2/snapshots/" + vsnap["id"]).status_code == 404


def test_a_droplet_snapshot_is_not_a_volume_snapshot(api):
    dsnap_id = droplet_snapshot(api)[0]
    assert api.get("/v2/volumes/snapshots/" + dsnap_id).status_code == 404
    assert api.delete("/v2/volumes/snapshots/" + dsnap_id).status_code == 404
    assert api.get("/v2/snapshots").json()["meta"]["total"] == 1


def test_a_public_image_is_not_a_snapshot(api):
    r = api.get("/v2/snapshots/160232537")  # ubuntu-24-04-x64
    assert r.status_code == 400 and r.json()["id"] == "bad_request"
    assert api.get("/v2/snapshots/999").status_code == 404


def test_unknown_resource_type_filter_is_400(api):
    r = api.get("/v2/snapshots", params={"resource_type": "kubernetes"})
    assert r.status_code == 400 and r.json()["id"] == "bad_request"


def test_a_volume_snapshot_outlives_its_volume(api):
    vol = volume(api)
    snap = volume_snapshot(api, vol["id"])
    assert api.delete("/v2/volumes/" + vol["id"]).status_code == 204
    assert api.get("/v2/snapshots/" + snap["id"]).json()["snapshot"]["resource_id"] == vol["id"]


def test_a_droplet_snapshot_appears_when_its_action_completes(api, emulator, monkeypatch):
    droplet = api.post("/v2/droplets", json={"name": "web-1", "region": "nyc1", "size": "s-1vcpu-1gb",
                                             "image": "ubuntu-24-04-x64"}).json()["droplet"]
    emulator.app.config.action_seconds = 30
    started = emulator.app.clock()
    r = api.post("/v2/droplets/%d/actions" % droplet["id"], json={"type": "snapshot", "name": "slow"})
    assert r.status_code == 201
    assert api.get("/v2/snapshots").json()["meta"]["total"] == 0
    monkeypatch.setattr(emulator.app, "clock", lambda: started + 31)
    listed = api.get("/v2/snapshots", params={"resource_type": "droplet"}).json()["snapshots"]
    assert [(s["name"], s["resource_id"]) for s in listed] == [("slow", str(droplet["id"]))]


def test_tags_given_to_a_volume_snapshot_exist_as_tags(api):
    snap = volume_snapshot(api, volume(api)["id"], tags=["backup"])
    tag = api.get("/v2/tags/backup").json()["tag"]
    assert tag["resources"]["volume_snapshots"]["count"] == 1
    assert snap["tags"] == ["backup"]
