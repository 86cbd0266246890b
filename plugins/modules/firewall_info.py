#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: tide.digitalocean contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: firewall_info
short_description: List DigitalOcean cloud firewalls by name, id or droplet
version_added: 0.1.0
description:
  - Returns cloud firewalls, filtered by O(name), O(id) and O(droplet) (every filter given applies).
  - One paginated listing (200 firewalls a request), no request per firewall. With O(droplet) the listing is the
    droplet's own (C(GET /v2/droplets/{id}/firewalls)), which includes the firewalls that reach it through one of
    its tags; a droplet given by name costs one droplet listing more.
extends_documentation_fragment:
  - tide.digitalocean.auth
  - tide.digitalocean.info
options:
  name:
    description: Only firewalls with this exact name.
    type: str
  id:
    description: Only the firewall with this id (a uuid); an empty list when it does not exist.
    type: str
  droplet:
    description:
      - Only firewalls that apply to this droplet (directly or through a tag), given by numeric id or by name.
      - A droplet that does not exist gives an empty list; a name two droplets carry is an error.
    type: str
seealso:
  - module: tide.digitalocean.firewall
"""

EXAMPLES = r"""
- name: The firewalls protecting web-1
  tide.digitalocean.firewall_info:
    droplet: web-1
  register: web_firewalls

- name: Their names
  ansible.builtin.debug:
    msg: "{{ web_firewalls.firewalls | map(attribute='name') | list }}"

- name: One firewall by name
  tide.digitalocean.firewall_info:
    name: web
"""

RETURN = r"""
firewalls:
  description: The matching firewalls as the API describes them (an empty list when none match).
  returned: always
  type: list
  elements: dict
  sample:
    - id: bb4b2611-3d72-467b-8602-280330ecd65c
      name: web
      status: succeeded
      inbound_rules:
        - {protocol: tcp, ports: "80", sources: {addresses: [0.0.0.0/0, "::/0"]}}
      outbound_rules: []
      droplet_ids: [3164444]
      tags: [web]
"""

from ansible_collections.tide.digitalocean.plugins.module_utils.droplets import droplet_id_or_none
from ansible_collections.tide.digitalocean.plugins.module_utils.errors import DigitalOceanError
from ansible_collections.tide.digitalocean.plugins.module_utils.info import droplet_problem, run_info, uuid_id_problem
from ansible_collections.tide.digitalocean.plugins.module_utils.lookup import matching
from ansible_collections.tide.digitalocean.plugins.module_utils.pages import list_all


def listing(api, droplet):
    """Every firewall, or with ``droplet`` the droplet's firewalls; [] when that droplet does not exist."""
    if droplet is None:
        return list_all(api, "firewalls.list", "firewalls")
    droplet_id = droplet_id_or_none(api, droplet)
    if droplet_id is None:
        return []
    try:
        return list_all(api, "droplets.list_firewalls", "firewalls", droplet_id=droplet_id)
    except DigitalOceanError as error:
        if error.not_found:
            return []
        raise


def matching_firewalls(api, params):
    firewalls = listing(api, params["droplet"])
    return [fw for fw in matching(firewalls, name=params["name"]) if params["id"] in (None, fw.get("id"))]


def main():
    run_info(
        "firewalls",
        dict(
            name=dict(type="str"),
            id=dict(type="str"),
            droplet=dict(type="str"),
        ),
        matching_firewalls,
        check=lambda params: uuid_id_problem(params, "firewall") or droplet_problem(params),
    )


if __name__ == "__main__":
    main()
