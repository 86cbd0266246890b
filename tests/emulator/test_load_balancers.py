"""Load balancers: create/read/replace/delete, derived status and address, backends by droplet ids or by tag,
forwarding rule validation and the sub-collections."""

import ipaddress
from contextlib import contextmanager

import pytest

HTTP = {"entry_protocol": "http", "entry_port": 80, "target_protocol": "http", "target_port": 8080}
HTTPS_PASSTHROUGH = {"entry_protocol": "https", "entry_port": 443, "target_protocol": "https", "target_port": 443,
                     "tls_passthrough": True}


def make_droplet(api, name="web-1", region="nyc3", tags=()):
    r = api.post("/v2/droplets", json={"name": name, "region": region, "size": "s-1vcpu-1gb",
                                       "image": "ubuntu-24-04-x64", "tags": list(tags)})
    assert r.status_code == 202, r.text
    return r.json()["droplet"]["id"]


def create(api, **fields):
    body = {"name": "web-lb", "region": "nyc3", "forwarding_rules": [HTTP]}
    body.update(fields)
    return api.post("/v2/load_balancers", json=body)


@contextmanager
def clock_moved(emulator, seconds):
    real = emulator.app.clock
    emulator.app.clock = lambda: real() + seconds
    try:
        yield
    finally:
        emulator.app.clock = real


def test_create_is_new_without_ip_then_active_with_one(emulator, api):
    droplet_id = make_droplet(api)
    emulator.app.config.action_seconds = 60
    r = create(api, droplet_ids=[droplet_id])
    assert r.status_code == 202
    lb = r.json()["load_balancer"]
    assert lb["status"] == "new" and lb["ip"] == ""
    assert lb["region"]["slug"] == "nyc3" and lb["droplet_ids"] == [droplet_id]
    assert lb["forwarding_rules"] == [dict(HTTP, certificate_id="", tls_passthrough=False)]
    assert lb["health_check"] == {"protocol": "http", "port": 80, "path": "/", "check_interval_seconds": 10,
                                  "response_timeout_seconds": 5, "unhealthy_threshold": 5, "healthy_threshold": 3}
    assert lb["sticky_sessions"] == {"type": "none"} and lb["size_unit"] == 1
    with clock_moved(emulator, 61):
        active = api.get("/v2/load_balancers/%s" % lb["id"]).json()["load_balancer"]
    assert active["status"] == "active" and active["ip"].count(".") == 3


def test_pydo_lists_and_gets(api, do_client):
    lb = create(api).json()["load_balancer"]
    assert [x["id"] for x in do_client.load_balancers.list(per_page=200)["load_balancers"]] == [lb["id"]]
    got = do_client.load_balancers.get(lb["id"])["load_balancer"]
    assert got["status"] == "active" and got["ip"]
    assert got["project_id"] == api.get("/v2/projects/default").json()["project"]["id"]


def test_list_is_paginated(api):
    for n in range(3):
        create(api, name="lb-%d" % n)
    page = api.get("/v2/load_balancers", params={"per_page": 2, "page": 2}).json()
    assert [x["name"] for x in page["load_balancers"]] == ["lb-2"] and page["meta"]["total"] == 3


def test_tag_backends_follow_the_droplets_that_carry_the_tag(api, do_client):
    first = make_droplet(api, "a", tags=["web"])
    lb = do_client.load_balancers.create({"name": "by-tag", "region": "nyc3", "tag": "web",
                                          "forwarding_rules": [HTTP]})["load_balancer"]
    assert lb["tag"] == "web" and lb["droplet_ids"] == [first]
    second = make_droplet(api, "b", tags=["web"])
    assert do_client.load_balancers.get(lb["id"])["load_balancer"]["droplet_ids"] == [first, second]
    r = api.post("/v2/load_balancers/%s/droplets" % lb["id"], json={"droplet_ids": [first]})
    assert r.status_code == 422  # documented: no individual droplets on a tag-based load balancer


def test_droplets_are_added_removed_and_vanish_when_deleted(api, do_client):
    a, b = make_droplet(api, "a"), make_droplet(api, "b")
    lb_id = create(api).json()["load_balancer"]["id"]
    do_client.load_balancers.add_droplets(lb_id, {"droplet_ids": [a, b]})
    assert api.get("/v2/load_balancers/%s" % lb_id).json()["load_balancer"]["droplet_ids"] == [a, b]
    do_client.load_balancers.remove_droplets(lb_id, {"droplet_ids": [a]})
    assert api.delete("/v2/droplets/%d" % b).status_code == 204
    assert api.get("/v2/load_balancers/%s" % lb_id).json()["load_balancer"]["droplet_ids"] == []


def test_droplet_in_another_region_is_refused(api):
    far = make_droplet(api, "far", region="fra1")
    lb_id = create(api).json()["load_balancer"]["id"]
    assert api.post("/v2/load_balancers/%s/droplets" % lb_id, json={"droplet_ids": [far]}).status_code == 422
    assert api.get("/v2/load_balancers/%s" % lb_id).json()["load_balancer"]["droplet_ids"] == []


def test_forwarding_rules_are_added_and_removed(api, do_client):
    lb_id = create(api).json()["load_balancer"]["id"]
    do_client.load_balancers.add_forwarding_rules(lb_id, {"forwarding_rules": [HTTPS_PASSTHROUGH]})
    rules = api.get("/v2/load_balancers/%s" % lb_id).json()["load_balancer"]["forwarding_rules"]
    assert [r["entry_port"] for r in rules] == [80, 443]
    do_client.load_balancers.remove_forwarding_rules(lb_id, {"forwarding_rules": [HTTP]})
    rules = api.get("/v2/load_balancers/%s" % lb_id).json()["load_balancer"]["forwarding_rules"]
    assert [r["entry_port"] for r in rules] == [443]
    r = api.delete("/v2/load_balancers/%s/forwarding_rules" % lb_id, json={"forwarding_rules": [HTTPS_PASSTHROUGH]})
    assert r.status_code == 422  # the last rule stays
    r = api.post("/v2/load_balancers/%s/forwarding_rules" % lb_id, json={"forwarding_rules": [dict(
        HTTP, entry_port=443)]})
    assert r.status_code == 422  # entry port already taken


def test_put_replaces_the_configuration(api, do_client):
    droplet_id = make_droplet(api)
    lb = create(api, droplet_ids=[droplet_id], redirect_http_to_https=True,
                health_check={"protocol": "tcp", "port": 22}).json()["load_balancer"]
    body = {"name": "renamed", "region": "nyc3", "forwarding_rules": [HTTP, HTTPS_PASSTHROUGH],
            "sticky_sessions": {"type": "cookies"}}
    updated = do_client.load_balancers.update(lb["id"], body)["load_balancer"]
    assert updated["name"] == "renamed" and updated["redirect_http_to_https"] is False
    assert updated["droplet_ids"] == [] and updated["health_check"]["protocol"] == "http"
    assert updated["sticky_sessions"] == {"type": "cookies", "cookie_name": "DO-LB", "cookie_ttl_seconds": 300}
    assert updated["ip"] == lb["ip"] and updated["vpc_uuid"] == lb["vpc_uuid"]
    r = api.put("/v2/load_balancers/%s" % lb["id"], json=dict(body, region="fra1"))
    assert r.status_code == 422
    assert api.get("/v2/load_balancers/%s" % lb["id"]).json()["load_balancer"]["name"] == "renamed"


def test_delete_then_404(api, do_client):
    lb_id = create(api).json()["load_balancer"]["id"]
    assert api.delete("/v2/load_balancers/%s" % lb_id).status_code == 204
    r = api.get("/v2/load_balancers/%s" % lb_id)
    assert r.status_code == 404 and r.json()["id"] == "not_found"
    assert do_client.load_balancers.get(lb_id)["id"] == "not_found"


@pytest.mark.parametrize("fields", [
    {"name": None},
    {"name": "bad name"},
    {"region": "mars1"},
    {"region": None},
    {"forwarding_rules": []},
    {"forwarding_rules": None},
    {"forwarding_rules": [dict(HTTP, entry_protocol="ftp")]},
    {"forwarding_rules": [dict(HTTP, target_protocol="http3")]},
    {"forwarding_rules": [dict(HTTP, entry_port=0)]},
    {"forwarding_rules": [dict(HTTP, target_port=70000)]},
    {"forwarding_rules": [dict(HTTP, entry_protocol="udp")]},  # udp needs udp on both sides
    {"forwarding_rules": [dict(HTTP, entry_protocol="https", entry_port=443)]},  # https needs a certificate
    {"forwarding_rules": [dict(HTTPS_PASSTHROUGH, target_protocol="http")]},
    {"forwarding_rules": [HTTP, dict(HTTP, target_port=9090)]},  # same entry port twice
    {"droplet_ids": [999999]},
    {"health_check": {"protocol": "icmp"}},
    {"health_check": {"check_interval_seconds": 1}},
    {"sticky_sessions": {"type": "ip"}},
    {"http_idle_timeout_seconds": 10},
    {"size_unit": 101},
    {"firewall": {"allow": ["1.2.3.4"]}},
    {"type": "GLOBAL"},
    {"network": "PRIVATE"},
    {"project_id": "00000000-0000-4000-8000-000000000000"},
])
def test_bad_input_is_422_and_stores_nothing(api, fields):
    r = create(api, **fields)
    assert r.status_code == 422, r.text
    assert r.json()["id"] == "unprocessable_entity" and r.json()["message"]
    assert api.get("/v2/load_balancers").json()["meta"]["total"] == 0


def test_droplet_ids_and_tag_together_are_refused(api):
    droplet_id = make_droplet(api, tags=["web"])
    r = create(api, droplet_ids=[droplet_id], tag="web")
    assert r.status_code == 422 and "mutually exclusive" in r.json()["message"]


def test_wrong_types_are_400(api):
    assert create(api, forwarding_rules=[dict(HTTP, entry_port="80")]).status_code == 400
    assert create(api, droplet_ids="1,2").status_code == 400


def test_internal_load_balancer_gets_an_address_from_its_vpc(api):
    lb = create(api, network="INTERNAL").json()["load_balancer"]
    vpc = api.get("/v2/vpcs/%s" % lb["vpc_uuid"])
    if vpc.status_code == 200:
        assert ipaddress.ip_address(lb["ip"]) in ipaddress.ip_network(vpc.json()["vpc"]["ip_range"])
    else:
        api.violations.clear()
        assert lb["ip"].startswith("10.")
