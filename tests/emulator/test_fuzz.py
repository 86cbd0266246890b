"""Property-based fuzzing over every operation of the OpenAPI description: whatever a client sends to any of the
spec's operations, the emulator answers below 500, with a JSON body in DigitalOcean's error shape when it refuses.

Requests are drawn with Hypothesis from the spec itself: path parameters from the ids of resources seeded before
each operation (so requests get past the 404 into the handlers) or odd strings; query parameters as declared or
odd; bodies shaped by the operation's request schema (its examples, enums and types) with any member now and then
replaced by a JSON value of another type, dropped, nulled, or the whole body replaced by something else.

Bounded for CI: FUZZ_EXAMPLES (default 12) examples per emulated operation and 2 per operation the emulator does
not serve (a 404), derandomized so that a CI run is repeatable; FUZZ_SEED=<n> explores other examples, and
FUZZ_EXAMPLES=200 looks harder (minutes).
"""

import json
import os
import re
from urllib.parse import quote

import pytest
import requests
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from spec_contract import SpecContract

from do_emulator import routes
from do_emulator.router import Router

TOKEN = "fuzz-token"
METHODS = ("get", "post", "put", "patch", "delete")
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "12"))
UNSERVED_EXAMPLES = 2
FUZZ_SEED = os.environ.get("FUZZ_SEED")

SPEC = SpecContract().spec
routes.load_all()
SERVED = {(m.lower(), t) for m, t in Router().templates()}
OPERATIONS = [(method, template) for template, item in SPEC["paths"].items() for method in item if method in METHODS]


# -- values -----------------------------------------------------------------------------------------------------
scalars = st.one_of(st.none(), st.booleans(), st.integers(min_value=-(2 ** 70), max_value=2 ** 70),
                    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=20))
junk = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                     st.dictionaries(st.text(max_size=8), inner, max_size=3)),
                    max_leaves=6)
odd_strings = st.one_of(st.text(max_size=30), st.sampled_from([
    "", "0", "-1", "1.5", "99999999999999999999999", "null", "true", "../..", "%00", "a" * 300, "☃",
    "00000000-0000-0000-0000-000000000000", "nyc3", "default", "@", "example.com.",
]))


def deref(schema):
    while isinstance(schema, dict) and "$ref" in schema:
        node = SPEC
        for part in schema["$ref"].lstrip("#/").split("/"):
            node = node[part]
        schema = node
    return schema or {}


def merged(schemas):
    """allOf as one schema: properties and required united, the rest from the last one that says it."""
    out = {"properties": {}, "required": []}
    for part in schemas:
        part = flatten(part)
        out["properties"].update(part.get("properties") or {})
        out["required"] += part.get("required") or []
        for key, value in part.items():
            if key not in ("properties", "required"):
                out[key] = value
    return out


def flatten(schema):
    schema = deref(schema)
    if "allOf" in schema:
        rest = {k: v for k, v in schema.items() if k != "allOf"}
        return merged([*schema["allOf"], rest])
    return schema


def well_typed(schema, depth):
    """Values of the schema's shape (examples, enums, types); members may be missing or odd (see value())."""
    schema = flatten(schema)
    branches = schema.get("oneOf") or schema.get("anyOf")
    if branches:
        return st.one_of([value(b, depth) for b in branches[:6]])
    known = [v for v in (schema.get("example"), schema.get("default")) if v is not None]
    known += list(schema.get("enum") or [])
    kind = schema.get("type")
    if kind is None:
        kind = "object" if "properties" in schema else "array" if "items" in schema else None
    if kind == "object" or (kind is None and schema.get("properties")):
        properties = schema.get("properties") or {}
        required = [name for name in schema.get("required") or [] if name in properties]
        if depth > 4 or not properties:
            base = st.dictionaries(st.text(max_size=8), junk, max_size=2)
        else:
            base = st.fixed_dictionaries(
                {name: value(properties[name], depth + 1) for name in required},
                optional={name: value(s, depth + 1) for name, s in properties.items() if name not in required})
    elif kind == "array":
        base = st.lists(value(schema.get("items") or {}, depth + 1), max_size=3 if depth < 3 else 1)
    elif kind == "string":
        fmt = schema.get("format")
        base = st.uuids().map(str) if fmt == "uuid" else st.text(max_size=40)
    elif kind == "integer":
        base = st.integers(min_value=-5, max_value=2 ** 40)
    elif kind == "number":
        base = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e9)
    elif kind == "boolean":
        base = st.booleans()
    else:
        base = junk
    if known:
        return st.one_of(st.sampled_from(known), st.sampled_from(known), base)
    return base


def value(schema, depth=0):
    """Mostly the schema's shape, now and then another JSON value (wrong type, null, nested junk)."""
    shaped = well_typed(schema, depth)
    return st.one_of(shaped, shaped, shaped, shaped, shaped, junk)


# -- the seeded resources ---------------------------------------------------------------------------------------
def seed_resources(url):
    """One of each kind the emulator serves, made through the API; returns {path parameter: [values]}."""
    s = requests.Session()
    s.headers["Authorization"] = "Bearer " + TOKEN

    def made(method, path, body, key):
        r = s.request(method, url + path, json=body, timeout=30)
        assert r.status_code < 300, "%s %s: %s" % (method, path, r.text)
        return r.json()[key] if key else r.json()

    droplet = made("POST", "/v2/droplets", {"name": "fz-1", "region": "nyc3", "size": "s-1vcpu-1gb",
                                            "image": "debian-12-x64", "tags": ["fz"]}, "droplet")
    other = made("POST", "/v2/droplets", {"name": "fz-2", "region": "nyc3", "size": "s-1vcpu-1gb",
                                          "image": "debian-12-x64"}, "droplet")
    action = made("POST", "/v2/droplets/%d/actions" % droplet["id"], {"type": "snapshot", "name": "fz-snap"},
                  "action")
    volume = made("POST", "/v2/volumes", {"name": "fz-vol", "region": "nyc3", "size_gigabytes": 10}, "volume")
    volume_snapshot = made("POST", "/v2/volumes/%s/snapshots" % volume["id"], {"name": "fz-vsnap"}, "snapshot")
    snapshots = [i["id"] for i in made("GET", "/v2/snapshots", None, "snapshots")]
    firewall = made("POST", "/v2/firewalls", {"name": "fz-fw", "inbound_rules": [
        {"protocol": "tcp", "ports": "22", "sources": {"addresses": ["0.0.0.0/0"]}}],
        "droplet_ids": [droplet["id"]]}, "firewall")
    vpc = made("POST", "/v2/vpcs", {"name": "fz-vpc", "region": "nyc1"}, "vpc")
    vpc2 = made("POST", "/v2/vpcs", {"name": "fz-vpc2", "region": "nyc1"}, "vpc")
    peering = made("POST", "/v2/vpc_peerings", {"name": "fz-peer", "vpc_ids": [vpc["id"], vpc2["id"]]},
                   "vpc_peering")
    lb = made("POST", "/v2/load_balancers", {"name": "fz-lb", "region": "nyc3", "droplet_ids": [other["id"]],
                                             "forwarding_rules": [{"entry_protocol": "http", "entry_port": 80,
                                                                   "target_protocol": "http",
                                                                   "target_port": 8080}]}, "load_balancer")
    cluster = made("POST", "/v2/databases", {"name": "fz-db", "engine": "pg", "version": "16",
                                             "size": "db-s-1vcpu-1gb", "num_nodes": 1, "region": "nyc3"}, "database")
    base = "/v2/databases/%s" % cluster["id"]
    made("POST", base + "/users", {"name": "fzuser"}, "user")
    made("POST", base + "/dbs", {"name": "fzdb"}, "db")
    made("POST", base + "/pools", {"name": "fz-pool", "mode": "transaction", "size": 5, "db": "fzdb",
                                   "user": "fzuser"}, "pool")
    made("POST", base + "/replicas", {"name": "fz-replica"}, "replica")
    domain = made("POST", "/v2/domains", {"name": "fuzz.example", "ip_address": "192.0.2.1"}, "domain")
    record = made("POST", "/v2/domains/fuzz.example/records", {"type": "A", "name": "www", "data": "192.0.2.2"},
                  "domain_record")
    certificate = made("POST", "/v2/certificates", {"name": "fz-cert", "type": "lets_encrypt",
                                                    "dns_names": ["www.fuzz.example"]}, "certificate")
    key = made("POST", "/v2/account/keys", {"name": "fz-key", "public_key": (
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMvOYzHXbIzQ0eV1kMZV6WqE7XFKFEt7k6oQk1ChuK0G fz@example")}, "ssh_key")
    project = made("POST", "/v2/projects", {"name": "fz-project", "purpose": "Web Application",
                                            "environment": "Development"}, "project")
    reserved = made("POST", "/v2/reserved_ips", {"region": "nyc3"}, "reserved_ip")
    alert = made("POST", "/v2/monitoring/alerts", {
        "type": "v1/insights/droplet/cpu", "description": "fz", "compare": "GreaterThan", "value": 80,
        "window": "5m", "entities": [str(droplet["id"])], "tags": [], "enabled": True,
        "alerts": {"email": ["ops@example.com"], "slack": []}}, "policy")
    return {
        "droplet_id": [droplet["id"], other["id"]], "action_id": [action["id"]],
        "volume_id": [volume["id"]], "snapshot_id": [volume_snapshot["id"], *snapshots],
        "image_id": ["debian-12-x64", *snapshots], "firewall_id": [firewall["id"]], "vpc_id": [vpc["id"], vpc2["id"]],
        "vpc_peering_id": [peering["id"]], "lb_id": [lb["id"]], "database_cluster_uuid": [cluster["id"]],
        "username": ["fzuser", "doadmin"], "database_name": ["fzdb", "defaultdb"], "pool_name": ["fz-pool"],
        "replica_name": ["fz-replica"],
        "domain_name": [domain["name"]], "domain_record_id": [record["id"]],
        "ssh_key_identifier": [key["id"], key["fingerprint"]], "project_id": [project["id"], "default"],
        "reserved_ip": [reserved["ip"]], "alert_uuid": [alert["uuid"]], "tag_id": ["fz"],
        "certificate_id": [certificate["id"]],
    }


# -- requests ---------------------------------------------------------------------------------------------------
QUERY_IDS = {"host_id": "droplet_id", "resource_id": "droplet_id", "tag_name": "tag_id"}


def parameters(template, method):
    item = SPEC["paths"][template]
    declared = [deref(p) for p in (item.get("parameters") or []) + (item[method].get("parameters") or [])]
    return [p for p in declared if p.get("in") in ("path", "query")]


def request_strategy(method, template, pool):
    operation = SPEC["paths"][template][method]
    params = parameters(template, method)
    path_names = re.findall(r"\{(\w+)\}", template)
    path_values = {}
    for name in path_names:
        candidates = [str(v) for v in pool.get(name, [])]
        declared = next((p for p in params if p.get("in") == "path" and p["name"] == name), {})
        example = deref(declared.get("schema") or {}).get("example", declared.get("example"))
        if example is not None:
            candidates.append(str(example))
        known = st.sampled_from(candidates) if candidates else odd_strings
        path_values[name] = st.one_of(known, known, known, odd_strings)
    query = {}
    for p in params:
        if p.get("in") == "query":
            shaped = well_typed(p.get("schema") or {}, 3).map(_query_text)
            ids = [str(v) for v in pool.get(QUERY_IDS.get(p["name"], p["name"]), [])]
            query[p["name"]] = st.one_of(st.sampled_from(ids), shaped, odd_strings) if ids else st.one_of(
                shaped, odd_strings)
    content = ((operation.get("requestBody") and deref(operation["requestBody"]).get("content")) or {})
    schema = (content.get("application/json") or {}).get("schema")
    body = st.none() if schema is None and method in ("get", "delete") else st.one_of(
        value(schema or {}), value(schema or {}), value(schema or {}), junk,
        st.sampled_from(['{"unterminated', "[1, 2", "\ufeff{}", '{"a": NaN}', "x" * 10, '"just a string"']))
    return st.fixed_dictionaries({"path": st.fixed_dictionaries(path_values),
                                  "query": st.fixed_dictionaries({}, optional=query), "body": body})


def _query_text(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (dict, list)):
        return json.dumps(v)
    return "" if v is None else str(v)


def send(session, url, method, template, drawn):
    path = template
    for name, raw in drawn["path"].items():
        path = path.replace("{%s}" % name, quote(str(raw), safe="") or "%20")
    body = drawn["body"]
    if isinstance(body, str) and method not in ("get",):
        data = body.encode()
    elif body is None:
        data = None
    else:
        data = json.dumps(body).encode()
    headers = {"Content-Type": "application/json"} if data is not None else {}
    return session.request(method.upper(), url + path, params=drawn["query"], data=data, headers=headers,
                           timeout=30), path


# -- the property -----------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def fuzz_server(emulator_server):
    app = emulator_server.app
    saved = app.ratelimit.limit
    app.ratelimit.limit = 10 ** 9
    yield emulator_server
    app.ratelimit.limit = saved


@pytest.mark.parametrize("method, template", OPERATIONS, ids=["%s %s" % op for op in OPERATIONS])
def test_no_operation_of_the_spec_answers_5xx_whatever_it_is_sent(fuzz_server, method, template):
    url = fuzz_server.url
    served = (method, template) in SERVED
    pool = {}
    if served:
        requests.post(url + "/_emulator/reset", timeout=30).raise_for_status()
        pool = seed_resources(url)
    session = requests.Session()
    session.headers["Authorization"] = "Bearer " + TOKEN

    @settings(max_examples=EXAMPLES if served else UNSERVED_EXAMPLES, deadline=None, database=None,
              derandomize=FUZZ_SEED is None, print_blob=True,
              suppress_health_check=list(HealthCheck))
    @given(drawn=request_strategy(method, template, pool))
    def property_(drawn):
        response, path = send(session, url, method, template, drawn)
        what = "%s %s?%s body=%r -> %d %s" % (
            method.upper(), path, drawn["query"], drawn["body"], response.status_code, response.text[:300])
        assert response.status_code < 500, what
        if response.status_code >= 400:
            error = response.json()
            assert set(error) >= {"id", "message", "request_id"}, what

    if FUZZ_SEED is not None:
        property_ = seed(int(FUZZ_SEED))(property_)
    property_()
