"""Projects: the seeded default project, CRUD, PUT/PATCH semantics, and resources whose membership is derived
(never-assigned resources belong to the default project)."""

import pytest

PROJECT = {"name": "my-web-api", "description": "My website API", "purpose": "Service or API",
           "environment": "Production"}


def make_droplet(api, name="web-1"):
    r = api.post("/v2/droplets", json={"name": name, "region": "nyc3", "size": "s-1vcpu-1gb",
                                       "image": "ubuntu-24-04-x64"})
    assert r.status_code == 202, r.text
    return r.json()["droplet"]["id"]


def test_exactly_one_default_project_is_seeded(api, do_client):
    listed = do_client.projects.list(per_page=200)["projects"]
    assert [p["is_default"] for p in listed] == [True]
    default = do_client.projects.get_default()["project"]
    assert default == listed[0] and default["name"] == "Default"
    assert api.get("/v2/projects/%s" % default["id"]).json()["project"] == default


def test_create_get_and_list(api, do_client):
    r = api.post("/v2/projects", json=PROJECT)
    assert r.status_code == 201
    project = r.json()["project"]
    assert {k: project[k] for k in PROJECT} == PROJECT and project["is_default"] is False
    assert project["created_at"] == project["updated_at"]
    assert do_client.projects.get(project["id"])["project"] == project
    page = api.get("/v2/projects", params={"per_page": 1, "page": 2}).json()
    assert page["projects"] == [project] and page["meta"]["total"] == 2


def test_custom_purpose_is_stored_as_other(api):
    project = api.post("/v2/projects", json=dict(PROJECT, purpose="my own thing")).json()["project"]
    assert project["purpose"] == "Other: my own thing"


def test_put_requires_every_attribute_and_patch_changes_only_what_it_sends(api, do_client):
    project = api.post("/v2/projects", json=PROJECT).json()["project"]
    r = api.put("/v2/projects/%s" % project["id"], json={"name": "renamed"})
    assert r.status_code == 422
    full = dict(PROJECT, name="renamed", is_default=False)
    assert do_client.projects.update(project["id"], full)["project"]["name"] == "renamed"
    patched = do_client.projects.patch(project["id"], {"environment": "Staging"})["project"]
    expected = ("renamed", "Staging", PROJECT["description"])
    assert (patched["name"], patched["environment"], patched["description"]) == expected
    assert api.patch("/v2/projects/%s" % project["id"], json={}).status_code == 422


def test_making_another_project_default_keeps_one_default_and_pins_old_resources(api, do_client):
    droplet_id = make_droplet(api)
    old_default = do_client.projects.get_default()["project"]
    project = api.post("/v2/projects", json=PROJECT).json()["project"]
    do_client.projects.patch(project["id"], {"is_default": True})
    assert [p["id"] for p in do_client.projects.list()["projects"] if p["is_default"]] == [project["id"]]
    assert do_client.projects.get_default()["project"]["id"] == project["id"]
    old_resources = do_client.projects.list_resources(old_default["id"])["resources"]
    assert [r["urn"] for r in old_resources] == ["do:droplet:%d" % droplet_id]
    new_droplet = make_droplet(api, "web-2")
    assert [r["urn"] for r in do_client.projects.list_resources_default()["resources"]] == [
        "do:droplet:%d" % new_droplet]


def test_the_default_project_cannot_stop_being_default_or_be_deleted(api, do_client):
    default = do_client.projects.get_default()["project"]
    assert api.patch("/v2/projects/default", json={"is_default": False}).status_code == 422
    r = api.delete("/v2/projects/%s" % default["id"])
    assert r.status_code == 412 and r.json()["id"] == "precondition_failed"


def test_default_project_is_updated_through_its_alias(api, do_client):
    project = do_client.projects.patch_default({"description": "everything"})["project"]
    assert project["description"] == "everything" and project["is_default"] is True
    full = {"name": "Default", "description": "all", "purpose": "IoT", "environment": "Development",
            "is_default": True}
    assert do_client.projects.update_default(full)["project"]["purpose"] == "IoT"


def test_unassigned_resources_belong_to_the_default_project(api, do_client):
    droplet_id = make_droplet(api)
    db = api.post("/v2/databases", json={"name": "db1", "engine": "pg", "size": "db-s-1vcpu-1gb", "num_nodes": 1,
                                         "region": "nyc3"}).json()["database"]
    default = do_client.projects.get_default()["project"]
    assert db["project_id"] == default["id"]
    resources = do_client.projects.list_resources_default()["resources"]
    assert [r["urn"] for r in resources] == ["do:droplet:%d" % droplet_id, "do:dbaas:%s" % db["id"]]
    assert resources[0]["links"]["self"].endswith("/v2/droplets/%d" % droplet_id)
    assert all(r["status"] == "ok" and r["assigned_at"] for r in resources)


def test_assigning_moves_a_resource_and_a_project_with_resources_cannot_be_deleted(api, do_client):
    droplet_id = make_droplet(api)
    urn = "do:droplet:%d" % droplet_id
    project = api.post("/v2/projects", json=PROJECT).json()["project"]
    assigned = do_client.projects.assign_resources(project["id"], {"resources": [urn]})["resources"]
    assert [(r["urn"], r["status"]) for r in assigned] == [(urn, "assigned")]
    assert do_client.projects.list_resources_default()["resources"] == []
    r = api.delete("/v2/projects/%s" % project["id"])
    assert r.status_code == 412 and r.json()["id"] == "precondition_failed"
    again = api.post("/v2/projects/%s/resources" % project["id"], json={"resources": [urn]}).json()["resources"]
    assert again[0]["status"] == "already_assigned"
    do_client.projects.assign_resources_default({"resources": [urn]})
    assert api.delete("/v2/projects/%s" % project["id"]).status_code == 204
    assert api.get("/v2/projects/%s" % project["id"]).status_code == 404


def test_a_deleted_resource_leaves_its_project(api, do_client):
    droplet_id = make_droplet(api)
    project = api.post("/v2/projects", json=PROJECT).json()["project"]
    api.post("/v2/projects/%s/resources" % project["id"], json={"resources": ["do:droplet:%d" % droplet_id]})
    assert api.delete("/v2/droplets/%d" % droplet_id).status_code == 204
    assert do_client.projects.list_resources(project["id"])["resources"] == []
    assert api.delete("/v2/projects/%s" % project["id"]).status_code == 204


@pytest.mark.parametrize("urns", [["do:droplet:999999"], ["droplet:1"], ["do:space:bucket"], "do:droplet:1", [5]])
def test_bad_assignment_is_refused_and_nothing_moves(api, do_client, urns):
    droplet_id = make_droplet(api)
    project = api.post("/v2/projects", json=PROJECT).json()["project"]
    r = api.post("/v2/projects/%s/resources" % project["id"],
                 json={"resources": ["do:droplet:%d" % droplet_id, *urns] if isinstance(urns, list) else urns})
    assert r.status_code in (400, 422), r.text
    assert do_client.projects.list_resources(project["id"])["resources"] == []


@pytest.mark.parametrize("body", [
    {"name": "x"},  # purpose is required
    {"purpose": "IoT"},  # name is required
    dict(PROJECT, environment="Prod"),
    dict(PROJECT, name="n" * 176),
    dict(PROJECT, description="d" * 256),
])
def test_bad_project_is_422_and_stores_nothing(api, body):
    r = api.post("/v2/projects", json=body)
    assert r.status_code == 422 and r.json()["id"] == "unprocessable_entity", r.text
    assert api.get("/v2/projects").json()["meta"]["total"] == 1


def test_duplicate_project_name_is_a_conflict(api):
    assert api.post("/v2/projects", json=PROJECT).status_code == 201
    r = api.post("/v2/projects", json=PROJECT)
    assert r.status_code == 409 and r.json()["id"] == "conflict"


def test_unknown_project_is_404(api, do_client):
    missing = "00000000-0000-4000-8000-000000000000"
    assert api.get("/v2/projects/%s" % missing).status_code == 404
    assert api.get("/v2/projects/%s/resources" % missing).status_code == 404
    assert do_client.projects.get(missing)["id"] == "not_found"


def test_volumes_and_load_balancers_are_project_resources_too(api, do_client):
    volume = api.post("/v2/volumes", json={"name": "data", "size_gigabytes": 10, "region": "nyc3"})
    assert volume.status_code == 201, volume.text
    project = api.post("/v2/projects", json=PROJECT).json()["project"]
    lb = api.post("/v2/load_balancers", json={
        "name": "lb", "region": "nyc3", "project_id": project["id"], "forwarding_rules": [
            {"entry_protocol": "http", "entry_port": 80, "target_protocol": "http", "target_port": 80}]})
    lb = lb.json()["load_balancer"]
    assert lb["project_id"] == project["id"]  # created in the project it names
    volume_urn = "do:volume:%s" % volume.json()["volume"]["id"]
    assert [r["urn"] for r in do_client.projects.list_resources_default()["resources"]] == [volume_urn]
    assert [r["urn"] for r in do_client.projects.list_resources(project["id"])["resources"]] == [
        "do:loadbalancer:%s" % lb["id"]]
    do_client.projects.assign_resources(project["id"], {"resources": [volume_urn]})
    assert len(do_client.projects.list_resources(project["id"])["resources"]) == 2
