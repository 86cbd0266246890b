#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: tide.digitalocean contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: domain
short_description: Create and delete DigitalOcean DNS domains
version_added: 0.1.0
description:
  - Manages one DNS domain (zone) of the account, identified by its O(name).
  - Creating it makes the records DigitalOcean creates with every domain (SOA, the three NS records) and, with
    O(ip_address), an A record for the apex (V(@)), as the API does.
  - Nothing about a domain can change in place. O(ip_address) is only used at creation; on an existing domain it
    is compared with the apex A records, and when none of them holds it the task fails (before any write) with a
    message naming the addresses found. The module never changes the apex A record of an existing domain; use
    M(tide.digitalocean.domain_record) for that.
  - Deleting a domain deletes all of its records.
author:
  - tide.digitalocean maintainers (@tide)
extends_documentation_fragment:
  - tide.digitalocean.auth
attributes:
  check_mode:
    support: full
    description: Reports the create or delete it would make, without writing.
  diff_mode:
    support: full
    description: Shows the domain (name and apex address) before and after.
options:
  name:
    description:
      - The domain name, for example V(example.com); its identity. Compared in lower case, as the API stores it.
      - A trailing dot is accepted and dropped.
    type: str
    required: true
  ip_address:
    description:
      - IPv4 address of the A record the API creates for the apex (V(@)) with the domain.
      - On an existing domain it is only checked, never applied; an apex without an A record holding it fails
        the task.
    type: str
  state:
    description: V(present) the domain exists, V(absent) it does not (with all its records).
    type: str
    choices: [present, absent]
    default: present
"""

EXAMPLES = r"""
- name: The zone of example.com, its apex pointing at the web droplet
  tide.digitalocean.domain:
    name: example.com
    ip_address: 203.0.113.10

- name: Delete the zone and every record in it
  tide.digitalocean.domain:
    name: example.com
    state: absent
"""

RETURN = r"""
domain:
  description:
    - The domain as the API describes it (C(name), C(ttl), C(zone_file)). In check mode, for a new domain,
      the same keys with C(zone_file) V((written by the API)). Empty after O(state=absent).
  returned: always
  type: dict
  sample:
    name: example.com
    ttl: 1800
    zone_file: "$ORIGIN example.com.\n$TTL 1800\n..."
"""

import ipaddress
import re

from ansible_collections.tide.digitalocean.plugins.module_utils.errors import DigitalOceanError
from ansible_collections.tide.digitalocean.plugins.module_utils.module import DigitalOceanModule
from ansible_collections.tide.digitalocean.plugins.module_utils.pages import list_all
from ansible_collections.tide.digitalocean.plugins.module_utils.state import CREATE, UPDATE, ResourceState, summarize

LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
TLD = re.compile(r"^([a-z]{2,63}|xn--[a-z0-9-]{1,59})$")
NO_APEX_A = "(no apex A record)"
DEFAULT_TTL = 1800
ZONE_PLACEHOLDER = "(written by the API)"


def domain_name_problem(name):
    """Why ``name`` (lower case, no trailing dot) is not a domain name the API takes, or None."""
    labels = name.split(".")
    labels_ok = all(LABEL.match(label) for label in labels)
    if len(name) > 253 or len(labels) < 2 or not labels_ok or not TLD.match(labels[-1]):
        return "name %r is not a valid domain name: use the form domain.tld, such as example.com" % name
    return None


class DomainState(ResourceState):
    kind = "domain"

    def __init__(self, module):
        super(DomainState, self).__init__(module)
        self.name = module.params["name"]
        self.ip_address = module.params["ip_address"]
        self.apex = []

    def identities(self):
        return [self.name]

    def find(self):
        body = self.api.call("domains.get", domain_name=self.name, missing_ok=True)
        if not body:
            return {}
        if self.ip_address is not None:
            records = list_all(self.api, "domains.list_records", "domain_records", domain_name=self.name, type="A",
                               name=self.name)
            self.apex = sorted(r["data"] for r in records if r.get("name") == "@")
        return {self.name: body["domain"]}

    def view(self, resource):
        view = {"name": resource["name"]}
        if self.ip_address is not None:
            # The address the task asks for when one of the apex A records holds it, else what the apex has.
            view["ip_address"] = self.ip_address if self.ip_address in self.apex else (
                ", ".join(self.apex) or NO_APEX_A)
        return view

    def desired(self, identity):
        return {"name": self.name, "ip_address": self.ip_address}

    def validate(self, plan, resource):
        if plan.action == UPDATE:
            raise DigitalOceanError(
                "domain %s exists and its apex A records hold %s, not ip_address %s; ip_address is only used when "
                "the domain is created. Manage the apex A record with tide.digitalocean.domain_record, or change "
                "the task to match." % (self.name, ", ".join(self.apex) or "nothing (there is none)", self.ip_address)
            )

    def recover(self):
        body = self.api.call("domains.get", domain_name=self.name, missing_ok=True)
        return {"domain": body["domain"]} if body else None

    def create(self, plans):
        body = {"name": self.name}
        if self.ip_address is not None:
            body["ip_address"] = self.ip_address
        self.api.write("domains.create", recover=self.recover, body=body)
        # The create answer shows zone_file null (the zone is written afterwards): read it back once.
        return {self.name: self.api.call("domains.get", domain_name=self.name)["domain"]}

    def update(self, plan, resource):
        raise DigitalOceanError("domain %s cannot be changed in place" % self.name)

    def delete(self, plan, resource):
        self.api.call("domains.delete", domain_name=self.name, missing_ok=True)


def main():
    module = DigitalOceanModule(
        argument_spec=dict(
            name=dict(type="str", required=True),
            ip_address=dict(type="str"),
            state=dict(type="str", default="present", choices=["present", "absent"]),
        ),
        supports_check_mode=True,
    )
    params = module.params
    params["name"] = params["name"].strip().rstrip(".").lower()
    problem = domain_name_problem(params["name"])
    if problem:
        module.fail_json(msg=problem)
    if params["ip_address"] is not None:
        try:
            params["ip_address"] = str(ipaddress.IPv4Address(params["ip_address"].strip()))
        except ValueError:
            module.fail_json(msg="ip_address %r is not an IPv4 address" % params["ip_address"])
    try:
        manager = DomainState(module)
        plans, resources = manager.run(params["state"] == "present")
    except DigitalOceanError as error:
        module.fail_from_error(error)
    changed, diff = summarize(plans)
    domain = resources.get(params["name"]) or {}
    if module.check_mode and plans[0].action == CREATE:
        # Shaped like the real answer; the zone file is written by the API.
        domain = {"name": params["name"], "ttl": DEFAULT_TTL, "zone_file": ZONE_PLACEHOLDER}
    module.exit_json(changed=changed, diff=diff, domain=domain)


if __name__ == "__main__":
    main()
