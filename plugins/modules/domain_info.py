#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: tide.digitalocean contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: domain_info
short_description: List DigitalOcean DNS domains, optionally with their records
version_added: 0.1.0
description:
  - Returns the domains of the account, or the one named O(name), optionally with their DNS records.
extends_documentation_fragment:
  - tide.digitalocean.auth
  - tide.digitalocean.info
options:
  name:
    description:
      - Only this domain (one GET; a domain that does not exist gives an empty list). All domains when unset.
    type: str
  records:
    description: Add each domain's records (one paginated listing per domain) under C(records).
    type: bool
    default: false
  record_type:
    description: With O(records), only records of this type.
    type: str
    choices: [A, AAAA, CAA, CNAME, MX, NS, SOA, SRV, TXT]
"""

EXAMPLES = r"""
- name: Every domain of the account
  tide.digitalocean.domain_info:
  register: zones

- name: The MX records of example.com
  tide.digitalocean.domain_info:
    name: example.com
    records: true
    record_type: MX
  register: mail
"""

RETURN = r"""
domains:
  description: The domains as the API describes them, with C(records) when O(records) is set.
  returned: always
  type: list
  elements: dict
  sample:
    - name: example.com
      ttl: 1800
      zone_file: "$ORIGIN example.com.\n..."
      records:
        - {id: 28448433, type: A, name: "@", data: 203.0.113.10, ttl: 1800, priority: null, port: null,
           weight: null, flags: null, tag: null}
"""

from ansible_collections.tide.digitalocean.plugins.module_utils.info import run_info
from ansible_collections.tide.digitalocean.plugins.module_utils.pages import list_all


def check(params):
    if params["record_type"] is not None and not params["records"]:
        return "record_type is only used with records=true"
    return None


def matching_domains(api, params):
    if params["name"] is not None:
        body = api.call("domains.get", domain_name=params["name"].strip().rstrip(".").lower(), missing_ok=True)
        domains = [body["domain"]] if body else []
    else:
        domains = list_all(api, "domains.list", "domains")
    if params["records"]:
        filters = {"type": params["record_type"]} if params["record_type"] else {}
        domains = [
            dict(domain, records=list_all(api, "domains.list_records", "domain_records",
                                          domain_name=domain["name"], **filters))
            for domain in domains
        ]
    return domains


def main():
    run_info(
        "domains",
        dict(
            name=dict(type="str"),
            records=dict(type="bool", default=False),
            record_type=dict(type="str", choices=["A", "AAAA", "CAA", "CNAME", "MX", "NS", "SOA", "SRV", "TXT"]),
        ),
        matching_domains,
        check=check,
    )


if __name__ == "__main__":
    main()
