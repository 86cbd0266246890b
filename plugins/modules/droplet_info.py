#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: tide.digitalocean contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: droplet_info
short_description: List DigitalOcean droplets by name, id or tag
version_added: 0.1.0
description:
  - Returns droplets, following the API's pagination to the end (200 droplets a request).
  - With O(id), one request; with O(name) or O(tag), the API's filter; without any, every droplet.
extends_documentation_fragment:
  - tide.digitalocean.auth
  - tide.digitalocean.info
options:
  name:
    description: Only droplets with this exact name.
    type: str
  id:
    description: Only the droplet with this id (an empty list when it does not exist).
    type: int
  tag:
    description: Only droplets carrying this tag.
    type: str
  region:
    description: Only droplets in this region (filtered after listing).
    type: str
"""

EXAMPLES = r"""
- name: Every droplet tagged web
  tide.digitalocean.droplet_info:
    tag: web
  register: web

- name: Their public addresses
  ansible.builtin.debug:
    msg: "{{ web.droplets | map(attribute='public_ipv4') | list }}"

- name: One droplet by name
  tide.digitalocean.droplet_info:
    name: web-1
    region: nyc3
"""

RETURN = r"""
droplets:
  description:
    - The matching droplets as the API describes them.
    - With V(public_ipv4), V(private_ipv4) and V(public_ipv6) added.
  returned: always
  type: list
  elements: dict
  sample:
    - id: 3164444
      name: web-1
      status: active
      public_ipv4: 203.0.113.10
      private_ipv4: 10.10.0.2
      tags: [web]
"""

from ansible_collections.tide.digitalocean.plugins.module_utils.droplets import with_addresses
from ansible_collections.tide.digitalocean.plugins.module_utils.info import run_info
from ansible_collections.tide.digitalocean.plugins.module_utils.lookup import matching
from ansible_collections.tide.digitalocean.plugins.module_utils.pages import list_all


def matching_droplets(api, params):
    if params["id"] is not None:
        body = api.call("droplets.get", droplet_id=params["id"], missing_ok=True)
        droplets = [body["droplet"]] if body else []
    else:
        filters = {}
        if params["name"]:
            filters["name"] = params["name"]
        elif params["tag"]:
            filters["tag_name"] = params["tag"]
        droplets = list_all(api, "droplets.list", "droplets", **filters)
    return matching(droplets, name=params["name"] or None, region=params["region"] or None, tag=params["tag"] or None)


def main():
    run_info(
        "droplets",
        dict(
            name=dict(type="str"),
            id=dict(type="int"),
            tag=dict(type="str"),
            region=dict(type="str"),
        ),
        lambda api, params: [with_addresses(d) for d in matching_droplets(api, params)],
        mutually_exclusive=[("id", "name")],
    )


if __name__ == "__main__":
    main()
