"""Finding one resource by name refuses ambiguity; references (VPCs, SSH keys, droplets) resolve with one listing."""

import pytest
from ansible_collections.tide.digitalocean.plugins.module_utils import lookup
from ansible_collections.tide.digitalocean.plugins.module_utils.droplets import droplet_ids
from ansible_collections.tide.digitalocean.plugins.module_utils.errors import DigitalOceanError

ED25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA5gsFOFBdwREanKZikEu+1qJOOAjFKDZavX6SicLt2l it-ed25519"
ED25519_FINGERPRINT = "25:98:80:c5:96:b5:8b:99:c2:6e:15:29:d6:3f:cb:d3"
ITEMS = [
    {"id": 1, "name": "web", "region": {"slug": "nyc3"}, "tags": ["a"]},
    {"id": 2, "name": "web", "region": {"slug": "fra1"}, "tags": ["a", "b"]},
    {"id": 3, "name": "db", "region": "nyc3", "tags": []},
]


def test_region_slug_reads_an_object_or_a_plain_slug():
    assert [lookup.region_slug(item) for item in ITEMS] == ["nyc3", "fra1", "nyc3"]
    assert lookup.region_slug({}) is None


def test_uuid_and_fingerprint_predicates():
    assert lookup.looks_like_uuid("9cc10173-e9ea-4176-9dbc-a4cee4c4ff30")
    assert not lookup.looks_like_uuid("app-db")
    assert lookup.looks_like_fingerprint(ED25519_FINGERPRINT)
    assert not lookup.looks_like_fingerprint("deploy")


def test_a_name_unique_in_the_region_is_found_and_a_missing_one_is_none():
    assert lookup.select_named(ITEMS, "web", "droplet", region="fra1")["id"] == 2
    assert lookup.select_named(ITEMS, "db", "droplet")["id"] == 3
    assert lookup.select_named(ITEMS, "cache", "droplet") is None


def test_an_ambiguous_name_is_refused_naming_kind_name_region_and_ids():
    with pytest.raises(DigitalOceanError) as caught:
        lookup.select_named(ITEMS, "web", "droplet")
    assert str(caught.value) == (
        "2 droplets are named web (ids 1, 2); rename or delete the extra ones, the module will not guess which one "
        "is meant"
    )
    with pytest.raises(DigitalOceanError, match=r"in region nyc3 .*; use the id$"):
        lookup.select_named([*ITEMS, dict(ITEMS[0], id=9)], "web", "firewall", region="nyc3", hint="use the id")


def test_select_each_finds_several_names_at_once():
    found = lookup.select_each(ITEMS, ["web", "db", "cache"], "droplet", region="nyc3")
    assert {name: item["id"] for name, item in found.items()} == {"web": 1, "db": 3}


def test_require_names_what_is_missing_and_the_option_it_came_from():
    assert lookup.require({"id": 1}, "vpc", "x") == {"id": 1}
    with pytest.raises(DigitalOceanError, match=r"^vpc: no vpc is named it-vpc in region nyc3$"):
        lookup.require(None, "vpc", "it-vpc", region="nyc3", option="vpc")


def test_matching_applies_only_the_filters_given():
    assert [i["id"] for i in lookup.matching(ITEMS)] == [1, 2, 3]
    assert [i["id"] for i in lookup.matching(ITEMS, name="web")] == [1, 2]
    assert [i["id"] for i in lookup.matching(ITEMS, region="nyc3")] == [1, 3]
    assert [i["id"] for i in lookup.matching(ITEMS, tag="b")] == [2]
    assert [i["id"] for i in lookup.matching(ITEMS, name="web", region="nyc3", tag="b")] == []


def create_droplets(emulator, names, region="nyc3"):
    body = {"names": names, "region": region, "size": "s-1vcpu-1gb", "image": "debian-12-x64"}
    response = emulator.request("POST", "/v2/droplets", json=body)
    response.raise_for_status()
    return {d["name"]: d["id"] for d in response.json()["droplets"]}


def test_find_by_name_costs_one_listing_and_refuses_duplicates(api, emulator):
    create_droplets(emulator, ["a", "b", "b"])
    emulator.zero_stats()
    assert lookup.find_by_name(api, "droplets.list", "droplets", "a", "droplet")["name"] == "a"
    assert emulator.stats()["routes"] == {"GET /v2/droplets": 1}
    with pytest.raises(DigitalOceanError, match=r"^2 droplets are named b in region nyc3"):
        lookup.find_by_name(api, "droplets.list", "droplets", "b", "droplet", region="nyc3")


def test_find_by_name_or_id_reads_a_uuid_with_one_get(api, emulator):
    body = {"name": "lookup-db", "engine": "pg", "size": "db-s-1vcpu-1gb", "region": "nyc3", "num_nodes": 1}
    cluster = emulator.request("POST", "/v2/databases", json=body).json()["database"]
    get = ("databases.get_cluster", "database_cluster_uuid", "database")
    emulator.zero_stats()
    by_id = lookup.find_by_name_or_id(api, cluster["id"], "database cluster", "databases.list_clusters",
                                      "databases", get=get, by_query=True)
    assert by_id["name"] == "lookup-db"
    assert list(emulator.stats()["routes"]) == ["GET /v2/databases/{database_cluster_uuid}"]
    by_name = lookup.find_by_name_or_id(api, "lookup-db", "database cluster", "databases.list_clusters",
                                        "databases", get=get, by_query=True)
    assert by_name["id"] == cluster["id"]
    missing = lookup.find_by_name_or_id(api, "00000000-0000-4000-8000-000000000000", "database cluster",
                                        "databases.list_clusters", "databases", get=get, by_query=True)
    assert missing is None


def test_a_vpc_name_resolves_to_its_uuid_in_the_region_and_a_uuid_costs_nothing(api, emulator):
    vpc = emulator.request("POST", "/v2/vpcs", json={"name": "it-vpc", "region": "nyc3", "ip_range": "10.200.0.0/20"})
    uuid = vpc.json()["vpc"]["id"]
    emulator.zero_stats()
    assert lookup.resolve_vpc(api, uuid, "nyc3") == uuid
    assert lookup.resolve_vpc(api, None, "nyc3") is None
    assert emulator.stats()["total"] == 0
    assert lookup.resolve_vpc(api, "it-vpc", "nyc3") == uuid
    with pytest.raises(DigitalOceanError, match=r"^vpc: no vpc is named it-vpc in region fra1$"):
        lookup.resolve_vpc(api, "it-vpc", "fra1")


def test_ssh_keys_by_id_and_fingerprint_cost_nothing_names_one_listing(api, emulator):
    key = emulator.request("POST", "/v2/account/keys", json={"name": "deploy", "public_key": ED25519}).json()
    key_id = key["ssh_key"]["id"]
    emulator.zero_stats()
    assert lookup.resolve_ssh_keys(api, ["12", ED25519_FINGERPRINT]) == [12, ED25519_FINGERPRINT]
    assert emulator.stats()["total"] == 0
    assert lookup.resolve_ssh_keys(api, ["deploy", "12"]) == [key_id, 12]
    assert emulator.stats()["routes"] == {"GET /v2/account/keys": 1}
    with pytest.raises(DigitalOceanError, match=r"^ssh_keys: no ssh key is named no-such-key$"):
        lookup.resolve_ssh_keys(api, ["no-such-key"])


def test_droplet_ids_resolve_names_and_keep_ids(api, emulator):
    ids = create_droplets(emulator, ["web-1", "web-2"])
    emulator.zero_stats()
    assert droplet_ids(api, ["web-2", str(ids["web-1"]), "web-2"]) == sorted(ids.values())
    assert emulator.stats()["routes"] == {"GET /v2/droplets": 1}
    assert droplet_ids(api, ["7", "3"]) == [3, 7]
    with pytest.raises(DigitalOceanError, match=r"^droplets: no droplet is named nope-1, nope-2$"):
        droplet_ids(api, ["nope-2", "web-1", "nope-1"])
    with pytest.raises(DigitalOceanError, match=r"^droplet: no droplet is named web-1 in region fra1$"):
        droplet_ids(api, ["web-1"], region="fra1", option="droplet")


def test_in_check_mode_missing_references_are_assumed_with_a_warning_and_a_real_run_fails(api, emulator):
    """Issue 10: --check on an empty account stopped at the first reference to a resource an earlier task creates."""
    from ansible_collections.tide.digitalocean.plugins.module_utils.databases import cluster_or_fail

    with pytest.raises(DigitalOceanError, match="droplet: no droplet is named web-1 in region nyc3"):
        droplet_ids(api, ["web-1"], "nyc3", option="droplet")
    with pytest.raises(DigitalOceanError, match="database cluster app-db does not exist"):
        cluster_or_fail(api, "app-db")
    assert api.assumptions == []

    api.check_mode = True
    assert droplet_ids(api, ["7", "web-1"], "nyc3", option="droplet") == [
        7,
        "(id of droplet web-1, known after creation)",
    ]
    assert cluster_or_fail(api, "app-db")["id"] == "(id of database cluster app-db, known after creation)"
    assert lookup.resolve_vpc(api, "app-net", "nyc3") == "(id of vpc app-net, known after creation)"
    assert lookup.resolve_ssh_keys(api, ["laptop"]) == ["(id of ssh key laptop, known after creation)"]
    assert [warning.split(";")[0] for warning in api.assumptions] == [
        "check mode: droplet: no droplet is named web-1 in region nyc3 yet",
        "check mode: cluster: no database cluster is named app-db yet",
        "check mode: vpc: no vpc is named app-net in region nyc3 yet",
        "check mode: ssh_keys: no ssh key is named laptop yet",
    ]
    assert all("assumed that an earlier task creates it" in warning for warning in api.assumptions)
    assert emulator.stats()["writes"] == 0


def test_require_without_an_api_or_outside_check_mode_still_raises():
    with pytest.raises(DigitalOceanError, match="no droplet is named web-1"):
        lookup.require(None, "droplet", "web-1", api=object())
