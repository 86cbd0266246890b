"""Database users (generated passwords, engine settings, reset_auth) and a cluster's trusted sources."""

import pytest

PG = {"name": "users", "engine": "pg", "version": "16", "size": "db-s-1vcpu-1gb", "num_nodes": 1, "region": "nyc3"}


@pytest.fixture
def cluster(api):
    return api.post("/v2/databases", json=PG).json()["database"]


def make_cluster(api, **fields):
    return api.post("/v2/databases", json=dict(PG, **fields)).json()["database"]


def users_path(cluster, name=""):
    return "/v2/databases/%s/users%s" % (cluster["id"], "/" + name if name else "")


def test_user_gets_a_generated_password_shown_on_create_get_and_list(api, do_client, cluster):
    r = api.post(users_path(cluster), json={"name": "app-01"})
    assert r.status_code == 201
    user = r.json()["user"]
    assert user["role"] == "normal" and len(user["password"]) >= 16
    assert user["settings"] == {"pg_allow_replication": False}
    assert do_client.databases.get_user(cluster["id"], "app-01")["user"] == user
    listed = do_client.databases.list_users(cluster["id"])["users"]
    assert [u["name"] for u in listed] == ["doadmin", "app-01"] and listed[1]["password"] == user["password"]
    assert user in api.get("/v2/databases/%s" % cluster["id"]).json()["database"]["users"]


def test_update_replaces_settings_and_omitted_replication_defaults_to_false(api, do_client, cluster):
    api.post(users_path(cluster), json={"name": "replicator"})
    updated = do_client.databases.update_user(cluster["id"], "replicator",
                                              {"settings": {"pg_allow_replication": True}})["user"]
    assert updated["settings"] == {"pg_allow_replication": True}
    r = api.put(users_path(cluster, "replicator"), json={"settings": {}})
    assert r.status_code == 201 and r.json()["user"]["settings"] == {"pg_allow_replication": False}
    assert api.put(users_path(cluster, "replicator"), json={}).status_code == 422


def test_reset_auth_changes_the_password_and_the_cluster_connection(api, do_client, cluster):
    before = cluster["connection"]["password"]
    user = do_client.databases.reset_auth(cluster["id"], "doadmin", {})["user"]
    assert user["password"] != before
    assert api.get("/v2/databases/%s" % cluster["id"]).json()["database"]["connection"]["password"] == \
        user["password"]


def test_mysql_users_carry_their_auth_plugin(api, do_client):
    mysql = make_cluster(api, engine="mysql", version="8")
    user = do_client.databases.add_user(mysql["id"], {"name": "legacy", "mysql_settings": {
        "auth_plugin": "mysql_native_password"}})["user"]
    assert user["mysql_settings"] == {"auth_plugin": "mysql_native_password"}
    reset = do_client.databases.reset_auth(mysql["id"], "legacy",
                                           {"mysql_settings": {"auth_plugin": "caching_sha2_password"}})["user"]
    assert reset["mysql_settings"]["auth_plugin"] == "caching_sha2_password"
    r = api.post(users_path(mysql), json={"name": "x1", "mysql_settings": {"auth_plugin": "plain"}})
    assert r.status_code == 422


def test_kafka_users_get_acls_with_ids_and_client_certificates(api):
    kafka = make_cluster(api, engine="kafka", version="3.8", size="db-s-2vcpu-4gb", num_nodes=3)
    user = api.post(users_path(kafka), json={"name": "producer", "settings": {
        "acl": [{"topic": "orders.*", "permission": "produce"}]}}).json()["user"]
    assert user["settings"]["acl"][0]["permission"] == "produce" and user["settings"]["acl"][0]["id"]
    assert user["access_cert"].startswith("-----BEGIN CERTIFICATE-----")
    r = api.post(users_path(kafka), json={"name": "bad", "settings": {"acl": [{"topic": "t", "permission": "all"}]}})
    assert r.status_code == 422


def test_delete_user_then_404_and_the_primary_user_stays(api, do_client, cluster):
    api.post(users_path(cluster), json={"name": "temp"})
    assert api.delete(users_path(cluster, "temp")).status_code == 204
    r = api.get(users_path(cluster, "temp"))
    assert r.status_code == 404 and r.json()["id"] == "not_found"
    assert do_client.databases.delete_user(cluster["id"], "temp")["id"] == "not_found"
    r = api.delete(users_path(cluster, "doadmin"))
    assert r.status_code == 422 and "primary" in r.json()["message"]


@pytest.mark.parametrize("body, status", [
    ({"name": "doadmin"}, 422),  # exists
    ({"name": ""}, 422),
    ({}, 422),
    ({"name": "has space"}, 422),
    ({"name": 7}, 400),
    ({"name": "ok", "settings": {"pg_allow_replication": "yes"}}, 400),
])
def test_bad_user_is_refused_and_stores_nothing(api, cluster, body, status):
    r = api.post(users_path(cluster), json=body)
    assert r.status_code == status, r.text
    assert [u["name"] for u in api.get(users_path(cluster)).json()["users"]] == ["doadmin"]


def test_users_are_not_offered_for_valkey(api):
    valkey = make_cluster(api, engine="valkey", version="8")
    r = api.get(users_path(valkey))
    assert r.status_code == 422 and r.json()["id"] == "unprocessable_entity"


# -- trusted sources ------------------------------------------------------------------------------------------
def firewall_path(cluster):
    return "/v2/databases/%s/firewall" % cluster["id"]


def test_trusted_sources_are_replaced_and_keep_their_uuid(api, do_client, cluster):
    assert do_client.databases.list_firewall_rules(cluster["id"])["rules"] == []
    rules = [{"type": "ip_addr", "value": "192.168.1.1"}, {"type": "tag", "value": "web"},
             {"type": "k8s", "value": "ff2a6c52-5a44-4b63-b99c-0e98e7a63d61"}]
    do_client.databases.update_firewall_rules(cluster["id"], {"rules": rules})
    first = do_client.databases.list_firewall_rules(cluster["id"])["rules"]
    assert [(r["type"], r["value"]) for r in first] == [(r["type"], r["value"]) for r in rules]
    assert all(r["cluster_uuid"] == cluster["id"] and r["uuid"] and r["created_at"] for r in first)
    assert api.put(firewall_path(cluster), json={"rules": rules[:2]}).status_code == 204
    second = api.get(firewall_path(cluster)).json()["rules"]
    assert second == first[:2]  # same identity for the rules that stayed
    assert api.get("/v2/databases/%s" % cluster["id"]).json()["database"]["rules"] == second


def test_a_droplet_rule_vanishes_with_its_droplet(api, cluster):
    r = api.post("/v2/droplets", json={"name": "client", "region": "nyc3", "size": "s-1vcpu-1gb",
                                       "image": "ubuntu-24-04-x64"})
    droplet_id = r.json()["droplet"]["id"]
    assert api.put(firewall_path(cluster), json={"rules": [{"type": "droplet", "value": str(droplet_id)}]}
                   ).status_code == 204
    assert len(api.get(firewall_path(cluster)).json()["rules"]) == 1
    assert api.delete("/v2/droplets/%d" % droplet_id).status_code == 204
    assert api.get(firewall_path(cluster)).json()["rules"] == []


@pytest.mark.parametrize("rule", [
    {"type": "ip_addr", "value": "2001:db8::1"},  # no IPv6 trusted sources
    {"type": "ip_addr", "value": "999.1.1.1"},
    {"type": "droplet", "value": "12345"},
    {"type": "k8s", "value": "not-a-uuid"},
    {"type": "vpc", "value": "x"},
    {"value": "1.2.3.4"},
])
def test_bad_trusted_source_is_422_and_changes_nothing(api, cluster, rule):
    api.put(firewall_path(cluster), json={"rules": [{"type": "ip_addr", "value": "10.0.0.1"}]})
    r = api.put(firewall_path(cluster), json={"rules": [{"type": "ip_addr", "value": "10.0.0.2"}, rule]})
    assert r.status_code == 422, r.text
    assert [x["value"] for x in api.get(firewall_path(cluster)).json()["rules"]] == ["10.0.0.1"]


def test_more_than_100_trusted_sources_is_422(api, cluster):
    rules = [{"type": "ip_addr", "value": "10.0.%d.%d" % (n // 250, n % 250 + 1)} for n in range(101)]
    assert api.put(firewall_path(cluster), json={"rules": rules}).status_code == 422
