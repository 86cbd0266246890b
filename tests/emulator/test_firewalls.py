"""Cloud firewalls: create/read/replace/delete, membership and rule sub-collections, derived status and droplet
membership, and the API's validation (nothing stored on a rejected request)."""

import pytest

SSH_IN = {"protocol": "tcp", "ports": "22", "sources": {"addresses": ["0.0.0.0/0", "::/0"]}}
ALL_OUT = {"protocol": "tcp", "ports": "all", "destinations": {"addresses": ["0.0.0.0/0"]}}


def make_droplet(api, name="web-1", tags=None):
    r = api.post("/v2/droplets", json={"name": name, "region": "nyc3", "size": "s-1vcpu-1gb",
                                       "image": "ubuntu-24-04-x64", "tags": tags or []})
    assert r.status_code == 202, r.text
    return r.json()["droplet"]["id"]


def create(api, **fields):
    body = {"name": "web-fw", "inbound_rules": [SSH_IN]}
    body.update(fields)
    return api.post("/v2/firewalls", json=body)


def test_create_returns_202_with_normalised_rules_and_is_listed(api, do_client):
    r = create(api, outbound_rules=[ALL_OUT, {"protocol": "icmp", "destinations": {"addresses": ["0.0.0.0/0"]}}])
    assert r.status_code == 202
    fw = r.json()["firewall"]
    assert fw["name"] == "web-fw" and fw["status"] == "succeeded" and fw["pending_changes"] == []
    assert fw["inbound_rules"] == [SSH_IN]
    assert [rule["ports"] for rule in fw["outbound_rules"]] == ["0", "0"]  # "all" and icmp read back as "0"
    assert fw["droplet_ids"] == [] and fw["tags"] == []
    listed = do_client.firewalls.list(per_page=200)
    assert [f["id"] for f in listed["firewalls"]] == [fw["id"]] and listed["meta"]["total"] == 1
    assert do_client.firewalls.get(fw["id"])["firewall"] == fw


def test_status_waits_with_pending_changes_until_the_change_settles(emulator, api):
    droplet_id = make_droplet(api)
    emulator.app.config.action_seconds = 60
    fw = create(api, droplet_ids=[droplet_id]).json()["firewall"]
    assert fw["status"] == "waiting"
    assert fw["pending_changes"] == [{"droplet_id": droplet_id, "removing": False, "status": "waiting"}]
    emulator.app.config.action_seconds = 0
    assert api.post("/v2/firewalls/%s/droplets" % fw["id"], json={"droplet_ids": []}).status_code == 204
    settled = api.get("/v2/firewalls/%s" % fw["id"]).json()["firewall"]
    assert settled["status"] == "succeeded" and settled["pending_changes"] == []
    assert settled["droplet_ids"] == [droplet_id]


def test_droplets_and_tags_are_assigned_and_removed(api, do_client):
    first, second = make_droplet(api, "a"), make_droplet(api, "b", tags=["web"])
    fw_id = create(api).json()["firewall"]["id"]
    do_client.firewalls.assign_droplets(fw_id, {"droplet_ids": [first, second]})
    do_client.firewalls.add_tags(fw_id, {"tags": ["web"]})
    fw = do_client.firewalls.get(fw_id)["firewall"]
    assert fw["droplet_ids"] == [first, second] and fw["tags"] == ["web"]
    do_client.firewalls.delete_droplets(fw_id, {"droplet_ids": [first]})
    do_client.firewalls.delete_tags(fw_id, {"tags": ["web"]})
    fw = do_client.firewalls.get(fw_id)["firewall"]
    assert fw["droplet_ids"] == [second] and fw["tags"] == []


def test_a_deleted_tag_vanishes_from_the_firewall(api):
    make_droplet(api, tags=["web"])
    fw_id = create(api, tags=["web"], inbound_rules=[dict(SSH_IN, sources={"tags": ["web"]})]).json()["firewall"]["id"]
    assert api.delete("/v2/tags/web").status_code == 204
    fw = api.get("/v2/firewalls/%s" % fw_id).json()["firewall"]
    assert fw["tags"] == [] and fw["inbound_rules"][0]["sources"] == {}


def test_a_deleted_droplet_vanishes_from_droplet_ids(api):
    keep, gone = make_droplet(api, "keep"), make_droplet(api, "gone")
    fw_id = create(api, droplet_ids=[keep, gone]).json()["firewall"]["id"]
    assert api.delete("/v2/droplets/%d" % gone).status_code == 204
    assert api.get("/v2/firewalls/%s" % fw_id).json()["firewall"]["droplet_ids"] == [keep]


def test_rules_are_added_once_and_removed(api, do_client):
    fw_id = create(api).json()["firewall"]["id"]
    http = {"protocol": "tcp", "ports": "8000-9000", "sources": {"addresses": ["10.0.0.0/8"]}}
    do_client.firewalls.add_rules(fw_id, {"inbound_rules": [http, SSH_IN], "outbound_rules": [ALL_OUT]})
    fw = do_client.firewalls.get(fw_id)["firewall"]
    assert fw["inbound_rules"] == [SSH_IN, http]
    assert fw["outbound_rules"] == [dict(ALL_OUT, ports="0")]
    do_client.firewalls.delete_rules(fw_id, {"inbound_rules": [SSH_IN], "outbound_rules": [dict(ALL_OUT, ports="0")]})
    fw = do_client.firewalls.get(fw_id)["firewall"]
    assert fw["inbound_rules"] == [http] and fw["outbound_rules"] == []


def test_put_replaces_the_whole_firewall(api, do_client):
    droplet_id = make_droplet(api, tags=["web"])
    fw_id = create(api, droplet_ids=[droplet_id], tags=["web"], outbound_rules=[ALL_OUT]).json()["firewall"]["id"]
    rule = {"protocol": "udp", "ports": "53", "sources": {"droplet_ids": [droplet_id]}}
    body = {"name": "renamed", "inbound_rules": [rule]}
    fw = do_client.firewalls.update(fw_id, body)["firewall"]
    assert fw["name"] == "renamed" and fw["outbound_rules"] == []
    assert fw["droplet_ids"] == [] and fw["tags"] == []  # omitted attributes are reset, as documented
    assert fw["inbound_rules"] == body["inbound_rules"]


def test_delete_then_404(api, do_client):
    fw_id = create(api).json()["firewall"]["id"]
    assert api.delete("/v2/firewalls/%s" % fw_id).status_code == 204
    r = api.get("/v2/firewalls/%s" % fw_id)
    assert r.status_code == 404 and r.json()["id"] == "not_found"
    assert api.delete("/v2/firewalls/%s" % fw_id).status_code == 404
    assert do_client.firewalls.get(fw_id)["id"] == "not_found"  # pydo returns 404 bodies instead of raising


def test_list_is_paginated(api):
    for n in range(3):
        assert create(api, name="fw-%d" % n).status_code == 202
    page = api.get("/v2/firewalls", params={"per_page": 2, "page": 2}).json()
    assert [f["name"] for f in page["firewalls"]] == ["fw-2"] and page["meta"]["total"] == 3
    assert "prev" in page["links"]["pages"]
    assert api.get("/v2/firewalls", params={"per_page": 201}).status_code == 400


@pytest.mark.parametrize("fields, status", [
    ({"name": "-starts-with-dash"}, 422),
    ({"name": "has space"}, 422),
    ({"name": None}, 422),
    ({"inbound_rules": [], "outbound_rules": []}, 422),  # at least one rule
    ({"inbound_rules": [dict(SSH_IN, protocol="sctp")]}, 422),
    ({"inbound_rules": [dict(SSH_IN, ports="70000")]}, 422),
    ({"inbound_rules": [dict(SSH_IN, ports="9000-8000")]}, 422),
    ({"inbound_rules": [dict(SSH_IN, ports="ssh")]}, 422),
    ({"inbound_rules": [dict(SSH_IN, ports=None)]}, 422),  # tcp needs ports
    ({"inbound_rules": [dict(SSH_IN, ports=22)]}, 400),  # ports is a string
    ({"inbound_rules": [dict(SSH_IN, protocol="icmp", ports=22)]}, 400),  # a string, even for icmp
    ({"droplet_ids": ["web-1"]}, 400),  # an id array takes integers and integer-valued strings only
    ({"droplet_ids": ["1.5"]}, 400),
    ({"droplet_ids": [True]}, 400),
    ({"inbound_rules": [dict(SSH_IN, sources={"droplet_ids": ["x"]})]}, 400),
    ({"inbound_rules": [dict(SSH_IN, sources={"addresses": ["300.1.1.1"]})]}, 422),
    ({"inbound_rules": [dict(SSH_IN, sources={})]}, 422),
    ({"inbound_rules": [{"protocol": "tcp", "ports": "22"}]}, 422),  # inbound needs sources
    ({"inbound_rules": [dict(SSH_IN, sources={"droplet_ids": [999]})]}, 422),
    ({"inbound_rules": [SSH_IN] * 1 + [dict(SSH_IN, ports=str(p)) for p in range(1000, 1050)]}, 422),  # > 50
    ({"droplet_ids": [999]}, 422),
    ({"tags": ["no-such-tag"]}, 422),
    ({"inbound_rules": "tcp:22"}, 400),
])
def test_bad_input_is_rejected_and_nothing_is_stored(api, stats, fields, status):
    r = create(api, **fields)
    assert r.status_code == status, r.text
    assert r.json()["id"] == ("bad_request" if status == 400 else "unprocessable_entity")
    assert r.json()["message"]
    assert api.get("/v2/firewalls").json()["meta"]["total"] == 0


def test_ports_1_65535_is_echoed_as_given_and_only_all_reads_back_as_0(api):
    """A client comparing its rules with the API's (community.digitalocean) sees what it sent."""
    rules = [dict(SSH_IN, ports="1-65535"), dict(SSH_IN, protocol="udp", ports="1-65535"),
             dict(SSH_IN, ports="all"), dict(SSH_IN, ports="0"), dict(SSH_IN, ports="8000-9000")]
    fw = create(api, inbound_rules=rules).json()["firewall"]
    assert [r["ports"] for r in fw["inbound_rules"]] == ["1-65535", "1-65535", "0", "8000-9000"]  # "all" == "0"
    assert api.get("/v2/firewalls/%s" % fw["id"]).json()["firewall"]["inbound_rules"] == fw["inbound_rules"]


def test_icmp_rules_read_back_ports_0_whatever_was_sent(api):
    """The API documents that ICMP rules always return "0"; python-digitalocean and community.digitalocean send
    "1-65535" (or nothing) for them."""
    icmp = [dict(SSH_IN, protocol="icmp", ports=ports) for ports in ("1-65535", "22", "all", "")]
    icmp.append({"protocol": "icmp", "sources": {"addresses": ["10.0.0.0/8"]}})
    fw = create(api, inbound_rules=icmp).json()["firewall"]
    assert fw["inbound_rules"] == [dict(SSH_IN, protocol="icmp", ports="0"),
                                   {"protocol": "icmp", "ports": "0", "sources": {"addresses": ["10.0.0.0/8"]}}]


def test_droplet_ids_may_be_integer_valued_strings(api):
    """community.digitalocean sends droplet ids as strings; the API takes them and answers with integers."""
    one, two = make_droplet(api, "web-1"), make_droplet(api, "web-2")
    rule = dict(SSH_IN, sources={"droplet_ids": [str(two)]})
    r = create(api, droplet_ids=[str(one)], inbound_rules=[rule])
    assert r.status_code == 202, r.text
    fw = r.json()["firewall"]
    assert fw["droplet_ids"] == [one] and fw["inbound_rules"][0]["sources"] == {"droplet_ids": [two]}
    path = "/v2/firewalls/%s/droplets" % fw["id"]
    assert api.post(path, json={"droplet_ids": [str(two)]}).status_code == 204
    assert api.get("/v2/firewalls/%s" % fw["id"]).json()["firewall"]["droplet_ids"] == [one, two]
    assert api.delete(path, json={"droplet_ids": [str(one)]}).status_code == 204
    assert api.get("/v2/firewalls/%s" % fw["id"]).json()["firewall"]["droplet_ids"] == [two]
    r = api.put("/v2/firewalls/%s" % fw["id"], json={"name": "web-fw", "inbound_rules": [rule],
                                                     "droplet_ids": [str(one), one]})
    assert r.status_code == 200 and r.json()["firewall"]["droplet_ids"] == [one]


def test_duplicate_name_is_a_conflict(api):
    assert create(api).status_code == 202
    r = create(api)
    assert r.status_code == 409 and r.json()["id"] == "conflict"


def test_more_than_ten_droplets_is_refused_and_the_firewall_unchanged(api):
    ids = [make_droplet(api, "d%d" % n) for n in range(11)]
    fw_id = create(api, droplet_ids=ids[:10]).json()["firewall"]["id"]
    r = api.post("/v2/firewalls/%s/droplets" % fw_id, json={"droplet_ids": [ids[10]]})
    assert r.status_code == 422
    assert api.get("/v2/firewalls/%s" % fw_id).json()["firewall"]["droplet_ids"] == ids[:10]


def test_sub_collections_of_a_missing_firewall_are_404(api):
    missing = "00000000-0000-4000-8000-000000000000"
    for path, body in (("droplets", {"droplet_ids": [1]}), ("tags", {"tags": ["x"]}),
                       ("rules", {"inbound_rules": [SSH_IN]})):
        assert api.post("/v2/firewalls/%s/%s" % (missing, path), json=body).status_code == 404
    assert api.put("/v2/firewalls/%s" % missing, json={"name": "x1"}).status_code == 404


def test_bad_rules_on_add_rules_change_nothing(api):
    fw_id = create(api).json()["firewall"]["id"]
    r = api.post("/v2/firewalls/%s/rules" % fw_id,
                 json={"inbound_rules": [dict(SSH_IN, ports="80"), dict(SSH_IN, ports="0-1")]})
    assert r.status_code == 422
    assert api.get("/v2/firewalls/%s" % fw_id).json()["firewall"]["inbound_rules"] == [SSH_IN]


def test_missing_token_is_401(anonymous_api):
    assert anonymous_api.get("/v2/firewalls").status_code == 401
