"""PgBouncer connection pools and the databases inside a cluster (/dbs): what pools need, their limits and
their connection info."""

import pytest

PG = {"name": "pooled", "engine": "pg", "version": "16", "size": "db-s-1vcpu-1gb", "num_nodes": 1, "region": "nyc3"}
POOL = {"name": "backend-pool", "mode": "transaction", "size": 10, "db": "defaultdb", "user": "doadmin"}


@pytest.fixture
def cluster(api):
    return api.post("/v2/databases", json=PG).json()["database"]


def pools_path(cluster, name=""):
    return "/v2/databases/%s/pools%s" % (cluster["id"], "/" + name if name else "")


def test_pool_is_created_with_its_connection_on_port_25061(api, do_client, cluster):
    r = api.post(pools_path(cluster), json=POOL)
    assert r.status_code == 201
    pool = r.json()["pool"]
    assert {k: pool[k] for k in POOL} == POOL
    conn = pool["connection"]
    assert (conn["port"], conn["database"], conn["user"]) == (25061, "backend-pool", "doadmin")
    assert conn["password"] == cluster["connection"]["password"]
    assert conn["uri"] == "postgresql://doadmin:%s@%s:25061/backend-pool?sslmode=require" % (conn["password"],
                                                                                             conn["host"])
    assert do_client.databases.get_connection_pool(cluster["id"], "backend-pool")["pool"] == pool
    assert [p["name"] for p in do_client.databases.list_connection_pools(cluster["id"])["pools"]] == ["backend-pool"]


def test_pool_without_user_connects_as_the_inbound_user(api, cluster):
    pool = api.post(pools_path(cluster), json=dict(POOL, user=None)).json()["pool"]
    assert "user" not in pool and pool["connection"]["user"] == "doadmin"


def test_pool_of_a_new_user_and_db(api, do_client, cluster):
    user = do_client.databases.add_user(cluster["id"], {"name": "app"})["user"]
    do_client.databases.add(cluster["id"], {"name": "appdb"})
    pool = do_client.databases.add_connection_pool(cluster["id"], dict(POOL, user="app", db="appdb"))["pool"]
    assert pool["connection"]["user"] == "app" and pool["connection"]["password"] == user["password"]


def test_update_replaces_mode_size_db_and_user(api, do_client, cluster):
    api.post(pools_path(cluster), json=POOL)
    do_client.databases.update_connection_pool(cluster["id"], "backend-pool",
                                               {"mode": "session", "size": 22, "db": "defaultdb"})
    pool = api.get(pools_path(cluster, "backend-pool")).json()["pool"]
    assert (pool["mode"], pool["size"], "user" in pool) == ("session", 22, False)
    r = api.put(pools_path(cluster, "backend-pool"), json={"mode": "batch", "size": 5, "db": "defaultdb"})
    assert r.status_code == 422
    assert api.get(pools_path(cluster, "backend-pool")).json()["pool"]["mode"] == "session"


def test_delete_then_404(api, do_client, cluster):
    api.post(pools_path(cluster), json=POOL)
    assert api.delete(pools_path(cluster, "backend-pool")).status_code == 204
    assert api.get(pools_path(cluster, "backend-pool")).status_code == 404
    assert api.delete(pools_path(cluster, "backend-pool")).status_code == 404
    assert do_client.databases.get_connection_pool(cluster["id"], "backend-pool")["id"] == "not_found"


@pytest.mark.parametrize("fields", [
    {"mode": "batch"},  # only in the prose: session, transaction or statement
    {"mode": None},
    {"size": 0},
    {"size": 23},  # a 1 GiB primary allows 22 backend connections
    {"db": "nosuchdb"},
    {"db": None},
    {"user": "nosuchuser"},
    {"name": "ab"},
    {"name": "x" * 61},
    {"name": "bad name"},
])
def test_bad_pool_is_422_and_stores_nothing(api, cluster, fields):
    r = api.post(pools_path(cluster), json=dict(POOL, **fields))
    assert r.status_code == 422, r.text
    assert r.json()["id"] == "unprocessable_entity" and r.json()["message"]
    assert api.get(pools_path(cluster)).json()["pools"] == []


def test_pools_share_the_connection_limit_of_the_cluster_size(api, cluster):
    assert api.post(pools_path(cluster), json=dict(POOL, size=15)).status_code == 201
    r = api.post(pools_path(cluster), json=dict(POOL, name="second", size=8))
    assert r.status_code == 422 and "22" in r.json()["message"]
    assert api.post(pools_path(cluster), json=dict(POOL, name="second", size=7)).status_code == 201
    r = api.put("/v2/databases/%s/resize" % cluster["id"], json={"size": "db-s-1vcpu-1gb", "num_nodes": 1})
    assert r.status_code == 202
    assert api.put(pools_path(cluster, "second"), json={"mode": "session", "size": 8, "db": "defaultdb"}
                   ).status_code == 422


def test_duplicate_pool_name_is_refused(api, cluster):
    assert api.post(pools_path(cluster), json=POOL).status_code == 201
    assert api.post(pools_path(cluster), json=dict(POOL, size=1)).status_code == 422


def test_pools_are_postgresql_only(api):
    mysql = api.post("/v2/databases", json=dict(PG, engine="mysql", version="8")).json()["database"]
    r = api.post(pools_path(mysql), json=POOL)
    assert r.status_code == 422 and "mysql" in r.json()["message"]


def test_db_and_user_in_use_by_a_pool_cannot_be_deleted(api, do_client, cluster):
    do_client.databases.add_user(cluster["id"], {"name": "app"})
    do_client.databases.add(cluster["id"], {"name": "appdb"})
    api.post(pools_path(cluster), json=dict(POOL, user="app", db="appdb"))
    assert api.delete("/v2/databases/%s/dbs/appdb" % cluster["id"]).status_code == 422
    assert api.delete("/v2/databases/%s/users/app" % cluster["id"]).status_code == 422
    api.delete(pools_path(cluster, "backend-pool"))
    assert api.delete("/v2/databases/%s/dbs/appdb" % cluster["id"]).status_code == 204
    assert api.delete("/v2/databases/%s/users/app" % cluster["id"]).status_code == 204


# -- dbs ------------------------------------------------------------------------------------------------------
def test_dbs_are_added_listed_and_deleted(api, do_client, cluster):
    assert do_client.databases.add(cluster["id"], {"name": "orders"})["db"] == {"name": "orders"}
    assert [d["name"] for d in do_client.databases.list(cluster["id"])["dbs"]] == ["defaultdb", "orders"]
    assert do_client.databases.get(cluster["id"], "orders")["db"]["name"] == "orders"
    assert api.get("/v2/databases/%s" % cluster["id"]).json()["database"]["db_names"] == ["defaultdb", "orders"]
    do_client.databases.delete(cluster["id"], "orders")
    r = api.get("/v2/databases/%s/dbs/orders" % cluster["id"])
    assert r.status_code == 404 and r.json()["id"] == "not_found"


@pytest.mark.parametrize("name", ["defaultdb", "has space", "", "x" * 64])
def test_bad_db_name_is_422(api, cluster, name):
    r = api.post("/v2/databases/%s/dbs" % cluster["id"], json={"name": name})
    assert r.status_code == 422, name
    assert api.get("/v2/databases/%s/dbs" % cluster["id"]).json()["meta"]["total"] == 1


def test_dbs_are_not_offered_for_valkey(api):
    valkey = api.post("/v2/databases", json=dict(PG, engine="valkey", version="8")).json()["database"]
    assert api.post("/v2/databases/%s/dbs" % valkey["id"], json={"name": "x"}).status_code == 422
