#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: tide.digitalocean contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: vpc
short_description: Create, update and delete DigitalOcean VPCs
version_added: 0.1.0
description:
  - Manages one VPC identified by its O(name) and O(region), or by O(id) to rename it.
  - Updates O(name), O(description) and O(default) in place; O(ip_range) and O(region) cannot change, a
    difference fails the task before any write, naming the field.
  - Deleting a VPC that still has members (droplets, database clusters, load balancers) is refused with a
    message naming them; the default VPC of a region cannot be deleted either.
  - Costs one VPC listing per run; deleting also reads the VPC's members.
author:
  - tide.digitalocean maintainers (@tide)
extends_documentation_fragment:
  - tide.digitalocean.auth
attributes:
  check_mode:
    support: full
    description: Reports the create, update or delete it would make (refusing what a real run refuses), without writing.
  diff_mode:
    support: full
    description: Shows the VPC before and after.
options:
  name:
    description:
      - Name of the VPC (letters, digits, dashes and periods). Names are unique in an account.
      - With O(id), the name the VPC gets (a rename).
    type: str
    required: true
  id:
    description:
      - The VPC's id. Finds the VPC by id instead of by name, so that O(name) can rename it.
      - The VPC must exist when O(state=present); with O(state=absent) a missing VPC is fine.
    type: str
  region:
    description: Region slug, for example V(nyc3). Part of the identity; cannot change in place.
    type: str
    required: true
  ip_range:
    description:
      - The private range in CIDR notation, for example V(10.10.0.0/20), set at creation (the API picks a free
        one when unset).
      - Not compared when unset; a different range on an existing VPC fails the task.
    type: str
  description:
    description: Free text (at most 255 characters), updated in place. Not managed when unset.
    type: str
  default:
    description:
      - V(true) makes the VPC the default of its region (the previous default stops being it).
      - V(false) on the region's default VPC fails the task, since the API cannot unset a default; make another
        VPC the default instead. Not managed when unset.
      - The first VPC created in a region becomes its default whatever this option says (a warning tells).
    type: bool
  state:
    description: V(present) the VPC exists as described, V(absent) it does not exist.
    type: str
    choices: [present, absent]
    default: present
notes:
  - A VPC of the same name in another region is not this VPC; with O(state=present) the task fails saying so
    (VPC names are unique in an account), with O(state=absent) it is left alone, with a warning.
seealso:
  - module: tide.digitalocean.vpc_info
  - module: tide.digitalocean.droplet
"""

EXAMPLES = r"""
- name: The app's VPC
  tide.digitalocean.vpc:
    name: app
    region: nyc3
    ip_range: 10.10.0.0/20
    description: web and database droplets

- name: Make it the region's default
  tide.digitalocean.vpc:
    name: app
    region: nyc3
    default: true

- name: Rename it
  tide.digitalocean.vpc:
    id: 5a4981aa-9653-4bd1-bef5-d6bff52042e4
    name: app-prod
    region: nyc3

- name: Delete it (refused, naming them, while droplets are in it)
  tide.digitalocean.vpc:
    name: app-prod
    region: nyc3
    state: absent
"""

RETURN = r"""
vpc:
  description:
    - The VPC as the API describes it after the task; empty after O(state=absent).
    - In check mode the predicted VPC; what only the API knows for a new VPC (its id, urn, creation time and,
      without O(ip_range), its range) is the text V((assigned on creation\)).
  returned: always
  type: dict
  sample:
    id: 5a4981aa-9653-4bd1-bef5-d6bff52042e4
    urn: do:vpc:5a4981aa-9653-4bd1-bef5-d6bff52042e4
    name: app
    description: web and database droplets
    region: nyc3
    ip_range: 10.10.0.0/20
    default: false
    created_at: "2026-01-01T00:00:00Z"
"""

import ipaddress
import re

from ansible_collections.tide.digitalocean.plugins.module_utils.errors import DigitalOceanError
from ansible_collections.tide.digitalocean.plugins.module_utils.lookup import looks_like_uuid, select_named
from ansible_collections.tide.digitalocean.plugins.module_utils.module import DigitalOceanModule
from ansible_collections.tide.digitalocean.plugins.module_utils.pages import list_all
from ansible_collections.tide.digitalocean.plugins.module_utils.state import (
    CREATE,
    DELETE,
    UPDATE,
    ResourceState,
    summarize,
)

NEW = "(assigned on creation)"
NAME_PATTERN = re.compile(r"^[a-zA-Z0-9.-]{1,255}$")
MAX_DESCRIPTION = 255
API_FIELDS = ("id", "urn", "name", "description", "region", "ip_range", "default", "created_at")
MEMBERS_SHOWN = 10


def input_problems(params):
    """Why the task's options would be refused, without any request (a list of messages)."""
    problems = []
    if not NAME_PATTERN.match(params["name"] or ""):
        problems.append("name %r must be 1 to 255 letters, digits, dashes and periods" % params["name"])
    if params["id"] is not None and not looks_like_uuid(params["id"]):
        problems.append("id %r is not a VPC id (a uuid)" % params["id"])
    if params["description"] is not None and len(params["description"]) > MAX_DESCRIPTION:
        problems.append("description may be at most %d characters" % MAX_DESCRIPTION)
    if params["ip_range"] is not None:
        try:
            network = ipaddress.ip_network(params["ip_range"], strict=True)
        except ValueError as error:
            problems.append("ip_range %r is not a network in CIDR notation: %s" % (params["ip_range"], error))
        else:
            if network.version != 4 or not network.is_private:
                problems.append("ip_range %s must be a private IPv4 network" % params["ip_range"])
    return problems


class VpcState(ResourceState):
    kind = "vpc"
    immutable = ("region", "ip_range")

    def __init__(self, module):
        super(VpcState, self).__init__(module)
        params = module.params
        self.name = params["name"]
        self.region = params["region"]
        self.vpc_id = params["id"]
        self.vpcs = None

    def identities(self):
        return [self.name]

    def listing(self):
        if self.vpcs is None:
            self.vpcs = list_all(self.api, "vpcs.list", "vpcs")
        return self.vpcs

    def find(self):
        """The VPC this task manages, found once (desired, validate and the result reuse it)."""
        return self.memo("found", self.find_uncached)

    def find_uncached(self):
        """One listing: the VPC with O(id), or the one named O(name) (names are unique in an account)."""
        vpcs = self.listing()
        if self.vpc_id is not None:
            found = [vpc for vpc in vpcs if vpc.get("id") == self.vpc_id]
            if not found:
                if self.module.params["state"] == "present":
                    raise DigitalOceanError("no vpc has the id %s; leave id out to create one" % self.vpc_id)
                return {}
            return {self.name: found[0]}
        found = select_named(vpcs, self.name, "vpc", hint="give its id")
        if found is not None and found.get("region") != self.region and self.module.params["state"] == "absent":
            self.module.warn(
                "vpc %s is in region %s, not %s; it is not this task's VPC and is left alone"
                % (self.name, found.get("region"), self.region)
            )
            return {}
        return {self.name: found} if found else {}

    def view(self, resource):
        return {
            "name": resource["name"],
            "region": resource.get("region"),
            "ip_range": resource.get("ip_range"),
            "description": resource.get("description") or "",
            "default": bool(resource.get("default")),
        }

    def first_in_region(self):
        return not any(vpc.get("region") == self.region for vpc in self.listing())

    def desired(self, identity):
        params = self.module.params
        default = params["default"]
        exists = identity in self.find()
        if not exists and default is None:
            default = self.first_in_region()
        return {
            "name": self.name,
            "region": self.region,
            "ip_range": params["ip_range"],
            "description": params["description"] if params["description"] is not None else (None if exists else ""),
            "default": default,
        }

    def validate(self, plan, resource):
        super(VpcState, self).validate(plan, resource)  # region and ip_range first
        if plan.action == UPDATE and "name" in plan.changes:
            taken = select_named(self.listing(), self.name, "vpc")
            if taken is not None:
                raise DigitalOceanError(
                    "vpc %s cannot be renamed to %s: the VPC %s already has that name (names are unique)"
                    % (resource["name"], self.name, taken["id"])
                )
        if plan.action == UPDATE and "default" in plan.changes and not plan.changes["default"]["after"]:
            raise DigitalOceanError(
                "vpc %s is the default VPC of region %s and the API cannot unset a default; set default: true "
                "on another VPC of %s instead (or leave default unset)" % (resource["name"], self.region, self.region)
            )
        if plan.action == CREATE:
            if self.first_in_region() and plan.after.get("default") is False:
                self.module.warn(
                    "vpc %s is the first VPC of region %s: the API makes it the region's default, whatever "
                    "default says" % (self.name, self.region)
                )
                plan.after["default"] = True
        if plan.action == DELETE:
            self.refuse_delete(resource)

    def refuse_delete(self, resource):
        """Raise when the API would refuse to delete ``resource`` (a region's default, or members remain)."""
        if resource.get("default"):
            region = resource.get("region")
            raise DigitalOceanError(
                "vpc %s is the default VPC of region %s and cannot be deleted; make another VPC of %s the "
                "default first (default: true on it)" % (resource["name"], region, region)
            )
        members = list_all(self.api, "vpcs.list_members", "members", vpc_id=resource["id"])
        if members:
            shown = ", ".join(
                "%s (%s)" % (member.get("name") or "?", member.get("urn")) for member in members[:MEMBERS_SHOWN]
            )
            more = " and %d more" % (len(members) - MEMBERS_SHOWN) if len(members) > MEMBERS_SHOWN else ""
            raise DigitalOceanError(
                "vpc %s cannot be deleted while it has members: %s%s. Delete them or move them to another VPC "
                "first." % (resource["name"], shown, more)
            )

    def recover(self):
        """After an ambiguous create: the VPC named O(name) if it exists now, shaped like the create's answer."""
        self.vpcs = None
        found = select_named(self.listing(), self.name, "vpc")
        return {"vpc": found} if found else None

    def create(self, plans):
        params = self.module.params
        body = {"name": self.name, "region": self.region}
        for option in ("ip_range", "description"):
            if params[option] is not None:
                body[option] = params[option]
        vpc = self.api.write("vpcs.create", recover=self.recover, body=body)["vpc"]
        if params["default"] and not vpc.get("default"):
            vpc = self.api.call("vpcs.patch", vpc_id=vpc["id"], body={"default": True})["vpc"]
        return {self.name: vpc}

    def update(self, plan, resource):
        body = dict((field, change["after"]) for field, change in plan.changes.items())
        return self.api.call("vpcs.patch", vpc_id=resource["id"], body=body)["vpc"]

    def delete(self, plan, resource):
        try:
            self.api.call("vpcs.delete", vpc_id=resource["id"], missing_ok=True)
        except DigitalOceanError as error:
            if error.status != 403:
                raise
            self.refuse_delete(resource)  # names the members that appeared since the plan
            raise


def predicted(plan, found):
    """The VPC as the API would describe it after ``plan``, for check mode: same keys as a real run."""
    if not plan.after:
        return {}
    vpc = dict((field, NEW) for field in API_FIELDS)
    vpc.update(found or {})
    vpc.update(plan.after)
    if vpc.get("ip_range") is None:
        vpc["ip_range"] = NEW
    return vpc


def main():
    module = DigitalOceanModule(
        argument_spec=dict(
            name=dict(type="str", required=True),
            id=dict(type="str"),
            region=dict(type="str", required=True),
            ip_range=dict(type="str"),
            description=dict(type="str"),
            default=dict(type="bool"),
            state=dict(type="str", default="present", choices=["present", "absent"]),
        ),
        supports_check_mode=True,
    )
    problems = input_problems(module.params)
    if problems:
        module.fail_json(msg="; ".join(problems))
    try:
        manager = VpcState(module)
        plans, resources = manager.run(module.params["state"] == "present")
    except DigitalOceanError as error:
        module.fail_from_error(error)
    changed, diff = summarize(plans)
    plan = plans[0]
    vpc = resources.get(manager.name) or {}
    if module.check_mode and plan.changed:
        vpc = predicted(plan, manager.find().get(manager.name))
    module.exit_json(changed=changed, diff=diff, vpc=vpc)


if __name__ == "__main__":
    main()
