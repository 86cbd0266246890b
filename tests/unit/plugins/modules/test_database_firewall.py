"""database_firewall: rule values in one canonical form (addresses, duplicates, order), bad ones refused with
their index before any request."""

import pytest
from ansible_collections.tide.digitalocean.plugins.modules import database_firewall as dbfw

UUID = "9cc10173-e9ea-4176-9dbc-a4cee4c4ff30"


@pytest.mark.parametrize(
    "rule_type, value, canonical",
    [
        ("ip_addr", "192.0.2.7", "192.0.2.7"),
        ("ip_addr", "192.0.2.7/32", "192.0.2.7"),
        ("ip_addr", " 192.0.2.0/24 ", "192.0.2.0/24"),
        ("tag", "web", "web"),
        ("droplet", "42", "42"),
        ("app", UUID, UUID),
        ("k8s", UUID, UUID),
    ],
)
def test_canonical_value(rule_type, value, canonical):
    assert dbfw.canonical_value(rule_type, value) == canonical


@pytest.mark.parametrize(
    "rule_type, value, message",
    [
        ("ip_addr", "10.0.0.300", "is not an IPv4 address or CIDR"),
        ("ip_addr", "10.1.2.3/16", "host bits set"),
        ("ip_addr", "2001:db8::/32", "IPv6"),
        ("app", "my-app", "app rules take the app's uuid"),
        ("k8s", "k", "k8s rules take the cluster's uuid"),
        ("tag", " ", "value is empty"),
    ],
)
def test_bad_values(rule_type, value, message):
    with pytest.raises(ValueError, match=message):
        dbfw.canonical_value(rule_type, value)


def test_rules_are_a_sorted_set():
    rules = [
        {"type": "tag", "value": "web"},
        {"type": "ip_addr", "value": "192.0.2.7/32"},
        {"type": "tag", "value": "web"},
        {"type": "ip_addr", "value": "192.0.2.7", "uuid": "x"},
    ]
    assert dbfw.canonical_rules(rules) == [{"type": "ip_addr", "value": "192.0.2.7"}, {"type": "tag", "value": "web"}]


def test_rule_problems_name_the_rule():
    problems = dbfw.rule_problems([{"type": "tag", "value": "web"}, {"type": "ip_addr", "value": "x"}])
    assert len(problems) == 1
    assert problems[0].startswith("rules[1]: ")
