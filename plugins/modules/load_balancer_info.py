#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: tide.digitalocean contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: load_balancer_info
short_description: List DigitalOcean load balancers by name, region or id
version_added: 0.1.0
description:
  - Returns load balancers, following the API's pagination to the end (200 a request).
  - With O(id), one request; otherwise one listing, filtered by O(name) and O(region).
extends_documentation_fragment:
  - tide.digitalocean.auth
  - tide.digitalocean.info
options:
  name:
    description: Only load balancers with this exact name.
    type: str
  region:
    description: Only load balancers in this region.
    type: str
  id:
    description: Only the load balancer with this id (an empty list when it does not exist).
    type: str
"""

EXAMPLES = r"""
- name: Every load balancer
  tide.digitalocean.load_balancer_info:
  register: lbs

- name: The web load balancer's address
  tide.digitalocean.load_balancer_info:
    name: web-lb
    region: nyc3
  register: web_lb

- name: Show it
  ansible.builtin.debug:
    msg: "{{ web_lb.load_balancers[0].ip }}"
"""

RETURN = r"""
load_balancers:
  description: The matching load balancers as the API describes them.
  returned: always
  type: list
  elements: dict
  sample:
    - id: 4de7ac8b-495b-4884-9a69-1050c6793cd6
      name: web-lb
      ip: 198.18.0.20
      status: active
      region: {slug: nyc3}
      droplet_ids: [3164444]
"""

from ansible_collections.tide.digitalocean.plugins.module_utils.info import run_info
from ansible_collections.tide.digitalocean.plugins.module_utils.lookup import matching
from ansible_collections.tide.digitalocean.plugins.module_utils.pages import list_all


def matching_load_balancers(api, params):
    if params["id"] is not None:
        body = api.call("load_balancers.get", lb_id=params["id"], missing_ok=True)
        found = [body["load_balancer"]] if body else []
    else:
        found = list_all(api, "load_balancers.list", "load_balancers")
    return matching(found, name=params["name"], region=params["region"])


def main():
    run_info(
        "load_balancers",
        dict(
            name=dict(type="str"),
            region=dict(type="str"),
            id=dict(type="str"),
        ),
        matching_load_balancers,
        mutually_exclusive=[("id", "name")],
    )


if __name__ == "__main__":
    main()
