"""Block storage volumes: create (validation, duplicate names), list filters and pages, get, delete by id and name."""

import pytest
from azure.core.exceptions import ResourceExistsError

VOLUME = {"name": "data-1", "region": "nyc1", "size_gigabytes": 10}


def create(api, **fields):
    r = api.post("/v2/volumes", json={**VOLUME, **fields})
    assert r.status_code == 201, r.text
    return r.json()["volume"]


def volume_count(api):
    return api.get("/v2/volumes").json()["meta"]["total"]


def test_create_with_pydo_returns_the_full_volume(do_client):
    created = do_client.volumes.create({"name": "pg-data", "region": "fra1", "size_gigabytes": 100,
                                        "description": "postgres", "filesystem_type": "xfs",
                                        "filesystem_label": "pgdata", "tags": ["db", "env:prod"]})["volume"]
    assert created["name"] == "pg-data"
    assert created["size_gigabytes"] == 100
    assert created["region"]["slug"] == "fra1" and created["region"]["name"] == "Frankfurt 1"
    assert created["droplet_ids"] == []
    assert (created["filesystem_type"], created["filesystem_label"]) == ("xfs", "pgdata")
    assert created["tags"] == ["db", "env:prod"]
    assert created["description"] == "postgres"
    assert do_client.volumes.get(created["id"])["volume"] == created


def test_unformatted_volume_has_empty_filesystem_fields(api):
    volume = create(api)
    assert volume["filesystem_type"] == "" and volume["filesystem_label"] == ""


@pytest.mark.parametrize("fields, status", [
    ({"name": "Data"}, 422),                  # uppercase
    ({"name": "xfs_example"}, 422),           # underscore
    ({"name": "1data"}, 422),                 # must begin with a letter
    ({"name": "a" * 65}, 422),                # longer than 64
    ({"name": None}, 422),                    # missing
    ({"name": 5}, 400),                       # wrong type
    ({"region": "xx9"}, 422),                 # unknown region
    ({"region": "nyc2"}, 422),                # exists but takes no new resources
    ({"region": None}, 422),
    ({"size_gigabytes": 0}, 422),
    ({"size_gigabytes": 16385}, 422),
    ({"size_gigabytes": "10"}, 400),
    ({"size_gigabytes": None}, 422),
    ({"filesystem_type": "btrfs"}, 422),
    ({"filesystem_label": "lbl"}, 422),       # label without a filesystem type
    ({"filesystem_type": "xfs", "filesystem_label": "x" * 13}, 422),
    ({"filesystem_type": "ext4", "filesystem_label": "x" * 17}, 422),
    ({"tags": "web"}, 400),
    ({"tags": ["bad tag"]}, 422),
    ({"snapshot_id": "no-such-snapshot"}, 404),
])
def test_invalid_create_is_rejected_and_stores_nothing(api, fields, status):
    body = {k: v for k, v in {**VOLUME, **fields}.items() if v is not None}
    r = api.post("/v2/volumes", json=body)
    assert r.status_code == status, r.text
    assert r.json()["id"] == {400: "bad_request", 404: "not_found", 422: "unprocessable_entity"}[status]
    assert r.json()["message"]
    assert volume_count(api) == 0


def test_filesystem_label_limits_depend_on_the_type(api):
    assert create(api, name="a", filesystem_type="ext4", filesystem_label="x" * 16)["filesystem_label"] == "x" * 16
    assert create(api, name="b", filesystem_type="xfs", filesystem_label="x" * 12)["filesystem_label"] == "x" * 12


def test_body_that_is_not_json_is_400(api):
    r = api.post("/v2/volumes", data="{not json", headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and r.json()["id"] == "bad_request"


def test_duplicate_name_in_a_region_is_409_conflict_and_other_regions_are_fine(api, do_client):
    first = create(api)
    with pytest.raises(ResourceExistsError):
        do_client.volumes.create(dict(VOLUME))
    r = api.post("/v2/volumes", json=VOLUME)
    assert r.status_code == 409 and r.json()["id"] == "conflict"
    assert [v["id"] for v in api.get("/v2/volumes").json()["volumes"]] == [first["id"]]
    assert create(api, region="ams3")["region"]["slug"] == "ams3"


def test_list_filters_by_name_and_region(api, do_client):
    a = create(api, name="logs", region="nyc1")
    b = create(api, name="logs", region="sfo3")
    c = create(api, name="media", region="nyc1")
    assert {v["id"] for v in do_client.volumes.list(name="logs")["volumes"]} == {a["id"], b["id"]}
    assert {v["id"] for v in do_client.volumes.list(region="nyc1")["volumes"]} == {a["id"], c["id"]}
    found = do_client.volumes.list(name="logs", region="sfo3")
    assert [v["id"] for v in found["volumes"]] == [b["id"]] and found["meta"]["total"] == 1
    assert do_client.volumes.list(name="nothing")["volumes"] == []


def test_list_is_paginated_with_links(api, do_client):
    ids = [create(api, name="vol-%d" % i)["id"] for i in range(5)]
    first = api.get("/v2/volumes", params={"per_page": 2}).json()
    assert [v["id"] for v in first["volumes"]] == ids[:2]
    assert first["meta"]["total"] == 5
    assert "page=2" in first["links"]["pages"]["next"] and "page=3" in first["links"]["pages"]["last"]
    last = api.get(first["links"]["pages"]["last"]).json()
    assert [v["id"] for v in last["volumes"]] == ids[4:]
    assert "next" not in last["links"]["pages"]
    assert [v["id"] for v in do_client.volumes.list(per_page=200)["volumes"]] == ids
    assert api.get("/v2/volumes", params={"per_page": 201}).status_code == 400


def test_get_and_delete_by_id(api, do_client):
    volume = create(api)
    assert do_client.volumes.delete(volume["id"]) is None
    r = api.get("/v2/volumes/" + volume["id"])
    assert r.status_code == 404 and r.json()["id"] == "not_found"
    assert api.delete("/v2/volumes/" + volume["id"]).status_code == 404
    assert volume_count(api) == 0


def test_delete_by_name_and_region(api, do_client):
    keep = create(api, region="lon1")
    create(api, region="nyc1")
    assert do_client.volumes.delete_by_name(name=VOLUME["name"], region="nyc1") is None
    assert [v["id"] for v in api.get("/v2/volumes").json()["volumes"]] == [keep["id"]]
    r = api.delete("/v2/volumes", params={"name": VOLUME["name"], "region": "nyc1"})
    assert r.status_code == 404 and r.json()["id"] == "not_found"


def test_delete_by_name_needs_name_and_region(api):
    create(api)
    r = api.delete("/v2/volumes", params={"name": VOLUME["name"]})
    assert r.status_code == 422 and r.json()["id"] == "unprocessable_entity"
    assert volume_count(api) == 1


def test_volume_from_a_snapshot_defaults_to_the_snapshot_size(api):
    source = create(api, size_gigabytes=50)
    snapshot = api.post("/v2/volumes/%s/snapshots" % source["id"], json={"name": "nightly"}).json()["snapshot"]
    restored = create(api, name="restored", snapshot_id=snapshot["id"], size_gigabytes=None)
    assert restored["size_gigabytes"] == 50
    r = api.post("/v2/volumes", json={"name": "too-small", "region": "nyc1", "size_gigabytes": 20,
                                      "snapshot_id": snapshot["id"]})
    assert r.status_code == 422
    r = api.post("/v2/volumes", json={"name": "elsewhere", "region": "sfo3", "snapshot_id": snapshot["id"]})
    assert r.status_code == 422
    assert volume_count(api) == 2


def test_requests_without_a_token_are_401(anonymous_api):
    assert anonymous_api.get("/v2/volumes").status_code == 401
    assert anonymous_api.post("/v2/volumes", json=VOLUME).status_code == 401


def test_tags_given_at_creation_exist_and_count_the_volume(api):
    create(api, tags=["db", "env:prod"])
    tag = api.get("/v2/tags/env:prod").json()["tag"]
    assert tag["resources"]["volumes"]["count"] == 1
