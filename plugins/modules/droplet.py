#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: tide.digitalocean contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: droplet
short_description: Create, reconcile, power and delete DigitalOcean droplets
version_added: 0.1.0
description:
  - Manages one droplet (O(name)) or several (O(names)) identified by name and region.
  - Idempotent by default, a droplet whose name and region match is never created twice.
    Two droplets sharing a name in the region is an error, the module does not guess.
  - Several droplets are created with one request per 10 names, and looked up with one
    paginated listing (200 droplets a page) for the whole task.
  - Drift is reconciled for O(tags) (added and removed), O(size) (resize) and the power
    state (O(state=active) or O(state=off)). Differences in O(image), O(vpc) and O(user_data)
    cannot be changed in place and fail the task with a message naming them.
author:
  - tide.digitalocean maintainers (@tide)
extends_documentation_fragment:
  - tide.digitalocean.auth
  - tide.digitalocean.wait
  - tide.digitalocean.tags
attributes:
  check_mode:
    support: full
    description: Reports the creates, resizes, tag and power changes it would make, without writing.
  diff_mode:
    support: full
    description: Shows the droplet before and after (one diff per droplet).
options:
  name:
    description:
      - Name of the droplet. Mutually exclusive with O(names).
    type: str
  names:
    description:
      - Names of several droplets that share all other options.
      - Missing ones are created in batches of at most 10 names per request.
    type: list
    elements: str
  region:
    description:
      - Region slug, for example V(nyc3). Part of the droplet's identity.
    type: str
    required: true
  size:
    description:
      - Size slug, for example V(s-1vcpu-1gb). Required unless O(state=absent).
      - A different size on an existing droplet resizes it (CPU and memory; the disk is not grown,
        so a later downsize stays possible). A running droplet must be powered off for that,
        which the module does only with O(allow_restart=true).
    type: str
  image:
    description:
      - Image slug or numeric image id. Required unless O(state=absent). Cannot change in place.
    type: str
  ssh_keys:
    description:
      - SSH keys to install at creation, each a key id, a fingerprint or the name of a key in the
        account. Names are looked up only when a droplet is created.
    type: list
    elements: str
  vpc:
    description:
      - VPC uuid or VPC name. Cannot change in place. Defaults to the region's default VPC.
    type: str
  user_data:
    description:
      - Cloud-init user data given at creation. Compared only when the API returns it.
      - The module warns when it enables UFW next to Tailscale (cloud-init races them, which can lock SSH out).
    type: str
  monitoring:
    description: Install the monitoring agent at creation.
    type: bool
    default: false
  backups:
    description: Enable backups at creation.
    type: bool
    default: false
  ipv6:
    description: Enable IPv6 at creation.
    type: bool
    default: false
  volumes:
    description: Ids of block storage volumes to attach at creation.
    type: list
    elements: str
  state:
    description:
      - V(present) the droplet exists, its power state is not managed.
      - V(active) the droplet exists and is powered on.
      - V(off) the droplet exists and is powered off.
      - V(absent) the droplet does not exist. With O(names), when the droplets to delete are exactly the droplets
        of the account that carry one of their tags, they are deleted with one request by that tag (a tag any
        other droplet carries is never used); otherwise with one request each. With O(wait=true) the deletions
        are waited for with one listing a poll.
    type: str
    choices: [present, active, "off", absent]
    default: present
  allow_restart:
    description:
      - Allow powering a running droplet off and on again to resize it.
    type: bool
    default: false
notes:
  - A droplet's power state and size changes are DigitalOcean actions; with O(wait=true) the module
    returns when they are completed and new droplets are active, also droplets it found still booting
    (created by an earlier task with O(wait=false)).
  - A loop of tasks, one per droplet (each with its own O(user_data), say), costs the least with
    O(wait=false) on its items and one task with O(names) after it waiting for them all (one listing a poll,
    see EXAMPLES).
"""

EXAMPLES = r"""
- name: One droplet
  tide.digitalocean.droplet:
    name: web-1
    region: nyc3
    size: s-1vcpu-1gb
    image: ubuntu-24-04-x64
    ssh_keys: [deploy]
    tags: [web]
    state: active

- name: A dozen workers, created ten per request, looked up with one listing
  tide.digitalocean.droplet:
    names: "{{ range(1, 13) | map('string') | map('regex_replace', '^', 'worker-') | list }}"
    region: nyc3
    size: s-1vcpu-1gb
    image: ubuntu-24-04-x64
    tags: [worker]

- name: Workers with their own cloud-init, a loop whose items do not wait ...
  tide.digitalocean.droplet:
    name: "{{ item }}"
    region: nyc3
    size: s-1vcpu-1gb
    image: ubuntu-24-04-x64
    user_data: "{{ lookup('ansible.builtin.template', item ~ '.cloud-init.j2') }}"
    tags: [worker]
    state: active
    wait: false
  loop: [worker-a, worker-b, worker-c]

- name: ... then one task waiting for all of them to be active
  tide.digitalocean.droplet:
    names: [worker-a, worker-b, worker-c]
    region: nyc3
    size: s-1vcpu-1gb
    image: ubuntu-24-04-x64
    tags: [worker]
    state: active

- name: Grow web-1, restarting it if it runs
  tide.digitalocean.droplet:
    name: web-1
    region: nyc3
    size: s-2vcpu-2gb
    image: ubuntu-24-04-x64
    allow_restart: true

- name: Delete it
  tide.digitalocean.droplet:
    name: web-1
    region: nyc3
    state: absent
"""

RETURN = r"""
droplet:
  description:
    - The droplet as the API describes it, with V(public_ipv4) and V(private_ipv4) added.
    - In check mode, the predicted fields only. Empty after O(state=absent).
    - Returned with O(name).
  returned: when O(name) is used
  type: dict
  sample:
    id: 3164444
    name: web-1
    status: active
    size_slug: s-1vcpu-1gb
    public_ipv4: 203.0.113.10
    private_ipv4: 10.10.0.2
    tags: [web]
droplets:
  description: Every droplet of the task (one element with O(name)), same form as RV(droplet).
  returned: always
  type: list
  elements: dict
"""

import copy
import functools
import re

from ansible_collections.tide.digitalocean.plugins.module_utils.actions import Actions
from ansible_collections.tide.digitalocean.plugins.module_utils.catalogue import check_region
from ansible_collections.tide.digitalocean.plugins.module_utils.droplets import find_droplets, with_addresses
from ansible_collections.tide.digitalocean.plugins.module_utils.errors import DigitalOceanError
from ansible_collections.tide.digitalocean.plugins.module_utils.lookup import (
    region_slug,
    resolve_ssh_keys,
    resolve_vpc,
    select_each,
)
from ansible_collections.tide.digitalocean.plugins.module_utils.module import DigitalOceanModule
from ansible_collections.tide.digitalocean.plugins.module_utils.pages import list_all
from ansible_collections.tide.digitalocean.plugins.module_utils.state import (
    CREATE,
    DELETE,
    NOTHING,
    ResourceState,
    known_later,
    summarize,
)
from ansible_collections.tide.digitalocean.plugins.module_utils.tags import reconcile_tags
from ansible_collections.tide.digitalocean.plugins.module_utils.wait import wait_for_droplets, wait_until

BATCH_SIZE = 10
# What the API accepts as a droplet name (a hostname: letters, digits, '.', '-'; starting and ending with a letter
# or digit), at most 255 characters.
NAME_PATTERN = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$")
MAX_NAME = 255


def name_problem(name):
    """Why the API would refuse ``name`` as a droplet name, or None."""
    if name and len(name) <= MAX_NAME and NAME_PATTERN.match(name):
        return None
    return (
        "%r is not a valid droplet name: letters, digits, '.' and '-' only, starting and ending with a letter "
        "or digit, at most %d characters" % (name, MAX_NAME)
    )


POWER_STATES = {"active": "active", "off": "off"}


UFW_ENABLE = re.compile(r"\bufw\b[^\n]*\benable\b", re.IGNORECASE)
TAILSCALE = re.compile(r"\btailscale", re.IGNORECASE)


def user_data_warning(user_data):
    """A warning when user data enables UFW next to Tailscale (cloud-init races them; the seed lost SSH that way)."""
    if user_data and UFW_ENABLE.search(user_data) and TAILSCALE.search(user_data):
        return (
            "user_data enables UFW and sets up Tailscale: cloud-init runs them while tailscaled is still starting, "
            "and UFW enabled before an allow rule for tailscale0 and SSH can lock you out. Enable UFW after "
            "'tailscale up' with those rules first, or leave UFW to the role tide.digitalocean.ufw_safe_ssh."
        )
    return None


def carries(droplet, tag):
    """True when ``droplet`` carries ``tag`` (tag names compared without case, as the API matches them)."""
    return tag.lower() in [t.lower() for t in droplet.get("tags") or []]


def tag_of_exactly(listing, doomed):
    """A tag that exactly the droplets ``doomed`` carry in ``listing`` (the account's droplets), or None.

    Deleting by that tag (``DELETE /v2/droplets?tag_name=``, one request) deletes those droplets and nothing else;
    a tag any other droplet of the account also carries is never chosen. Of several such tags the first in sort
    order is returned.
    """
    doomed = list(doomed)
    ids = set(d["id"] for d in doomed)
    if not ids:
        return None
    shared = set(t.lower() for t in doomed[0].get("tags") or [])
    for droplet in doomed[1:]:
        shared &= set(t.lower() for t in droplet.get("tags") or [])
    names = dict((t.lower(), t) for t in doomed[0].get("tags") or [])
    for tag in sorted(names[t] for t in shared):
        if set(d["id"] for d in listing if carries(d, tag)) == ids:
            return tag
    return None


def image_of(droplet):
    image = droplet.get("image") or {}
    if image.get("slug"):
        return image["slug"]
    return str(image["id"]) if image.get("id") is not None else None


class DropletState(ResourceState):
    kind = "droplet"
    immutable = ("image", "vpc", "user_data")

    def __init__(self, module):
        super(DropletState, self).__init__(module)
        params = module.params
        self.names = [params["name"]] if params["name"] else list(params["names"])
        self.region = params["region"]
        self.actions = Actions(self.api, "droplet", params["wait_timeout"])
        self._catalogue_checked = False
        self.listing = None

    def identities(self):
        return self.names

    def find(self):
        """One name: one listing by name; several: the account's droplets, kept (``delete_all`` reads them)."""
        if len(set(self.names)) == 1:
            return find_droplets(self.api, self.names, self.region)
        self.listing = list_all(self.api, "droplets.list", "droplets")
        return select_each(self.listing, self.names, "droplet", region=self.region)

    def vpc_uuid(self):
        """The uuid of O(vpc); a name costs one listing, made only when first needed."""
        return self.memo("vpc", lambda: resolve_vpc(self.api, self.module.params["vpc"], self.region))

    def view(self, resource):
        view = {
            "name": resource["name"],
            "region": region_slug(resource),
            "size": resource.get("size_slug"),
            "image": image_of(resource),
            "tags": sorted(resource.get("tags") or []),
            # A "new" droplet is booting and becomes active without any action from us.
            "status": "active" if resource.get("status") == "new" else resource.get("status"),
            "vpc": resource.get("vpc_uuid"),
        }
        if "user_data" in resource:
            view["user_data"] = resource["user_data"]
        return view

    def desired(self, identity):
        params = self.module.params
        return {
            "name": identity,
            "region": self.region,
            "size": params["size"],
            "image": params["image"],
            "tags": params["tags"],
            "status": POWER_STATES.get(params["state"]),
            "vpc": self.vpc_uuid() if params["vpc"] else None,
        }

    def predict(self, plan, resource):
        """Check mode: the droplet as the API returns it after the change; a new one has placeholders for its id,
        addresses and what the size and image catalogue fill in."""
        after = plan.after
        if resource is not None:
            droplet = copy.deepcopy(resource)
            droplet["size_slug"] = after.get("size", droplet.get("size_slug"))
            droplet["status"] = after.get("status") or droplet.get("status")
            droplet["tags"] = after.get("tags", droplet.get("tags"))
            return droplet
        params = self.module.params
        image = params["image"]
        v6 = [{"ip_address": known_later("public IPv6 address"), "type": "public"}] if params["ipv6"] else []
        droplet = dict(
            (key, known_later(key))
            for key in ("memory", "vcpus", "disk", "disk_info", "created_at", "kernel", "next_backup_window")
        )
        droplet.update(
            id=known_later("id"),
            name=plan.identity,
            status=after.get("status") or "active",
            features=[],
            backup_ids=[],
            snapshot_ids=[],
            volume_ids=[],
            locked=False,
            image={"id": int(image)} if image.isdigit() else {"slug": image},
            size_slug=params["size"],
            size={"slug": params["size"]},
            region={"slug": self.region},
            tags=after.get("tags") or [],
            vpc_uuid=self.vpc_uuid() if params["vpc"] else known_later("vpc_uuid"),
            networks={
                "v4": [
                    {"ip_address": known_later("public IPv4 address"), "type": "public"},
                    {"ip_address": known_later("private IPv4 address"), "type": "private"},
                ],
                "v6": v6,
            },
        )
        return droplet

    def plan(self, present):
        plans, found = super(DropletState, self).plan(present)
        for plan in plans:
            droplet = found.get(plan.identity)
            if droplet is not None and "user_data" in droplet and self.module.params["user_data"] is not None:
                if droplet["user_data"] != self.module.params["user_data"]:
                    plan.changes["user_data"] = {
                        "before": droplet["user_data"],
                        "after": self.module.params["user_data"],
                    }
                    self.validate(plan, droplet)
        return plans, found

    def validate(self, plan, resource):
        super(DropletState, self).validate(plan, resource)
        if plan.action == CREATE and not self._catalogue_checked:
            check_region(self.api, self.region, size=self.module.params["size"])
            self._catalogue_checked = True
        if "size" in plan.changes and resource is not None and resource.get("status") == "active":
            if self.module.params["state"] != "off" and not self.module.params["allow_restart"]:
                raise DigitalOceanError(
                    "droplet %s runs with size %s; resizing to %s needs it powered off. "
                    "Set allow_restart: true to let the module power it off and on again, or state: off."
                    % (plan.identity, plan.changes["size"]["before"], plan.changes["size"]["after"])
                )

    def create_body(self, names, ssh_keys):
        params = self.module.params
        body = {
            "region": self.region,
            "size": params["size"],
            "image": int(params["image"]) if params["image"].isdigit() else params["image"],
            "ssh_keys": ssh_keys,
            "backups": params["backups"],
            "ipv6": params["ipv6"],
            "monitoring": params["monitoring"],
            "tags": params["tags"] or [],
        }
        if len(names) == 1:
            body["name"] = names[0]
        else:
            body["names"] = names
        if params["vpc"]:
            body["vpc_uuid"] = self.vpc_uuid()
        if params["user_data"] is not None:
            body["user_data"] = params["user_data"]
        if params["volumes"]:
            body["volumes"] = params["volumes"]
        return body

    def create(self, plans):
        ssh_keys = resolve_ssh_keys(self.api, self.module.params["ssh_keys"])
        pending = [plan.identity for plan in plans]
        created = {}
        while pending:
            batch = pending[:BATCH_SIZE]
            body = self.create_body(batch, ssh_keys)
            result = self.api.write("droplets.create", recover=functools.partial(self.recover, batch), body=body)
            droplets = result.get("droplets") or ([result["droplet"]] if result.get("droplet") else [])
            new = [d for d in droplets if d["name"] in batch and d["name"] not in created]
            if not new:
                raise DigitalOceanError("creating droplets %s returned none of them" % ", ".join(batch))
            for droplet in new:
                created[droplet["name"]] = droplet
            pending = [name for name in pending if name not in created]
        return self.settle_created(created)

    def recover(self, batch):
        """After an ambiguous create: the droplets of ``batch`` that exist now, or None if none does."""
        found = find_droplets(self.api, batch, self.region)
        if not found:
            return None
        return {"droplets": list(found.values())}

    def wait_active(self, droplets):
        """``{name: droplet}`` once all of ``droplets`` are active (one listing a poll, by tag if the task has tags)."""
        tags = self.module.params["tags"]
        current = wait_for_droplets(
            self.api,
            [d["id"] for d in droplets],
            lambda d: d.get("status") == "active",
            self.module.params["wait_timeout"],
            tag_name=tags[0] if tags else None,
        )
        return dict((d["name"], d) for d in current.values())

    def settle_created(self, created):
        state = self.module.params["state"]
        if not (self.module.params["wait"] or state == "off"):
            return created
        current = self.wait_active(created.values())
        ids = [d["id"] for d in current.values()]
        if state == "off":
            self.actions.run_many(ids, "power_off", lambda d: d.get("status") == "off")
            current = wait_for_droplets(self.api, ids, lambda d: True, self.module.params["wait_timeout"], at_once=True)
            return dict((d["name"], d) for d in current.values())
        return current

    def update(self, plan, resource):
        changes = plan.changes
        droplet_id = resource["id"]
        state = self.module.params["state"]
        was_active = resource.get("status") == "active"
        if "size" in changes:
            if was_active:
                self.actions.run(droplet_id, "power_off", lambda d: d.get("status") == "off")
            self.actions.run(
                droplet_id,
                "resize",
                lambda d: d.get("size_slug") == changes["size"]["after"],
                size=changes["size"]["after"],
                disk=False,
            )
            if state == "active" or (state == "present" and was_active):
                self.actions.run(
                    droplet_id, "power_on", lambda d: d.get("status") == "active", wait=self.module.params["wait"]
                )
        elif "status" in changes:
            if changes["status"]["after"] == "off":
                self.actions.run(
                    droplet_id, "power_off", lambda d: d.get("status") == "off", wait=self.module.params["wait"]
                )
            else:
                self.actions.run(
                    droplet_id, "power_on", lambda d: d.get("status") == "active", wait=self.module.params["wait"]
                )
        if "tags" in changes:
            reconcile_tags(self.api, "droplet", droplet_id, changes["tags"]["before"], changes["tags"]["after"])
        return self.api.call("droplets.get", droplet_id=droplet_id)["droplet"]

    def delete(self, plan, resource):
        self.api.call("droplets.destroy", droplet_id=resource["id"], missing_ok=True)

    def run(self, present):
        """As the base class, except that several droplets to delete that are exactly the droplets of the account
        carrying one of their tags are deleted with one request by that tag (``tag_of_exactly``)."""
        if self.check_mode:
            return super(DropletState, self).run(present)
        if present:
            plans, resources = super(DropletState, self).run(present)
            booting = [resources[p.identity] for p in plans if p.action == NOTHING and p.identity in resources
                       and resources[p.identity].get("status") == "new"]
            if booting and self.module.params["wait"] and self.module.params["state"] != "off":
                # created by an earlier task that did not wait (a loop with wait: false): waited for here, together
                resources.update(self.wait_active(booting))
            return plans, resources
        plans, found = self.plan(present)
        doomed = [found[plan.identity] for plan in plans if plan.action == DELETE]
        tag = tag_of_exactly(self.listing, doomed) if self.listing is not None and len(doomed) > 1 else None
        if tag is not None:
            self.api.call("droplets.destroy_by_tag", tag_name=tag, missing_ok=True)
        else:
            for plan in plans:
                if plan.action == DELETE:
                    self.delete(plan, found[plan.identity])
        return plans, {}

    def wait_deleted(self, names):
        wait_until(
            lambda: find_droplets(self.api, names, self.region),
            lambda found: not found,
            self.module.params["wait_timeout"],
            "droplets %s to be deleted" % ", ".join(names),
            at_once=True,
        )


def main():
    module = DigitalOceanModule(
        argument_spec=dict(
            name=dict(type="str"),
            names=dict(type="list", elements="str"),
            region=dict(type="str", required=True),
            size=dict(type="str"),
            image=dict(type="str"),
            ssh_keys=dict(type="list", elements="str", no_log=False),
            vpc=dict(type="str"),
            tags=dict(type="list", elements="str"),
            user_data=dict(type="str"),
            monitoring=dict(type="bool", default=False),
            backups=dict(type="bool", default=False),
            ipv6=dict(type="bool", default=False),
            volumes=dict(type="list", elements="str"),
            state=dict(type="str", default="present", choices=["present", "active", "off", "absent"]),
            allow_restart=dict(type="bool", default=False),
        ),
        wait=True,
        mutually_exclusive=[("name", "names")],
        required_one_of=[("name", "names")],
        required_if=[
            ("state", "present", ("size", "image")),
            ("state", "active", ("size", "image")),
            ("state", "off", ("size", "image")),
        ],
        supports_check_mode=True,
    )
    params = module.params
    if params["state"] == "absent":
        conflicting = [option for option in ("size", "image", "allow_restart") if module.given(option)]
        if conflicting:
            module.fail_json(
                msg="state: absent deletes the droplet; %s would be ignored, so the task is refused. Remove %s "
                "or use another state." % (", ".join(conflicting), "it" if len(conflicting) == 1 else "them")
            )
    if params["names"] is not None:
        if not params["names"] or any(not n for n in params["names"]):
            module.fail_json(msg="names must be a non-empty list of non-empty names")
        if len(set(params["names"])) != len(params["names"]):
            module.fail_json(
                msg="names contains duplicates: %s"
                % sorted(set(n for n in params["names"] if params["names"].count(n) > 1))
            )
    problems = [name_problem(name) for name in params["names"] or [params["name"]] if name_problem(name)]
    if problems:
        module.fail_json(msg="; ".join(problems) + ". Nothing was created.")
    warning = user_data_warning(params["user_data"])
    if warning:
        module.warn(warning)
    try:
        manager = DropletState(module)
        present = params["state"] != "absent"
        plans, resources = manager.run(present)
        deleted = [plan.identity for plan in plans if plan.changed and not present]
        if deleted and params["wait"] and not module.check_mode:
            manager.wait_deleted(deleted)
    except DigitalOceanError as error:
        module.fail_from_error(error)
    changed, diff = summarize(plans)
    droplets = [with_addresses(resources[name]) for name in manager.names if name in resources]
    result = dict(changed=changed, diff=diff, droplets=droplets)
    if params["name"]:
        result["droplet"] = droplets[0] if droplets else {}
    module.exit_json(**result)


if __name__ == "__main__":
    main()
