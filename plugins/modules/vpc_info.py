#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: tide.digitalocean contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: vpc_info
short_description: List DigitalOcean VPCs by name, region or id
version_added: 0.1.0
description:
  - Returns the account's VPCs, filtered by O(name), O(region) and O(id) (every filter given applies).
  - One paginated listing (200 VPCs a request), whatever the filters; no request per VPC.
extends_documentation_fragment:
  - tide.digitalocean.auth
  - tide.digitalocean.info
options:
  name:
    description: Only the VPC with this exact name.
    type: str
  region:
    description: Only VPCs in this region (a slug such as V(nyc3)).
    type: str
  id:
    description: Only the VPC with this id (a uuid); an empty list when it does not exist.
    type: str
seealso:
  - module: tide.digitalocean.vpc
"""

EXAMPLES = r"""
- name: Every VPC of nyc3
  tide.digitalocean.vpc_info:
    region: nyc3
  register: nyc3_vpcs

- name: The default VPC of nyc3
  ansible.builtin.debug:
    msg: "{{ nyc3_vpcs.vpcs | selectattr('default') | map(attribute='id') | first }}"

- name: One VPC by name
  tide.digitalocean.vpc_info:
    name: app
"""

RETURN = r"""
vpcs:
  description: The matching VPCs as the API describes them (an empty list when none match).
  returned: always
  type: list
  elements: dict
  sample:
    - id: 5a4981aa-9653-4bd1-bef5-d6bff52042e4
      urn: do:vpc:5a4981aa-9653-4bd1-bef5-d6bff52042e4
      name: app
      description: ""
      region: nyc3
      ip_range: 10.10.0.0/20
      default: false
      created_at: "2026-01-01T00:00:00Z"
"""

from ansible_collections.tide.digitalocean.plugins.module_utils.info import run_info, uuid_id_problem
from ansible_collections.tide.digitalocean.plugins.module_utils.lookup import matching
from ansible_collections.tide.digitalocean.plugins.module_utils.pages import list_all


def matching_vpcs(api, params):
    found = matching(list_all(api, "vpcs.list", "vpcs"), name=params["name"], region=params["region"])
    if params["id"] is not None:
        found = [vpc for vpc in found if vpc.get("id") == params["id"]]
    return found


def main():
    run_info(
        "vpcs",
        dict(
            name=dict(type="str"),
            region=dict(type="str"),
            id=dict(type="str"),
        ),
        matching_vpcs,
        check=lambda params: uuid_id_problem(params, "VPC"),
    )


if __name__ == "__main__":
    main()
