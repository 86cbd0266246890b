#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: tide.digitalocean contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: snapshot_info
short_description: List DigitalOcean droplet and volume snapshots
version_added: 0.1.0
description:
  - Returns snapshots from C(/v2/snapshots), following the API's pagination to the end (200 a request), oldest
    first; ids and resource ids are strings there, for droplet and volume snapshots alike.
  - Filters combine; O(resource_type) and a source are applied by the API or after one listing.
extends_documentation_fragment:
  - tide.digitalocean.auth
  - tide.digitalocean.info
options:
  name:
    description: Only snapshots with this exact name.
    type: str
  prefix:
    description: Only snapshots whose names start with this.
    type: str
  resource_type:
    description: Only droplet or only volume snapshots.
    type: str
    choices: [droplet, volume]
  droplet:
    description: Only snapshots of this droplet (numeric id, or name, in O(region) when given).
    type: str
  volume:
    description: Only snapshots of this volume (uuid, or name, in O(region) when given).
    type: str
  region:
    description: Region of the droplet or volume given by name.
    type: str
"""

EXAMPLES = r"""
- name: The nightly snapshots of web-1
  tide.digitalocean.snapshot_info:
    droplet: web-1
    prefix: web-1-
  register: nightly

- name: Every volume snapshot
  tide.digitalocean.snapshot_info:
    resource_type: volume
"""

RETURN = r"""
snapshots:
  description: The matching snapshots as the API describes them, oldest first.
  returned: always
  type: list
  elements: dict
  sample:
    - id: "170000001"
      name: web-1-20261128
      resource_id: "3164444"
      resource_type: droplet
      created_at: "2026-11-28T03:00:00Z"
      regions: [nyc3]
      min_disk_size: 25
      size_gigabytes: 2.1
      tags: []
"""

from ansible_collections.tide.digitalocean.plugins.module_utils.info import run_info
from ansible_collections.tide.digitalocean.plugins.module_utils.snapshots import snapshot_source, source_snapshots


def matching_snapshots(api, params):
    kind, source = snapshot_source(api, params["droplet"], params["volume"], params["region"])
    snapshots = [
        s
        for s in source_snapshots(api, kind or params["resource_type"], source)
        if (params["name"] is None or s.get("name") == params["name"])
        and (params["prefix"] is None or str(s.get("name")).startswith(params["prefix"]))
    ]
    return sorted(snapshots, key=lambda s: (s.get("created_at") or "", str(s.get("id")).zfill(40)))


def main():
    run_info(
        "snapshots",
        dict(
            name=dict(type="str"),
            prefix=dict(type="str"),
            resource_type=dict(type="str", choices=["droplet", "volume"]),
            droplet=dict(type="str"),
            volume=dict(type="str"),
            region=dict(type="str"),
        ),
        matching_snapshots,
        mutually_exclusive=[("droplet", "volume"), ("droplet", "resource_type"), ("volume", "resource_type")],
    )


if __name__ == "__main__":
    main()
