#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: tide.digitalocean contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: reserved_ip
short_description: Create, assign, reassign, unassign and delete DigitalOcean reserved IPs
version_added: 0.1.0
description:
  - Manages one reserved IPv4 address. The API chooses the address, so which reserved IP a task means follows
    these rules (its identity), chosen so that a rerun finds the reserved IP the first run created and never
    creates a second one.
  - With O(ip), that reserved IP. It must exist for O(state=present) (an address cannot be asked for); O(droplet)
    then assigns it (moving it from another droplet if it has one) or, set to null or empty, unassigns it.
  - Without O(ip) and with O(droplet) naming a droplet, the reserved IP assigned to that droplet (a droplet
    holds at most one). When it has none, one is created for it (in the droplet's region, assigned at once).
  - Without O(ip) and without a droplet (O(droplet) left out, null or empty), an unassigned reserved IP in
    O(region); when there are several, the lowest address. When there is none, one is created there. Once it
    is assigned elsewhere it no longer matches, so refer to a reserved IP you keep by its O(ip) (register the
    first result).
  - Assign and unassign are reserved IP actions (started safely after an ambiguous failure, waited for with
    O(wait)). A reserved IP cannot change region. Deleting an assigned reserved IP releases it.
author:
  - tide.digitalocean maintainers (@tide)
extends_documentation_fragment:
  - tide.digitalocean.auth
  - tide.digitalocean.wait
attributes:
  check_mode:
    support: full
    description: Reports the create, assignment or delete it would make, without writing.
  diff_mode:
    support: full
    description: Shows the reserved IP (address, region, droplet) before and after.
options:
  ip:
    description: The reserved IPv4 address; see the identity rules above.
    type: str
  region:
    description:
      - Region slug. Required to create an unassigned reserved IP. With O(ip) or a O(droplet), when given, it
        must be the reserved IP's (and the droplet's) region; a reserved IP never changes region.
    type: str
  droplet:
    description:
      - The droplet (numeric id, or a name that exactly one droplet has) the reserved IP is assigned to.
      - V(null) or an empty string (set explicitly) unassigns it; left out, the assignment is not managed.
      - The droplet must be in the reserved IP's region and must not hold another reserved IP.
    type: str
  state:
    description:
      - V(present) the reserved IP exists (assigned as O(droplet) says), V(absent) it is deleted.
      - O(state=absent) needs O(ip) or a O(droplet); it never deletes an unassigned reserved IP picked by region.
    type: str
    choices: [present, absent]
    default: present
"""

EXAMPLES = r"""
- name: A reserved IP for web-1 (created and assigned the first time, found again on every rerun)
  tide.digitalocean.reserved_ip:
    droplet: web-1
  register: web_ip

- name: Move it to web-2 (failover)
  tide.digitalocean.reserved_ip:
    ip: "{{ web_ip.reserved_ip.ip }}"
    droplet: web-2

- name: Keep it, assigned to nothing
  tide.digitalocean.reserved_ip:
    ip: "{{ web_ip.reserved_ip.ip }}"
    droplet: null

- name: An unassigned reserved IP in fra1
  tide.digitalocean.reserved_ip:
    region: fra1

- name: Release it
  tide.digitalocean.reserved_ip:
    ip: "{{ web_ip.reserved_ip.ip }}"
    state: absent
"""

RETURN = r"""
reserved_ip:
  description:
    - The reserved IP as the API describes it. In check mode the prediction with the same keys (C(droplet)
      holds only the C(id) then; a new address shows as V((chosen by the API))).
    - Empty after O(state=absent).
  returned: always
  type: dict
  sample:
    ip: 198.18.0.40
    region: {slug: nyc3, name: New York 3}
    droplet: {id: 3164444, name: web-1}
    locked: false
"""

import ipaddress

from ansible_collections.tide.digitalocean.plugins.module_utils.actions import Actions
from ansible_collections.tide.digitalocean.plugins.module_utils.droplets import find_droplets
from ansible_collections.tide.digitalocean.plugins.module_utils.errors import DigitalOceanError
from ansible_collections.tide.digitalocean.plugins.module_utils.lookup import is_placeholder, region_slug, require
from ansible_collections.tide.digitalocean.plugins.module_utils.module import DigitalOceanModule
from ansible_collections.tide.digitalocean.plugins.module_utils.pages import list_all
from ansible_collections.tide.digitalocean.plugins.module_utils.state import CREATE, UPDATE, ResourceState, summarize
from ansible_collections.tide.digitalocean.plugins.module_utils.wait import wait_for_resource

UNASSIGNED = "(unassigned)"
NEW_ADDRESS = "(chosen by the API)"
DEFAULT_PROJECT = "(the account's default project)"


def holder(reserved_ip):
    """The id (as text) of the droplet holding ``reserved_ip``, or UNASSIGNED."""
    droplet = reserved_ip.get("droplet") or {}
    return str(droplet["id"]) if droplet.get("id") is not None else UNASSIGNED


def address_key(reserved_ip):
    return int(ipaddress.IPv4Address(reserved_ip["ip"]))


class ReservedIpState(ResourceState):
    kind = "reserved IP"
    immutable = ("region",)

    def __init__(self, module):
        super(ReservedIpState, self).__init__(module)
        params = module.params
        self.ip = params["ip"]
        self.region = params["region"]
        self.droplet_ref = params["droplet"] or None
        self.manage_assignment = module.given("droplet")
        self.known = set()
        self.exists = False
        self.actions = Actions(self.api, "reserved_ip", params["wait_timeout"])
        if self.ip:
            self.identity = self.ip
        elif self.droplet_ref:
            self.identity = "reserved IP of droplet %s" % self.droplet_ref
        else:
            self.identity = "unassigned reserved IP in %s" % self.region

    def identities(self):
        return [self.identity]

    # -- the droplet the task names ---------------------------------------------------------------------------
    def droplet(self):
        """``{"id": int, "region": slug or None}`` of O(droplet); a name costs one listing, an id nothing yet."""
        def resolve():
            ref = self.droplet_ref
            if ref.isdigit():
                return {"id": int(ref), "region": None}
            found = find_droplets(self.api, [ref]).get(ref)
            if found is None and self.module.params["state"] == "absent":
                return None  # no droplet, so no reserved IP of it to delete
            found = require(found, "droplet", ref, option="droplet", api=self.api)
            if found.get("assumed"):  # check mode: an earlier task creates it, in the region the task names
                return {"id": found["id"], "region": self.region}
            return {"id": found["id"], "region": region_slug(found)}
        return self.memo("droplet", resolve)

    def droplet_region(self):
        """The region of O(droplet) (one GET for a droplet given by id, the first time only)."""
        droplet = self.droplet()
        if droplet["region"] is None and not is_placeholder(droplet["id"]):
            body = self.api.call("droplets.get", droplet_id=droplet["id"], missing_ok=True)
            if not body:
                raise DigitalOceanError("droplet: no droplet has the id %s" % droplet["id"])
            droplet["region"] = region_slug(body["droplet"])
        return droplet["region"]

    # -- finding ----------------------------------------------------------------------------------------------
    def find(self):
        if self.ip:
            body = self.api.call("reserved_ips.get", reserved_ip=self.ip, missing_ok=True)
            self.exists = bool(body)
            self.found_resource = body["reserved_ip"] if body else None
            return {self.identity: body["reserved_ip"]} if body else {}
        if self.droplet_ref and self.droplet() is None:
            return {}
        wanted = str(self.droplet()["id"]) if self.droplet_ref else UNASSIGNED
        everything = list_all(self.api, "reserved_ips.list", "reserved_ips")
        self.known = set(item["ip"] for item in everything)
        candidates = [
            item for item in everything
            if holder(item) == wanted
            and (self.droplet_ref or (region_slug(item) == self.region and not item.get("locked")))
        ]
        self.exists = bool(candidates)
        if not candidates:
            return {}
        self.found_resource = sorted(candidates, key=address_key)[0]
        return {self.identity: self.found_resource}

    def view(self, resource):
        return {"ip": resource["ip"], "region": region_slug(resource), "droplet": holder(resource)}

    def desired(self, identity):
        wanted = None
        if self.droplet_ref:
            wanted = str(self.droplet()["id"])
        elif self.manage_assignment or not self.ip:
            wanted = UNASSIGNED
        return {"ip": self.ip or (None if self.exists else NEW_ADDRESS), "region": self.region, "droplet": wanted}

    def validate(self, plan, resource):
        if plan.action == CREATE and self.ip:
            raise DigitalOceanError(
                "reserved IP %s does not exist and an address cannot be chosen: leave ip out to create one (with "
                "droplet or region)" % self.ip, status=404)
        wanted = plan.changes.get("droplet", {}).get("after")
        if plan.action in (CREATE, UPDATE) and wanted not in (None, UNASSIGNED):
            region = region_slug(resource) if resource else self.region
            droplet_region = self.droplet_region()
            if None not in (region, droplet_region) and droplet_region != region:
                raise DigitalOceanError(
                    "%s is in region %s and droplet %s in %s: a reserved IP is assigned only to a droplet of its "
                    "region" % (plan.identity if resource is None else "reserved IP %s" % resource["ip"], region,
                                self.droplet_ref, droplet_region))
        super(ReservedIpState, self).validate(plan, resource)

    def predict(self, plan, resource=None):
        """The reserved IP as the API would show it after ``plan`` (check mode), same keys as a real answer."""
        after = plan.after
        wanted = after["droplet"]
        droplet = None if wanted == UNASSIGNED else {"id": int(wanted) if wanted.isdigit() else wanted}
        if plan.action == CREATE:
            region = self.region or self.droplet_region()
            return {"ip": after["ip"], "region": {"slug": region}, "droplet": droplet, "locked": False,
                    "project_id": DEFAULT_PROJECT}
        return dict(self.found_resource, droplet=droplet, locked=False)

    # -- writes -----------------------------------------------------------------------------------------------
    def recover(self):
        """After an ambiguous create: a reserved IP the account did not have before, in the right place."""
        for item in list_all(self.api, "reserved_ips.list", "reserved_ips"):
            if item["ip"] in self.known:
                continue
            if self.droplet_ref or region_slug(item) == self.region:
                return {"reserved_ip": item, "links": {}}
        return None

    def wait_assigned(self, ip, droplet_id):
        return wait_for_resource(
            self.api, "reserved_ips.get", "reserved_ip",
            lambda r: holder(r) == str(droplet_id) and not r.get("locked"),
            self.module.params["wait_timeout"], "reserved IP %s to be assigned to droplet %s" % (ip, droplet_id),
            reserved_ip=ip)

    def create(self, plans):
        if self.droplet_ref:
            droplet_id = self.droplet()["id"]
            body = {"droplet_id": droplet_id}
        else:
            body = {"region": self.region}
        reserved_ip = self.api.write("reserved_ips.create", recover=self.recover, body=body)["reserved_ip"]
        if self.droplet_ref and self.module.params["wait"]:
            reserved_ip = self.wait_assigned(reserved_ip["ip"], droplet_id)
        return {self.identity: reserved_ip}

    def update(self, plan, resource):
        ip = resource["ip"]
        wanted = plan.changes["droplet"]["after"]
        wait = self.module.params["wait"]
        if wanted == UNASSIGNED:
            self.actions.run(ip, "unassign", lambda r: holder(r) == UNASSIGNED, wait=wait)
        else:
            self.actions.run(ip, "assign", lambda r: holder(r) == wanted, wait=wait, droplet_id=int(wanted))
        return self.api.call("reserved_ips.get", reserved_ip=ip)["reserved_ip"]

    def delete(self, plan, resource):
        self.api.call("reserved_ips.delete", reserved_ip=resource["ip"], missing_ok=True)


def check_params(module):
    """Checks that need no request; an error message or None."""
    params = module.params
    if params["droplet"] is not None:
        params["droplet"] = params["droplet"].strip()
    if params["ip"] is not None:
        try:
            params["ip"] = str(ipaddress.IPv4Address(params["ip"].strip()))
        except ValueError:
            return "ip %r is not an IPv4 address" % params["ip"]
    if params["state"] == "absent" and not params["ip"] and not params["droplet"]:
        return "state=absent needs ip or droplet: an unassigned reserved IP picked by region is never deleted"
    if not params["ip"] and not params["droplet"] and not params["region"]:
        return "one of ip, droplet (a droplet, not null) or region is required"
    return None


def main():
    module = DigitalOceanModule(
        argument_spec=dict(
            ip=dict(type="str"),
            region=dict(type="str"),
            droplet=dict(type="str"),
            state=dict(type="str", default="present", choices=["present", "absent"]),
        ),
        wait=True,
        supports_check_mode=True,
    )
    problem = check_params(module)
    if problem:
        module.fail_json(msg=problem)
    try:
        manager = ReservedIpState(module)
        plans, resources = manager.run(module.params["state"] == "present")
    except DigitalOceanError as error:
        module.fail_from_error(error)
    changed, diff = summarize(plans)
    reserved_ip = resources.get(manager.identity) or {}
    if module.check_mode and plans[0].changed and plans[0].after:
        reserved_ip = manager.predict(plans[0])
    module.exit_json(changed=changed, diff=diff, reserved_ip=reserved_ip)


if __name__ == "__main__":
    main()
