#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: tide.digitalocean contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: ssh_key_info
short_description: List the SSH keys of a DigitalOcean account by name, fingerprint or id
version_added: 0.1.0
description:
  - Returns the account's SSH keys, filtered by O(name), O(fingerprint) and O(id) (every filter given applies).
  - One paginated listing (200 keys a request), whatever the filters; no request per key.
extends_documentation_fragment:
  - tide.digitalocean.auth
  - tide.digitalocean.info
options:
  name:
    description: Only keys with this exact name (DigitalOcean lets several keys share a name).
    type: str
  fingerprint:
    description: Only the key with this MD5 fingerprint (16 colon-separated hex pairs).
    type: str
  id:
    description: Only the key with this id.
    type: int
seealso:
  - module: tide.digitalocean.ssh_key
"""

EXAMPLES = r"""
- name: Every key of the account
  tide.digitalocean.ssh_key_info:
  register: account_keys

- name: The fingerprints of the keys named deploy
  tide.digitalocean.ssh_key_info:
    name: deploy
  register: deploy_keys

- name: Use them for a droplet
  tide.digitalocean.droplet:
    name: web-1
    region: nyc3
    size: s-1vcpu-1gb
    image: debian-12-x64
    ssh_keys: "{{ deploy_keys.ssh_keys | map(attribute='fingerprint') | list }}"
"""

RETURN = r"""
ssh_keys:
  description: The matching keys as the API describes them (an empty list when none match).
  returned: always
  type: list
  elements: dict
  sample:
    - id: 512189
      name: deploy
      fingerprint: 3b:16:bf:e4:8b:00:8b:b8:59:8c:a9:d3:f0:19:45:fa
      public_key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA5gsFOFBdwREanKZikEu+1qJOOAjFKDZavX6SicLt2l deploy@example
"""

import re

from ansible_collections.tide.digitalocean.plugins.module_utils.info import run_info
from ansible_collections.tide.digitalocean.plugins.module_utils.lookup import matching
from ansible_collections.tide.digitalocean.plugins.module_utils.pages import list_all

FINGERPRINT = re.compile(r"^[0-9a-f]{2}(:[0-9a-f]{2}){15}$")


def normal_fingerprint(params):
    return params["fingerprint"].lower() if params["fingerprint"] is not None else None


def check(params):
    fingerprint = normal_fingerprint(params)
    if fingerprint is not None and not FINGERPRINT.match(fingerprint):
        return (
            "fingerprint %r is not an MD5 key fingerprint (16 colon-separated hex pairs, as "
            "ssh-keygen -l -E md5 prints them without the MD5: prefix)" % params["fingerprint"]
        )
    return None


def matching_keys(api, params):
    fingerprint = normal_fingerprint(params)
    return [
        key
        for key in matching(list_all(api, "ssh_keys.list", "ssh_keys"), name=params["name"])
        if (fingerprint is None or (key.get("fingerprint") or "").lower() == fingerprint)
        and (params["id"] is None or key.get("id") == params["id"])
    ]


def main():
    run_info(
        "ssh_keys",
        dict(
            name=dict(type="str"),
            fingerprint=dict(type="str"),
            id=dict(type="int"),
        ),
        matching_keys,
        check=check,
    )


if __name__ == "__main__":
    main()
