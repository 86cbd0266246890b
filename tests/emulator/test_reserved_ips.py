"""Reserved IPs: create for a Droplet (assigned through an assign_ip action, the Droplet's region) or in a region,
addresses from the public pool, the Droplet showing its reserved IP as a further public address, assign/unassign
actions with their lock and the API's refusals, project_id, deleting (also an assigned one), and a deleted
Droplet's reserved IP becoming unassigned."""

import ipaddress

import pytest

PUBLIC_RANGE = ipaddress.ip_network("198.18.0.0/15")


def droplet(api, name="web-1", region="nyc3"):
    r = api.post("/v2/droplets", json={"name": name, "region": region, "size": "s-1vcpu-1gb",
                                       "image": "ubuntu-24-04-x64"})
    assert r.status_code == 202, r.text
    return r.json()["droplet"]["id"]


def reserve(api, **body):
    r = api.post("/v2/reserved_ips", json=body or {"region": "nyc3"})
    assert r.status_code == 202, r.text
    return r.json()


def get(api, ip):
    r = api.get("/v2/reserved_ips/" + ip)
    assert r.status_code == 200, r.text
    return r.json()["reserved_ip"]


def act(api, ip, **body):
    return api.post("/v2/reserved_ips/%s/actions" % ip, json=body)


def public_v4(api, droplet_id):
    networks = api.get("/v2/droplets/%d" % droplet_id).json()["droplet"]["networks"]["v4"]
    return [n["ip_address"] for n in networks if n["type"] == "public"]


def listed_ips(api):
    return [r["ip"] for r in api.get("/v2/reserved_ips", params={"per_page": 200}).json()["reserved_ips"]]


def test_reserve_in_a_region(api, do_client):
    body = do_client.reserved_ips.create({"region": "fra1"})
    reserved = body["reserved_ip"]
    assert body["links"] == {}
    assert ipaddress.ip_address(reserved["ip"]) in PUBLIC_RANGE
    assert reserved["region"]["slug"] == "fra1" and reserved["droplet"] is None and reserved["locked"] is False
    default_project = api.get("/v2/projects/default").json()["project"]["id"]
    assert reserved["project_id"] == default_project
    assert do_client.reserved_ips.get(reserved["ip"])["reserved_ip"] == reserved
    assert do_client.reserved_ips.list()["reserved_ips"] == [reserved]
    history = do_client.reserved_ips_actions.list(reserved["ip"])["actions"]
    assert [(a["type"], a["status"], a["resource_type"]) for a in history] == [("reserve_ip", "completed",
                                                                                "reserved_ip")]
    assert history[0]["resource_id"] == int(ipaddress.ip_address(reserved["ip"]))


def test_create_for_a_droplet_assigns_it_in_the_droplets_region(api):
    droplet_id = droplet(api, region="sfo3")
    own = public_v4(api, droplet_id)
    body = reserve(api, droplet_id=droplet_id)
    reserved = body["reserved_ip"]
    assert reserved["region"]["slug"] == "sfo3"
    assert reserved["droplet"]["id"] == droplet_id
    assert body["links"]["droplets"][0]["id"] == droplet_id and body["links"]["droplets"][0]["rel"] == "droplet"
    (link,) = body["links"]["actions"]
    assert link["rel"] == "assign_ip"
    action = api.get("/v2/actions/%d" % link["id"]).json()["action"]
    assert (action["type"], action["resource_type"], action["status"]) == ("assign_ip", "reserved_ip", "completed")
    assert ipaddress.ip_address(reserved["ip"]) in PUBLIC_RANGE and reserved["ip"] not in own
    # the Droplet shows the reserved IP as a further public address, after its own
    assert public_v4(api, droplet_id) == [*own, reserved["ip"]]


def test_assignment_in_progress_locks_and_shows_no_droplet_yet(emulator, api):
    droplet_id = droplet(api)
    emulator.app.config.action_seconds = 60
    body = reserve(api, droplet_id=droplet_id)
    reserved = body["reserved_ip"]
    assert reserved["locked"] is True and reserved["droplet"] is None  # as in the API's own example
    r = act(api, reserved["ip"], type="unassign")
    assert r.status_code == 422 and "pending" in r.json()["message"]
    assert len(public_v4(api, droplet_id)) == 1
    action_id = body["links"]["actions"][0]["id"]
    action = api.get("/v2/reserved_ips/%s/actions/%d" % (reserved["ip"], action_id)).json()["action"]
    assert action["status"] == "in-progress" and action["completed_at"] is None
    emulator.app.config.action_seconds = 0
    emulator.app.clock, real_clock = (lambda: real_clock() + 61), emulator.app.clock
    try:
        shown = get(api, reserved["ip"])
        assert shown["locked"] is False and shown["droplet"]["id"] == droplet_id
        assert reserved["ip"] in public_v4(api, droplet_id)
    finally:
        emulator.app.clock = real_clock


def test_assign_unassign_and_move(api, do_client):
    first, second = droplet(api, "a"), droplet(api, "b")
    ip = reserve(api)["reserved_ip"]["ip"]
    action = do_client.reserved_ips_actions.post(ip, {"type": "assign", "droplet_id": first})["action"]
    assert (action["type"], action["resource_type"], action["region_slug"]) == ("assign_ip", "reserved_ip", "nyc3")
    assert action["resource_id"] == int(ipaddress.ip_address(ip))
    assert action["project_id"] == get(api, ip)["project_id"]
    assert get(api, ip)["droplet"]["id"] == first and ip in public_v4(api, first)
    # assigning an assigned reserved IP moves it
    assert act(api, ip, type="assign", droplet_id=second).status_code == 201
    assert get(api, ip)["droplet"]["id"] == second
    assert ip not in public_v4(api, first) and ip in public_v4(api, second)
    unassigned = act(api, ip, type="unassign")
    assert unassigned.status_code == 201 and unassigned.json()["action"]["type"] == "unassign_ip"
    assert get(api, ip)["droplet"] is None and ip not in public_v4(api, second)
    history = do_client.reserved_ips_actions.list(ip)["actions"]
    assert [a["type"] for a in history] == ["unassign_ip", "assign_ip", "assign_ip", "reserve_ip"]  # newest first
    one = do_client.reserved_ips_actions.get(ip, history[1]["id"])["action"]
    assert one["id"] == history[1]["id"] and one["project_id"]


def test_refused_actions_change_nothing(api):
    here, elsewhere = droplet(api, "here"), droplet(api, "there", region="lon1")
    ip = reserve(api)["reserved_ip"]["ip"]
    other_ip = reserve(api)["reserved_ip"]["ip"]
    assert act(api, ip, type="assign", droplet_id=here).status_code == 201
    refusals = [
        ({"type": "unassign"}, other_ip, "not assigned"),
        ({"type": "assign", "droplet_id": elsewhere}, other_ip, "same region"),
        ({"type": "assign", "droplet_id": here}, other_ip, "one reserved"),  # a Droplet has one reserved IPv4
        ({"type": "assign", "droplet_id": here}, ip, "already assigned"),
        ({"type": "assign", "droplet_id": 999}, other_ip, "could not be found"),
        ({"type": "assign"}, other_ip, "droplet_id"),
        ({"type": "reboot"}, other_ip, "assign or unassign"),
        ({}, other_ip, "type"),
    ]
    for body, target, words in refusals:
        r = act(api, target, **body)
        assert r.status_code == 422 and r.json()["id"] == "unprocessable_entity", (body, r.text)
        assert words in r.json()["message"], (body, r.json()["message"])
    assert act(api, other_ip, type="assign", droplet_id="1").status_code == 400
    assert get(api, ip)["droplet"]["id"] == here and get(api, other_ip)["droplet"] is None
    assert len(api.get("/v2/reserved_ips/%s/actions" % other_ip).json()["actions"]) == 1  # reserve_ip only


def test_a_droplet_with_a_pending_event_cannot_get_one(emulator, api):
    emulator.app.config.action_seconds = 60
    droplet_id = droplet(api)  # its create action is in progress
    r = api.post("/v2/reserved_ips", json={"droplet_id": droplet_id})
    assert r.status_code == 422 and "pending event" in r.json()["message"]
    assert listed_ips(api) == []


@pytest.mark.parametrize("body, status", [
    ({}, 422),
    ({"region": "mars1"}, 422),
    ({"region": ""}, 422),
    ({"droplet_id": 12345}, 422),
    ({"region": "nyc3", "project_id": "5a4981aa-9653-4bd1-bef5-d6bff52042e4"}, 422),
    ({"droplet_id": "12345"}, 400),
    ({"droplet_id": True}, 400),
    ({"region": 3}, 400),
])
def test_invalid_create_is_rejected_and_stores_nothing(api, body, status):
    r = api.post("/v2/reserved_ips", json=body)
    assert r.status_code == status, r.text
    assert r.json()["message"]
    assert listed_ips(api) == []


def test_a_region_other_than_the_droplets_is_422(api):
    droplet_id = droplet(api, region="nyc3")
    r = api.post("/v2/reserved_ips", json={"droplet_id": droplet_id, "region": "ams3"})
    assert r.status_code == 422
    assert reserve(api, droplet_id=droplet_id, region="nyc3")["reserved_ip"]["droplet"]["id"] == droplet_id


def test_project_id_at_creation_and_project_resources(api):
    project = api.post("/v2/projects", json={"name": "edge", "purpose": "Service or API"}).json()["project"]
    ip = reserve(api, region="nyc3", project_id=project["id"])["reserved_ip"]["ip"]
    assert get(api, ip)["project_id"] == project["id"]
    urns = [r["urn"] for r in api.get("/v2/projects/%s/resources" % project["id"]).json()["resources"]]
    assert urns == ["do:floatingip:%s" % ip]  # the Projects API keeps the old name
    other = reserve(api)["reserved_ip"]["ip"]
    # godo and Terraform send do:reservedip:<ip>; it is the same resource
    r = api.post("/v2/projects/%s/resources" % project["id"], json={"resources": ["do:reservedip:%s" % other]})
    assert r.status_code == 200, r.text
    assert {x["urn"]: x["status"] for x in r.json()["resources"]}["do:floatingip:%s" % other] == "assigned"
    assert get(api, other)["project_id"] == project["id"]


def test_delete_also_an_assigned_one(api, do_client):
    droplet_id = droplet(api)
    free = reserve(api)["reserved_ip"]["ip"]
    held = reserve(api, droplet_id=droplet_id)["reserved_ip"]["ip"]
    assert do_client.reserved_ips.delete(free) is None
    assert api.delete("/v2/reserved_ips/" + held).status_code == 204  # released with its assignment
    assert listed_ips(api) == [] and public_v4(api, droplet_id) != [] and held not in public_v4(api, droplet_id)
    for method in ("GET", "DELETE"):
        r = api.request(method, "/v2/reserved_ips/" + held)
        assert r.status_code == 404 and r.json()["id"] == "not_found"
    assert api.get("/v2/reserved_ips/%s/actions" % held).status_code == 404
    assert act(api, held, type="unassign").status_code == 404
    assert api.get("/v2/reserved_ips/not-an-ip").status_code == 404


def test_deleting_the_droplet_unassigns_its_reserved_ip(api):
    first = droplet(api, "a")
    ip = reserve(api, droplet_id=first)["reserved_ip"]["ip"]
    assert api.delete("/v2/droplets/%d" % first).status_code == 204
    assert get(api, ip)["droplet"] is None
    assert act(api, ip, type="unassign").status_code == 422  # nothing left to unassign
    second = droplet(api, "b")
    assert act(api, ip, type="assign", droplet_id=second).status_code == 201
    assert get(api, ip)["droplet"]["id"] == second


def test_addresses_are_unique_across_droplets_and_reserved_ips(api):
    droplets = [droplet(api, "d%d" % i) for i in range(3)]
    reserved = [reserve(api)["reserved_ip"]["ip"] for _index in range(3)]
    own = [ip for d in droplets for ip in public_v4(api, d)]
    assert len(set(own + reserved)) == 6


def test_an_action_of_another_reserved_ip_is_404(api):
    first = reserve(api)["reserved_ip"]["ip"]
    second = reserve(api)["reserved_ip"]["ip"]
    action_id = api.get("/v2/reserved_ips/%s/actions" % first).json()["actions"][0]["id"]
    assert api.get("/v2/reserved_ips/%s/actions/%d" % (first, action_id)).status_code == 200
    for path in ("/v2/reserved_ips/%s/actions/%d" % (second, action_id), "/v2/reserved_ips/%s/actions/x" % first,
                 "/v2/reserved_ips/%s/actions/1" % first):
        assert api.get(path).status_code == 404, path


def test_list_is_paginated(api, do_client):
    ips = [reserve(api)["reserved_ip"]["ip"] for _index in range(5)]
    page = do_client.reserved_ips.list(per_page=2, page=3)
    assert [r["ip"] for r in page["reserved_ips"]] == ips[4:] and page["meta"]["total"] == 5
    assert set(page["links"]["pages"]) == {"first", "prev"}
