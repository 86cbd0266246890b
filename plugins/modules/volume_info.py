#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: tide.digitalocean contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: volume_info
short_description: List DigitalOcean block storage volumes by name, region, id or droplet
version_added: 0.1.0
description:
  - Returns block storage volumes, filtered by O(name), O(region), O(id) and O(droplet) (every filter given
    applies).
  - One paginated listing of volumes (200 a request; O(name) and O(region) are filtered by the API), no request
    per volume. A droplet given by name costs one droplet listing more.
extends_documentation_fragment:
  - tide.digitalocean.auth
  - tide.digitalocean.info
options:
  name:
    description: Only volumes with this exact name.
    type: str
  region:
    description: Only volumes in this region (a slug such as V(nyc3)).
    type: str
  id:
    description: Only the volume with this id (a uuid); an empty list when it does not exist.
    type: str
  droplet:
    description:
      - Only volumes attached to this droplet, given by numeric id or by name (in O(region) when set).
      - A droplet name no droplet carries gives an empty list; a name two droplets carry is an error.
    type: str
seealso:
  - module: tide.digitalocean.volume
"""

EXAMPLES = r"""
- name: The volumes attached to web-1
  tide.digitalocean.volume_info:
    droplet: web-1
    region: nyc3
  register: web_volumes

- name: Their device paths on the droplet
  ansible.builtin.debug:
    msg: "{{ web_volumes.volumes | map(attribute='name') | map('regex_replace', '^', device_prefix) }}"
  vars:
    device_prefix: /dev/disk/by-id/scsi-0DO_Volume_

- name: Every volume of the account
  tide.digitalocean.volume_info:
"""

RETURN = r"""
volumes:
  description: The matching volumes as the API describes them (an empty list when none match).
  returned: always
  type: list
  elements: dict
  sample:
    - id: 506f78a4-e098-11e5-ad9f-000f53306ae1
      name: web-data
      size_gigabytes: 10
      droplet_ids: [3164444]
      region: {slug: nyc3}
      filesystem_type: ext4
      tags: [web]
"""

from ansible_collections.tide.digitalocean.plugins.module_utils.droplets import droplet_id_or_none
from ansible_collections.tide.digitalocean.plugins.module_utils.info import droplet_problem, run_info, uuid_id_problem
from ansible_collections.tide.digitalocean.plugins.module_utils.lookup import matching
from ansible_collections.tide.digitalocean.plugins.module_utils.pages import list_all


def matching_volumes(api, params):
    attached_to = None
    if params["droplet"] is not None:
        attached_to = droplet_id_or_none(api, params["droplet"], params["region"])
        if attached_to is None:
            return []
    filters = dict((option, params[option]) for option in ("name", "region") if params[option] is not None)
    volumes = list_all(api, "volumes.list", "volumes", **filters)
    volumes = matching(volumes, name=params["name"], region=params["region"])
    return [
        volume
        for volume in volumes
        if (params["id"] is None or volume.get("id") == params["id"])
        and (attached_to is None or attached_to in (volume.get("droplet_ids") or []))
    ]


def main():
    run_info(
        "volumes",
        dict(
            name=dict(type="str"),
            region=dict(type="str"),
            id=dict(type="str"),
            droplet=dict(type="str"),
        ),
        matching_volumes,
        check=lambda params: uuid_id_problem(params, "volume") or droplet_problem(params),
    )


if __name__ == "__main__":
    main()
