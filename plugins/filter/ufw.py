# -*- coding: utf-8 -*-
# Copyright: tide.digitalocean contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters for UFW and the SSH paths it keeps open (used by the role tide.digitalocean.ufw_safe_ssh).

* ``ipv4_in_network(address, network)``: whether an IPv4 address lies in a network (``10.0.0.0/8``, or a single
  address).
* ``ufw_ssh_paths(ansible_facts, ...)``: the independent SSH paths a set of allow rules keeps open on a host.
* ``ufw_added_rules(lines, comment_prefix)``: the rules ``ufw show added`` prints, as spec, comment and whether
  the comment marks them as managed.

Documented in the YAML files of the same names beside this one (``ansible-doc -t filter ...``).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible.errors import AnsibleFilterError

ADDED_RULE = re.compile(r"^ufw ")
COMMENT = re.compile(r" comment '(.*)'$")


def ipv4_int(address):
    """The 32-bit number of a dotted IPv4 address (``10.0.0.1`` -> 167772161)."""
    octets = str(address).split(".")
    try:
        numbers = [int(octet) for octet in octets]
    except ValueError:
        raise AnsibleFilterError("%r is not an IPv4 address" % (address,)) from None
    if len(numbers) != 4 or not all(0 <= number <= 255 for number in numbers):
        raise AnsibleFilterError("%r is not an IPv4 address" % (address,))
    return ((numbers[0] * 256 + numbers[1]) * 256 + numbers[2]) * 256 + numbers[3]


def ipv4_in_network(address, network):
    """True when IPv4 ``address`` is in ``network`` (``a.b.c.d/len``; without ``/len`` a single address).

    Host bits in ``network`` are ignored (``10.1.2.3/8`` is ``10.0.0.0/8``), as UFW does.
    """
    base, _sep, length = str(network).partition("/")
    try:
        prefix = int(length) if length else 32
    except ValueError:
        raise AnsibleFilterError("%r is not an IPv4 network" % (network,)) from None
    if not 0 <= prefix <= 32:
        raise AnsibleFilterError("%r is not an IPv4 network" % (network,))
    size = 2 ** (32 - prefix)
    return ipv4_int(address) // size == ipv4_int(base) // size


def _addresses(facts, interface):
    """The IPv4 addresses the facts give ``interface`` (primary first, then the secondaries)."""
    details = facts.get(interface.replace("-", "_")) or {}
    entries = [details.get("ipv4"), *(details.get("ipv4_secondaries") or [])]
    return [entry["address"] for entry in entries if entry and entry.get("address")]


def ufw_ssh_paths(facts, tailscale_interface="", private_interface="", private_cidrs=(), admin_cidrs=()):
    """The independent SSH paths, ``{what it depends on: description}`` sorted by key.

    A path is an interface that exists on the host (``facts["interfaces"]``, loopback excluded): the Tailscale
    interface (primary), the private interface, or any interface holding an address in one of
    ``private_cidrs``; the admin CIDRs, when any, are one more path (the public side).
    """
    interfaces = [name for name in facts.get("interfaces") or [] if name != "lo"]
    paths = {}
    if tailscale_interface and tailscale_interface in interfaces:
        paths[tailscale_interface] = "SSH on %s (primary)" % tailscale_interface
    if private_interface and private_interface in interfaces:
        paths[private_interface] = "SSH on %s (private interface)" % private_interface
    for interface in interfaces:
        for address in _addresses(facts, interface):
            for cidr in private_cidrs or []:
                if interface not in paths and ipv4_in_network(address, cidr):
                    paths[interface] = "SSH from %s reaching %s on %s (private range)" % (cidr, address, interface)
    if admin_cidrs:
        paths["admin cidrs"] = "SSH from admin CIDRs %s" % ", ".join(admin_cidrs)
    return dict(sorted(paths.items()))


def ufw_added_rules(lines, comment_prefix):
    """``[{"spec", "comment", "managed"}]`` for the ``ufw ...`` lines of ``ufw show added``.

    ``spec`` is the rule without ``ufw `` and without its comment (what ``ufw delete`` takes), ``comment`` its
    comment (empty without one), ``managed`` whether the comment starts with ``comment_prefix``.
    """
    rules = []
    for line in lines or []:
        if not ADDED_RULE.match(line):
            continue
        found = COMMENT.search(line)
        comment = found.group(1) if found else ""
        spec = ADDED_RULE.sub("", COMMENT.sub("", line))
        rules.append({"spec": spec, "comment": comment, "managed": comment.startswith(comment_prefix)})
    return rules


class FilterModule(object):
    def filters(self):
        return {
            "ipv4_in_network": ipv4_in_network,
            "ufw_ssh_paths": ufw_ssh_paths,
            "ufw_added_rules": ufw_added_rules,
        }
