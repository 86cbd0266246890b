"""Destroying a Droplet with its associated resources: what it would leave behind (reserved IPs, snapshots,
attached volumes and their snapshots, with costs), selective and dangerous destruction, and the status."""

import pytest

BASE = {"region": "nyc3", "size": "s-1vcpu-1gb", "image": "debian-12-x64"}


@pytest.fixture
def setup(api):
    """A Droplet with a reserved IP, a snapshot, two attached volumes (one with a snapshot) and an unrelated
    volume."""
    droplet = api.post("/v2/droplets", json={**BASE, "name": "doomed"}).json()["droplet"]["id"]
    ip = api.post("/v2/reserved_ips", json={"droplet_id": droplet}).json()["reserved_ip"]["ip"]
    assert api.post("/v2/droplets/%d/actions" % droplet, json={"type": "snapshot", "name": "snap"}).status_code == 201
    vols = []
    for name in ("data-a", "data-b", "other"):
        vol = api.post("/v2/volumes", json={"name": name, "region": "nyc3", "size_gigabytes": 10}).json()["volume"]
        vols.append(vol["id"])
    for vol in vols[:2]:
        r = api.post("/v2/volumes/%s/actions" % vol, json={"type": "attach", "droplet_id": droplet})
        assert r.status_code == 202, r.text
    vsnap = api.post("/v2/volumes/%s/snapshots" % vols[0], json={"name": "vsnap"}).json()["snapshot"]["id"]
    return {"droplet": droplet, "ip": ip, "volumes": vols, "volume_snapshot": vsnap}


def test_associated_resources_are_listed_with_their_costs(api, setup):
    r = api.get("/v2/droplets/%d/destroy_with_associated_resources" % setup["droplet"])
    assert r.status_code == 200, r.text
    body = r.json()
    assert [i["name"] for i in body["reserved_ips"]] == [setup["ip"]] and body["floating_ips"] == body["reserved_ips"]
    assert [s["name"] for s in body["snapshots"]] == ["snap"]
    assert sorted(v["id"] for v in body["volumes"]) == sorted(setup["volumes"][:2])
    assert {v["cost"] for v in body["volumes"]} == {"1.00"}
    assert [s["id"] for s in body["volume_snapshots"]] == [setup["volume_snapshot"]]


def test_selective_destroys_the_droplet_and_what_was_named(api, setup):
    droplet = setup["droplet"]
    r = api.delete("/v2/droplets/%d/destroy_with_associated_resources/selective" % droplet,
                   json={"volumes": [setup["volumes"][0]], "reserved_ips": [setup["ip"]]})
    assert r.status_code == 202, r.text
    assert api.get("/v2/droplets/%d" % droplet).status_code == 404
    assert api.get("/v2/volumes/%s" % setup["volumes"][0]).status_code == 404
    assert api.get("/v2/volumes/%s" % setup["volumes"][1]).json()["volume"]["droplet_ids"] == []
    assert api.get("/v2/reserved_ips/%s" % setup["ip"]).status_code == 404
    assert api.get("/v2/snapshots?resource_type=droplet").json()["meta"]["total"] == 1  # kept
    status = api.get("/v2/droplets/%d/destroy_with_associated_resources/status" % droplet).json()
    assert status["droplet"]["id"] == str(droplet) and status["failures"] == 0 and status["completed_at"]
    assert [v["id"] for v in status["resources"]["volumes"]] == [setup["volumes"][0]]
    assert [i["name"] for i in status["resources"]["reserved_ips"]] == [setup["ip"]]
    r = api.post("/v2/droplets/%d/destroy_with_associated_resources/retry" % droplet)
    assert r.status_code == 409


def test_selective_refuses_what_is_not_associated_and_destroys_nothing(api, setup):
    droplet = setup["droplet"]
    r = api.delete("/v2/droplets/%d/destroy_with_associated_resources/selective" % droplet,
                   json={"volumes": [setup["volumes"][2]]})
    assert r.status_code == 422
    api.violations.clear()  # the spec declares errors of this operation as `default` only
    assert api.get("/v2/droplets/%d" % droplet).status_code == 200


def test_dangerous_needs_the_header_and_destroys_everything(api, setup):
    droplet = setup["droplet"]
    path = "/v2/droplets/%d/destroy_with_associated_resources/dangerous" % droplet
    assert api.delete(path).status_code == 400
    api.violations.clear()
    assert api.delete(path, headers={"X-Dangerous": "true"}).status_code == 202
    assert api.get("/v2/droplets/%d" % droplet).status_code == 404
    assert [v["id"] for v in api.get("/v2/volumes").json()["volumes"]] == [setup["volumes"][2]]
    assert api.get("/v2/snapshots").json()["meta"]["total"] == 0
    assert api.get("/v2/reserved_ips").json()["meta"]["total"] == 0


def test_status_of_a_droplet_never_destroyed_this_way_is_404(api, setup):
    assert api.get("/v2/droplets/%d/destroy_with_associated_resources/status" % setup["droplet"]).status_code == 404
    assert api.post("/v2/droplets/%d/destroy_with_associated_resources/retry" % setup["droplet"]).status_code == 404
    assert api.get("/v2/droplets/999/destroy_with_associated_resources").status_code == 404


def test_pydo_destroys_with_associated_resources(do_client, api, setup):
    listed = do_client.droplets.list_associated_resources(setup["droplet"])
    assert len(listed["volumes"]) == 2
    do_client.droplets.destroy_with_associated_resources_dangerous(setup["droplet"], x_dangerous=True)
    assert do_client.droplets.get_destroy_associated_resources_status(setup["droplet"])["failures"] == 0
