"""Tags: create, list, get, delete, and tagging droplets (and volumes) through /v2/tags/{tag_id}/resources, with
resource counts derived from the resources' own tag lists."""

import pytest

BASE = {"region": "nyc3", "size": "s-1vcpu-1gb", "image": "ubuntu-22-04-x64"}


def droplet_ids(api, names, **fields):
    r = api.post("/v2/droplets", json={**BASE, "names": names, **fields})
    assert r.status_code == 202, r.text
    return [d["id"] for d in r.json()["droplets"]]


def resources(*ids, resource_type="droplet"):
    return {"resources": [{"resource_id": str(i), "resource_type": resource_type} for i in ids]}


def test_create_get_list_delete(api):
    r = api.post("/v2/tags", json={"name": "env:prod"})
    assert r.status_code == 201
    tag = r.json()["tag"]
    assert tag["name"] == "env:prod" and tag["resources"]["count"] == 0
    assert api.get("/v2/tags/env:prod").json()["tag"]["name"] == "env:prod"
    assert api.get("/v2/tags/env%3Aprod").json()["tag"]["name"] == "env:prod"
    assert [t["name"] for t in api.get("/v2/tags").json()["tags"]] == ["env:prod"]
    assert api.delete("/v2/tags/env:prod").status_code == 204
    r = api.get("/v2/tags/env:prod")
    assert r.status_code == 404 and r.json()["id"] == "not_found"


def test_names_are_case_stable(api):
    api.post("/v2/tags", json={"name": "PROD"})
    again = api.post("/v2/tags", json={"name": "prod"})
    assert again.status_code == 201 and again.json()["tag"]["name"] == "PROD"
    assert api.get("/v2/tags").json()["meta"]["total"] == 1
    (d,) = droplet_ids(api, ["one"], tags=["prod"])
    assert api.get("/v2/droplets/%d" % d).json()["droplet"]["tags"] == ["PROD"]


@pytest.mark.parametrize("body", [{"name": "has space"}, {"name": "x" * 256}, {"name": ""}, {}, {"name": 5}])
def test_invalid_names_are_refused(api, body):
    r = api.post("/v2/tags", json=body)
    assert r.status_code == 422, r.text
    assert r.json()["id"] == "unprocessable_entity"
    assert api.get("/v2/tags").json()["meta"]["total"] == 0


def test_tagging_droplets_writes_their_tags_and_counts(api):
    a, b, c = droplet_ids(api, ["a", "b", "c"])
    api.post("/v2/tags", json={"name": "web"})
    assert api.post("/v2/tags/web/resources", json=resources(a, b)).status_code == 204
    assert api.get("/v2/droplets/%d" % a).json()["droplet"]["tags"] == ["web"]
    tag = api.get("/v2/tags/web").json()["tag"]
    assert tag["resources"]["count"] == 2 and tag["resources"]["droplets"]["count"] == 2
    assert tag["resources"]["droplets"]["last_tagged_uri"].endswith("/v2/droplets/%d" % b)
    listed = api.get("/v2/droplets", params={"tag_name": "web"}).json()["droplets"]
    assert sorted(d["id"] for d in listed) == sorted([a, b])
    assert api.post("/v2/tags/web/resources", json=resources(a)).status_code == 204  # idempotent
    assert api.get("/v2/tags/web").json()["tag"]["resources"]["count"] == 2
    assert api.delete("/v2/tags/web/resources", json=resources(a)).status_code == 204
    assert api.get("/v2/droplets/%d" % a).json()["droplet"]["tags"] == []
    assert api.get("/v2/tags/web").json()["tag"]["resources"]["count"] == 1
    api.delete("/v2/droplets/%d" % b)
    assert api.get("/v2/tags/web").json()["tag"]["resources"]["count"] == 0
    assert api.get("/v2/droplets/%d" % c).json()["droplet"]["tags"] == []


def test_deleting_a_tag_untags_its_resources(api):
    (d,) = droplet_ids(api, ["solo"], tags=["temp", "keep"])
    assert api.delete("/v2/tags/temp").status_code == 204
    assert api.get("/v2/droplets/%d" % d).json()["droplet"]["tags"] == ["keep"]


def test_tagging_unknown_resources_changes_nothing(api):
    (d,) = droplet_ids(api, ["real"])
    api.post("/v2/tags", json={"name": "web"})
    r = api.post("/v2/tags/web/resources", json=resources(d, 999999))
    assert r.status_code == 404
    assert api.get("/v2/droplets/%d" % d).json()["droplet"]["tags"] == []
    assert api.post("/v2/tags/nope/resources", json=resources(d)).status_code == 404
    r = api.post("/v2/tags/web/resources", json=resources(d, resource_type="spaceship"))
    assert r.status_code == 422
    r = api.post("/v2/tags/web/resources", json={"resources": []})
    assert r.status_code == 400
    api.violations.clear()  # 400/422 are not declared for tag assignment; the bodies are invalid
    assert api.get("/v2/droplets/%d" % d).json()["droplet"]["tags"] == []


def test_volumes_are_tagged_and_counted(api):
    r = api.post("/v2/volumes", json={"name": "data", "region": "nyc3", "size_gigabytes": 10})
    assert r.status_code == 201, r.text
    volume_id = r.json()["volume"]["id"]
    api.post("/v2/tags", json={"name": "storage"})
    assert api.post("/v2/tags/storage/resources",
                    json=resources(volume_id, resource_type="volume")).status_code == 204
    assert api.get("/v2/volumes/%s" % volume_id).json()["volume"]["tags"] == ["storage"]
    counts = api.get("/v2/tags/storage").json()["tag"]["resources"]
    assert counts["volumes"]["count"] == 1 and counts["count"] == 1


def test_list_pagination(api):
    for i in range(5):
        api.post("/v2/tags", json={"name": "t%d" % i})
    page = api.get("/v2/tags", params={"per_page": 2, "page": 2}).json()
    assert [t["name"] for t in page["tags"]] == ["t2", "t3"] and page["meta"]["total"] == 5


def test_pydo_tags(do_client):
    (d,) = [x["id"] for x in do_client.droplets.create(body={**BASE, "names": ["pydo"]})["droplets"]]
    assert do_client.tags.create({"name": "env:pydo"})["tag"]["name"] == "env:pydo"
    do_client.tags.assign_resources("env:pydo", resources(d))
    assert do_client.tags.get("env:pydo")["tag"]["resources"]["droplets"]["count"] == 1
    assert [x["id"] for x in do_client.droplets.list(tag_name="env:pydo")["droplets"]] == [d]
    do_client.tags.unassign_resources("env:pydo", resources(d))
    assert do_client.tags.list(per_page=200)["tags"][0]["resources"]["count"] == 0
    do_client.tags.delete("env:pydo")
    assert do_client.tags.get("env:pydo")["id"] == "not_found"
