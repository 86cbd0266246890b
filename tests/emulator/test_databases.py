"""Managed database clusters: create/list/get/delete/resize, derived status, connections and options."""

from contextlib import contextmanager

import pytest

CLUSTER = {"name": "backend", "engine": "pg", "version": "16", "size": "db-s-1vcpu-1gb", "num_nodes": 1,
           "region": "nyc3"}


@contextmanager
def clock_moved(emulator, seconds):
    """The emulator's clock, `seconds` later (statuses are derived from it when read)."""
    real = emulator.app.clock
    emulator.app.clock = lambda: real() + seconds
    try:
        yield
    finally:
        emulator.app.clock = real


def create(api, **fields):
    return api.post("/v2/databases", json=dict(CLUSTER, **fields))


def test_create_returns_201_creating_then_online(emulator, api):
    emulator.app.config.action_seconds = 60
    r = create(api, tags=["prod"])
    assert r.status_code == 201
    db = r.json()["database"]
    assert db["status"] == "creating" and db["engine"] == "pg" and db["version"] == "16"
    assert db["db_names"] == ["defaultdb"] and db["tags"] == ["prod"]
    assert [u["name"] for u in db["users"]] == ["doadmin"] and db["users"][0]["role"] == "primary"
    conn = db["connection"]
    assert conn["port"] == 25060 and conn["user"] == "doadmin" and conn["ssl"] is True
    expected_uri = "postgresql://doadmin:%s@%s:25060/defaultdb?sslmode=require" % (conn["password"], conn["host"])
    assert conn["uri"] == expected_uri
    assert db["private_connection"]["host"] == "private-" + conn["host"]
    assert "standby_connection" not in db
    with clock_moved(emulator, 61):
        assert api.get("/v2/databases/%s" % db["id"]).json()["database"]["status"] == "online"


def test_cluster_joins_the_default_vpc_of_its_region_unless_given_one(api):
    db = create(api).json()["database"]
    vpc = api.get("/v2/vpcs/%s" % db["private_network_uuid"])
    if vpc.status_code == 200:  # the VPC area answers for it
        assert vpc.json()["vpc"]["region"] == "nyc3" and vpc.json()["vpc"]["default"] is True
    else:
        api.violations.clear()
    other = create(api, name="other", private_network_uuid=db["private_network_uuid"]).json()["database"]
    assert other["private_network_uuid"] == db["private_network_uuid"]
    r = create(api, name="third", private_network_uuid="00000000-0000-4000-8000-000000000000")
    assert r.status_code == 422


def test_pydo_lists_gets_and_filters_by_tag(api, do_client):
    tagged = create(api, name="tagged", tags=["web"]).json()["database"]
    create(api, name="untagged")
    assert [d["name"] for d in do_client.databases.list_clusters()["databases"]] == ["tagged", "untagged"]
    assert [d["id"] for d in do_client.databases.list_clusters(tag_name="web")["databases"]] == [tagged["id"]]
    got = do_client.databases.get_cluster(tagged["id"])["database"]
    assert got["connection"]["password"] == tagged["connection"]["password"]


def test_list_is_paginated(api):
    for n in range(3):
        create(api, name="db-%d" % n)
    page = api.get("/v2/databases", params={"per_page": 2}).json()
    assert len(page["databases"]) == 2 and page["meta"]["total"] == 3 and "next" in page["links"]["pages"]


def test_pydo_create_cluster_multi_node_has_standby_connections(do_client):
    db = do_client.databases.create_cluster(dict(CLUSTER, size="db-s-2vcpu-4gb", num_nodes=2))["database"]
    assert db["num_nodes"] == 2
    assert db["standby_connection"]["host"].startswith("replica-")


@pytest.mark.parametrize("engine, port, user, database, scheme", [
    ("mysql", 25060, "doadmin", "defaultdb", "mysql://"),
    ("valkey", 25061, "default", "", "rediss://"),
    ("mongodb", 27017, "doadmin", "admin", "mongodb+srv://"),
])
def test_each_engine_has_its_own_connection(api, engine, port, user, database, scheme):
    fields = {"engine": engine, "version": None}
    if engine == "mongodb":
        fields["num_nodes"] = 1
    db = create(api, **fields).json()["database"]
    conn = db["connection"]
    assert (conn["port"], conn["user"], conn["database"]) == (port, user, database)
    assert conn["uri"].startswith(scheme)


def test_kafka_needs_three_nodes(api):
    r = create(api, engine="kafka", version=None, size="db-s-2vcpu-4gb", num_nodes=1)
    assert r.status_code == 422
    r = create(api, engine="kafka", version=None, size="db-s-2vcpu-4gb", num_nodes=3)
    assert r.status_code == 201 and r.json()["database"]["db_names"] is None


def test_delete_then_404(api, do_client):
    db_id = create(api).json()["database"]["id"]
    assert api.delete("/v2/databases/%s" % db_id).status_code == 204
    assert api.get("/v2/databases/%s" % db_id).status_code == 404
    assert do_client.databases.destroy_cluster(db_id)["id"] == "not_found"


def test_resize_goes_through_resizing_and_keeps_data(emulator, api, do_client):
    db_id = create(api).json()["database"]["id"]
    api.post("/v2/databases/%s/dbs" % db_id, json={"name": "app"})
    emulator.app.config.action_seconds = 60
    do_client.databases.update_cluster_size(db_id, {"size": "db-s-2vcpu-4gb", "num_nodes": 2})
    db = api.get("/v2/databases/%s" % db_id).json()["database"]
    assert db["status"] == "resizing" and db["size"] == "db-s-2vcpu-4gb" and db["num_nodes"] == 2
    assert db["db_names"] == ["defaultdb", "app"]
    r = api.put("/v2/databases/%s/resize" % db_id, json={"size": "db-s-4vcpu-8gb", "num_nodes": 2})
    assert r.status_code == 422  # not while a resize runs


@pytest.mark.parametrize("body", [
    {"size": "db-s-1vcpu-1gb", "num_nodes": 3},  # 1 GiB nodes are single-node only
    {"size": "huge", "num_nodes": 1},
    {"size": "db-s-2vcpu-4gb"},
    {"size": "db-s-2vcpu-4gb", "num_nodes": 4},
])
def test_bad_resize_is_422_and_changes_nothing(api, body):
    db_id = create(api).json()["database"]["id"]
    r = api.put("/v2/databases/%s/resize" % db_id, json=body)
    assert r.status_code == 422 and r.json()["id"] == "unprocessable_entity"
    db = api.get("/v2/databases/%s" % db_id).json()["database"]
    assert (db["size"], db["num_nodes"], db["status"]) == ("db-s-1vcpu-1gb", 1, "online")


@pytest.mark.parametrize("fields", [
    {"name": "Backend"},
    {"name": "x"},
    {"name": None},
    {"engine": "oracle"},
    {"engine": "redis", "version": None},  # caching clusters are no longer created
    {"version": "9"},
    {"size": "s-1vcpu-1gb"},
    {"region": "mars1"},
    {"region": "nyc2"},  # not accepting new resources
    {"num_nodes": None},
    {"storage_size_mib": 1024},
    {"project_id": "00000000-0000-4000-8000-000000000000"},
    {"private_network_uuid": "not-a-uuid"},
])
def test_bad_create_is_422_and_stores_nothing(api, fields):
    r = create(api, **fields)
    assert r.status_code == 422, r.text
    assert r.json()["id"] == "unprocessable_entity" and r.json()["message"]
    assert api.get("/v2/databases").json()["meta"]["total"] == 0


def test_wrong_types_are_400(api):
    r = create(api, num_nodes="one")
    assert r.status_code == 400 and r.json()["id"] == "bad_request"
    r = api.post("/v2/databases", data="not json", headers={"Content-Type": "application/json"})
    assert r.status_code == 400


def test_duplicate_cluster_name_is_refused(api):
    assert create(api).status_code == 201
    assert create(api).status_code == 422


def test_options_list_engines_versions_regions_and_layouts(api, do_client):
    options = do_client.databases.list_options()
    pg = options["options"]["pg"]
    assert "16" in pg["versions"] and "nyc3" in pg["regions"]
    single = next(layout for layout in pg["layouts"] if layout["num_nodes"] == 1)
    assert "db-s-1vcpu-1gb" in single["sizes"]
    assert {"mysql", "valkey", "mongodb", "kafka", "opensearch"} <= set(options["options"])
    assert "redis" not in options["options"]
    r = api.get("/v2/databases/options")
    assert r.status_code == 200 and r.json() == options


def test_unknown_cluster_is_404_everywhere(api):
    missing = "00000000-0000-4000-8000-000000000000"
    for path in ("", "/users", "/dbs", "/pools", "/firewall", "/users/doadmin", "/dbs/defaultdb", "/pools/p1"):
        r = api.get("/v2/databases/%s%s" % (missing, path))
        assert r.status_code == 404 and r.json()["id"] == "not_found", path
