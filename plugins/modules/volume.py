#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: tide.digitalocean contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: volume
short_description: Create, grow, attach, detach and delete DigitalOcean block storage volumes
version_added: 0.1.0
description:
  - Manages a block storage volume identified by name and region.
  - Creates it with a size, filesystem and tags; grows it when O(size) is larger (volumes cannot shrink,
    asking for less fails before any change); attaches it to O(droplet), detaching it from another
    droplet first, or detaches it with O(droplet=null).
  - O(description), O(filesystem_type) and O(filesystem_label) are set at creation; a difference on an
    existing volume fails the task with a message naming it.
author:
  - tide.digitalocean maintainers (@tide)
extends_documentation_fragment:
  - tide.digitalocean.auth
  - tide.digitalocean.wait
  - tide.digitalocean.tags
attributes:
  check_mode:
    support: full
    description: Reports the create, resize, attachment and tag changes it would make, without writing.
  diff_mode:
    support: full
    description: Shows the volume before and after.
options:
  name:
    description: Name of the volume (lowercase letters, digits and dashes). Part of its identity.
    type: str
    required: true
  region:
    description: Region slug, for example V(nyc3). Part of the volume's identity.
    type: str
    required: true
  size:
    description:
      - Size in GiB. Required to create the volume.
      - A larger size on an existing volume grows it; a smaller one is refused.
    type: int
  description:
    description: Free text description, set at creation.
    type: str
  filesystem_type:
    description: Filesystem to format the new volume with.
    type: str
    choices: [ext4, xfs]
  filesystem_label:
    description: Label of that filesystem.
    type: str
  droplet:
    description:
      - The droplet (numeric id, or name of a droplet in O(region)) the volume is attached to.
      - Attaching to a droplet while attached to another detaches it from that one first.
      - V(null) (set explicitly) detaches the volume. Leaving the option out does not manage attachment.
    type: str
  state:
    description: Whether the volume exists. O(state=absent) detaches it first when attached.
    type: str
    choices: [present, absent]
    default: present
"""

EXAMPLES = r"""
- name: A 10 GiB volume attached to web-1
  tide.digitalocean.volume:
    name: web-data
    region: nyc3
    size: 10
    filesystem_type: ext4
    droplet: web-1

- name: Grow it to 20 GiB
  tide.digitalocean.volume:
    name: web-data
    region: nyc3
    size: 20

- name: Detach it
  tide.digitalocean.volume:
    name: web-data
    region: nyc3
    droplet: null

- name: Delete it (fine if it is already gone)
  tide.digitalocean.volume:
    name: web-data
    region: nyc3
    state: absent
"""

RETURN = r"""
volume:
  description:
    - The volume as the API describes it. In check mode, the predicted volume with the same keys, and
      placeholders such as C((id, known after creation)) for what only the API knows.
    - Empty after O(state=absent).
  returned: always
  type: dict
  sample:
    id: 506f78a4-e098-11e5-ad9f-000f53306ae1
    name: web-data
    size_gigabytes: 10
    droplet_ids: [3164444]
    region: {slug: nyc3}
    filesystem_type: ext4
    tags: [web]
"""

import copy

from ansible_collections.tide.digitalocean.plugins.module_utils.actions import Actions
from ansible_collections.tide.digitalocean.plugins.module_utils.catalogue import check_region
from ansible_collections.tide.digitalocean.plugins.module_utils.droplets import droplet_ids
from ansible_collections.tide.digitalocean.plugins.module_utils.errors import DigitalOceanError
from ansible_collections.tide.digitalocean.plugins.module_utils.lookup import find_by_name, region_slug
from ansible_collections.tide.digitalocean.plugins.module_utils.module import DigitalOceanModule
from ansible_collections.tide.digitalocean.plugins.module_utils.state import (
    CREATE,
    UPDATE,
    ResourceState,
    known_later,
    summarize,
)
from ansible_collections.tide.digitalocean.plugins.module_utils.tags import reconcile_tags

DETACHED = "(detached)"


def attached_to(volume):
    ids = volume.get("droplet_ids") or []
    return str(ids[0]) if ids else DETACHED


class VolumeState(ResourceState):
    kind = "volume"
    immutable = ("description", "filesystem_type", "filesystem_label")

    def __init__(self, module):
        super(VolumeState, self).__init__(module)
        self.name = module.params["name"]
        self.region = module.params["region"]
        self.manage_attachment = module.given("droplet")
        self.actions = Actions(self.api, "volume", module.params["wait_timeout"])

    def identities(self):
        return [self.name]

    def find(self):
        filters = {"name": self.name, "region": self.region}
        found = find_by_name(self.api, "volumes.list", "volumes", self.name, "volume", self.region, filters=filters)
        return {self.name: found} if found else {}

    def wanted_droplet(self):
        """The id (as text) of the droplet to attach to, DETACHED for null; names cost one listing."""
        wanted = self.module.params["droplet"]
        if wanted is None:
            return DETACHED
        if wanted.isdigit():
            return wanted
        return self.memo("droplet", lambda: str(droplet_ids(self.api, [wanted], self.region, option="droplet")[0]))

    def view(self, resource):
        return {
            "name": resource["name"],
            "region": region_slug(resource),
            "size": resource.get("size_gigabytes"),
            "description": resource.get("description") or "",
            "filesystem_type": resource.get("filesystem_type") or "",
            "filesystem_label": resource.get("filesystem_label") or "",
            "tags": sorted(resource.get("tags") or []),
            "droplet": attached_to(resource),
        }

    def desired(self, identity):
        params = self.module.params
        return {
            "name": self.name,
            "region": self.region,
            "size": params["size"],
            "description": params["description"],
            "filesystem_type": params["filesystem_type"],
            "filesystem_label": params["filesystem_label"],
            "tags": params["tags"],
            "droplet": self.wanted_droplet() if self.manage_attachment else None,
        }

    def predict(self, plan, resource):
        """Check mode: the volume in the API's form (``size_gigabytes``, ``droplet_ids``), placeholders for its id
        and creation time."""
        after = plan.after
        if resource is None:
            volume = {
                "id": known_later("id"),
                "name": self.name,
                "description": after.get("description") or "",
                "size_gigabytes": after.get("size"),
                "region": {"slug": self.region},
                "droplet_ids": [],
                "filesystem_type": after.get("filesystem_type") or "",
                "filesystem_label": after.get("filesystem_label") or "",
                "created_at": known_later("created_at"),
                "tags": after.get("tags") or [],
            }
        else:
            volume = copy.deepcopy(resource)
            volume["size_gigabytes"] = after.get("size", volume.get("size_gigabytes"))
            volume["tags"] = after.get("tags", volume.get("tags"))
        droplet = after.get("droplet")
        if droplet is not None:
            volume["droplet_ids"] = [] if droplet == DETACHED else [int(droplet) if droplet.isdigit() else droplet]
        return volume

    def validate(self, plan, resource):
        if plan.action == UPDATE and "size" in plan.changes:
            before, after = plan.changes["size"]["before"], plan.changes["size"]["after"]
            if after < before:
                raise DigitalOceanError(
                    "volume %s is %s GiB; volumes cannot shrink, so size %s is refused. "
                    "Create a new, smaller volume and copy the data instead." % (self.name, before, after)
                )
        if plan.action == CREATE:
            if self.module.params["size"] is None:
                raise DigitalOceanError("volume %s does not exist; size is required to create it" % self.name)
            check_region(self.api, self.region, feature="storage")
        super(VolumeState, self).validate(plan, resource)

    def run_action(self, volume_id, action_type, reached, **arguments):
        """Start a volume action (the API wants the region in its body); wait for it with O(wait)."""
        self.actions.run(
            volume_id, action_type, reached, wait=self.module.params["wait"], region=self.region, **arguments
        )

    def attach(self, volume_id, droplet_id):
        self.run_action(
            volume_id, "attach", lambda v: int(droplet_id) in (v.get("droplet_ids") or []), droplet_id=int(droplet_id)
        )

    def detach(self, volume_id, droplet_id):
        self.run_action(
            volume_id,
            "detach",
            lambda v: int(droplet_id) not in (v.get("droplet_ids") or []),
            droplet_id=int(droplet_id),
        )

    def create(self, plans):
        params = self.module.params
        body = {"name": self.name, "region": self.region, "size_gigabytes": params["size"]}
        for option in ("description", "filesystem_type", "filesystem_label", "tags"):
            if params[option] is not None:
                body[option] = params[option]
        result = self.api.write("volumes.create", recover=self.recover_created, body=body)
        volume = result["volume"]
        if self.manage_attachment and params["droplet"] is not None:
            self.attach(volume["id"], self.wanted_droplet())
            volume = self.api.call("volumes.get", volume_id=volume["id"])["volume"]
        return {self.name: volume}

    def recover_created(self):
        found = self.find()
        return {"volume": found[self.name]} if found else None

    def update(self, plan, resource):
        changes = plan.changes
        volume_id = resource["id"]
        if "size" in changes:
            size = changes["size"]["after"]
            self.run_action(volume_id, "resize", lambda v: v.get("size_gigabytes", 0) >= size, size_gigabytes=size)
        if "droplet" in changes:
            before, after = changes["droplet"]["before"], changes["droplet"]["after"]
            if before != DETACHED:
                self.detach(volume_id, before)
            if after != DETACHED:
                self.attach(volume_id, after)
        if "tags" in changes:
            reconcile_tags(self.api, "volume", volume_id, changes["tags"]["before"], changes["tags"]["after"])
        return self.api.call("volumes.get", volume_id=volume_id)["volume"]

    def delete(self, plan, resource):
        for droplet_id in resource.get("droplet_ids") or []:
            self.detach(resource["id"], str(droplet_id))
        self.api.call("volumes.delete", volume_id=resource["id"], missing_ok=True)


def main():
    module = DigitalOceanModule(
        argument_spec=dict(
            name=dict(type="str", required=True),
            region=dict(type="str", required=True),
            size=dict(type="int"),
            description=dict(type="str"),
            filesystem_type=dict(type="str", choices=["ext4", "xfs"]),
            filesystem_label=dict(type="str"),
            tags=dict(type="list", elements="str"),
            droplet=dict(type="str"),
            state=dict(type="str", default="present", choices=["present", "absent"]),
        ),
        wait=True,
        supports_check_mode=True,
    )
    if module.params["state"] == "absent":
        conflicting = [option for option in ("droplet", "size") if module.given(option)]
        if conflicting:
            module.fail_json(
                msg="state: absent detaches and deletes the volume; %s would be ignored, so the task is refused. "
                "Remove it, or detach with droplet: null and state: present." % " and ".join(conflicting)
            )
    if module.params["size"] is not None and module.params["size"] < 1:
        module.fail_json(msg="size must be a positive number of GiB, got %s" % module.params["size"])
    try:
        manager = VolumeState(module)
        plans, resources = manager.run(module.params["state"] == "present")
    except DigitalOceanError as error:
        module.fail_from_error(error)
    changed, diff = summarize(plans)
    module.exit_json(changed=changed, diff=diff, volume=resources.get(module.params["name"], {}))


if __name__ == "__main__":
    main()
