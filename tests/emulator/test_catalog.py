"""Regions, sizes and images: the static catalogue, its filters, and droplet snapshots shown as private images."""

import pytest


def test_regions_list_with_pagination(api):
    body = api.get("/v2/regions").json()
    slugs = [r["slug"] for r in body["regions"]]
    assert "nyc3" in slugs and body["meta"]["total"] == len(slugs)
    unavailable = {r["slug"] for r in body["regions"] if not r["available"]}
    assert unavailable == {"nyc2", "ams2", "sfo1"}
    page = api.get("/v2/regions", params={"per_page": 5, "page": 2}).json()
    assert [r["slug"] for r in page["regions"]] == slugs[5:10]


def test_sizes_list(api):
    body = api.get("/v2/sizes", params={"per_page": 200}).json()
    by_slug = {s["slug"]: s for s in body["sizes"]}
    assert by_slug["s-1vcpu-1gb"]["memory"] == 1024 and by_slug["s-1vcpu-1gb"]["disk"] == 25
    assert all(s["available"] and s["regions"] for s in body["sizes"])


def test_images_list_and_type_filter(api):
    everything = api.get("/v2/images").json()
    slugs = {i["slug"] for i in everything["images"]}
    assert {"ubuntu-22-04-x64", "debian-12-x64", "docker-20-04"} <= slugs
    distributions = {i["slug"] for i in api.get("/v2/images", params={"type": "distribution"}).json()["images"]}
    applications = {i["slug"] for i in api.get("/v2/images", params={"type": "application"}).json()["images"]}
    assert "docker-20-04" in applications and "docker-20-04" not in distributions
    assert "ubuntu-24-04-x64" in distributions
    assert distributions | applications == slugs
    assert api.get("/v2/images", params={"private": "true"}).json()["images"] == []
    assert api.get("/v2/images", params={"tag_name": "nothing"}).json()["meta"]["total"] == 0


@pytest.mark.parametrize("query", [{"type": "vm"}, {"private": "maybe"}, {"per_page": 0}])
def test_bad_image_filters_are_400(api, query):
    r = api.get("/v2/images", params=query)
    assert r.status_code == 400 and r.json()["id"] == "bad_request"


def test_image_by_id_or_slug(api):
    by_slug = api.get("/v2/images/ubuntu-22-04-x64").json()["image"]
    by_id = api.get("/v2/images/%d" % by_slug["id"]).json()["image"]
    assert by_slug == by_id
    r = api.get("/v2/images/no-such-image")
    assert r.status_code == 404 and r.json()["id"] == "not_found"


def test_pydo_catalogue(do_client):
    regions = do_client.regions.list(per_page=200)["regions"]
    sizes = do_client.sizes.list(per_page=200)["sizes"]
    assert {s["slug"] for s in sizes} <= set(next(r for r in regions if r["slug"] == "nyc3")["sizes"])
    applications = do_client.images.list(type="application")["images"]
    assert [i["slug"] for i in applications] == ["docker-20-04"]
    assert do_client.images.list(private=True)["images"] == []
    assert do_client.images.get("debian-12-x64")["image"]["distribution"] == "Debian"


def test_catalogue_needs_a_token(anonymous_api):
    assert anonymous_api.get("/v2/regions").status_code == 401
