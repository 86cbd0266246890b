"""The small per-cluster settings of managed databases: CA, maintenance window, backups, config, SQL modes and
eviction policy."""

import base64

import pytest

PG = {"name": "settings", "engine": "pg", "version": "16", "size": "db-s-1vcpu-1gb", "num_nodes": 1,
      "region": "nyc3"}


def make_cluster(api, **fields):
    return api.post("/v2/databases", json=dict(PG, **fields)).json()["database"]


def test_ca_is_a_base64_pem_certificate(api, do_client):
    cluster = make_cluster(api)
    ca = do_client.databases.get_ca(cluster["id"])["ca"]["certificate"]
    assert base64.b64decode(ca).startswith(b"-----BEGIN CERTIFICATE-----")


def test_maintenance_window_is_set_and_shown_on_the_cluster(api, do_client):
    cluster = make_cluster(api)
    do_client.databases.update_maintenance_window(cluster["id"], {"day": "friday", "hour": "23:00"})
    window = api.get("/v2/databases/%s" % cluster["id"]).json()["database"]["maintenance_window"]
    assert (window["day"], window["hour"]) == ("friday", "23:00")
    for body in ({"day": "someday", "hour": "10:00"}, {"day": "monday", "hour": "25:00"}, {"day": "monday"}):
        assert api.put("/v2/databases/%s/maintenance" % cluster["id"], json=body).status_code == 422


def test_backups_are_daily_after_the_first_day(emulator, api):
    cluster = make_cluster(api)
    assert api.get("/v2/databases/%s/backups" % cluster["id"]).json()["backups"] == []
    real = emulator.app.clock
    emulator.app.clock = lambda: real() + 3 * 86400 + 60
    try:
        backups = api.get("/v2/databases/%s/backups" % cluster["id"]).json()["backups"]
    finally:
        emulator.app.clock = real
    assert len(backups) == 3 and backups[0]["created_at"] > backups[-1]["created_at"]


def test_config_is_patched_and_merged(api, do_client):
    cluster = make_cluster(api)
    assert do_client.databases.get_config(cluster["id"])["config"] == {}
    do_client.databases.patch_config(cluster["id"], {"config": {"backup_hour": 3}})
    api.patch("/v2/databases/%s/config" % cluster["id"], json={"config": {"backup_minute": 30}})
    assert api.get("/v2/databases/%s/config" % cluster["id"]).json()["config"] == {"backup_hour": 3,
                                                                                   "backup_minute": 30}


def test_sql_mode_is_mysql_only(api, do_client):
    mysql = make_cluster(api, engine="mysql", version="8")
    assert "STRICT_ALL_TABLES" in do_client.databases.get_sql_mode(mysql["id"])["sql_mode"]
    do_client.databases.update_sql_mode(mysql["id"], {"sql_mode": "ANSI,TRADITIONAL"})
    assert api.get("/v2/databases/%s/sql_mode" % mysql["id"]).json()["sql_mode"] == "ANSI,TRADITIONAL"
    assert api.put("/v2/databases/%s/sql_mode" % mysql["id"], json={"sql_mode": "bad mode"}).status_code == 422
    assert api.get("/v2/databases/%s/sql_mode" % make_cluster(api, name="pg2")["id"]).status_code == 422


@pytest.mark.parametrize("policy, status", [("allkeys_lru", 204), ("lru", 422)])
def test_eviction_policy_is_for_valkey(api, policy, status):
    valkey = make_cluster(api, engine="valkey", version="8")
    path = "/v2/databases/%s/eviction_policy" % valkey["id"]
    assert api.get(path).json()["eviction_policy"] == "noeviction"
    assert api.put(path, json={"eviction_policy": policy}).status_code == status
    assert api.get(path).json()["eviction_policy"] == ("allkeys_lru" if status == 204 else "noeviction")
