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
  - Manages a block storage volume identified by name and region (O(name)), or several volumes of a region that
    share their other options (O(volumes)), each attached to its own droplet.
  - O(volumes) costs one volume listing of the region and, when a droplet is given by name, one droplet listing
    for the whole task; then one request per create and per attach, and one wait for all the actions, each poll
    one listing of the account's actions. A rerun that changes nothing makes only those listings.
  - Creates it with a size, filesystem and tags; grows it when O(size) is larger (volumes cannot shrink,
    asking for less fails before any change); attaches it to O(droplet), detaching it from another
    droplet first, or detaches it with O(droplet=null).
  - O(description), O(filesystem_type) and O(filesystem_label) are set at creation; a difference on an
    existing volume fails the task with a message naming it.
  - With O(wait=false) the attach, detach and resize actions it started are returned as RV(action_ids); a loop of
    volume tasks (each with its own size, say) waits for all of them at once with M(tide.digitalocean.action_info).
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
    description:
      - Name of the volume (lowercase letters, digits and dashes, starting with a letter, at most 64 characters).
        Part of its identity.
      - Mutually exclusive with O(volumes); one of them is required.
    type: str
  volumes:
    description:
      - Several volumes of O(region), each with its own name and droplet; all other options apply to each.
      - Mutually exclusive with O(name) and O(droplet).
      - With O(state=absent) an item's O(volumes[].droplet) is not used; each volume still attached is detached
        (all detaches waited for together), then deleted.
    type: list
    elements: dict
    suboptions:
      name:
        description: Name of the volume, as O(name).
        type: str
        required: true
      droplet:
        description:
          - The droplet (numeric id, or name of a droplet in O(region)) this volume is attached to, as O(droplet).
          - V(null) (set explicitly) detaches it; leaving the key out does not manage its attachment.
        type: str
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
    description:
      - Whether the volume exists. O(state=absent) detaches it first when attached.
      - A volume whose droplet was deleted is no longer attached (the API detaches it); deleting it is then one
        request after the lookup.
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

- name: One 10 GiB volume per worker, created and attached in one task (one shared wait)
  tide.digitalocean.volume:
    volumes:
      - {name: data-1, droplet: worker-1}
      - {name: data-2, droplet: worker-2}
      - {name: data-3, droplet: worker-3}
    region: nyc3
    size: 10
    filesystem_type: ext4

- name: Delete them (each detached first when still attached)
  tide.digitalocean.volume:
    volumes:
      - {name: data-1}
      - {name: data-2}
    region: nyc3
    state: absent
"""

RETURN = r"""
volume:
  description:
    - The volume as the API describes it. In check mode, the predicted volume with the same keys, and
      placeholders such as C((id, known after creation)) for what only the API knows.
    - Empty after O(state=absent).
  returned: when O(name) is used
  type: dict
  sample:
    id: 506f78a4-e098-11e5-ad9f-000f53306ae1
    name: web-data
    size_gigabytes: 10
    droplet_ids: [3164444]
    region: {slug: nyc3}
    filesystem_type: ext4
    tags: [web]
volumes:
  description:
    - With O(volumes), each volume in the order given, in the form of RV(volume) (predicted in check mode).
    - Empty after O(state=absent).
  returned: when O(volumes) is used
  type: list
  elements: dict
action_ids:
  description:
    - The attach, detach and resize actions the task started and did not wait for (O(wait=false)), for
      M(tide.digitalocean.action_info) to wait for, all of a loop's at once. Empty when the task waited.
  returned: always
  type: list
  elements: int
  sample: [36804745]
"""

import copy
import functools
import re

from ansible.module_utils.basic import _load_params
from ansible_collections.tide.digitalocean.plugins.module_utils.actions import Actions
from ansible_collections.tide.digitalocean.plugins.module_utils.catalogue import check_region
from ansible_collections.tide.digitalocean.plugins.module_utils.droplets import droplet_refs
from ansible_collections.tide.digitalocean.plugins.module_utils.errors import DigitalOceanError
from ansible_collections.tide.digitalocean.plugins.module_utils.lookup import find_by_name, region_slug, select_each
from ansible_collections.tide.digitalocean.plugins.module_utils.module import DigitalOceanModule
from ansible_collections.tide.digitalocean.plugins.module_utils.pages import list_all
from ansible_collections.tide.digitalocean.plugins.module_utils.state import (
    CREATE,
    DELETE,
    NOTHING,
    UPDATE,
    ResourceState,
    known_later,
    summarize,
)
from ansible_collections.tide.digitalocean.plugins.module_utils.tags import reconcile_tags
from ansible_collections.tide.digitalocean.plugins.module_utils.wait import wait_for_actions

DETACHED = "(detached)"
# What the API accepts as a volume name: lowercase letters, digits and '-', starting with a letter, at most 64.
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9-]{0,63}$")


def attached_to(volume):
    ids = volume.get("droplet_ids") or []
    return str(ids[0]) if ids else DETACHED


def name_problem(name):
    """Why the API would refuse ``name`` as a volume name, or None."""
    if isinstance(name, str) and NAME_PATTERN.match(name):
        return None
    return (
        "%r is not a valid volume name: lowercase letters, digits and '-', starting with a letter, at most 64 "
        "characters" % (name,)
    )


def volume_specs(params, raw):
    """``[(name, manage_attachment, droplet)]`` of the task: one for O(name), one per O(volumes) item.

    ``raw`` is the task's arguments as given (``params`` cannot tell ``droplet: null`` from a missing key):
    an item's attachment is managed when its ``droplet`` key is present, even as null.
    """
    if params["volumes"] is None:
        return [(params["name"], "droplet" in raw, params["droplet"])]
    given = raw.get("volumes") or []
    specs = []
    for index, item in enumerate(params["volumes"]):
        original = given[index] if index < len(given) and isinstance(given[index], dict) else {}
        specs.append((item["name"], "droplet" in original, item["droplet"]))
    return specs


def specs_problem(specs, present=True):
    """Why the volumes a task lists are refused before any request, or None: none at all, a name listed twice,
    or (to create, ``present``) a name the API would refuse."""
    if not specs:
        return "volumes must not be empty"
    names = [name for name, _manage, _droplet in specs]
    problems = [name_problem(name) for name in names if present and name_problem(name)]
    duplicates = sorted(set(name for name in names if names.count(name) > 1))
    if duplicates:
        problems.append("volumes lists %s more than once" % ", ".join(duplicates))
    return "; ".join(problems) if problems else None


class VolumeState(ResourceState):
    """One volume (O(name)) or several (O(volumes)) of a region, applied as a batch.

    The batch costs one volume listing (one GET with O(name)), one droplet listing when a droplet is named, the
    writes, and one shared wait for all the actions it started (see ``run``).
    """

    kind = "volume"
    immutable = ("description", "filesystem_type", "filesystem_label")

    def __init__(self, module, specs):
        super(VolumeState, self).__init__(module)
        self.specs = dict((name, (manage, droplet)) for name, manage, droplet in specs)
        self.names = [name for name, _manage, _droplet in specs]
        self.region = module.params["region"]
        self.option = "droplet" if module.params["volumes"] is None else "volumes"
        self.actions = Actions(self.api, "volume", module.params["wait_timeout"])
        self.started = {}

    def identities(self):
        return self.names

    def find(self):
        if self.module.params["volumes"] is None:
            name = self.names[0]
            filters = {"name": name, "region": self.region}
            found = find_by_name(self.api, "volumes.list", "volumes", name, "volume", self.region, filters=filters)
            return {name: found} if found else {}
        return self.find_listed(self.names)

    def find_listed(self, names):
        """``{name: volume}`` of the region's volumes named in ``names``: one listing of the region."""
        listing = list_all(self.api, "volumes.list", "volumes", region=self.region)
        return select_each(listing, names, "volume", region=self.region)

    def droplet_ids(self):
        """``{ref: id}`` of every droplet the task names (one listing when any is a name, none for ids)."""
        refs = [droplet for manage, droplet in self.specs.values() if manage and droplet is not None]
        return self.memo("droplets", lambda: droplet_refs(self.api, refs, self.region, option=self.option))

    def wanted_droplet(self, name):
        """The id (as text) of the droplet ``name`` is to be attached to, DETACHED for null, None: not managed."""
        manage, droplet = self.specs[name]
        if not manage:
            return None
        if droplet is None:
            return DETACHED
        return str(self.droplet_ids()[droplet])

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
            "name": identity,
            "region": self.region,
            "size": params["size"],
            "description": params["description"],
            "filesystem_type": params["filesystem_type"],
            "filesystem_label": params["filesystem_label"],
            "tags": params["tags"],
            "droplet": self.wanted_droplet(identity),
        }

    def predict(self, plan, resource):
        """Check mode: the volume in the API's form (``size_gigabytes``, ``droplet_ids``), placeholders for its id
        and creation time."""
        after = plan.after
        if resource is None:
            volume = {
                "id": known_later("id"),
                "name": plan.identity,
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
        return with_droplet(volume, after.get("droplet"))

    def validate(self, plan, resource):
        if plan.action == UPDATE and "size" in plan.changes:
            before, after = plan.changes["size"]["before"], plan.changes["size"]["after"]
            if after < before:
                raise DigitalOceanError(
                    "volume %s is %s GiB; volumes cannot shrink, so size %s is refused. "
                    "Create a new, smaller volume and copy the data instead." % (plan.identity, before, after)
                )
        if plan.action == CREATE:
            if self.module.params["size"] is None:
                raise DigitalOceanError("volume %s does not exist; size is required to create it" % plan.identity)
            self.memo("region", lambda: check_region(self.api, self.region, feature="storage"))
        super(VolumeState, self).validate(plan, resource)

    # -- writes -------------------------------------------------------------------------------------------------
    def start(self, volume_id, action_type, reached, **arguments):
        """Start a volume action (the API wants the region in its body); ``settle`` waits for it."""
        if volume_id in self.started:
            self.settle([volume_id])
        action_id = self.actions.start(volume_id, action_type, reached, region=self.region, **arguments)
        if action_id is not None:
            self.started[volume_id] = action_id

    def settle(self, volume_ids=None):
        """Wait for the actions started on ``volume_ids`` (all started ones by default), polled together."""
        volume_ids = list(self.started) if volume_ids is None else [v for v in volume_ids if v in self.started]
        if volume_ids:
            wait_for_actions(
                self.api, [self.started.pop(v) for v in volume_ids], self.module.params["wait_timeout"]
            )

    def attach(self, volume_id, droplet_id):
        self.start(
            volume_id, "attach", lambda v: int(droplet_id) in (v.get("droplet_ids") or []), droplet_id=int(droplet_id)
        )

    def detach(self, volume_id, droplet_id):
        self.start(
            volume_id,
            "detach",
            lambda v: int(droplet_id) not in (v.get("droplet_ids") or []),
            droplet_id=int(droplet_id),
        )

    def create_one(self, name):
        params = self.module.params
        body = {"name": name, "region": self.region, "size_gigabytes": params["size"]}
        for option in ("description", "filesystem_type", "filesystem_label", "tags"):
            if params[option] is not None:
                body[option] = params[option]
        recover = functools.partial(self.recover_created, name)
        return self.api.write("volumes.create", recover=recover, body=body)["volume"]

    def recover_created(self, name):
        """After an ambiguous create: the volume if it exists now, shaped like the create's answer."""
        filters = {"name": name, "region": self.region}
        found = find_by_name(self.api, "volumes.list", "volumes", name, "volume", self.region, filters=filters)
        return {"volume": found} if found else None

    def run(self, present):
        """Plan, then apply the whole batch (check mode: the base class's prediction).

        Creates first; then resizes and detaches; then (once those actions completed on the volumes concerned)
        attaches; deletes wait for their detaches. All actions are waited for together, one listing a poll;
        the result comes from the create answers, or from one listing when an existing volume changed.
        """
        if self.check_mode:
            return super(VolumeState, self).run(present)
        plans, found = self.plan(present)
        resources = dict((p.identity, found[p.identity]) for p in plans if p.action == NOTHING and p.identity in found)
        created = dict((p.identity, self.create_one(p.identity)) for p in plans if p.action == CREATE)
        volume_of = dict((name, volume["id"]) for name, volume in list(found.items()) + list(created.items()))
        updates = [p for p in plans if p.action == UPDATE]
        for plan in updates:
            if "size" in plan.changes:
                size = plan.changes["size"]["after"]
                self.start(
                    volume_of[plan.identity],
                    "resize",
                    lambda v, s=size: v.get("size_gigabytes", 0) >= s,
                    size_gigabytes=size,
                )
        for plan in updates:
            before = plan.changes.get("droplet", {}).get("before")
            if before not in (None, DETACHED):
                self.detach(volume_of[plan.identity], before)
        deletes = [p for p in plans if p.action == DELETE]
        for plan in deletes:
            for droplet_id in found[plan.identity].get("droplet_ids") or []:
                self.detach(volume_of[plan.identity], str(droplet_id))
        attaches = [
            (p.identity, p.after["droplet"])
            for p in plans
            if p.action in (CREATE, UPDATE)
            and p.after.get("droplet") not in (None, DETACHED)
            and (p.action == CREATE or "droplet" in p.changes)
        ]
        self.settle([volume_of[name] for name, _droplet in attaches] + [volume_of[p.identity] for p in deletes])
        for name, droplet in attaches:
            self.attach(volume_of[name], droplet)
        for plan in deletes:
            self.api.call("volumes.delete", volume_id=volume_of[plan.identity], missing_ok=True)
        for plan in updates:
            if "tags" in plan.changes:
                before, after = plan.changes["tags"]["before"], plan.changes["tags"]["after"]
                reconcile_tags(self.api, "volume", volume_of[plan.identity], before, after)
        if self.module.params["wait"]:
            self.settle()
        for plan in plans:
            if plan.action == CREATE:
                resources[plan.identity] = with_droplet(created[plan.identity], plan.after.get("droplet"))
        if len(updates) == 1:
            volume_id = volume_of[updates[0].identity]
            resources[updates[0].identity] = self.api.call("volumes.get", volume_id=volume_id)["volume"]
        elif updates:
            resources.update(self.find_listed([p.identity for p in updates]))
        return plans, resources


def with_droplet(volume, droplet):
    """``volume`` showing the attachment ``droplet`` (an id as text, a check-mode placeholder, DETACHED or None)."""
    if droplet is not None:
        volume = dict(volume)
        volume["droplet_ids"] = [] if droplet == DETACHED else [int(droplet) if droplet.isdigit() else droplet]
    return volume


def main():
    module = DigitalOceanModule(
        argument_spec=dict(
            name=dict(type="str"),
            volumes=dict(
                type="list",
                elements="dict",
                options=dict(name=dict(type="str", required=True), droplet=dict(type="str")),
            ),
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
        mutually_exclusive=[("name", "volumes"), ("volumes", "droplet")],
        required_one_of=[("name", "volumes")],
        supports_check_mode=True,
    )
    params = module.params
    specs = volume_specs(params, _load_params())
    if params["state"] == "absent":
        conflicting = [option for option in ("droplet", "size") if module.given(option)]
        if conflicting:
            module.fail_json(
                msg="state: absent detaches and deletes the volume; %s would be ignored, so the task is refused. "
                "Remove it, or detach with droplet: null and state: present." % " and ".join(conflicting)
            )
    if params["size"] is not None and params["size"] < 1:
        module.fail_json(msg="size must be a positive number of GiB, got %s" % params["size"])
    problem = specs_problem(specs, present=params["state"] == "present")
    if problem:
        module.fail_json(msg=problem + ". Nothing was changed.")
    try:
        manager = VolumeState(module, specs)
        plans, resources = manager.run(params["state"] == "present")
    except DigitalOceanError as error:
        module.fail_from_error(error)
    changed, diff = summarize(plans)
    action_ids = list(manager.started.values())
    if params["volumes"] is None:
        module.exit_json(changed=changed, diff=diff, volume=resources.get(params["name"], {}), action_ids=action_ids)
    volumes = [resources[name] for name in manager.names if name in resources]
    module.exit_json(changed=changed, diff=diff, volumes=volumes, action_ids=action_ids)


if __name__ == "__main__":
    main()
