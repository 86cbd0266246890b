"""Pagination: every list follows links.pages.next at 200 items a page."""

import pytest
from ansible_collections.tide.digitalocean.plugins.module_utils.errors import DigitalOceanError
from ansible_collections.tide.digitalocean.plugins.module_utils.pages import list_all, next_page


def create_droplets(emulator, count, tag="paged"):
    for start in range(0, count, 10):
        names = ["page-%03d" % i for i in range(start, min(count, start + 10))]
        body = {"names": names, "region": "nyc3", "size": "s-1vcpu-512mb-10gb", "image": "debian-12-x64", "tags": [tag]}
        emulator.request("POST", "/v2/droplets", json=body).raise_for_status()


def test_next_page_reads_the_page_number_from_the_link():
    assert next_page({"links": {"pages": {"next": "https://api/v2/droplets?page=3&per_page=200"}}}) == 3
    assert next_page({"links": {"pages": {}}}) is None
    assert next_page({"links": {}}) is None
    assert next_page({}) is None


def test_a_next_link_without_page_number_is_an_error():
    with pytest.raises(DigitalOceanError, match="without a page number"):
        next_page({"links": {"pages": {"next": "https://api/v2/droplets?cursor=abc"}}})


def test_all_items_with_one_request_per_200(api, emulator):
    create_droplets(emulator, 405)
    emulator.zero_stats()
    droplets = list_all(api, "droplets.list", "droplets")
    assert len(droplets) == 405
    assert len({d["id"] for d in droplets}) == 405
    assert emulator.stats()["routes"] == {"GET /v2/droplets": 3}


def test_filters_are_passed_on_every_page(api, emulator):
    create_droplets(emulator, 30, tag="a")
    emulator.request(
        "POST",
        "/v2/droplets",
        json={"name": "other", "region": "nyc3", "size": "s-1vcpu-1gb", "image": "debian-12-x64", "tags": ["b"]},
    ).raise_for_status()
    assert {d["name"] for d in list_all(api, "droplets.list", "droplets", tag_name="b")} == {"other"}
    assert len(list_all(api, "droplets.list", "droplets", tag_name="a")) == 30


def test_an_empty_list_costs_one_request(api, emulator):
    assert list_all(api, "droplets.list", "droplets") == []
    assert emulator.stats()["total"] == 1
