"""The ufw filters: IPv4 arithmetic, the SSH paths a host keeps, and `ufw show added` parsed into rules.

The expectations are what the role's Jinja templates produced before the filters replaced them (paths sorted
by key: the templates went through to_yaml, which sorts).
"""

import pytest
from ansible.errors import AnsibleFilterError
from ansible_collections.tide.digitalocean.plugins.filter.ufw import (
    FilterModule,
    ipv4_in_network,
    ipv4_int,
    ufw_added_rules,
    ufw_ssh_paths,
)

PREFIX = "tide.ufw_safe_ssh:"


def test_the_filters_are_registered_under_their_names():
    assert sorted(FilterModule().filters()) == ["ipv4_in_network", "ufw_added_rules", "ufw_ssh_paths"]


def test_an_address_is_its_32_bit_number():
    assert ipv4_int("0.0.0.0") == 0
    assert ipv4_int("10.0.0.1") == 167772161
    assert ipv4_int("255.255.255.255") == 2**32 - 1


@pytest.mark.parametrize(
    "address, network, inside",
    [
        ("10.10.0.5", "10.0.0.0/8", True),
        ("10.255.255.255", "10.0.0.0/8", True),
        ("11.0.0.0", "10.0.0.0/8", False),
        ("9.255.255.255", "10.0.0.0/8", False),
        ("10.200.15.255", "10.200.0.0/20", True),
        ("10.200.16.0", "10.200.0.0/20", False),
        ("203.0.113.7", "0.0.0.0/0", True),
        ("10.1.2.3", "10.1.2.3", True),
        ("10.1.2.4", "10.1.2.3", False),
        ("10.1.2.3", "10.1.2.3/32", True),
    ],
)
def test_an_address_is_in_a_network_when_they_agree_on_the_prefix_bits(address, network, inside):
    assert ipv4_in_network(address, network) is inside


def test_host_bits_in_the_network_are_ignored():
    assert ipv4_in_network("10.9.9.9", "10.1.2.3/8")


@pytest.mark.parametrize("address, network", [("10.0.0", "10.0.0.0/8"), ("10.0.0.256", "10.0.0.0/8"),
                                              ("x.0.0.1", "10.0.0.0/8"), ("10.0.0.1", "10.0.0.0/33"),
                                              ("10.0.0.1", "10.0.0.0/x")])
def test_what_is_not_ipv4_fails_the_template(address, network):
    with pytest.raises(AnsibleFilterError):
        ipv4_in_network(address, network)


def facts(**interfaces):
    """ansible_facts with the network subset: ``facts(eth0="198.18.0.2", eth1=None)``."""
    result = {"interfaces": ["lo", *interfaces]}
    for name, address in interfaces.items():
        result[name.replace("-", "_")] = {"ipv4": {"address": address}} if address else {}
    return result


def test_tailscale_private_interface_and_admin_cidrs_are_three_paths():
    paths = ufw_ssh_paths(
        facts(eth0="203.0.113.5", eth1="10.10.0.5", tailscale0="100.64.0.1"),
        tailscale_interface="tailscale0",
        private_interface="eth1",
        private_cidrs=["10.0.0.0/8"],
        admin_cidrs=["203.0.113.0/24", "198.51.100.7"],
    )
    assert paths == {
        "admin cidrs": "SSH from admin CIDRs 203.0.113.0/24, 198.51.100.7",
        "eth1": "SSH on eth1 (private interface)",
        "tailscale0": "SSH on tailscale0 (primary)",
    }
    assert list(paths) == sorted(paths)


def test_interfaces_that_do_not_exist_are_no_path():
    paths = ufw_ssh_paths(facts(eth0="203.0.113.5"), "tailscale0", "eth1", ["10.0.0.0/8"], [])
    assert paths == {}


def test_an_interface_with_an_address_in_a_private_range_is_a_path_named_by_the_first_matching_range():
    paths = ufw_ssh_paths(
        facts(eth0="198.18.0.2", ens4="172.16.5.4", **{"my-vpc": "192.168.1.9"}),
        private_cidrs=["192.168.0.0/16", "172.16.0.0/12", "172.16.5.0/24"],
    )
    assert paths == {
        "ens4": "SSH from 172.16.0.0/12 reaching 172.16.5.4 on ens4 (private range)",
        "my-vpc": "SSH from 192.168.0.0/16 reaching 192.168.1.9 on my-vpc (private range)",
    }


def test_secondary_addresses_count_and_an_interface_is_one_path_however_many_ranges_it_matches():
    host = facts(eth0="198.18.0.2", eth1="10.10.0.5")
    host["eth0"]["ipv4_secondaries"] = [{"address": "10.1.2.3"}]
    paths = ufw_ssh_paths(host, "", "eth1", ["10.0.0.0/8", "10.1.0.0/16"], [])
    assert paths == {
        "eth0": "SSH from 10.0.0.0/8 reaching 10.1.2.3 on eth0 (private range)",
        "eth1": "SSH on eth1 (private interface)",
    }


def test_loopback_and_empty_interface_options_never_count():
    paths = ufw_ssh_paths({"interfaces": ["lo"], "lo": {"ipv4": {"address": "127.0.0.1"}}}, "", "", ["0.0.0.0/0"], [])
    assert paths == {}


ADDED = [
    "Added user rules (see 'ufw status' for running firewall):",
    "ufw allow in on eth1 to any port 22 proto tcp comment 'tide.ufw_safe_ssh: ssh 22/tcp on eth1'",
    "ufw allow 80/tcp",
    "ufw route allow in on eth0 out on docker0 comment 'x comment ''y'",
    "ufw allow 443 comment 'other: it''s'",
    "  ufw allow 1",
    "",
]


def test_show_added_lines_become_spec_comment_and_managed():
    assert ufw_added_rules(ADDED, PREFIX) == [
        {"spec": "allow in on eth1 to any port 22 proto tcp", "comment": "tide.ufw_safe_ssh: ssh 22/tcp on eth1",
         "managed": True},
        {"spec": "allow 80/tcp", "comment": "", "managed": False},
        {"spec": "route allow in on eth0 out on docker0", "comment": "x comment ''y", "managed": False},
        {"spec": "allow 443", "comment": "other: it''s", "managed": False},
    ]


def test_no_output_is_no_rules():
    assert ufw_added_rules([], PREFIX) == []
    assert ufw_added_rules(None, PREFIX) == []
