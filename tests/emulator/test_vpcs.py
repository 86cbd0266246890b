"""VPCs: create (name, region, ip_range rules, first VPC of a region is its default), list, get, update/patch
(default can move, never be unset), delete (403 for a default VPC or one with members) and derived members."""

import pytest
from azure.core.exceptions import ResourceExistsError


def create(api, name="prod-net", region="nyc1", **fields):
    r = api.post("/v2/vpcs", json={"name": name, "region": region, **fields})
    assert r.status_code == 201, r.text
    return r.json()["vpc"]


def vpc_names(api):
    return sorted(v["name"] for v in api.get("/v2/vpcs", params={"per_page": 200}).json()["vpcs"])


def droplet_in(api, vpc_id, region="nyc1", name="web-1"):
    r = api.post("/v2/droplets", json={"name": name, "region": region, "size": "s-1vcpu-1gb",
                                       "image": "ubuntu-24-04-x64", "vpc_uuid": vpc_id})
    assert r.status_code == 202, r.text
    return r.json()["droplet"]


def test_create_with_pydo_and_read_back(do_client):
    vpc = do_client.vpcs.create({"name": "env.prod-vpc", "region": "fra1", "ip_range": "10.10.10.0/24",
                                 "description": "production"})["vpc"]
    assert (vpc["name"], vpc["region"], vpc["ip_range"], vpc["description"]) == (
        "env.prod-vpc", "fra1", "10.10.10.0/24", "production")
    assert vpc["urn"] == "do:vpc:" + vpc["id"]
    assert vpc["default"] is True  # the first VPC of a region becomes its default
    assert do_client.vpcs.get(vpc["id"])["vpc"] == vpc
    second = do_client.vpcs.create({"name": "staging", "region": "fra1"})["vpc"]
    assert second["default"] is False


def test_without_ip_range_a_free_slash_20_is_generated(api):
    taken = create(api, "a", ip_range="10.100.0.0/20")
    generated = [create(api, name)["ip_range"] for name in ("b", "c")]
    assert all(r.endswith("/20") and r.startswith("10.") for r in generated)
    assert len({taken["ip_range"], *generated}) == 3


@pytest.mark.parametrize("ip_range", [
    "10.10.10.0/15",        # larger than /16
    "10.10.10.0/29",        # smaller than /28
    "8.8.8.0/24",           # public
    "172.32.0.0/24",        # just outside 172.16.0.0/12
    "10.10.10.5/24",        # host bits set
    "not-a-cidr",
    "fd00::/64",
])
def test_invalid_ip_range_is_422_and_stores_nothing(api, ip_range):
    r = api.post("/v2/vpcs", json={"name": "bad", "region": "nyc1", "ip_range": ip_range})
    assert r.status_code == 422 and r.json()["id"] == "unprocessable_entity", r.text
    assert vpc_names(api) == []


def test_ranges_at_the_size_limits_are_accepted(api):
    assert create(api, "big", ip_range="192.168.0.0/16")["ip_range"] == "192.168.0.0/16"
    assert create(api, "small", ip_range="172.16.0.16/28")["ip_range"] == "172.16.0.16/28"


def test_overlapping_ranges_are_rejected_across_regions(api):
    create(api, "a", region="nyc1", ip_range="10.20.4.0/22")
    for ip_range in ("10.20.5.0/24", "10.20.4.0/22", "10.20.0.0/16"):  # inside, equal, containing
        r = api.post("/v2/vpcs", json={"name": "b", "region": "sfo3", "ip_range": ip_range})
        assert r.status_code == 422 and "overlaps" in r.json()["message"], ip_range
    assert create(api, "b", region="sfo3", ip_range="10.21.0.0/16")["ip_range"] == "10.21.0.0/16"


@pytest.mark.parametrize("body, status", [
    ({"name": "bad name", "region": "nyc1"}, 422),
    ({"name": "under_score", "region": "nyc1"}, 422),
    ({"region": "nyc1"}, 422),
    ({"name": "ok"}, 422),
    ({"name": "ok", "region": "mars1"}, 422),
    ({"name": "ok", "region": "nyc1", "description": "x" * 256}, 422),
    ({"name": 12, "region": "nyc1"}, 400),
    ({"name": "ok", "region": "nyc1", "ip_range": 10}, 400),
])
def test_invalid_create_is_rejected(api, body, status):
    r = api.post("/v2/vpcs", json=body)
    assert r.status_code == status, r.text
    assert vpc_names(api) == []


def test_names_are_unique_in_the_account(api, do_client):
    create(api, "shared", region="nyc1")
    with pytest.raises(ResourceExistsError):
        do_client.vpcs.create({"name": "shared", "region": "ams3"})
    assert vpc_names(api) == ["shared"]


def test_list_is_paginated(api, do_client):
    ids = [create(api, "net-%d" % i, region="lon1")["id"] for i in range(5)]
    page = do_client.vpcs.list(per_page=2, page=2)
    assert [v["id"] for v in page["vpcs"]] == ids[2:4] and page["meta"]["total"] == 5
    assert {"first", "prev", "next", "last"} <= set(page["links"]["pages"])


def test_unknown_vpc_is_404(api):
    missing = "/v2/vpcs/5a4981aa-9653-4bd1-bef5-d6bff52042e4"
    for method in ("GET", "DELETE"):
        r = api.request(method, missing)
        assert r.status_code == 404 and r.json()["id"] == "not_found"
    assert api.put(missing, json={"name": "x"}).status_code == 404
    assert api.get(missing + "/members").status_code == 404


def test_put_replaces_name_and_description_patch_changes_only_what_is_given(api, do_client):
    vpc = create(api, description="first")
    updated = do_client.vpcs.update(vpc["id"], {"name": "renamed", "description": "second"})["vpc"]
    assert (updated["name"], updated["description"]) == ("renamed", "second")
    patched = do_client.vpcs.patch(vpc["id"], {"description": "third"})["vpc"]
    assert (patched["name"], patched["description"]) == ("renamed", "third")
    assert api.get("/v2/vpcs/" + vpc["id"]).json()["vpc"]["description"] == "third"
    assert api.put("/v2/vpcs/" + vpc["id"], json={"description": "no name"}).status_code == 422
    assert api.patch("/v2/vpcs/" + vpc["id"], json={"name": "bad name"}).status_code == 422
    assert api.get("/v2/vpcs/" + vpc["id"]).json()["vpc"]["name"] == "renamed"


def test_renaming_to_a_taken_name_is_409(api):
    create(api, "a")
    b = create(api, "b")
    assert api.patch("/v2/vpcs/" + b["id"], json={"name": "a"}).status_code == 409
    assert api.patch("/v2/vpcs/" + b["id"], json={"name": "b"}).status_code == 200  # its own name is fine


def test_default_moves_to_another_vpc_and_cannot_be_unset(api):
    first = create(api, "first")
    second = create(api, "second")
    r = api.patch("/v2/vpcs/" + first["id"], json={"default": False})
    assert r.status_code == 422
    assert api.get("/v2/vpcs/" + first["id"]).json()["vpc"]["default"] is True
    assert api.patch("/v2/vpcs/" + second["id"], json={"default": True}).json()["vpc"]["default"] is True
    assert api.get("/v2/vpcs/" + first["id"]).json()["vpc"]["default"] is False
    other_region = create(api, "elsewhere", region="sgp1")
    assert other_region["default"] is True  # defaults are per region


def test_default_vpc_cannot_be_deleted_others_can(api, do_client):
    default = create(api, "first")
    other = create(api, "second")
    r = api.delete("/v2/vpcs/" + default["id"])
    assert r.status_code == 403 and r.json()["id"] == "forbidden"
    assert do_client.vpcs.delete(other["id"]) is None
    assert vpc_names(api) == ["first"]


def test_members_are_derived_and_block_deletion(api, do_client):
    create(api, "default-net")
    vpc = create(api, "app-net", ip_range="10.50.0.0/24")
    droplet = droplet_in(api, vpc["id"])
    r = api.post("/v2/databases", json={"name": "backend", "engine": "pg", "version": "16", "num_nodes": 1,
                                        "size": "db-s-1vcpu-1gb", "region": "nyc1",
                                        "private_network_uuid": vpc["id"]})
    assert r.status_code == 201, r.text
    database = r.json()["database"]
    r = api.post("/v2/load_balancers", json={"name": "web-lb", "region": "nyc1", "vpc_uuid": vpc["id"],
                                             "forwarding_rules": [{"entry_protocol": "http", "entry_port": 80,
                                                                   "target_protocol": "http", "target_port": 80}]})
    assert r.status_code == 202, r.text
    balancer = r.json()["load_balancer"]
    members = do_client.vpcs.list_members(vpc["id"])
    assert sorted(m["urn"] for m in members["members"]) == sorted(
        ["do:droplet:%d" % droplet["id"], "do:dbaas:%s" % database["id"], "do:loadbalancer:%s" % balancer["id"]])
    assert {m["name"] for m in members["members"]} == {"web-1", "backend", "web-lb"}
    assert members["meta"]["total"] == 3
    only = do_client.vpcs.list_members(vpc["id"], resource_type="droplet")["members"]
    assert [m["urn"] for m in only] == ["do:droplet:%d" % droplet["id"]]
    only = do_client.vpcs.list_members(vpc["id"], resource_type="load_balancer")["members"]
    assert [m["urn"] for m in only] == ["do:loadbalancer:%s" % balancer["id"]]
    r = api.delete("/v2/vpcs/" + vpc["id"])
    assert r.status_code == 403 and r.json()["id"] == "forbidden"
    assert api.delete("/v2/droplets/%d" % droplet["id"]).status_code == 204
    assert api.delete("/v2/databases/" + database["id"]).status_code == 204
    assert api.delete("/v2/load_balancers/" + balancer["id"]).status_code == 204
    assert api.get("/v2/vpcs/%s/members" % vpc["id"]).json()["members"] == []
    assert api.delete("/v2/vpcs/" + vpc["id"]).status_code == 204


def test_a_droplet_gets_a_private_address_from_its_vpc(api):
    vpc = create(api, "app-net", ip_range="192.168.40.0/24")
    droplet = droplet_in(api, vpc["id"])
    assert droplet["vpc_uuid"] == vpc["id"]
    shown = api.get("/v2/droplets/%d" % droplet["id"]).json()["droplet"]
    private = [n["ip_address"] for n in shown["networks"]["v4"] if n["type"] == "private"]
    assert len(private) == 1 and private[0].startswith("192.168.40.")


def test_a_resource_in_a_region_without_vpcs_creates_the_default_on_a_free_range(api):
    taken = create(api, "mine", region="sfo3", ip_range="10.100.0.0/20")  # nyc1's usual default range
    droplet_in(api, None, region="nyc1")
    defaults = [v for v in api.get("/v2/vpcs").json()["vpcs"] if v["region"] == "nyc1"]
    assert len(defaults) == 1 and defaults[0]["default"] is True and defaults[0]["name"] == "default-nyc1"
    assert defaults[0]["ip_range"] != taken["ip_range"]


def test_members_filter_rejects_unknown_types(api):
    vpc = create(api)
    r = api.get("/v2/vpcs/%s/members" % vpc["id"], params={"resource_type": "kubernetes_cluster"})
    assert r.status_code == 400 and r.json()["id"] == "bad_request"


def test_requests_without_a_token_are_401(anonymous_api):
    assert anonymous_api.get("/v2/vpcs").status_code == 401
    assert anonymous_api.post("/v2/vpcs", json={"name": "x", "region": "nyc1"}).status_code == 401


# -- VPC peerings ------------------------------------------------------------------------------------------------
def test_peering_lifecycle_account_wide_with_pydo(api, emulator, do_client, monkeypatch):
    a, b = create(api, "net-a", region="nyc1"), create(api, "net-b", region="ams3")
    emulator.app.config.action_seconds = 30
    started = emulator.app.clock()
    peering = do_client.vpc_peerings.create({"name": "a-to-b", "vpc_ids": [a["id"], b["id"]]})["vpc_peering"]
    assert peering["status"] == "PROVISIONING" and peering["vpc_ids"] == [a["id"], b["id"]]
    monkeypatch.setattr(emulator.app, "clock", lambda: started + 31)
    assert do_client.vpc_peerings.get(peering["id"])["vpc_peering"]["status"] == "ACTIVE"
    renamed = do_client.vpc_peerings.patch(peering["id"], {"name": "a-b"})["vpc_peering"]
    assert renamed["name"] == "a-b"
    assert [p["name"] for p in do_client.vpc_peerings.list()["vpc_peerings"]] == ["a-b"]
    assert do_client.vpc_peerings.delete(peering["id"])["vpc_peering"]["status"] == "DELETING"
    assert api.get("/v2/vpc_peerings/" + peering["id"]).status_code == 404
    assert do_client.vpc_peerings.list()["meta"]["total"] == 0


def test_peering_through_one_vpc(api, do_client):
    a, b, c = create(api, "net-a"), create(api, "net-b"), create(api, "net-c")
    peering = do_client.vpcs.create_peerings(a["id"], {"name": "a-b", "vpc_id": b["id"]})["peering"]
    assert sorted(peering["vpc_ids"]) == sorted([a["id"], b["id"]])
    assert [p["id"] for p in do_client.vpcs.list_peerings(b["id"])["peerings"]] == [peering["id"]]
    assert do_client.vpcs.list_peerings(c["id"])["peerings"] == []
    renamed = do_client.vpcs.patch_peerings(b["id"], peering["id"], {"name": "b-a"})["peering"]
    assert renamed["name"] == "b-a"
    r = api.patch("/v2/vpcs/%s/peerings/%s" % (c["id"], peering["id"]), json={"name": "x"})
    assert r.status_code == 404  # not a peering of that VPC


@pytest.mark.parametrize("case, status", [
    ("self", 422), ("unknown", 422), ("one", 422), ("not-a-list", 400), ("bad-name", 422), ("again", 409),
    ("same-name", 409),
])
def test_invalid_peerings_are_rejected(api, case, status):
    a, b, c = create(api, "net-a"), create(api, "net-b"), create(api, "net-c")
    api.post("/v2/vpc_peerings", json={"name": "existing", "vpc_ids": [a["id"], b["id"]]})
    body = {
        "self": {"name": "p", "vpc_ids": [c["id"], c["id"]]},
        "unknown": {"name": "p", "vpc_ids": [c["id"], "5a4981aa-9653-4bd1-bef5-d6bff52042e4"]},
        "one": {"name": "p", "vpc_ids": [c["id"]]},
        "not-a-list": {"name": "p", "vpc_ids": c["id"]},
        "bad-name": {"name": "p.q", "vpc_ids": [a["id"], c["id"]]},
        "again": {"name": "p", "vpc_ids": [b["id"], a["id"]]},
        "same-name": {"name": "existing", "vpc_ids": [a["id"], c["id"]]},
    }[case]
    r = api.post("/v2/vpc_peerings", json=body)
    assert r.status_code == status, r.text
    assert api.get("/v2/vpc_peerings").json()["meta"]["total"] == 1


def test_a_peering_goes_with_a_deleted_vpc(api):
    create(api, "net-a")
    b, c = create(api, "net-b"), create(api, "net-c")
    api.post("/v2/vpc_peerings", json={"name": "b-c", "vpc_ids": [b["id"], c["id"]]})
    assert api.delete("/v2/vpcs/" + c["id"]).status_code == 204
    assert api.get("/v2/vpc_peerings").json()["vpc_peerings"] == []
    assert api.get("/v2/vpcs/%s/peerings" % b["id"]).json()["meta"]["total"] == 0
