"""Behaviour every route shares: authentication, error bodies, rate-limit headers, admin API, faults."""

import requests


def test_missing_token_is_401_with_the_spec_error_body(anonymous_api):
    r = anonymous_api.get("/v2/account")
    assert r.status_code == 401
    assert r.json()["id"] == "unauthorized"
    assert r.json()["request_id"]


def test_unknown_path_is_404_not_found_never_501(api):
    r = api.get("/v2/droplets/123/does-not-exist")
    assert r.status_code == 404
    assert r.json()["id"] == "not_found"
    api.violations.clear()  # the path is not in the spec by design


def test_every_response_carries_rate_limit_headers(api):
    r = api.get("/v2/account")
    for name in ("ratelimit-limit", "ratelimit-remaining", "ratelimit-reset"):
        assert r.headers[name].isdigit()


def test_rate_limit_answers_429_with_retry_after(emulator, contract):
    app = emulator.app
    saved = app.ratelimit.limit
    app.ratelimit.limit = 3
    try:
        s = requests.Session()
        s.headers["Authorization"] = "Bearer rate-limited-token"
        statuses = [s.get(emulator.url + "/v2/account", timeout=10) for _request in range(4)]
        assert [r.status_code for r in statuses] == [200, 200, 200, 429]
        last = statuses[-1]
        assert last.json()["id"] == "too_many_requests"
        assert int(last.headers["retry-after"]) >= 1
        assert last.headers["ratelimit-remaining"] == "0"
        assert contract.violations("GET", "/v2/account", 429, last.headers, last.content) == []
    finally:
        app.ratelimit.limit = saved


def test_stats_count_requests_per_route_template(api, stats):
    api.get("/v2/account")
    api.get("/v2/account")
    counted = stats()
    assert counted["routes"]["GET /v2/account"] == 2
    assert counted["reads"] == 2 and counted["writes"] == 0


def test_faults_are_injected_and_cleared(emulator, api):
    url = emulator.url + "/_emulator/faults"
    assert requests.put(url, json={"rates": {"503": 1.0}}, timeout=10).status_code == 200
    r = api.get("/v2/account")
    assert r.status_code == 503 and r.json()["id"] == "server_error"
    api.violations.clear()  # 503 is not declared for every operation; the body shape is checked below
    assert set(r.json()) == {"id", "message", "request_id"}
    assert requests.delete(url, timeout=10).status_code == 204
    assert api.get("/v2/account").status_code == 200


def test_bad_fault_spec_is_rejected(emulator):
    r = requests.put(emulator.url + "/_emulator/faults", json={"rates": {"500": 2}}, timeout=10)
    assert r.status_code == 400


def test_null_is_taken_as_absent_in_every_request_body(api):
    """The API treats `null` for an optional field as if it were not sent (digitalocean.cloud sends nulls for every
    option not given), at any depth of the body."""
    droplet = {"name": "nulls-1", "names": None, "region": "nyc3", "size": "s-1vcpu-1gb", "image": "debian-12-x64",
               "ssh_keys": None, "tags": None, "vpc_uuid": None, "backups": None, "user_data": None}
    r = api.post("/v2/droplets", json=droplet)
    assert r.status_code == 202, r.text
    assert r.json()["droplet"]["name"] == "nulls-1" and r.json()["droplet"]["tags"] == []
    cluster = {"name": "nulls-db", "engine": "pg", "version": "16", "size": "db-s-1vcpu-1gb", "num_nodes": 1,
               "region": "nyc3", "backup_restore": None, "rules": None, "tags": None, "private_network_uuid": None,
               "project_id": None, "storage_size_mib": None}
    r = api.post("/v2/databases", json=cluster)
    assert r.status_code == 201, r.text
    firewall = {"name": "nulls-fw", "droplet_ids": None, "tags": None, "outbound_rules": None,
                "inbound_rules": [{"protocol": "icmp", "ports": None,
                                   "sources": {"addresses": ["0.0.0.0/0"], "droplet_ids": None, "tags": None}}]}
    r = api.post("/v2/firewalls", json=firewall)
    assert r.status_code == 202, r.text
    assert r.json()["firewall"]["inbound_rules"] == [
        {"protocol": "icmp", "ports": "0", "sources": {"addresses": ["0.0.0.0/0"]}}]
    r = api.post("/v2/volumes", json={"name": "nulls-vol", "region": "nyc3", "size_gigabytes": 10,
                                      "snapshot_id": None, "filesystem_type": None, "tags": None})
    assert r.status_code == 201, r.text


def test_a_null_required_field_is_still_missing(api):
    r = api.post("/v2/droplets", json={"name": None, "region": "nyc3", "size": "s-1vcpu-1gb",
                                       "image": "debian-12-x64"})
    assert r.status_code == 422 and r.json()["id"] == "unprocessable_entity"
