"""The docker backend's pure parts, without docker: what the box should be (box_state.desired) for a stored state,
the iptables rules a cloud firewall becomes, and the public address plan. The backend's tests (tests/backend) show
the same on real containers."""

import dataclasses
import ipaddress

import requests

from do_emulator import network
from do_emulator.backends import box_state, firewall_rules, haproxy_config, postgres_setup


def create(api, **fields):
    body = {"name": "web-1", "region": "nyc3", "size": "s-1vcpu-1gb", "image": "debian-12-x64", **fields}
    response = api.post("/v2/droplets", json=body)
    assert response.status_code == 202, response.text
    return response.json().get("droplet") or response.json()["droplets"]


def spec_of(emulator, droplet_id):
    with emulator.app.store.lock:
        return box_state.desired(emulator.app.store).droplets[droplet_id]


def test_public_addresses_skip_each_blocks_network_gateway_and_broadcast():
    pool = ipaddress.ip_network("198.18.0.0/15")
    assert network.public_address(pool, 1) == (ipaddress.ip_address("198.18.0.2"), ipaddress.ip_address("198.18.0.1"))
    last_of_first_block = network.public_address(pool, 4093)[0]
    assert last_of_first_block == ipaddress.ip_address("198.18.15.254")
    assert network.public_address(pool, 4094) == (ipaddress.ip_address("198.18.16.2"),
                                                  ipaddress.ip_address("198.18.16.1"))
    one_block = ipaddress.ip_network("198.18.32.0/20")
    assert network.public_address(one_block, 4093)[0] == ipaddress.ip_address("198.18.47.254")
    assert network.public_address(one_block, 4094) is None


def test_desired_state_of_a_droplet_names_its_machine(api, emulator):
    key = api.post("/v2/account/keys", json={
        "name": "k", "public_key": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGJ0ZXN0a2V5YnRlc3RrZXlidGVzdGtleWJ0ZXN0 k"})
    assert key.status_code == 201, key.text
    droplet = create(api, size="s-2vcpu-2gb", ssh_keys=[key.json()["ssh_key"]["id"]], user_data="#!/bin/sh\ntrue\n")
    spec = spec_of(emulator, droplet["id"])
    assert (spec.memory_mb, spec.vcpus, spec.run) == (2048, 2, True)
    assert spec.authorized_keys.startswith("ssh-ed25519 ") and spec.authorized_keys.endswith("\n")
    assert spec.user_data == "#!/bin/sh\ntrue\n"
    assert ipaddress.ip_address(spec.private_ip) in ipaddress.ip_network(spec.vpc_range)
    assert not spec.firewalled and spec.volumes == {}
    api.post("/v2/droplets/%d/actions" % droplet["id"], json={"type": "power_off"})
    assert spec_of(emulator, droplet["id"]).run is False


def test_firewall_sources_resolve_to_addresses_of_droplets_and_tags(api, emulator):
    web = create(api, name="web", tags=["web"])
    peer = create(api, name="peer", tags=["peers"])
    body = {"name": "fw", "tags": ["web"], "inbound_rules": [
        {"protocol": "tcp", "ports": "22", "sources": {"tags": ["peers"], "addresses": ["203.0.113.0/24", "::/0"]}},
        {"protocol": "tcp", "ports": "8000-8100", "sources": {"droplet_ids": [peer["id"]]}},
    ], "outbound_rules": [{"protocol": "udp", "ports": "53", "destinations": {"addresses": ["0.0.0.0/0"]}}]}
    assert api.post("/v2/firewalls", json=body).status_code == 202
    spec = spec_of(emulator, web["id"])
    peer_spec = spec_of(emulator, peer["id"])
    peer_addresses = (peer_spec.public_ip + "/32", peer_spec.private_ip + "/32")
    assert spec.firewalled and not peer_spec.firewalled
    assert spec.inbound == [
        box_state.Rule("tcp", "22", ("203.0.113.0/24", *peer_addresses)),
        box_state.Rule("tcp", "8000-8100", peer_addresses),
    ]
    assert spec.outbound == [box_state.Rule("udp", "53", ("0.0.0.0/0",))]


def test_volume_attachment_is_desired_on_its_droplet_only_while_both_exist(api, emulator):
    droplet = create(api)
    volume = api.post("/v2/volumes", json={"name": "data", "region": "nyc3", "size_gigabytes": 5}).json()["volume"]
    api.post("/v2/volumes/%s/actions" % volume["id"], json={"type": "attach", "droplet_id": droplet["id"]})
    with emulator.app.store.lock:
        state = box_state.desired(emulator.app.store)
    assert state.droplets[droplet["id"]].volumes == {volume["id"]: "data"}
    assert state.volumes[volume["id"]] == box_state.VolumeSpec(volume["id"], "data", 5, droplet["id"])
    api.delete("/v2/droplets/%d" % droplet["id"])
    with emulator.app.store.lock:
        state = box_state.desired(emulator.app.store)
    assert state.volumes[volume["id"]].droplet_id is None and state.vpcs == {}


def test_rules_without_a_firewall_only_block_smtp():
    spec = box_state.DropletSpec(1, "d", True, 1024, 1, "198.18.0.2", "10.0.0.2", "v", "10.0.0.0/20", "", None)
    rules = firewall_rules.render(spec).splitlines()
    assert rules[0] == "*mangle" and rules[-1] == "COMMIT"
    body = [r for r in rules if r.startswith("-A")]
    assert body == ["-A TIDE-CLOUD-FW-OUT -p tcp -m multiport --dports 25,465,587 -j DROP"]


def test_rules_of_a_firewall_allow_what_it_lists_and_drop_the_rest():
    spec = box_state.DropletSpec(1, "d", True, 1024, 1, "198.18.0.2", "10.0.0.2", "v", "10.0.0.0/20", "", None,
                                 firewalled=True,
                                 inbound=[box_state.Rule("tcp", "22", ("10.0.0.0/8", "0.0.0.0/0")),
                                          box_state.Rule("tcp", "8000-9000", ("198.18.0.3/32",)),
                                          box_state.Rule("icmp", "0", ("0.0.0.0/0",))],
                                 outbound=[box_state.Rule("udp", "0", ("0.0.0.0/0",))])
    body = [r for r in firewall_rules.render(spec).splitlines() if r.startswith("-A")]
    assert body == [
        "-A TIDE-CLOUD-FW-OUT -p tcp -m multiport --dports 25,465,587 -j DROP",  # before anything is allowed
        "-A TIDE-CLOUD-FW-IN -i lo -j RETURN",
        "-A TIDE-CLOUD-FW-IN -m conntrack --ctstate ESTABLISHED,RELATED -j RETURN",
        "-A TIDE-CLOUD-FW-OUT -o lo -j RETURN",
        "-A TIDE-CLOUD-FW-OUT -m conntrack --ctstate ESTABLISHED,RELATED -j RETURN",
        "-A TIDE-CLOUD-FW-IN -p tcp --dport 22 -s 10.0.0.0/8 -j RETURN",
        "-A TIDE-CLOUD-FW-IN -p tcp --dport 22 -j RETURN",
        "-A TIDE-CLOUD-FW-IN -p tcp --dport 8000:9000 -s 198.18.0.3/32 -j RETURN",
        "-A TIDE-CLOUD-FW-IN -p icmp -j RETURN",
        "-A TIDE-CLOUD-FW-OUT -p udp -j RETURN",
        "-A TIDE-CLOUD-FW-IN -j DROP",
        "-A TIDE-CLOUD-FW-OUT -j DROP",
    ]


def test_geo_blocks_of_a_region_reach_its_droplets_only_and_are_cleared_by_delete(api, emulator):
    url = emulator.url + "/_emulator/box/geo_blocks"
    assert requests.get(url, timeout=10).json() == {"answer": None, "regions": {}}
    blocked = create(api, name="blocked", region="nyc3")
    elsewhere = create(api, name="elsewhere", region="ams3")
    body = {"answer": "198.18.0.1:8451", "regions": {"nyc3": ["198.18.0.1:8080", "203.0.113.0/24"]}}
    assert requests.put(url, json=body, timeout=10).json() == body
    spec = spec_of(emulator, blocked["id"])
    assert spec.geo_blocked == (("198.18.0.1/32", 8080), ("203.0.113.0/24", None))
    assert spec.geo_answer == "198.18.0.1:8451"
    assert spec_of(emulator, elsewhere["id"]).geo_blocked == ()
    assert requests.delete(url, timeout=10).status_code == 204
    assert spec_of(emulator, blocked["id"]).geo_blocked == ()


def test_geo_blocks_are_refused_without_an_answering_endpoint_or_with_a_bad_destination(emulator):
    url = emulator.url + "/_emulator/box/geo_blocks"
    for body in ({"regions": {"nyc3": ["198.18.0.1:8080"]}},
                 {"answer": "198.18.0.1:8451", "regions": {"nyc3": ["example.com"]}},
                 {"answer": "198.18.0.1:8451", "regions": {"nyc3": ["198.18.0.1:70000"]}},
                 {"answer": "198.18.0.0/24:80", "regions": {"nyc3": ["198.18.0.1"]}},
                 {"regions": "nyc3"}, {"blocked": []}):
        response = requests.put(url, json=body, timeout=10)
        assert response.status_code == 400 and "geo_blocks" in response.json()["message"], body
    assert requests.get(url, timeout=10).json() == {"answer": None, "regions": {}}
    assert requests.post(url, json={}, timeout=10).status_code == 405


def test_geo_blocks_send_the_blocked_tcp_destinations_to_the_answering_endpoint():
    spec = box_state.DropletSpec(1, "d", True, 1024, 1, "198.18.0.2", "10.0.0.2", "v", "10.0.0.0/20", "", None,
                                 geo_blocked=(("198.18.0.1/32", 8080), ("203.0.113.0/24", None)),
                                 geo_answer="198.18.0.1:8451")
    rules = firewall_rules.render(spec).splitlines()
    nat = rules[rules.index("*nat"):]
    assert nat == ["*nat", ":TIDE-GEO-OUT - [0:0]", "-F TIDE-GEO-OUT",
                   "-A TIDE-GEO-OUT -p tcp -d 198.18.0.1/32 --dport 8080 -j DNAT --to-destination 198.18.0.1:8451",
                   "-A TIDE-GEO-OUT -p tcp -d 203.0.113.0/24 -j DNAT --to-destination 198.18.0.1:8451",
                   "COMMIT"]
    assert ("nat", "OUTPUT", "TIDE-GEO-OUT") in firewall_rules.hooks()
    unblocked = dataclasses.replace(spec, geo_blocked=(), geo_answer=None)
    assert [r for r in firewall_rules.render(unblocked).splitlines() if r.startswith("-A TIDE-GEO")] == []


def test_haproxy_configuration_of_a_load_balancer():
    spec = box_state.LoadBalancerSpec(
        id="0b1c", name="web-lb", public_ip="198.18.0.9", private_ip="10.0.0.9", vpc_id="v", vpc_range="10.0.0.0/20",
        algorithm="least_connections",
        forwarding_rules=[{"entry_protocol": "http", "entry_port": 80, "target_protocol": "http", "target_port": 8080},
                          {"entry_protocol": "https", "entry_port": 443, "target_protocol": "https",
                           "target_port": 443, "tls_passthrough": True},
                          {"entry_protocol": "udp", "entry_port": 53, "target_protocol": "udp", "target_port": 53}],
        health_check={"protocol": "http", "port": 8080, "path": "/health", "check_interval_seconds": 10,
                      "response_timeout_seconds": 5, "unhealthy_threshold": 3, "healthy_threshold": 2},
        sticky_sessions={"type": "cookies", "cookie_name": "DO-LB", "cookie_ttl_seconds": 300},
        redirect_http_to_https=True, targets=[(7, "10.0.0.2"), (8, "10.0.0.3")])
    text = haproxy_config.render(spec)
    assert "# entry port 53 (udp) is not served" in text
    http = text[text.index("frontend port_80"):text.index("frontend port_443")]
    assert "mode http" in http and "bind :80" in http and "http-request redirect scheme https code 301" in http
    assert "balance leastconn" in http and "option httpchk GET /health" in http
    assert "cookie DO-LB insert indirect nocache maxlife 300s" in http
    assert ("server droplet-7 10.0.0.2:8080 check port 8080 inter 10s fall 3 rise 2 cookie droplet-7" in http)
    passthrough = text[text.index("frontend port_443"):]
    assert "mode tcp" in passthrough and "cookie" not in passthrough and "redirect" not in passthrough
    assert "server droplet-8 10.0.0.3:443 check port 8080" in passthrough
    assert "firewall" not in text  # no firewall: every source is admitted


def test_droplet_health_from_haproxy_runtime_api():
    assert "stats socket %s" % haproxy_config.STATS_SOCKET in haproxy_config.render(box_state.LoadBalancerSpec(
        id="0b1e", name="lb", public_ip=None, private_ip="10.0.0.9", vpc_id="v", vpc_range="10.0.0.0/20",
        algorithm="round_robin", forwarding_rules=[], health_check={}, sticky_sessions={},
        redirect_http_to_https=False))
    lines = "port_80,droplet-7,UP\nport_80,droplet-8,UP 1/2\nport_80,droplet-9,DOWN\nport_443,droplet-7,DOWN 1/2\n"
    # A droplet is healthy only while every rule's backend has it UP (UP 1/2: failing, still in rotation).
    assert haproxy_config.droplet_health(lines) == {7: "unhealthy", 8: "healthy", 9: "unhealthy"}
    assert haproxy_config.droplet_health("") == {}


def test_haproxy_refuses_what_the_load_balancer_firewall_does_not_admit():
    spec = box_state.LoadBalancerSpec(
        id="0b1d", name="fw-lb", public_ip="198.18.0.9", private_ip="10.0.0.9", vpc_id="v", vpc_range="10.0.0.0/20",
        algorithm="round_robin",
        forwarding_rules=[{"entry_protocol": "tcp", "entry_port": 8000, "target_protocol": "tcp", "target_port": 80}],
        health_check={"protocol": "tcp", "port": 80, "check_interval_seconds": 10, "response_timeout_seconds": 5,
                      "unhealthy_threshold": 3, "healthy_threshold": 2},
        sticky_sessions={"type": "none"}, redirect_http_to_https=False, targets=[(7, "10.0.0.2")],
        firewall={"allow": ["cidr:198.18.0.0/15", "ip:203.0.113.7"], "deny": ["ip:198.18.0.1"]})
    frontend = haproxy_config.render(spec).split("frontend port_8000")[1].split("backend")[0]
    assert "    acl firewall_allow src 198.18.0.0/15 203.0.113.7" in frontend
    assert "    acl firewall_deny src 198.18.0.1" in frontend
    assert frontend.index("reject if firewall_deny") < frontend.index("reject if !firewall_allow")
    deny_only = haproxy_config.render(dataclasses.replace(spec, firewall={"deny": ["cidr:192.0.2.0/24"]}))
    assert "reject if firewall_deny" in deny_only and "firewall_allow" not in deny_only


def test_database_firewall_rules_are_open_without_rules_and_closed_to_all_but_trusted_with_them():
    open_rules = [r for r in firewall_rules.render_trusted(None).splitlines() if r.startswith("-A")]
    assert open_rules == []
    closed = [r for r in firewall_rules.render_trusted(("10.0.0.2/32",)).splitlines() if r.startswith("-A")]
    assert closed[-2:] == ["-A TIDE-DB-FW-IN -p tcp -m multiport --dports 25060,25061 -s 10.0.0.2/32 -j RETURN",
                           "-A TIDE-DB-FW-IN -p tcp -m multiport --dports 25060,25061 -j DROP"]


def test_postgres_setup_script_names_every_user_database_and_pool():
    spec = box_state.DatabaseSpec(
        id="c1", name="db", public_ip="198.18.0.5", private_ip="10.0.0.5", vpc_id="v", vpc_range="10.0.0.0/20",
        users={"doadmin": "AVNS_admin", "app": "AVNS_app"}, dbs=["defaultdb", "app"],
        pools=[{"name": "app-pool", "db": "app", "user": "app", "size": 10, "mode": "transaction"},
               {"name": "any-user", "db": "app", "user": None, "size": 2, "mode": "session"}],
        trusted=None)
    script = postgres_setup.render(spec)
    assert "ALTER ROLE \"app\" WITH LOGIN CREATEDB CREATEROLE PASSWORD 'AVNS_app';" in script
    assert "unnest(ARRAY['app', 'defaultdb']::text[])" in script
    assert "app-pool = host=127.0.0.1 port=25060 dbname=app user=app pool_size=10 pool_mode=transaction" in script
    assert "any-user = host=127.0.0.1 port=25060 dbname=app pool_size=2 pool_mode=session" in script
    assert '"doadmin" "AVNS_admin"' in script
    assert "listen_port = 25061" in script and "port = 25060" in script
