#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: tide.digitalocean contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: firewall
short_description: Create, reconcile and delete DigitalOcean cloud firewalls
version_added: 0.1.0
description:
  - Manages one cloud firewall identified by its O(name).
  - The firewall is reconciled to the task as a whole with one request (inbound and outbound rules,
    the droplets and the tags it applies to). Rules the task does not list are removed,
    droplets and tags not listed are detached.
  - Rules are compared in a normalised form, so formatting never causes a change. Rule order does not
    matter, rules with the same protocol and ports are merged, V(all), V(0) and V(1-65535) all mean
    every port (shown as V(0) like the API does), V(8000-8000) is V(8000), an address is compared in
    its canonical form (V(192.0.2.1/32) is V(192.0.2.1)). A rule without any source or destination
    applies to every address (V(0.0.0.0/0) and V(::/0)).
  - Protocols, ports and addresses are checked before any request, and a firewall name that appears
    twice in the account is an error, the module does not guess.
  - Warns about rules that DigitalOcean blocks on its network anyway, whatever the firewall says,
    inbound port 11211 and outbound SMTP ports 25, 465 and 587.
author:
  - tide.digitalocean maintainers (@tide)
extends_documentation_fragment:
  - tide.digitalocean.auth
attributes:
  check_mode:
    support: full
    description: Computes the same difference as a real run and reports it without writing.
  diff_mode:
    support: full
    description: Shows the firewall's normalised rules, droplets and tags before and after.
options:
  name:
    description:
      - Name of the firewall, its identity. Starts with a letter or digit, followed by letters,
        digits, periods or dashes.
    type: str
    required: true
  state:
    description:
      - V(present) the firewall exists as described, V(absent) it does not exist.
    type: str
    choices: [present, absent]
    default: present
  inbound_rules:
    description:
      - Incoming traffic the firewall allows. Leave unset to keep the firewall's current inbound rules;
        set to V([]) to remove them all.
    type: list
    elements: dict
    suboptions:
      protocol:
        description: The protocol.
        type: str
        choices: [tcp, udp, icmp]
        default: tcp
      ports:
        description:
          - A port (V(22)), a range (V(8000-9000)) or V(all). Required for V(tcp) and V(udp),
            not allowed for V(icmp).
        type: str
      sources:
        description:
          - Where the traffic may come from. Without any entry, every IPv4 and IPv6 address.
        type: dict
        suboptions:
          addresses:
            description: IPv4/IPv6 addresses and CIDRs, for example V(203.0.113.0/24) or V(::/0).
            type: list
            elements: str
          droplet_ids:
            description: Ids of droplets.
            type: list
            elements: int
          tags:
            description: Tags of droplets.
            type: list
            elements: str
          load_balancer_uids:
            description: Ids of load balancers.
            type: list
            elements: str
          kubernetes_ids:
            description: Ids of Kubernetes clusters.
            type: list
            elements: str
  outbound_rules:
    description:
      - Outgoing traffic the firewall allows. Leave unset to keep the firewall's current outbound rules;
        set to V([]) to remove them all.
    type: list
    elements: dict
    suboptions:
      protocol:
        description: The protocol.
        type: str
        choices: [tcp, udp, icmp]
        default: tcp
      ports:
        description:
          - A port (V(443)), a range (V(8000-9000)) or V(all). Required for V(tcp) and V(udp),
            not allowed for V(icmp).
        type: str
      destinations:
        description:
          - Where the traffic may go. Without any entry, every IPv4 and IPv6 address.
        type: dict
        suboptions:
          addresses:
            description: IPv4/IPv6 addresses and CIDRs.
            type: list
            elements: str
          droplet_ids:
            description: Ids of droplets.
            type: list
            elements: int
          tags:
            description: Tags of droplets.
            type: list
            elements: str
          load_balancer_uids:
            description: Ids of load balancers.
            type: list
            elements: str
          kubernetes_ids:
            description: Ids of Kubernetes clusters.
            type: list
            elements: str
  droplets:
    description:
      - Droplets the firewall applies to, each a droplet id or a droplet name. Names are resolved
        with one paginated listing of the account's droplets; a name that matches no droplet or
        several droplets is an error.
      - Leave unset to keep the current droplets; set to V([]) to detach them all.
    type: list
    elements: str
  tags:
    description:
      - Tags the firewall applies to (every droplet carrying one of them). Tags the account does not
        have yet are created.
      - Leave unset to keep the current tags; set to V([]) to remove them all.
    type: list
    elements: str
notes:
  - Creating a firewall needs at least one inbound or outbound rule.
"""

EXAMPLES = r"""
- name: Web firewall for every droplet tagged web
  tide.digitalocean.firewall:
    name: web
    tags: [web]
    inbound_rules:
      - ports: "22"
        sources:
          addresses: [203.0.113.0/24]
      - ports: "80"
      - ports: "443"
      - protocol: icmp
    outbound_rules:
      - ports: all
      - protocol: udp
        ports: all
      - protocol: icmp

- name: Database firewall for two droplets named explicitly, reachable from the web tier only
  tide.digitalocean.firewall:
    name: db
    droplets: [db-1, db-2]
    inbound_rules:
      - ports: "5432"
        sources:
          tags: [web]
    outbound_rules:
      - ports: all

- name: Remove it
  tide.digitalocean.firewall:
    name: db
    state: absent
"""

RETURN = r"""
firewall:
  description:
    - The firewall as the API describes it after the task.
    - In check mode, the predicted normalised form (name, rules, droplet_ids, tags) instead.
    - Empty after O(state=absent).
  returned: always
  type: dict
  sample:
    id: bb4b2611-3d72-467b-8602-280330ecd65c
    name: web
    status: succeeded
    inbound_rules:
      - protocol: tcp
        ports: "22"
        sources:
          addresses: [203.0.113.0/24]
    outbound_rules:
      - protocol: tcp
        ports: "0"
        destinations:
          addresses: [0.0.0.0/0, "::/0"]
    droplet_ids: [3164444]
    tags: [web]
"""

import copy
import ipaddress
import json

from ansible_collections.tide.digitalocean.plugins.module_utils.droplets import droplet_ids
from ansible_collections.tide.digitalocean.plugins.module_utils.errors import DigitalOceanError
from ansible_collections.tide.digitalocean.plugins.module_utils.lookup import find_by_name
from ansible_collections.tide.digitalocean.plugins.module_utils.module import DigitalOceanModule
from ansible_collections.tide.digitalocean.plugins.module_utils.state import (
    CREATE,
    ResourceState,
    known_later,
    summarize,
)
from ansible_collections.tide.digitalocean.plugins.module_utils.tags import ensure_tags

NAME_PATTERN = "a letter or digit followed by letters, digits, periods or dashes"
ALL_PORTS = ("0", "all", "1-65535")
EVERY_ADDRESS = ["0.0.0.0/0", "::/0"]
TARGET_LISTS = ("addresses", "droplet_ids", "load_balancer_uids", "kubernetes_ids", "tags")
TARGET_KEY = {"inbound_rules": "sources", "outbound_rules": "destinations"}
# DigitalOcean drops this traffic on its network whatever a firewall allows.
BLOCKED_PORTS = {
    "inbound_rules": {"tcp": (11211,), "udp": (11211,)},
    "outbound_rules": {"tcp": (25, 465, 587)},
}


def valid_name(name):
    return bool(name) and name[0].isalnum() and all(c.isalnum() or c in ".-" for c in name)


def canonical_ports(protocol, ports, where):
    """``"0"`` for every port, ``"N"`` or ``"N-M"`` otherwise; raises DigitalOceanError on bad input."""
    text = "" if ports is None else str(ports).strip().lower()
    if protocol == "icmp":
        if text and text not in ALL_PORTS:
            raise DigitalOceanError("%s: icmp rules have no ports, got %r" % (where, ports))
        return "0"
    if not text:
        raise DigitalOceanError(
            "%s: ports is required for %s rules (a port, a range like 8000-9000, or all)" % (where, protocol)
        )
    if text in ALL_PORTS:
        return "0"
    low, sep, high = text.partition("-")
    try:
        first = int(low)
        last = int(high) if sep else first
    except ValueError:
        raise DigitalOceanError("%s: ports %r is not a port, a range like 8000-9000, or all" % (where, ports)) from None
    if not 1 <= first <= last <= 65535:
        raise DigitalOceanError(
            "%s: ports %r is outside 1-65535 or a range whose start is above its end" % (where, ports)
        )
    if (first, last) == (1, 65535):
        return "0"
    return str(first) if first == last else "%d-%d" % (first, last)


def canonical_address(address, where=None):
    """``192.0.2.1`` for a single address, ``192.0.2.0/24`` for a network.

    With ``where`` (the task's input) a malformed address or a CIDR with host bits set is an
    error; without it (the API's answer) such a value is kept as it is.
    """
    text = str(address).strip()
    try:
        network = ipaddress.ip_network(text, strict=True)
    except ValueError:
        if where is None:
            return text
        try:
            network = ipaddress.ip_network(text, strict=False)
        except ValueError:
            raise DigitalOceanError("%s: %r is not an IPv4/IPv6 address or CIDR" % (where, address)) from None
        raise DigitalOceanError("%s: %r has host bits set; the network is %s" % (where, address, network)) from None
    if network.prefixlen == network.max_prefixlen:
        return str(network.network_address)
    return str(network)


def rule_key(rule):
    return json.dumps(rule, sort_keys=True)


def merge_rules(rules, target_key):
    """Merge rules with the same protocol and ports, sort every list and the rules themselves."""
    merged = {}
    for rule in rules:
        into = merged.setdefault((rule["protocol"], rule["ports"]), dict((name, set()) for name in TARGET_LISTS))
        for name in TARGET_LISTS:
            into[name] |= set(rule[target_key].get(name) or [])
    result = []
    for (protocol, ports), targets in merged.items():
        target = dict((name, sorted(values)) for name, values in targets.items() if values)
        result.append({"protocol": protocol, "ports": ports, target_key: target})
    return sorted(result, key=rule_key)


def desired_rules(rules, direction, warnings):
    """The task's rules in canonical form; raises DigitalOceanError for bad protocols, ports or addresses."""
    target_key = TARGET_KEY[direction]
    canonical = []
    for index, rule in enumerate(rules):
        where = "%s[%d]" % (direction, index)
        protocol = rule["protocol"]
        ports = canonical_ports(protocol, rule.get("ports"), where)
        given = rule.get(target_key) or {}
        target = {}
        for name in TARGET_LISTS:
            values = given.get(name) or []
            if name == "addresses":
                values = [canonical_address(value, "%s.%s.addresses" % (where, target_key)) for value in values]
            if values:
                target[name] = values
        if not target:
            target = {"addresses": list(EVERY_ADDRESS)}
        warning = blocked_port_warning(direction, protocol, ports, where)
        if warning:
            warnings.append(warning)
        canonical.append({"protocol": protocol, "ports": ports, target_key: target})
    return merge_rules(canonical, target_key)


def blocked_port_warning(direction, protocol, ports, where):
    """A warning when a rule names a port range that includes a port DigitalOcean blocks anyway."""
    if ports == "0":
        return None
    first, _sep, last = ports.partition("-")
    covered = range(int(first), int(last or first) + 1)
    blocked = [port for port in BLOCKED_PORTS[direction].get(protocol, ()) if port in covered]
    if not blocked:
        return None
    return "%s (%s %s): DigitalOcean blocks %s %s traffic to port(s) %s on its network, whatever a firewall allows" % (
        where,
        protocol,
        ports,
        "inbound" if direction == "inbound_rules" else "outbound",
        protocol,
        ", ".join(str(port) for port in blocked),
    )


def actual_rules(rules, direction):
    """The API's rules in the same canonical form as ``desired_rules``."""
    target_key = TARGET_KEY[direction]
    canonical = []
    for rule in rules or []:
        protocol = rule.get("protocol")
        try:
            ports = canonical_ports(protocol, rule.get("ports"), direction)
        except DigitalOceanError:
            ports = str(rule.get("ports"))
        given = rule.get(target_key) or {}
        target = dict((name, list(given.get(name) or [])) for name in TARGET_LISTS if given.get(name))
        if "addresses" in target:
            target["addresses"] = [canonical_address(address) for address in target["addresses"]]
        canonical.append({"protocol": protocol, "ports": ports, target_key: target})
    return merge_rules(canonical, target_key)


def rule_tags(rules):
    tags = set()
    for rule in rules or []:
        for key in TARGET_KEY.values():
            tags.update((rule.get(key) or {}).get("tags") or [])
    return tags


class FirewallState(ResourceState):
    kind = "firewall"

    def __init__(self, module, inbound, outbound):
        super(FirewallState, self).__init__(module)
        self.name = module.params["name"]
        self.inbound = inbound
        self.outbound = outbound

    def identities(self):
        return [self.name]

    def find(self):
        found = find_by_name(self.api, "firewalls.list", "firewalls", self.name, "firewall")
        return {self.name: found} if found else {}

    def wanted_droplet_ids(self):
        """The ids of O(droplets); names cost one droplet listing, made once and only when needed."""
        wanted = self.module.params["droplets"]
        if wanted is None:
            return None
        return self.memo("droplets", lambda: droplet_ids(self.api, wanted))

    def view(self, resource):
        return {
            "name": resource["name"],
            "inbound_rules": actual_rules(resource.get("inbound_rules"), "inbound_rules"),
            "outbound_rules": actual_rules(resource.get("outbound_rules"), "outbound_rules"),
            "droplet_ids": sorted(resource.get("droplet_ids") or []),
            "tags": sorted(resource.get("tags") or []),
        }

    def desired(self, identity):
        tags = self.module.params["tags"]
        return {
            "name": identity,
            "inbound_rules": self.inbound,
            "outbound_rules": self.outbound,
            "droplet_ids": self.wanted_droplet_ids(),
            "tags": sorted(set(tags)) if tags is not None else None,
        }

    def validate(self, plan, resource):
        super(FirewallState, self).validate(plan, resource)
        if plan.action == CREATE and not (self.inbound or self.outbound):
            raise DigitalOceanError(
                "firewall %s does not exist and the task gives no rules; a firewall needs at least one "
                "inbound or outbound rule" % plan.identity
            )

    def body(self, view):
        """The full representation the API wants for a create or a replacement (PUT)."""
        return {
            "name": view["name"],
            "inbound_rules": view.get("inbound_rules") or [],
            "outbound_rules": view.get("outbound_rules") or [],
            "droplet_ids": view.get("droplet_ids") or [],
            "tags": view.get("tags") or [],
        }

    def ensure_new_tags(self, before, after):
        """Create the new tags ``after`` names that the account lacks (the API refuses unknown tags)."""
        named_before = (
            set(before.get("tags") or [])
            | rule_tags(before.get("inbound_rules"))
            | rule_tags(before.get("outbound_rules"))
        )
        named_after = (
            set(after.get("tags") or [])
            | rule_tags(after.get("inbound_rules"))
            | rule_tags(after.get("outbound_rules"))
        )
        ensure_tags(self.api, named_after - named_before)

    def predict(self, plan, resource):
        """Check mode: the firewall as the API returns it after the change, placeholders for id and creation time."""
        if resource is None:
            firewall = {
                "id": known_later("id"),
                "name": plan.identity,
                "status": "waiting",
                "created_at": known_later("created_at"),
                "pending_changes": [],
            }
        else:
            firewall = copy.deepcopy(resource)
        firewall.update(self.body(dict(self.view(resource) if resource is not None else {}, **plan.after)))
        return firewall

    def recover(self):
        found = self.find().get(self.name)
        return {"firewall": found} if found else None

    def create(self, plans):
        plan = plans[0]
        self.ensure_new_tags({}, plan.after)
        result = self.api.write("firewalls.create", recover=self.recover, body=self.body(plan.after))
        return {plan.identity: result["firewall"]}

    def update(self, plan, resource):
        self.ensure_new_tags(plan.before, plan.after)
        result = self.api.call("firewalls.update", firewall_id=resource["id"], body=self.body(plan.after))
        return result["firewall"]

    def delete(self, plan, resource):
        self.api.call("firewalls.delete", firewall_id=resource["id"], missing_ok=True)


def rule_options(target_key):
    target = dict(
        addresses=dict(type="list", elements="str"),
        droplet_ids=dict(type="list", elements="int"),
        tags=dict(type="list", elements="str"),
        load_balancer_uids=dict(type="list", elements="str"),
        kubernetes_ids=dict(type="list", elements="str"),
    )
    options = dict(
        protocol=dict(type="str", default="tcp", choices=["tcp", "udp", "icmp"]),
        ports=dict(type="str"),
    )
    options[target_key] = dict(type="dict", options=target)
    return options


def main():
    module = DigitalOceanModule(
        argument_spec=dict(
            name=dict(type="str", required=True),
            state=dict(type="str", default="present", choices=["present", "absent"]),
            inbound_rules=dict(type="list", elements="dict", options=rule_options("sources")),
            outbound_rules=dict(type="list", elements="dict", options=rule_options("destinations")),
            droplets=dict(type="list", elements="str"),
            tags=dict(type="list", elements="str"),
        ),
        supports_check_mode=True,
    )
    params = module.params
    present = params["state"] == "present"
    warnings = []
    try:
        if not valid_name(params["name"]):
            raise DigitalOceanError("name %r must be %s" % (params["name"], NAME_PATTERN))
        inbound = outbound = None
        if present and params["inbound_rules"] is not None:
            inbound = desired_rules(params["inbound_rules"], "inbound_rules", warnings)
        if present and params["outbound_rules"] is not None:
            outbound = desired_rules(params["outbound_rules"], "outbound_rules", warnings)
        for warning in warnings:
            module.warn(warning)
        manager = FirewallState(module, inbound, outbound)
        plans, resources = manager.run(present)
    except DigitalOceanError as error:
        module.fail_from_error(error)
    changed, diff = summarize(plans)
    module.exit_json(changed=changed, diff=diff, firewall=resources.get(params["name"]) or {})


if __name__ == "__main__":
    main()
