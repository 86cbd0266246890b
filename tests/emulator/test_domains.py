"""Domains and domain records: create with the SOA and NS records the API makes (and an A record for `ip_address`),
the zone file, duplicate and invalid names (422), record validation per type, names and hostname data
normalised as the API stores them, the RRset TTL rule, type/name filters, PUT/PATCH, the read-only SOA, 404s."""

import pytest


def create(api, name="example.com", **fields):
    r = api.post("/v2/domains", json={"name": name, **fields})
    assert r.status_code == 201, r.text
    return r.json()["domain"]


def records(api, domain="example.com", **params):
    r = api.get("/v2/domains/%s/records" % domain, params={"per_page": 200, **params})
    assert r.status_code == 200, r.text
    return r.json()["domain_records"]


def add(api, domain="example.com", **record):
    r = api.post("/v2/domains/%s/records" % domain, json=record)
    assert r.status_code == 201, r.text
    return r.json()["domain_record"]


def domain_names(api):
    return [d["name"] for d in api.get("/v2/domains", params={"per_page": 200}).json()["domains"]]


def test_create_makes_soa_ns_and_the_apex_a_record(api, do_client):
    domain = do_client.domains.create({"name": "example.com", "ip_address": "192.0.2.10"})["domain"]
    assert domain == {"name": "example.com", "ttl": 1800, "zone_file": None}  # the zone is written afterwards
    found = records(api)
    assert [(r["type"], r["name"], r["data"], r["ttl"]) for r in found] == [
        ("SOA", "@", "1800", 1800),
        ("NS", "@", "ns1.digitalocean.com", 1800),
        ("NS", "@", "ns2.digitalocean.com", 1800),
        ("NS", "@", "ns3.digitalocean.com", 1800),
        ("A", "@", "192.0.2.10", 1800),
    ]
    assert all(r[k] is None for r in found for k in ("priority", "port", "weight", "flags", "tag"))
    shown = do_client.domains.get("example.com")["domain"]
    assert shown["ttl"] == 1800
    zone = shown["zone_file"].splitlines()
    assert zone[:2] == ["$ORIGIN example.com.", "$TTL 1800"]
    assert zone[2].startswith("example.com. IN SOA ns1.digitalocean.com. hostmaster.example.com. ")
    assert zone[3:] == ["example.com. 1800 IN NS ns1.digitalocean.com.",
                        "example.com. 1800 IN NS ns2.digitalocean.com.",
                        "example.com. 1800 IN NS ns3.digitalocean.com.",
                        "example.com. 1800 IN A 192.0.2.10"]
    assert do_client.domains.list()["domains"] == [shown]


def test_without_ip_address_there_is_no_a_record(api):
    create(api, "example.org")
    assert [r["type"] for r in records(api, "example.org")] == ["SOA", "NS", "NS", "NS"]


def test_duplicate_domain_is_422_and_names_are_case_insensitive(api):
    create(api, "Example.COM")
    assert domain_names(api) == ["example.com"]
    r = api.post("/v2/domains", json={"name": "example.com"})
    assert r.status_code == 422 and r.json()["id"] == "unprocessable_entity"
    assert "already exists" in r.json()["message"]
    assert api.get("/v2/domains/EXAMPLE.com").json()["domain"]["name"] == "example.com"
    assert domain_names(api) == ["example.com"]


def test_a_subdomain_can_be_a_domain_of_its_own(api):
    create(api)
    create(api, "dev.example.com")
    assert domain_names(api) == ["example.com", "dev.example.com"]


@pytest.mark.parametrize("body, status", [
    ({}, 422),
    ({"name": ""}, 422),
    ({"name": "localhost"}, 422),
    ({"name": "example"}, 422),
    ({"name": "-bad.com"}, 422),
    ({"name": "bad-.com"}, 422),
    ({"name": "under_score.com"}, 422),
    ({"name": "example.com."}, 422),
    ({"name": "example.123"}, 422),
    ({"name": "%s.com" % ("a" * 64)}, 422),
    ({"name": "example.com", "ip_address": "not-an-ip"}, 422),
    ({"name": "example.com", "ip_address": "2001:db8::1"}, 422),
    ({"name": 12}, 400),
    ({"name": "example.com", "ip_address": 7}, 400),
])
def test_invalid_create_is_rejected_and_stores_nothing(api, body, status):
    r = api.post("/v2/domains", json=body)
    assert r.status_code == status, r.text
    assert r.json()["message"]
    assert domain_names(api) == []


def test_delete_removes_the_domain_and_its_records(api, do_client):
    create(api, ip_address="192.0.2.1")
    add(api, type="A", name="www", data="192.0.2.2")
    assert do_client.domains.delete("example.com") is None
    assert domain_names(api) == []
    create(api)  # the same name again starts from the API's records only
    assert [r["type"] for r in records(api)] == ["SOA", "NS", "NS", "NS"]
    assert api.delete("/v2/domains/example.org").status_code == 404


def test_unknown_domain_and_record_are_404(api, do_client):
    for method, path in (("GET", "/v2/domains/nope.com"), ("DELETE", "/v2/domains/nope.com"),
                         ("GET", "/v2/domains/nope.com/records"), ("POST", "/v2/domains/nope.com/records")):
        r = api.request(method, path, json={"type": "A", "name": "www", "data": "192.0.2.1"})
        assert r.status_code == 404 and r.json()["id"] == "not_found", (method, path)
    create(api)
    create(api, "example.org")
    other = add(api, "example.org", type="A", name="www", data="192.0.2.1")
    for path in ("/v2/domains/example.com/records/99", "/v2/domains/example.com/records/abc",
                 "/v2/domains/example.com/records/%d" % other["id"]):  # a record of another domain
        for method in ("GET", "PUT", "PATCH", "DELETE"):
            r = api.request(method, path, json={"data": "192.0.2.9"})
            assert r.status_code == 404, (method, path)
    assert do_client.domains.get("nope.com")["id"] == "not_found"  # pydo returns a declared 404 body


def test_list_is_paginated(api, do_client):
    for i in range(5):
        create(api, "site%d.com" % i)
    page = do_client.domains.list(per_page=2, page=2)
    assert [d["name"] for d in page["domains"]] == ["site2.com", "site3.com"] and page["meta"]["total"] == 5
    assert {"first", "prev", "next", "last"} <= set(page["links"]["pages"])


# -- records --------------------------------------------------------------------------------------------------
def test_every_record_type_with_its_attributes(api, do_client):
    create(api)
    made = [
        do_client.domains.create_record("example.com", {"type": "A", "name": "www", "data": "192.0.2.5", "ttl": 300}),
        do_client.domains.create_record("example.com", {"type": "AAAA", "name": "www", "data": "2001:db8::5"}),
        do_client.domains.create_record("example.com", {"type": "CNAME", "name": "blog", "data": "www.example.com."}),
        do_client.domains.create_record("example.com", {"type": "MX", "data": "mail.example.net.", "priority": 10}),
        do_client.domains.create_record("example.com", {"type": "TXT", "name": "@", "data": "v=spf1 -all"}),
        do_client.domains.create_record("example.com", {"type": "SRV", "name": "_sip._tcp", "data": "sip",
                                                        "priority": 10, "weight": 5, "port": 5060}),
        do_client.domains.create_record("example.com", {"type": "CAA", "name": "@", "data": "letsencrypt.org.",
                                                        "flags": 0, "tag": "issue"}),
        do_client.domains.create_record("example.com", {"type": "NS", "name": "sub", "data": "ns1.example.net."}),
    ]
    shown = [r["domain_record"] for r in made]
    assert [(r["type"], r["name"], r["data"]) for r in shown] == [
        ("A", "www", "192.0.2.5"), ("AAAA", "www", "2001:db8::5"), ("CNAME", "blog", "www.example.com"),
        ("MX", "@", "mail.example.net"), ("TXT", "@", "v=spf1 -all"), ("SRV", "_sip._tcp", "sip.example.com"),
        ("CAA", "@", "letsencrypt.org"), ("NS", "sub", "ns1.example.net")]
    assert shown[0]["ttl"] == 300 and shown[1]["ttl"] == 1800
    assert (shown[3]["priority"], shown[3]["port"], shown[3]["weight"]) == (10, None, None)
    assert (shown[5]["priority"], shown[5]["weight"], shown[5]["port"]) == (10, 5, 5060)
    assert (shown[6]["flags"], shown[6]["tag"]) == (0, "issue")
    for record in shown:
        assert do_client.domains.get_record("example.com", record["id"])["domain_record"] == record
    zone = api.get("/v2/domains/example.com").json()["domain"]["zone_file"]
    for line in ("www.example.com. 300 IN A 192.0.2.5", "blog.example.com. 1800 IN CNAME www.example.com.",
                 "example.com. 1800 IN MX 10 mail.example.net.", 'example.com. 1800 IN TXT "v=spf1 -all"',
                 "_sip._tcp.example.com. 1800 IN SRV 10 5 5060 sip.example.com.",
                 'example.com. 1800 IN CAA 0 issue "letsencrypt.org"', "sub.example.com. 1800 IN NS ns1.example.net."):
        assert line in zone.splitlines(), line


def test_attributes_a_type_does_not_use_are_null(api):
    create(api)
    record = add(api, type="A", name="www", data="192.0.2.5", priority=10, port=80, weight=3, flags=1, tag="issue")
    assert all(record[k] is None for k in ("priority", "port", "weight", "flags", "tag"))


def test_names_and_targets_are_stored_relative_to_the_domain(api):
    create(api)
    assert add(api, type="A", name="www.example.com.", data="192.0.2.1")["name"] == "www"
    assert add(api, type="A", name="Example.com.", data="192.0.2.1")["name"] == "@"
    assert add(api, type="A", name="*", data="192.0.2.1")["name"] == "*"
    assert add(api, type="A", name="*.dev", data="192.0.2.1")["name"] == "*.dev"
    assert add(api, type="CNAME", name="docs", data="@")["data"] == "@"
    assert add(api, type="CNAME", name="shop", data="example.com.")["data"] == "@"
    assert add(api, type="CNAME", name="api", data="lb")["data"] == "lb.example.com"
    assert add(api, type="MX", name="@", data="mx.example.net.", priority=5)["data"] == "mx.example.net"


@pytest.mark.parametrize("record", [
    {"name": "www", "data": "192.0.2.1"},                                       # no type
    {"type": "PTR", "name": "www", "data": "host.example.net."},
    {"type": "SOA", "name": "@", "data": "1800", "ttl": 1800},                  # SOA is made with the domain
    {"type": "A", "data": "192.0.2.1"},                                         # no name
    {"type": "A", "name": "www"},                                               # no data
    {"type": "A", "name": "www", "data": "999.0.0.1"},
    {"type": "A", "name": "www", "data": "2001:db8::1"},
    {"type": "AAAA", "name": "www", "data": "192.0.2.1"},
    {"type": "A", "name": "bad name", "data": "192.0.2.1"},
    {"type": "A", "name": "www.example.org.", "data": "192.0.2.1"},             # outside the domain
    {"type": "A", "name": "www", "data": "192.0.2.1", "ttl": 29},
    {"type": "CNAME", "name": "@", "data": "www.example.net."},                 # no CNAME at the apex
    {"type": "CNAME", "name": "www", "data": "bad host!"},
    {"type": "MX", "name": "@", "data": "mail.example.com."},                   # no priority
    {"type": "MX", "name": "@", "data": "mail.example.com.", "priority": 65536},
    {"type": "SRV", "name": "_sip._tcp", "data": "sip", "priority": 1, "weight": 1},         # no port
    {"type": "SRV", "name": "_sip._tcp", "data": "sip", "priority": 1, "port": 1},           # no weight
    {"type": "SRV", "name": "_sip._tcp", "data": "sip", "weight": 1, "port": 1},             # no priority
    {"type": "CAA", "name": "@", "data": "letsencrypt.org", "tag": "issue"},                 # no flags
    {"type": "CAA", "name": "@", "data": "letsencrypt.org", "flags": 256, "tag": "issue"},
    {"type": "CAA", "name": "@", "data": "letsencrypt.org", "flags": 0, "tag": "other"},
    {"type": "TXT", "name": "@"},
])
def test_invalid_record_is_422_and_stores_nothing(api, record):
    create(api)
    before = records(api)
    r = api.post("/v2/domains/example.com/records", json=record)
    assert r.status_code == 422 and r.json()["id"] == "unprocessable_entity", r.text
    assert records(api) == before


@pytest.mark.parametrize("record", [
    {"type": 1, "name": "www", "data": "192.0.2.1"},
    {"type": "A", "name": 5, "data": "192.0.2.1"},
    {"type": "A", "name": "www", "data": "192.0.2.1", "ttl": "300"},
    {"type": "MX", "name": "@", "data": "mail.example.com.", "priority": True},
])
def test_a_wrongly_typed_attribute_is_400(api, record):
    create(api)
    r = api.post("/v2/domains/example.com/records", json=record)
    assert r.status_code == 400 and r.json()["id"] == "bad_request", r.text


def test_a_cname_shares_its_name_with_no_other_record(api):
    create(api)
    add(api, type="A", name="www", data="192.0.2.1")
    r = api.post("/v2/domains/example.com/records", json={"type": "CNAME", "name": "www", "data": "@"})
    assert r.status_code == 422
    add(api, type="CNAME", name="blog", data="@")
    r = api.post("/v2/domains/example.com/records", json={"type": "TXT", "name": "blog", "data": "x"})
    assert r.status_code == 422
    assert [r["name"] for r in records(api, type="CNAME")] == ["blog"]


def test_records_of_one_name_and_type_share_one_ttl(api):
    create(api)
    first = add(api, type="A", name="www", data="192.0.2.1", ttl=300)
    second = add(api, type="A", name="www", data="192.0.2.2")  # joins the RRset's TTL
    assert second["ttl"] == 300
    add(api, type="A", name="www", data="192.0.2.3", ttl=600)  # a TTL given applies to the whole RRset
    assert [r["ttl"] for r in records(api, type="A")] == [600, 600, 600]
    assert add(api, type="AAAA", name="www", data="2001:db8::1")["ttl"] == 1800  # another type, another RRset
    api.patch("/v2/domains/example.com/records/%d" % first["id"], json={"ttl": 120})
    assert [r["ttl"] for r in records(api, type="A")] == [120, 120, 120]


def test_list_filters_by_type_and_fully_qualified_name(api, do_client):
    create(api, ip_address="192.0.2.1")
    add(api, type="A", name="www", data="192.0.2.2")
    add(api, type="TXT", name="www", data="hello")
    assert [r["data"] for r in records(api, type="A")] == ["192.0.2.1", "192.0.2.2"]
    assert [r["type"] for r in records(api, name="www.example.com")] == ["A", "TXT"]
    assert [r["data"] for r in records(api, name="www.example.com", type="TXT")] == ["hello"]
    assert [r["type"] for r in records(api, name="example.com", type="NS")] == ["NS"] * 3
    assert records(api, name="www") == []  # the filter takes fully qualified names only
    listed = do_client.domains.list_records("example.com", type="A", name="www.example.com")
    assert [r["data"] for r in listed["domain_records"]] == ["192.0.2.2"] and listed["meta"]["total"] == 1
    r = api.get("/v2/domains/example.com/records", params={"type": "PTR"})
    assert r.status_code == 400


def test_put_and_patch_change_only_what_is_sent(api, do_client):
    create(api)
    record = add(api, type="MX", name="@", data="mail.example.com.", priority=10)
    updated = do_client.domains.update_record("example.com", record["id"], {"priority": 20})["domain_record"]
    assert (updated["priority"], updated["data"], updated["name"]) == (20, "mail.example.com", "@")
    patched = do_client.domains.patch_record("example.com", record["id"],
                                             {"type": "MX", "data": "mx2.example.net.", "ttl": 60})["domain_record"]
    assert (patched["priority"], patched["data"], patched["ttl"]) == (20, "mx2.example.net", 60)
    assert api.get("/v2/domains/example.com/records/%d" % record["id"]).json()["domain_record"] == patched
    assert "60 IN MX 20 mx2.example.net." in api.get("/v2/domains/example.com").json()["domain"]["zone_file"]


def test_invalid_update_is_rejected_and_changes_nothing(api):
    create(api)
    record = add(api, type="A", name="www", data="192.0.2.1")
    path = "/v2/domains/example.com/records/%d" % record["id"]
    for body in ({"data": "not-an-ip"}, {"ttl": 10}, {"type": "AAAA"}, {"name": "bad name"}):
        r = api.put(path, json=body)
        assert r.status_code == 422, body
    assert api.patch(path, json={"ttl": "x"}).status_code == 400
    assert api.get(path).json()["domain_record"] == record


def test_soa_only_changes_its_ttl_and_cannot_be_deleted(api):
    create(api)
    soa = records(api, type="SOA")[0]
    path = "/v2/domains/example.com/records/%d" % soa["id"]
    assert api.put(path, json={"type": "SOA", "ttl": 3600}).json()["domain_record"]["ttl"] == 3600
    assert api.get("/v2/domains/example.com").json()["domain"]["ttl"] == 3600
    assert "$TTL 3600" in api.get("/v2/domains/example.com").json()["domain"]["zone_file"]
    assert api.patch(path, json={"data": "7200"}).status_code == 422
    assert api.patch(path, json={"ttl": 5}).status_code == 422
    r = api.delete(path)
    assert r.status_code == 422 and r.json()["id"] == "unprocessable_entity"
    assert records(api, type="SOA") == [dict(soa, ttl=3600)]


def test_delete_record_and_the_zone_serial_moves_on(api, do_client):
    create(api)
    zone_before = api.get("/v2/domains/example.com").json()["domain"]["zone_file"]
    record = add(api, type="A", name="www", data="192.0.2.1")
    assert do_client.domains.delete_record("example.com", record["id"]) is None
    assert api.get("/v2/domains/example.com/records/%d" % record["id"]).status_code == 404
    assert api.delete("/v2/domains/example.com/records/%d" % record["id"]).status_code == 404
    zone_after = api.get("/v2/domains/example.com").json()["domain"]["zone_file"]
    serial = [int(z.splitlines()[2].split()[5]) for z in (zone_before, zone_after)]
    assert serial[1] > serial[0]
    assert records(api, name="www.example.com") == []


def test_records_are_paginated(api, do_client):
    create(api)
    for i in range(4):
        add(api, type="A", name="host%d" % i, data="192.0.2.%d" % (i + 1))
    page = do_client.domains.list_records("example.com", per_page=3, page=2)
    assert page["meta"]["total"] == 8
    assert [r["name"] for r in page["domain_records"]] == ["@", "host0", "host1"]


def test_a_domain_is_a_project_resource_and_a_new_one_of_the_same_name_starts_in_the_default(api, do_client):
    create(api)
    default = api.get("/v2/projects/default").json()["project"]["id"]
    urns = [r["urn"] for r in do_client.projects.list_resources_default()["resources"]]
    assert urns == ["do:domain:example.com"]
    project = api.post("/v2/projects", json={"name": "web", "purpose": "Website or blog"}).json()["project"]
    assigned = do_client.projects.assign_resources(project["id"], {"resources": ["do:domain:example.com"]})
    assert [(r["urn"], r["status"]) for r in assigned["resources"]] == [("do:domain:example.com", "assigned")]
    assert [r["urn"] for r in api.get("/v2/projects/%s/resources" % project["id"]).json()["resources"]] == [
        "do:domain:example.com"]
    assert api.delete("/v2/domains/example.com").status_code == 204
    create(api)
    urns = [r["urn"] for r in api.get("/v2/projects/%s/resources" % default).json()["resources"]]
    assert urns == ["do:domain:example.com"]


def test_renaming_a_record_to_a_fully_qualified_name_stores_it_relative(api):
    create(api)
    record = add(api, type="CNAME", name="old", data="@")
    path = "/v2/domains/example.com/records/%d" % record["id"]
    assert api.put(path, json={"name": "new.example.com."}).json()["domain_record"]["name"] == "new"
    assert api.patch(path, json={"data": "target"}).json()["domain_record"]["data"] == "target.example.com"
