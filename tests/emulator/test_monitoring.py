"""Monitoring alert policies: create/list/get/replace/delete and the validation of type, compare, window, value,
entities and destinations."""

import pytest

POLICY = {"type": "v1/insights/droplet/cpu", "description": "CPU Alert", "compare": "GreaterThan", "value": 80,
          "window": "5m", "entities": [], "tags": ["web"], "enabled": True,
          "alerts": {"email": ["ops@example.com"], "slack": []}}


def create(api, **fields):
    return api.post("/v2/monitoring/alerts", json=dict(POLICY, **fields))


def test_create_get_and_list(api, do_client):
    r = create(api)
    assert r.status_code == 200  # the API answers 200, not 201, on create
    policy = r.json()["policy"]
    assert policy["uuid"] and {k: policy[k] for k in POLICY} == POLICY
    assert do_client.monitoring.get_alert_policy(policy["uuid"])["policy"] == policy
    listed = do_client.monitoring.list_alert_policy(per_page=200)
    assert listed["policies"] == [policy] and listed["meta"]["total"] == 1


def test_pydo_create_with_droplet_entity_and_slack(api, do_client):
    r = api.post("/v2/droplets", json={"name": "w", "region": "nyc3", "size": "s-1vcpu-1gb",
                                       "image": "ubuntu-24-04-x64"})
    droplet_id = str(r.json()["droplet"]["id"])
    body = dict(POLICY, entities=[droplet_id], tags=[], alerts={
        "email": [], "slack": [{"channel": "ops", "url": "https://hooks.slack.com/services/T1/B2/C3"}]})
    policy = do_client.monitoring.create_alert_policy(body)["policy"]
    assert policy["entities"] == [droplet_id] and policy["alerts"]["slack"][0]["channel"] == "ops"


def test_list_is_paginated(api):
    for n in range(3):
        create(api, description="alert %d" % n)
    page = api.get("/v2/monitoring/alerts", params={"per_page": 2, "page": 2}).json()
    assert [p["description"] for p in page["policies"]] == ["alert 2"] and page["meta"]["total"] == 3


def test_put_replaces_the_policy(api, do_client):
    policy = create(api).json()["policy"]
    body = dict(POLICY, compare="LessThan", value=10.5, window="1h", tags=[], enabled=False)
    replaced = do_client.monitoring.update_alert_policy(policy["uuid"], body)["policy"]
    assert replaced == dict(body, uuid=policy["uuid"])
    r = api.put("/v2/monitoring/alerts/%s" % policy["uuid"], json={"description": "only this"})
    assert r.status_code == 422
    assert api.get("/v2/monitoring/alerts/%s" % policy["uuid"]).json()["policy"] == replaced


def test_delete_then_404(api, do_client):
    policy = create(api).json()["policy"]
    assert api.delete("/v2/monitoring/alerts/%s" % policy["uuid"]).status_code == 204
    r = api.get("/v2/monitoring/alerts/%s" % policy["uuid"])
    assert r.status_code == 404 and r.json()["id"] == "not_found"
    assert do_client.monitoring.delete_alert_policy(policy["uuid"])["id"] == "not_found"


@pytest.mark.parametrize("fields", [
    {"type": "v1/insights/droplet/temperature"},
    {"compare": "Equals"},
    {"window": "2m"},
    {"value": 150},  # a percentage
    {"value": -1},
    {"description": ""},
    {"entities": ["12345"]},  # no such droplet
    {"type": "v1/dbaas/alerts/cpu_alerts", "entities": ["00000000-0000-4000-8000-000000000000"]},
    {"alerts": {"email": [], "slack": []}},
    {"alerts": {"email": ["not-an-email"], "slack": []}},
    {"alerts": {"email": [], "slack": [{"channel": "ops", "url": "http://insecure"}]}},
    {"enabled": None},
    {"tags": None},
])
def test_bad_policy_is_422_and_stores_nothing(api, fields):
    r = create(api, **fields)
    assert r.status_code == 422, r.text
    assert r.json()["id"] == "unprocessable_entity" and r.json()["message"]
    assert api.get("/v2/monitoring/alerts").json()["meta"]["total"] == 0


@pytest.mark.parametrize("fields", [{"value": "80"}, {"value": True}, {"entities": [123]}, {"enabled": "yes"}])
def test_wrong_types_are_400(api, fields):
    r = create(api, **fields)
    assert r.status_code == 400 and r.json()["id"] == "bad_request"


def test_lbaas_policy_takes_a_load_balancer_id(api):
    lb = api.post("/v2/load_balancers", json={"name": "lb", "region": "nyc3", "forwarding_rules": [
        {"entry_protocol": "http", "entry_port": 80, "target_protocol": "http", "target_port": 80}]}).json()
    r = create(api, type="v1/insights/lbaas/avg_cpu_utilization_percent", entities=[lb["load_balancer"]["id"]])
    assert r.status_code == 200
