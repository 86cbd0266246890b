#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: tide.digitalocean contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: database_firewall
short_description: Reconcile the trusted sources of a DigitalOcean managed database cluster
version_added: 0.1.0
description:
  - Manages the firewall (trusted sources) of the cluster O(cluster) as a whole, with one request that replaces
    every rule when anything differs. Rules the task does not list are removed.
  - V(rules=[]) removes every rule, which opens the cluster to every address (as the API does when a cluster
    has no trusted source).
  - Rules are compared as a set, in a canonical form (V(192.0.2.7/32) is V(192.0.2.7)), and droplets given by
    name are compared by id, so a rerun reports no change and makes no write.
  - Addresses, uuids and rule types are checked before any request.
  - In check mode, a cluster that does not exist yet (created by an earlier task of the same play, which check
    mode did not run) is assumed to be new, without any rule; a droplet named that does not exist yet is assumed
    to be created too. The module warns about each assumption and predicts the change instead of failing.
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
    description: Shows the cluster's rules before and after.
options:
  cluster:
    description: Name or id of the database cluster, the identity.
    type: str
    required: true
  rules:
    description:
      - Every trusted source the cluster should have. V([]) removes them all.
    type: list
    elements: dict
    required: true
    suboptions:
      type:
        description:
          - V(ip_addr) an IPv4 address or CIDR, V(droplet) a droplet (name or id), V(tag) the droplets carrying a
            tag, V(app) an App Platform app (uuid), V(k8s) a Kubernetes cluster (uuid).
        type: str
        required: true
        choices: [ip_addr, droplet, tag, app, k8s]
      value:
        description: The address, droplet name or id, tag name or uuid.
        type: str
        required: true
  state:
    description:
      - Only V(present). To remove every rule, set O(rules=[]).
    type: str
    choices: [present]
    default: present
"""

EXAMPLES = r"""
- name: PostgreSQL reachable only from the web droplets and the office
  tide.digitalocean.database_firewall:
    cluster: app-db
    rules:
      - {type: tag, value: web}
      - {type: droplet, value: worker-1}
      - {type: ip_addr, value: 203.0.113.0/24}

- name: Open it again (no trusted source)
  tide.digitalocean.database_firewall:
    cluster: app-db
    rules: []
"""

RETURN = r"""
rules:
  description:
    - The cluster's trusted sources after the task, as the API describes them (C(uuid), C(type), C(value),
      C(created_at)); in check mode the predicted C(type) and C(value) of each.
  returned: always
  type: list
  elements: dict
  sample:
    - uuid: 79f26d28-ea8a-41f2-8ad8-8cfcdd020095
      type: tag
      value: web
      cluster_uuid: 9cc10173-e9ea-4176-9dbc-a4cee4c4ff30
cluster_id:
  description: Id of the cluster, when it exists.
  returned: when the cluster exists
  type: str
  sample: 9cc10173-e9ea-4176-9dbc-a4cee4c4ff30
"""

import ipaddress

from ansible_collections.tide.digitalocean.plugins.module_utils.databases import cluster_or_fail, find_cluster
from ansible_collections.tide.digitalocean.plugins.module_utils.droplets import droplet_refs
from ansible_collections.tide.digitalocean.plugins.module_utils.errors import DigitalOceanError
from ansible_collections.tide.digitalocean.plugins.module_utils.lookup import assume, looks_like_uuid
from ansible_collections.tide.digitalocean.plugins.module_utils.module import DigitalOceanModule
from ansible_collections.tide.digitalocean.plugins.module_utils.state import ResourceState, summarize


def canonical_value(rule_type, value):
    """The form a rule's value is compared (and sent) in; raises ValueError with the reason for a bad one."""
    value = value.strip()
    if rule_type == "ip_addr":
        try:
            network = ipaddress.ip_network(value, strict=True)
        except ValueError as error:
            raise ValueError("%r is not an IPv4 address or CIDR (%s)" % (value, error)) from None
        if network.version != 4:
            raise ValueError("%r: IPv6 addresses cannot be trusted sources" % value)
        return str(network.network_address) if network.prefixlen == 32 else str(network)
    if rule_type in ("app", "k8s") and not looks_like_uuid(value):
        raise ValueError(
            "%s rules take the %s's uuid, not %r" % (rule_type, "app" if rule_type == "app" else "cluster", value)
        )
    if not value:
        raise ValueError("value is empty")
    return value


def canonical_rules(rules):
    """Distinct ``{type, value}`` rules in one order; values in canonical form where they have one."""
    seen = set()
    for rule in rules or []:
        try:
            value = canonical_value(rule["type"], str(rule["value"]))
        except ValueError:
            value = str(rule["value"])
        seen.add((rule["type"], value))
    return [{"type": rule_type, "value": value} for rule_type, value in sorted(seen)]


def rule_problems(rules):
    problems = []
    for index, rule in enumerate(rules):
        try:
            canonical_value(rule["type"], rule["value"])
        except ValueError as error:
            problems.append("rules[%d]: %s" % (index, error))
    return problems


class DatabaseFirewallState(ResourceState):
    kind = "database firewall"

    def __init__(self, module):
        super(DatabaseFirewallState, self).__init__(module)
        self.cluster_ref = module.params["cluster"]
        self.cluster = None

    def identities(self):
        return [self.cluster_ref]

    def find(self):
        if self.check_mode:
            self.cluster = find_cluster(self.api, self.cluster_ref)
            if self.cluster is None:  # assumed created by an earlier task, without any trusted source yet
                assume(self.api, "database cluster", self.cluster_ref, option="cluster")
                return {self.cluster_ref: {"rules": []}}
        else:
            self.cluster = cluster_or_fail(self.api, self.cluster_ref)
        rules = self.cluster.get("rules")
        if rules is None:
            body = self.api.call("databases.list_firewall_rules", database_cluster_uuid=self.cluster["id"])
            rules = body.get("rules") or []
        return {self.cluster_ref: {"rules": rules}}

    def droplet_values(self):
        """``{name: id string}`` for the droplets the rules name; unknown names fail (in check mode: a warning)."""
        refs = [rule["value"] for rule in self.module.params["rules"] if rule["type"] == "droplet"]
        resolved = droplet_refs(self.api, refs, option="rules")
        return dict((ref, str(value)) for ref, value in resolved.items())

    def view(self, resource):
        return {"rules": canonical_rules(resource["rules"])}

    def desired(self, identity):
        by_name = self.memo("droplets", self.droplet_values)
        rules = []
        for rule in self.module.params["rules"]:
            value = rule["value"]
            if rule["type"] == "droplet":
                value = by_name[value]
            rules.append({"type": rule["type"], "value": value})
        return {"rules": canonical_rules(rules)}

    def update(self, plan, resource):
        self.api.call(
            "databases.update_firewall_rules",
            database_cluster_uuid=self.cluster["id"],
            body={"rules": plan.after["rules"]},
        )
        body = self.api.call("databases.list_firewall_rules", database_cluster_uuid=self.cluster["id"])
        return {"rules": body.get("rules") or []}


def main():
    module = DigitalOceanModule(
        argument_spec=dict(
            cluster=dict(type="str", required=True),
            rules=dict(
                type="list",
                elements="dict",
                required=True,
                options=dict(
                    type=dict(type="str", required=True, choices=["ip_addr", "droplet", "tag", "app", "k8s"]),
                    value=dict(type="str", required=True),
                ),
            ),
            state=dict(type="str", default="present", choices=["present"]),
        ),
        supports_check_mode=True,
    )
    problems = rule_problems(module.params["rules"])
    if problems:
        module.fail_json(msg="; ".join(problems))
    try:
        manager = DatabaseFirewallState(module)
        plans, resources = manager.run(True)
    except DigitalOceanError as error:
        module.fail_from_error(error)
    changed, diff = summarize(plans)
    result = dict(changed=changed, diff=diff, rules=(resources.get(manager.cluster_ref) or {}).get("rules") or [])
    if manager.cluster:
        result["cluster_id"] = manager.cluster["id"]
    module.exit_json(**result)


if __name__ == "__main__":
    main()
