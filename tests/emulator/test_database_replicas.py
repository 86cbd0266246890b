"""Read-only replicas of database clusters (create, list, get, delete, promote) and a cluster's event log."""

import pytest
from test_databases import clock_moved

PG = {"name": "primary", "engine": "pg", "version": "16", "size": "db-s-2vcpu-4gb", "num_nodes": 1, "region": "nyc3"}
MISSING = "00000000-0000-4000-8000-000000000000"


@pytest.fixture
def cluster(api):
    return api.post("/v2/databases", json=PG).json()["database"]


def replicas_path(cluster, name="", tail=""):
    return "/v2/databases/%s/replicas%s%s" % (cluster["id"], "/" + name if name else "", tail)


def event_types(api, cluster_id):
    r = api.get("/v2/databases/%s/events" % cluster_id)
    assert r.status_code == 200
    return [e["event_type"] for e in r.json()["events"]]


def test_replica_defaults_to_the_cluster_region_size_and_vpc(api, do_client, cluster):
    r = api.post(replicas_path(cluster), json={"name": "read-01", "tags": ["ro"]})
    assert r.status_code == 201
    replica = r.json()["replica"]
    assert (replica["region"], replica["size"], replica["tags"]) == ("nyc3", "db-s-2vcpu-4gb", ["ro"])
    assert replica["private_network_uuid"] == cluster["private_network_uuid"]
    assert replica["storage_size_mib"] == cluster["storage_size_mib"]
    conn, private = replica["connection"], replica["private_connection"]
    assert conn["host"].startswith("read-01-do-user-") and conn["host"] != cluster["connection"]["host"]
    assert private["host"] == "private-" + conn["host"]
    assert (conn["user"], conn["password"], conn["port"], conn["database"]) == (
        "doadmin", cluster["connection"]["password"], 25060, "defaultdb")
    uri = "postgresql://doadmin:%s@%s:25060/defaultdb?sslmode=require" % (conn["password"], conn["host"])
    assert conn["uri"] == uri
    assert do_client.databases.get_replica(cluster["id"], "read-01")["replica"] == replica
    assert [x["name"] for x in do_client.databases.list_replicas(cluster["id"])["replicas"]] == ["read-01"]
    assert api.get("/v2/tags/ro").status_code == 200  # tags are created as for a cluster


def test_replica_in_another_region_joins_that_regions_default_vpc(api, cluster):
    replica = api.post(replicas_path(cluster), json={"name": "read-ams", "region": "ams3",
                                                     "size": "db-s-4vcpu-8gb"}).json()["replica"]
    vpc = api.get("/v2/vpcs/%s" % replica["private_network_uuid"]).json()["vpc"]
    assert (vpc["region"], vpc["default"], replica["size"]) == ("ams3", True, "db-s-4vcpu-8gb")


def test_replica_is_a_member_of_its_vpc_which_cannot_be_deleted_meanwhile(api, cluster):
    api.post("/v2/vpcs", json={"name": "ams3-first", "region": "ams3"})  # the region's default
    vpc = api.post("/v2/vpcs", json={"name": "ams3-second", "region": "ams3"}).json()["vpc"]
    replica = api.post(replicas_path(cluster), json={"name": "read-ams", "region": "ams3",
                                                     "private_network_uuid": vpc["id"]}).json()["replica"]
    members = api.get("/v2/vpcs/%s/members" % vpc["id"]).json()["members"]
    assert [(m["urn"], m["name"]) for m in members] == [("do:dbaas:%s" % replica["id"], "read-ams")]
    assert api.delete("/v2/vpcs/%s" % vpc["id"]).status_code == 403
    api.delete(replicas_path(cluster, "read-ams"))
    assert api.delete("/v2/vpcs/%s" % vpc["id"]).status_code == 204


def test_replica_is_forking_then_online(emulator, api, cluster):
    emulator.app.config.action_seconds = 60
    replica = api.post(replicas_path(cluster), json={"name": "read-01"}).json()["replica"]
    assert replica["status"] == "forking"
    assert api.put(replicas_path(cluster, "read-01", "/promote")).status_code == 422  # not before it is online
    with clock_moved(emulator, 61):
        assert api.get(replicas_path(cluster, "read-01")).json()["replica"]["status"] == "online"


def test_replica_follows_the_primary_users_password(api, cluster):
    api.post(replicas_path(cluster), json={"name": "read-01"})
    password = api.post("/v2/databases/%s/users/doadmin/reset_auth" % cluster["id"], json={}).json()["user"][
        "password"]
    replica = api.get(replicas_path(cluster, "read-01")).json()["replica"]
    assert replica["connection"]["password"] == replica["private_connection"]["password"] == password


def test_mysql_has_replicas_too(api):
    mysql = api.post("/v2/databases", json=dict(PG, name="mysql-main", engine="mysql", version="8")).json()["database"]
    replica = api.post(replicas_path(mysql), json={"name": "my-read"}).json()["replica"]
    assert replica["connection"]["uri"].startswith("mysql://doadmin:")


def test_delete_then_404(api, do_client, cluster):
    api.post(replicas_path(cluster), json={"name": "read-01"})
    assert api.delete(replicas_path(cluster, "read-01")).status_code == 204
    assert api.get(replicas_path(cluster, "read-01")).status_code == 404
    assert api.delete(replicas_path(cluster, "read-01")).status_code == 404
    assert do_client.databases.list_replicas(cluster["id"])["replicas"] == []


def test_deleting_the_cluster_deletes_its_replicas(api, cluster):
    api.post(replicas_path(cluster), json={"name": "read-01"})
    assert api.delete("/v2/databases/%s" % cluster["id"]).status_code == 204
    assert api.get(replicas_path(cluster, "read-01")).status_code == 404
    again = api.post("/v2/databases", json=dict(PG, name="read-01"))  # the replica's name is free again
    assert again.status_code == 201


def test_unknown_cluster_or_replica_is_404(api, cluster):
    for method, path in (("GET", ""), ("POST", ""), ("GET", "/read-01"), ("DELETE", "/read-01"),
                         ("PUT", "/read-01/promote")):
        r = api.request(method, "/v2/databases/%s/replicas%s" % (MISSING, path), json={"name": "read-01"})
        assert r.status_code == 404 and r.json()["id"] == "not_found", (method, path)
    for method, path in (("GET", "/nope"), ("DELETE", "/nope"), ("PUT", "/nope/promote")):
        assert api.request(method, replicas_path(cluster) + path).status_code == 404, (method, path)
    assert api.get("/v2/databases/%s/events" % MISSING).status_code == 404


@pytest.mark.parametrize("fields", [
    {"name": None},
    {"name": "Read_01"},
    {"name": "primary"},  # the cluster's own name
    {"name": "read-01", "region": "mars1"},
    {"name": "read-01", "size": "db-s-1vcpu-1gb"},  # smaller than the cluster's nodes
    {"name": "read-01", "size": "s-1vcpu-1gb"},
    {"name": "read-01", "storage_size_mib": 1024},
    {"name": "read-01", "private_network_uuid": MISSING},
    {"name": "read-01", "region": "ams3", "private_network_uuid": "use-the-clusters"},  # a VPC of another region
])
def test_bad_replica_is_422_and_stores_nothing(api, cluster, fields):
    if fields.get("private_network_uuid") == "use-the-clusters":
        fields = dict(fields, private_network_uuid=cluster["private_network_uuid"])
    r = api.post(replicas_path(cluster), json=fields)
    assert r.status_code == 422, r.text
    assert r.json()["id"] == "unprocessable_entity" and r.json()["message"]
    assert api.get(replicas_path(cluster)).json()["replicas"] == []


def test_replica_needs_as_many_vcpus_as_the_cluster_nodes(api):
    big = api.post("/v2/databases", json=dict(PG, name="big", size="db-s-4vcpu-8gb")).json()["database"]
    r = api.post(replicas_path(big), json={"name": "read-01", "size": "gd-2vcpu-8gb"})  # as much memory, 2 vCPUs
    assert r.status_code == 422 and "at least as large" in r.json()["message"]


def test_wrong_types_are_400(api, cluster):
    r = api.post(replicas_path(cluster), json={"name": "read-01", "size": 4})
    assert r.status_code == 400 and r.json()["id"] == "bad_request"


def test_replica_names_are_unique_in_the_account(api, cluster):
    assert api.post(replicas_path(cluster), json={"name": "read-01"}).status_code == 201
    assert api.post(replicas_path(cluster), json={"name": "read-01"}).status_code == 422
    other = api.post("/v2/databases", json=dict(PG, name="other")).json()["database"]
    assert api.post(replicas_path(other), json={"name": "read-01"}).status_code == 422
    assert api.post("/v2/databases", json=dict(PG, name="read-01")).status_code == 422


def test_no_replica_of_a_cluster_that_is_not_online(emulator, api):
    emulator.app.config.action_seconds = 60
    creating = api.post("/v2/databases", json=PG).json()["database"]
    r = api.post(replicas_path(creating), json={"name": "read-01"})
    assert r.status_code == 422 and "creating" in r.json()["message"]


@pytest.mark.parametrize("engine, fields", [
    ("valkey", {"version": "8"}),
    ("mongodb", {"version": "7.0"}),
    ("kafka", {"version": "3.8", "num_nodes": 3}),
    ("opensearch", {"version": "2"}),
])
def test_engines_without_replicas_are_422(api, engine, fields):
    other = api.post("/v2/databases", json=dict(PG, name="other", engine=engine, **fields)).json()["database"]
    for method in ("GET", "POST"):
        r = api.request(method, replicas_path(other), json={"name": "read-01"})
        assert r.status_code == 422 and "not supported" in r.json()["message"], method


def test_promote_makes_the_replica_a_cluster_of_its_own(api, do_client, cluster):
    cluster_id = cluster["id"]
    api.post("/v2/databases/%s/dbs" % cluster_id, json={"name": "app"})
    app_user = api.post("/v2/databases/%s/users" % cluster_id, json={"name": "app"}).json()["user"]
    api.put("/v2/databases/%s/firewall" % cluster_id, json={"rules": [{"type": "ip_addr", "value": "192.0.2.0/24"}]})
    replica = api.post(replicas_path(cluster), json={"name": "read-01", "region": "ams3",
                                                     "tags": ["ro"]}).json()["replica"]
    do_client.databases.promote_replica(cluster_id, "read-01")
    assert api.get(replicas_path(cluster)).json()["replicas"] == []
    promoted = api.get("/v2/databases/%s" % replica["id"]).json()["database"]
    assert (promoted["name"], promoted["region"], promoted["size"], promoted["num_nodes"]) == (
        "read-01", "ams3", "db-s-2vcpu-4gb", 1)
    assert (promoted["engine"], promoted["version"], promoted["status"]) == ("pg", "16", "online")
    assert promoted["tags"] == ["ro"]
    assert promoted["connection"]["host"] == replica["connection"]["host"]
    assert promoted["private_network_uuid"] == replica["private_network_uuid"]
    assert promoted["db_names"] == ["defaultdb", "app"]
    users = {u["name"]: u["password"] for u in promoted["users"]}
    assert users["app"] == app_user["password"] and users["doadmin"] == cluster["connection"]["password"]
    assert [r["value"] for r in promoted["rules"]] == ["192.0.2.0/24"]
    assert promoted["project_id"] == cluster["project_id"]
    assert {d["name"] for d in api.get("/v2/databases").json()["databases"]} == {"primary", "read-01"}
    assert event_types(api, replica["id"]) == ["cluster_master_promotion"]
    # the two clusters are independent now
    assert api.post("/v2/databases/%s/users" % replica["id"], json={"name": "only-here"}).status_code == 201
    assert "only-here" not in {u["name"] for u in api.get("/v2/databases/%s" % cluster_id).json()["database"][
        "users"]}
    assert api.delete("/v2/databases/%s" % cluster_id).status_code == 204
    assert api.get("/v2/databases/%s" % replica["id"]).status_code == 200


def test_events_log_each_change_of_the_cluster(api, do_client, cluster):
    cluster_id = cluster["id"]
    assert event_types(api, cluster_id) == ["cluster_create"]
    api.post("/v2/databases/%s/users" % cluster_id, json={"name": "app"})
    api.post(replicas_path(cluster), json={"name": "read-01"})
    api.put("/v2/databases/%s/resize" % cluster_id, json={"size": "db-s-4vcpu-8gb", "num_nodes": 1})
    rules = {"rules": [{"type": "ip_addr", "value": "192.0.2.1"}]}
    api.put("/v2/databases/%s/firewall" % cluster_id, json=rules)
    api.put("/v2/databases/%s/firewall" % cluster_id, json=rules)  # the same rules again: no change, no event
    api.post("/v2/databases/%s/users" % cluster_id, json={"name": "app"})  # refused: no event
    assert event_types(api, cluster_id) == ["cluster_create"] + ["cluster_update"] * 4
    events = do_client.databases.list_events_logs(cluster_id)["events"]
    assert {e["cluster_name"] for e in events} == {"primary"}
    assert len({e["id"] for e in events}) == 5 and all(e["create_time"].endswith("Z") for e in events)


def test_events_of_a_cluster_of_any_engine(api):
    valkey = api.post("/v2/databases", json=dict(PG, name="cache", engine="valkey", version="8")).json()["database"]
    assert event_types(api, valkey["id"]) == ["cluster_create"]
