"""firewall: the rule algebra. Rules the task writes and rules the API returns meet in one canonical form, so
formatting, order and spelling never cause a change, and bad input is refused before any request."""

import pytest
from ansible_collections.tide.digitalocean.plugins.module_utils.errors import DigitalOceanError
from ansible_collections.tide.digitalocean.plugins.modules import firewall

EVERYWHERE = {"addresses": ["0.0.0.0/0", "::/0"]}


def task_rule(ports=None, protocol="tcp", **targets):
    """A rule as the argument spec hands it over (every suboption present)."""
    return {"protocol": protocol, "ports": ports, "sources": targets or None}


@pytest.mark.parametrize(
    "protocol, ports, canonical",
    [
        ("tcp", "22", "22"),
        ("tcp", " 22 ", "22"),
        ("udp", "8000-9000", "8000-9000"),
        ("tcp", "8000-8000", "8000"),
        ("tcp", "all", "0"),
        ("tcp", "ALL", "0"),
        ("tcp", "0", "0"),
        ("tcp", "1-65535", "0"),
        ("tcp", 443, "443"),
        ("icmp", None, "0"),
        ("icmp", "all", "0"),
    ],
)
def test_ports_have_one_canonical_spelling(protocol, ports, canonical):
    assert firewall.canonical_ports(protocol, ports, "inbound_rules[0]") == canonical


@pytest.mark.parametrize(
    "protocol, ports, message",
    [
        ("tcp", None, "ports is required for tcp rules"),
        ("udp", "", "ports is required for udp rules"),
        ("icmp", "22", "icmp rules have no ports"),
        ("tcp", "ssh", "is not a port"),
        ("tcp", "70000", "outside 1-65535"),
        ("tcp", "9000-8000", "start is above its end"),
        ("tcp", "0-10", "outside 1-65535"),
    ],
)
def test_bad_ports_are_refused_naming_the_rule(protocol, ports, message):
    with pytest.raises(DigitalOceanError, match=message) as caught:
        firewall.canonical_ports(protocol, ports, "outbound_rules[3]")
    assert str(caught.value).startswith("outbound_rules[3]: ")


@pytest.mark.parametrize(
    "address, canonical",
    [
        ("192.0.2.1", "192.0.2.1"),
        ("192.0.2.1/32", "192.0.2.1"),
        (" 10.0.0.0/8 ", "10.0.0.0/8"),
        ("2001:db8::1/128", "2001:db8::1"),
        ("2001:DB8::/32", "2001:db8::/32"),
        ("0.0.0.0/0", "0.0.0.0/0"),
    ],
)
def test_addresses_have_one_canonical_spelling(address, canonical):
    assert firewall.canonical_address(address, "x") == canonical
    assert firewall.canonical_address(address) == canonical


def test_the_task_may_not_give_a_malformed_address_or_host_bits_but_the_api_answer_is_kept():
    with pytest.raises(DigitalOceanError, match=r"'10.0.0.300/24' is not an IPv4/IPv6 address or CIDR"):
        firewall.canonical_address("10.0.0.300/24", "inbound_rules[0].sources.addresses")
    with pytest.raises(DigitalOceanError, match=r"has host bits set; the network is 10.1.0.0/16"):
        firewall.canonical_address("10.1.2.3/16", "inbound_rules[0].sources.addresses")
    assert firewall.canonical_address("10.1.2.3/16") == "10.1.2.3/16"
    assert firewall.canonical_address("load-balancer") == "load-balancer"


def test_a_rule_without_sources_applies_to_every_address():
    assert firewall.desired_rules([task_rule("80")], "inbound_rules", []) == [
        {"protocol": "tcp", "ports": "80", "sources": EVERYWHERE}
    ]


def test_rules_with_the_same_protocol_and_ports_merge_and_everything_is_sorted():
    rules = [
        task_rule("22", addresses=["10.0.0.0/8"], tags=["web"]),
        task_rule("80"),
        task_rule("22", addresses=["192.0.2.0/24", "10.0.0.0/8"], droplet_ids=[2, 1]),
    ]
    assert firewall.desired_rules(rules, "inbound_rules", []) == [
        {"protocol": "tcp", "ports": "22",
         "sources": {"addresses": ["10.0.0.0/8", "192.0.2.0/24"], "droplet_ids": [1, 2], "tags": ["web"]}},
        {"protocol": "tcp", "ports": "80", "sources": EVERYWHERE},
    ]


def test_the_same_rules_written_differently_by_the_task_and_the_api_are_equal():
    task = [
        task_rule("all", protocol="udp"),
        task_rule("8000-8000", addresses=["192.0.2.1/32"]),
        {"protocol": "icmp", "ports": None, "sources": None},
    ]
    api = [
        {"protocol": "icmp", "ports": "0", "sources": {"addresses": ["::/0", "0.0.0.0/0"]}},
        {"protocol": "tcp", "ports": "8000", "sources": {"addresses": ["192.0.2.1"], "tags": []}},
        {"protocol": "udp", "ports": "1-65535", "sources": {"addresses": ["0.0.0.0/0", "::/0"]}},
    ]
    assert firewall.desired_rules(task, "inbound_rules", []) == firewall.actual_rules(api, "inbound_rules")


def test_outbound_rules_use_destinations():
    outbound = [{"protocol": "tcp", "ports": "all", "destinations": None}]
    assert firewall.desired_rules(outbound, "outbound_rules", []) == [
        {"protocol": "tcp", "ports": "0", "destinations": EVERYWHERE}
    ]


def test_an_api_rule_whose_ports_do_not_parse_is_kept_as_it_is():
    api = [{"protocol": "tcp", "ports": "weird", "sources": {"addresses": ["0.0.0.0/0"]}}]
    assert firewall.actual_rules(api, "inbound_rules")[0]["ports"] == "weird"
    assert firewall.actual_rules(None, "inbound_rules") == []


@pytest.mark.parametrize(
    "direction, protocol, ports, blocked",
    [
        ("inbound_rules", "tcp", "11211", "11211"),
        ("inbound_rules", "udp", "11000-12000", "11211"),
        ("outbound_rules", "tcp", "25", "25"),
        ("outbound_rules", "tcp", "1-1000", "25, 465, 587"),
    ],
)
def test_ports_digitalocean_blocks_anyway_are_warned_about(direction, protocol, ports, blocked):
    warning = firewall.blocked_port_warning(direction, protocol, ports, "%s[0]" % direction)
    assert warning.startswith("%s[0] (%s %s): DigitalOcean blocks" % (direction, protocol, ports))
    assert warning.endswith("to port(s) %s on its network, whatever a firewall allows" % blocked)


@pytest.mark.parametrize(
    "direction, protocol, ports",
    [
        ("inbound_rules", "tcp", "0"),  # every port: the intent is not the blocked one
        ("inbound_rules", "tcp", "25"),
        ("outbound_rules", "udp", "25"),
        ("outbound_rules", "tcp", "588-1000"),
    ],
)
def test_other_ports_are_not_warned_about(direction, protocol, ports):
    assert firewall.blocked_port_warning(direction, protocol, ports, "r") is None


def test_desired_rules_collect_the_warnings():
    warnings = []
    firewall.desired_rules([task_rule("11211"), task_rule("22")], "inbound_rules", warnings)
    assert len(warnings) == 1 and warnings[0].startswith("inbound_rules[0] (tcp 11211)")


def test_rule_tags_are_every_tag_a_rule_names_in_either_direction():
    rules = [
        {"sources": {"tags": ["web", "db"]}},
        {"destinations": {"tags": ["cache"]}},
        {"sources": {"addresses": ["0.0.0.0/0"]}},
    ]
    assert firewall.rule_tags(rules) == {"web", "db", "cache"}
    assert firewall.rule_tags(None) == set()


@pytest.mark.parametrize("name, valid", [("web", True), ("web-1.prod", True), ("1st", True), ("-web", False),
                                         (".web", False), ("web_1", False), ("", False)])
def test_names_start_with_a_letter_or_digit(name, valid):
    assert firewall.valid_name(name) is valid
