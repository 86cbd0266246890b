"""load_balancer: the task's settings and the API's answer meet in one normalised form (defaults filled in, rules
and firewall entries in any order), and settings the API would refuse are refused before any request."""

import pytest
from ansible_collections.tide.digitalocean.plugins.modules import load_balancer as lb

HTTP = {"entry_protocol": "http", "entry_port": 80, "target_protocol": "http", "target_port": 8080}
SSH = {"entry_protocol": "tcp", "entry_port": 2222, "target_protocol": "tcp", "target_port": 22}


def task_rule(**rule):
    """A forwarding rule as the argument spec hands it over (defaults filled in)."""
    return dict({"certificate_id": "", "tls_passthrough": False}, **rule)


def params(**overrides):
    base = dict(
        name="web-lb",
        state="present",
        forwarding_rules=[task_rule(**HTTP)],
        size_unit=None,
        health_check=None,
        sticky_sessions=None,
        http_idle_timeout_seconds=60,
        firewall=None,
    )
    base.update(overrides)
    return base


def test_rules_compare_in_any_order_with_defaults_filled_in():
    api_rules = [
        dict(SSH, certificate_id="", tls_passthrough=False),
        dict(HTTP, certificate_id="", tls_passthrough=False),
    ]
    assert lb.canonical_rules([HTTP, SSH]) == lb.canonical_rules(api_rules)
    assert lb.canonical_rules([HTTP, HTTP]) == lb.canonical_rules([HTTP])


def test_health_check_defaults_and_tcp_without_path():
    assert lb.canonical_health_check(None) == lb.HEALTH_CHECK_DEFAULTS
    assert lb.canonical_health_check({"port": 8080, "path": None}) == dict(lb.HEALTH_CHECK_DEFAULTS, port=8080)
    assert "path" not in lb.canonical_health_check({"protocol": "tcp", "path": "/x"})


def test_sticky_none_ignores_cookie_settings():
    assert lb.canonical_sticky(None) == {"type": "none"}
    assert lb.canonical_sticky({"type": "none", "cookie_name": "x", "cookie_ttl_seconds": 5}) == {"type": "none"}
    assert lb.canonical_sticky({"type": "cookies", "cookie_name": "x", "cookie_ttl_seconds": 5}) == {
        "type": "cookies",
        "cookie_name": "x",
        "cookie_ttl_seconds": 5,
    }


def test_firewall_entries_are_a_set():
    assert lb.canonical_firewall({"allow": ["ip:1.2.3.4", "cidr:10.0.0.0/8", "ip:1.2.3.4"]}) == {
        "allow": ["cidr:10.0.0.0/8", "ip:1.2.3.4"],
        "deny": [],
    }
    assert lb.canonical_firewall(None) == {"allow": [], "deny": []}


def test_view_of_a_tag_balancer_ignores_its_derived_droplets():
    view = lb.LoadBalancerState.view(
        None,
        {"name": "web-lb", "region": {"slug": "nyc3"}, "tag": "web", "droplet_ids": [2, 1], "size": "lb-medium"},
    )
    assert view["tag"] == "web"
    assert view["droplet_ids"] == []
    assert view["size_unit"] == 3
    assert view["region"] == "nyc3"


@pytest.mark.parametrize(
    "rule, message",
    [
        (
            task_rule(entry_protocol="https", entry_port=443, target_protocol="http", target_port=80),
            "needs a certificate_id",
        ),
        (task_rule(entry_protocol="udp", entry_port=53, target_protocol="tcp", target_port=53), "udp as both"),
        (task_rule(tls_passthrough=True, **HTTP), "tls_passthrough needs https"),
        (task_rule(certificate_id="c", **HTTP), "only applies to https"),
        (task_rule(entry_protocol="http", entry_port=0, target_protocol="http", target_port=80), "entry_port 0"),
    ],
)
def test_rule_problems(rule, message):
    problems = lb.rule_problems([rule])
    assert len(problems) == 1
    assert message in problems[0]
    assert problems[0].startswith("forwarding_rules[0]")


def test_an_entry_port_twice_but_udp_and_tcp_may_share():
    same_port = dict(SSH)
    same_port["entry_port"] = 80
    assert lb.rule_problems([task_rule(**HTTP), task_rule(**same_port)])
    udp = task_rule(entry_protocol="udp", entry_port=80, target_protocol="udp", target_port=80)
    assert lb.rule_problems([task_rule(**HTTP), udp]) == []


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"name": "-lb"}, "name '-lb'"),
        ({"forwarding_rules": None}, "at least one rule"),
        ({"size_unit": 0}, "size_unit 0"),
        ({"health_check": {"check_interval_seconds": 1}}, "health_check.check_interval_seconds 1"),
        ({"health_check": {"protocol": "http", "path": "health"}}, "must start with /"),
        ({"sticky_sessions": {"type": "cookies", "cookie_name": "a b", "cookie_ttl_seconds": 5}}, "cookie_name"),
        ({"http_idle_timeout_seconds": 10}, "http_idle_timeout_seconds 10"),
        ({"firewall": {"allow": ["1.2.3.4"], "deny": []}}, "firewall.allow entry '1.2.3.4'"),
        ({"firewall": {"allow": [], "deny": ["ip:10.0.0.0/8"]}}, "firewall.deny entry 'ip:10.0.0.0/8'"),
    ],
)
def test_option_problems(overrides, message):
    problems = lb.option_problems(params(**overrides))
    assert any(message in problem for problem in problems), problems


def test_good_options_and_absent_need_no_rules():
    assert lb.option_problems(params(firewall={"allow": ["cidr:10.0.0.0/8", "ip:1.2.3.4"], "deny": []})) == []
    assert lb.option_problems(params(state="absent", forwarding_rules=None)) == []
