#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: tide.digitalocean contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: ssh_key
short_description: Upload, rename and delete SSH keys of a DigitalOcean account
version_added: 0.1.0
description:
  - Manages one SSH public key of the account, so droplets can be created with it
    (O(tide.digitalocean.droplet#module:ssh_keys)).
  - A key is identified by its fingerprint, the MD5 of the decoded key as DigitalOcean shows it
    (C(ssh-keygen -l -E md5)), computed locally from O(public_key). A key that is already in the account
    under another name is found and renamed to O(name), never uploaded a second time (the API would refuse it).
  - With O(state=absent) and no O(public_key), the key is found by its O(name); several keys carrying that
    name is an error, the module does not guess.
  - O(public_key) is checked before any request, a value that is not an OpenSSH public key line fails the
    task without contacting the API.
  - The key material and its comment cannot be changed in place, only the name. The same key with another
    comment is the same key (same fingerprint), and its stored text is left as it is.
author:
  - tide.digitalocean maintainers (@tide)
extends_documentation_fragment:
  - tide.digitalocean.auth
attributes:
  check_mode:
    support: full
    description: Reports the upload, rename or deletion it would make, without writing.
  diff_mode:
    support: full
    description: Shows the key (id, name, fingerprint, public key) before and after.
options:
  name:
    description:
      - Name the key carries in the account (1 to 255 characters).
      - With O(public_key), the name the key is given or renamed to; without it (only with O(state=absent)),
        the key to delete.
    type: str
    required: true
  public_key:
    description:
      - The OpenSSH public key line, C(<type> <base64 key> [comment]), for example the content of
        C(~/.ssh/id_ed25519.pub). Types V(ssh-ed25519), V(ssh-rsa) and V(ecdsa-sha2-nistp256),
        V(ecdsa-sha2-nistp384), V(ecdsa-sha2-nistp521).
      - Required with O(state=present). With O(state=absent) it selects the key by fingerprint, whatever
        its name.
    type: str
  state:
    description:
      - V(present) the key is in the account under O(name), V(absent) it is not in the account.
    type: str
    choices: [present, absent]
    default: present
notes:
  - DigitalOcean lets several keys carry the same name. The module warns when another key already carries
    O(name), since modules that take keys by name (P(tide.digitalocean.droplet#module)) refuse an ambiguous one.
seealso:
  - module: tide.digitalocean.droplet
"""

EXAMPLES = r"""
- name: Upload the deploy key
  tide.digitalocean.ssh_key:
    name: deploy
    public_key: "{{ lookup('ansible.builtin.file', '~/.ssh/id_ed25519.pub') }}"
  register: deploy_key

- name: Create a droplet with it (the fingerprint is known in check mode too)
  tide.digitalocean.droplet:
    name: web-1
    region: nyc3
    size: s-1vcpu-1gb
    image: debian-12-x64
    ssh_keys: ["{{ deploy_key.ssh_key.fingerprint }}"]

- name: Remove the key by name
  tide.digitalocean.ssh_key:
    name: deploy
    state: absent

- name: Remove a key by its content, whatever it is called in the account
  tide.digitalocean.ssh_key:
    name: old-laptop
    public_key: "{{ lookup('ansible.builtin.file', 'files/old-laptop.pub') }}"
    state: absent
"""

RETURN = r"""
ssh_key:
  description:
    - The key as the API describes it after the task.
    - In check mode, the predicted key. A key that would be uploaded has no id yet, its id is the text
      "(assigned on creation)"; later tasks can use its fingerprint, which is known in check mode too.
    - Empty after O(state=absent).
  returned: always
  type: dict
  contains:
    id:
      description: Id of the key in the account.
      type: int
      sample: 512189
    name:
      description: Name of the key.
      type: str
      sample: deploy
    fingerprint:
      description: MD5 fingerprint of the key, colon-separated hex.
      type: str
      sample: 3b:16:bf:e4:8b:00:8b:b8:59:8c:a9:d3:f0:19:45:fa
    public_key:
      description: The public key line as stored in the account.
      type: str
      sample: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA5gsFOFBdwREanKZikEu+1qJOOAjFKDZavX6SicLt2l deploy@example
"""

import base64
import binascii
import hashlib
import struct

from ansible_collections.tide.digitalocean.plugins.module_utils.errors import DigitalOceanError
from ansible_collections.tide.digitalocean.plugins.module_utils.lookup import select_named
from ansible_collections.tide.digitalocean.plugins.module_utils.module import DigitalOceanModule
from ansible_collections.tide.digitalocean.plugins.module_utils.pages import list_all
from ansible_collections.tide.digitalocean.plugins.module_utils.state import CREATE, ResourceState, summarize

NEW_ID = "(assigned on creation)"
MAX_NAME = 255
# Key type -> number of length-prefixed fields its blob holds after the type name.
KEY_FIELDS = {
    "ssh-ed25519": 1,
    "ssh-rsa": 2,
    "ecdsa-sha2-nistp256": 2,
    "ecdsa-sha2-nistp384": 2,
    "ecdsa-sha2-nistp521": 2,
}
EXPECTED = "an OpenSSH public key line such as 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5... comment' (types %s)" % (
    ", ".join(sorted(KEY_FIELDS))
)


def blob_fields(blob):
    """The length-prefixed strings of an SSH wire-format blob; raises ValueError if it is not exactly that."""
    fields = []
    offset = 0
    while offset < len(blob):
        if len(blob) - offset < 4:
            raise ValueError("truncated length")
        (length,) = struct.unpack(">I", blob[offset : offset + 4])
        offset += 4
        if length > len(blob) - offset:
            raise ValueError("truncated field")
        fields.append(blob[offset : offset + length])
        offset += length
    return fields


def parse_public_key(public_key):
    """``(line, fingerprint)`` of an OpenSSH public key; raises DigitalOceanError with the reason otherwise.

    ``line`` is the key stripped of surrounding whitespace; ``fingerprint`` the MD5 of the decoded key blob
    as colon-separated lowercase hex, the form DigitalOcean identifies keys by. The value is never quoted in
    a message (it might be a private key pasted by mistake).
    """
    line = (public_key or "").strip()
    if not line:
        raise DigitalOceanError("public_key is empty; expected %s" % EXPECTED)
    if "PRIVATE KEY" in line:
        raise DigitalOceanError(
            "public_key holds a private key; give the public key instead (the content of the .pub file)"
        )
    if "\n" in line or "\r" in line:
        raise DigitalOceanError("public_key holds several lines; give exactly one key, %s" % EXPECTED)
    parts = line.split()
    key_type = parts[0]
    if key_type not in KEY_FIELDS:
        label = key_type if len(key_type) <= 40 and key_type.isprintable() else "(not shown)"
        raise DigitalOceanError("public_key starts with %s, not a supported key type; expected %s" % (label, EXPECTED))
    if len(parts) < 2:
        raise DigitalOceanError("public_key has a type (%s) but no key data; expected %s" % (key_type, EXPECTED))
    try:
        blob = base64.b64decode(parts[1].encode("ascii"), validate=True)
        fields = blob_fields(blob)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise DigitalOceanError(
            "public_key: the key data after %s is not valid base64 OpenSSH key material; expected %s"
            % (key_type, EXPECTED)
        ) from None
    if not fields or fields[0] != key_type.encode("ascii"):
        raise DigitalOceanError(
            "public_key: the key data does not hold a %s key (the type word and the data disagree)" % key_type
        )
    if len(fields) != 1 + KEY_FIELDS[key_type]:
        raise DigitalOceanError("public_key: the key data is not a complete %s key" % key_type)
    if key_type.startswith("ecdsa-") and fields[1] != key_type.rsplit("-", 1)[1].encode("ascii"):
        raise DigitalOceanError("public_key: the key data names another curve than %s" % key_type)
    return line, md5_fingerprint(blob)


def md5_fingerprint(blob):
    """``aa:bb:...``: DigitalOcean identifies keys by the MD5 of their blob (an identifier, not a security check)."""
    try:
        digest = hashlib.md5(blob, usedforsecurity=False)  # allowed on FIPS hosts (Python 3.9+)
    except TypeError:  # Python 3.8 has no usedforsecurity
        digest = hashlib.md5(blob)
    text = digest.hexdigest()
    return ":".join(text[i : i + 2] for i in range(0, len(text), 2))


def shown(resource):
    """The returned form of a key: id, name, fingerprint, public_key."""
    if not resource:
        return {}
    return dict((field, resource.get(field)) for field in ("id", "name", "fingerprint", "public_key"))


class SshKeyState(ResourceState):
    kind = "ssh key"

    def __init__(self, module, public_key, fingerprint):
        super(SshKeyState, self).__init__(module)
        self.name = module.params["name"]
        self.public_key = public_key
        self.fingerprint = fingerprint
        self.namesakes = []  # other keys carrying the name, found by find() when the task gives the key

    def identities(self):
        """The fingerprint when the task gives the key, else (state=absent) the name."""
        return [self.fingerprint or self.name]

    def find(self):
        keys = list_all(self.api, "ssh_keys.list", "ssh_keys")
        if self.fingerprint is None:
            hint = "give public_key to select one by its fingerprint, the module will not guess"
            found = select_named(keys, self.name, "ssh key", hint=hint)
            return {self.name: found} if found else {}
        matches = [key for key in keys if (key.get("fingerprint") or "").lower() == self.fingerprint]
        self.namesakes = [key for key in keys if key.get("name") == self.name and key not in matches]
        return {self.fingerprint: matches[0]} if matches else {}

    def view(self, resource):
        return {
            "id": resource.get("id"),
            "name": resource.get("name"),
            "fingerprint": (resource.get("fingerprint") or "").lower(),
            "public_key": resource.get("public_key"),
        }

    def desired(self, identity):
        # The id is DigitalOcean's, and the key text of an existing key cannot change (its fingerprint matched).
        return {"id": None, "name": self.name, "fingerprint": self.fingerprint, "public_key": None}

    def plan(self, present):
        plans, found = super(SshKeyState, self).plan(present)
        if present and self.namesakes:
            self.module.warn(
                "%d other ssh key(s) in the account also carry the name %s (ids %s); tasks that refer to keys "
                "by name will find it ambiguous, refer to this key by its fingerprint %s"
                % (len(self.namesakes), self.name, ", ".join(str(k["id"]) for k in self.namesakes), self.fingerprint)
            )
        for plan in plans:
            if plan.action == CREATE:
                plan.after = {
                    "id": NEW_ID,
                    "name": self.name,
                    "fingerprint": self.fingerprint,
                    "public_key": self.public_key,
                }
        return plans, found

    def recover(self):
        """After an ambiguous failure of the upload: the key, if it arrived, shaped like the create's answer."""
        found = self.find().get(self.fingerprint)
        return {"ssh_key": found} if found else None

    def create(self, plans):
        body = {"name": self.name, "public_key": self.public_key}
        result = self.api.write("ssh_keys.create", recover=self.recover, body=body)
        return {self.fingerprint: result["ssh_key"]}

    def update(self, plan, resource):
        result = self.api.call("ssh_keys.update", ssh_key_identifier=resource["id"], body={"name": self.name})
        return result["ssh_key"]

    def delete(self, plan, resource):
        self.api.call("ssh_keys.delete", ssh_key_identifier=resource["id"], missing_ok=True)


def main():
    module = DigitalOceanModule(
        argument_spec=dict(
            name=dict(type="str", required=True),
            public_key=dict(type="str", no_log=False),
            state=dict(type="str", default="present", choices=["present", "absent"]),
        ),
        required_if=[("state", "present", ["public_key"])],
        supports_check_mode=True,
    )
    params = module.params
    try:
        if not params["name"].strip() or len(params["name"]) > MAX_NAME:
            raise DigitalOceanError("name must be 1 to %d characters and not only spaces" % MAX_NAME)
        public_key = fingerprint = None
        if params["public_key"] is not None:
            public_key, fingerprint = parse_public_key(params["public_key"])
        manager = SshKeyState(module, public_key, fingerprint)
        plans, resources = manager.run(params["state"] == "present")
    except DigitalOceanError as error:
        module.fail_from_error(error)
    changed, diff = summarize(plans)
    module.exit_json(changed=changed, diff=diff, ssh_key=shown(resources.get(manager.identities()[0])))


if __name__ == "__main__":
    main()
