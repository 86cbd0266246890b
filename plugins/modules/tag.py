#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: tide.digitalocean contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: tag
short_description: Create and delete DigitalOcean tags, and put them on resources or take them off
version_added: 0.1.0
description:
  - Manages one tag identified by its O(name), and which resources carry it.
  - O(resources) names droplets, volumes and database clusters by name or id, and images (droplet snapshots) and
    volume snapshots by id; each is tagged (O(resources[].state=present)) or untagged (O(resources[].state=absent)).
    With O(purge_resources=true) every other resource carrying the tag is untagged.
  - Costs one request for the tag and one listing per resource kind it has to look at (the kinds O(resources)
    names and, with O(purge_resources), every kind that carries the tag); names and ids are checked against those
    listings, so a name or id that matches nothing fails the task before any write.
  - O(state=absent) deletes the tag, which takes it off every resource.
author:
  - tide.digitalocean maintainers (@tide)
extends_documentation_fragment:
  - tide.digitalocean.auth
attributes:
  check_mode:
    support: full
    description: Reports the tag creation or deletion and the resources it would tag and untag, without writing.
  diff_mode:
    support: full
    description: Shows the resources carrying the tag before and after, as C(kind:id (name)).
options:
  name:
    description: Name of the tag (letters, digits, colons, dashes and underscores; at most 255).
    type: str
    required: true
  resources:
    description:
      - Resources to tag or untag. Each is given by O(resources[].kind) and either O(resources[].name) or
        O(resources[].id).
      - Unset or V([]) with O(purge_resources=false) manages no attachment.
    type: list
    elements: dict
    default: []
    suboptions:
      kind:
        description:
          - The resource kind. V(image) is a droplet snapshot (or a custom image), V(volume_snapshot) a volume
            snapshot; both are given by O(resources[].id).
        type: str
        required: true
        choices: [droplet, volume, database, image, volume_snapshot]
      name:
        description: Name of a droplet, volume or database cluster. Must match exactly one.
        type: str
      id:
        description: Id of the resource (a number for droplets and images, a uuid for the others).
        type: str
      region:
        description: Region slug in which a droplet or volume name is looked up (names are unique only per region).
        type: str
      state:
        description: V(present) the resource carries the tag, V(absent) it does not.
        type: str
        choices: [present, absent]
        default: present
  purge_resources:
    description:
      - Untag every resource that carries the tag and is not listed in O(resources) with O(resources[].state=present).
      - V(false) (the default) leaves other resources alone.
    type: bool
    default: false
  state:
    description: V(present) the tag exists, V(absent) it does not (deleting it untags every resource).
    type: str
    choices: [present, absent]
    default: present
seealso:
  - module: tide.digitalocean.droplet
  - module: tide.digitalocean.firewall
"""

EXAMPLES = r"""
- name: Tag the web droplets and their data volume
  tide.digitalocean.tag:
    name: web
    resources:
      - {kind: droplet, name: web-1, region: nyc3}
      - {kind: droplet, id: "3164444"}
      - {kind: volume, name: web-data, region: nyc3}

- name: Exactly these resources carry the tag, nothing else
  tide.digitalocean.tag:
    name: backup
    resources:
      - {kind: database, name: app-db}
      - {kind: volume_snapshot, id: 8fa70202-873f-11e6-8b68-000f533176b1}
    purge_resources: true

- name: Take it off one droplet
  tide.digitalocean.tag:
    name: web
    resources:
      - {kind: droplet, name: web-1, state: absent}

- name: Delete the tag
  tide.digitalocean.tag:
    name: web
    state: absent
"""

RETURN = r"""
tag:
  description:
    - The tag after the task (in check mode, the prediction; the same shape); empty after O(state=absent).
  returned: always
  type: dict
  contains:
    name:
      description: The tag's name as the API spells it.
      type: str
      sample: web
    resources:
      description:
        - The resources carrying the tag, among the kinds the task looked at (every kind that carries it with
          O(purge_resources=true)), sorted by kind and id.
      type: list
      elements: dict
      sample:
        - {kind: droplet, id: "3164444", name: web-1}
        - {kind: volume, id: 506f78a4-e098-11e5-ad9f-000f53306ae1, name: web-data}
"""

import re

from ansible_collections.tide.digitalocean.plugins.module_utils.errors import DigitalOceanError
from ansible_collections.tide.digitalocean.plugins.module_utils.lookup import (
    looks_like_uuid,
    select_named,
)
from ansible_collections.tide.digitalocean.plugins.module_utils.module import DigitalOceanModule
from ansible_collections.tide.digitalocean.plugins.module_utils.pages import list_all, list_all_by_query
from ansible_collections.tide.digitalocean.plugins.module_utils.state import ResourceState, summarize
from ansible_collections.tide.digitalocean.plugins.module_utils.tags import create_tag, get_tag

NAME_PATTERN = re.compile(r"^[a-zA-Z0-9_:-]{1,255}$")
CHUNK = 50  # resources per tag/untag request


class Kind:
    """How to list one kind of taggable resource, and how the API counts it under ``tag.resources``."""

    def __init__(self, label, operation, key, count_keys, numeric, by_name, arguments=None, tag_filter=None,
                 by_query=False):
        self.label = label
        self.operation = operation
        self.key = key
        self.count_keys = count_keys
        self.numeric = numeric
        self.by_name = by_name
        self.arguments = arguments or {}
        self.tag_filter = tag_filter
        self.by_query = by_query

    def listing(self, api, tag=None):
        """The account's resources of this kind; with ``tag``, those the API filters by that tag (if it can)."""
        arguments = dict(self.arguments)
        if tag is not None and self.tag_filter:
            arguments[self.tag_filter] = tag
        lister = list_all_by_query if self.by_query else list_all
        return lister(api, self.operation, self.key, **arguments)


KINDS = {
    "droplet": Kind("droplet", "droplets.list", "droplets", ("droplets",), True, True, tag_filter="tag_name"),
    "volume": Kind("volume", "volumes.list", "volumes", ("volumes",), False, True),
    "database": Kind("database cluster", "databases.list_clusters", "databases", ("databases",), False, True,
                     tag_filter="tag_name", by_query=True),
    # The API spells this count key "imgages"; "images" is accepted too.
    "image": Kind("image", "images.list", "images", ("imgages", "images"), True, False,
                  arguments={"private": True}, tag_filter="tag_name"),
    "volume_snapshot": Kind("volume snapshot", "snapshots.list", "snapshots", ("volume_snapshots",), False, False,
                            arguments={"resource_type": "volume"}),
}


def input_problems(params):
    """Why the task's options would be refused, without any request (a list of messages)."""
    problems = []
    if not NAME_PATTERN.match(params["name"]):
        problems.append(
            "name %r must be 1 to 255 letters, digits, colons, dashes and underscores" % params["name"]
        )
    seen = {}
    for index, item in enumerate(params["resources"]):
        where = "resources[%d]" % index
        kind = KINDS[item["kind"]]
        if item["id"] is not None:
            if kind.numeric and not item["id"].isdigit():
                problems.append("%s: a %s id is a number, got %r" % (where, kind.label, item["id"]))
            elif not kind.numeric and not looks_like_uuid(item["id"]):
                problems.append("%s: a %s id is a uuid, got %r" % (where, kind.label, item["id"]))
        elif not kind.by_name:
            problems.append("%s: a %s is given by id, not by name" % (where, kind.label))
        if item["region"] is not None and item["kind"] not in ("droplet", "volume"):
            problems.append("%s: region applies to droplet and volume names only" % where)
        ref = (item["kind"], item["id"] or item["name"], item["region"])
        if seen.get(ref, item["state"]) != item["state"]:
            problems.append("%s: %s %s is listed both present and absent" % (where, kind.label, ref[1]))
        seen[ref] = item["state"]
    return problems


def carries(resource, tag):
    return tag.lower() in [name.lower() for name in resource.get("tags") or []]


class TagState(ResourceState):
    kind = "tag"

    def __init__(self, module):
        super(TagState, self).__init__(module)
        params = module.params
        self.name = params["name"]
        self.entries = params["resources"]
        self.purge = params["purge_resources"]
        self.present = params["state"] == "present"
        self.items = {}  # kind -> listing (all of the kind, or only those carrying the tag)
        self.names = {}  # "kind:id" -> resource name
        self.labels = {}  # label -> (kind, id)

    def identities(self):
        return [self.name]

    def label(self, kind, resource_id):
        label = "%s:%s" % (kind, resource_id)
        name = self.names.get(label)
        shown = "%s (%s)" % (label, name) if name else label
        self.labels[shown] = (kind, str(resource_id))
        return shown

    def remember(self, kind, items):
        self.items[kind] = items
        for item in items:
            self.names["%s:%s" % (kind, item.get("id"))] = item.get("name") or ""

    def kinds_to_read(self, tag):
        named = set(entry["kind"] for entry in self.entries)
        if not self.purge or tag is None:
            return named, set()
        counts = tag.get("resources") or {}
        carrying = set()
        for kind_name, kind in KINDS.items():
            known = [counts[key] for key in kind.count_keys if isinstance(counts.get(key), dict)]
            if not known or any(section.get("count") for section in known):
                carrying.add(kind_name)
        return named, carrying - named

    def find(self):
        return self.memo("found", self.find_uncached)

    def find_uncached(self):
        """The tag (one GET) and, for each kind the task looks at, one listing; ``{name: {tag, members}}``."""
        tag = get_tag(self.api, self.name)
        if not self.present:
            return {self.name: {"tag": tag, "members": []}} if tag else {}
        full, tagged_only = self.kinds_to_read(tag)
        members = []
        for kind_name in sorted(full | tagged_only):
            kind = KINDS[kind_name]
            items = kind.listing(self.api, tag=self.name if kind_name in tagged_only else None)
            self.remember(kind_name, items)
            if tag is not None:
                members.extend((kind_name, str(item["id"])) for item in items if carries(item, tag["name"]))
        return {self.name: {"tag": tag, "members": members}} if tag else {}

    def view(self, resource):
        return {
            "name": resource["tag"]["name"],
            "resources": sorted(self.label(kind, resource_id) for kind, resource_id in resource["members"]),
        }

    def resolve(self, index, entry):
        """The ``(kind, id)`` of one O(resources) entry, checked against its kind's listing."""
        kind = KINDS[entry["kind"]]
        items = self.items[entry["kind"]]
        if entry["id"] is not None:
            wanted = entry["id"]
            if not any(str(item.get("id")) == wanted for item in items):
                raise DigitalOceanError("resources[%d]: no %s has the id %s" % (index, kind.label, wanted))
            return entry["kind"], wanted
        found = select_named(
            items, entry["name"], kind.label, region=entry["region"], hint="give its region or its id"
        )
        if found is None:
            where = " in region %s" % entry["region"] if entry["region"] else ""
            raise DigitalOceanError("resources[%d]: no %s is named %s%s" % (index, kind.label, entry["name"], where))
        return entry["kind"], str(found["id"])

    def desired(self, identity):
        found = self.find().get(identity)
        wanted = {}
        for index, entry in enumerate(self.entries):
            wanted[self.resolve(index, entry)] = entry["state"]
        attach = set(ref for ref, state in wanted.items() if state == "present")
        detach = set(ref for ref, state in wanted.items() if state == "absent")
        if attach & detach:
            both = ", ".join(sorted("%s:%s" % ref for ref in attach & detach))
            raise DigitalOceanError("resources: %s listed both present and absent" % both)
        current = set(found["members"]) if found else set()
        after = attach if self.purge else (current | attach) - detach
        return {
            "name": None if found else self.name,
            "resources": sorted(self.label(kind, resource_id) for kind, resource_id in after),
        }

    def tag_request(self, operation, labels):
        refs = sorted(self.labels[label] for label in labels)
        for start in range(0, len(refs), CHUNK):
            chunk = refs[start:start + CHUNK]
            body = {"resources": [{"resource_id": resource_id, "resource_type": kind} for kind, resource_id in chunk]}
            self.api.call(operation, tag_id=self.name, body=body)

    def create(self, plans):
        body = create_tag(self.api, self.name)
        tag = body["tag"] if body and "tag" in body else {"name": self.name}
        plan = plans[0]
        if plan.after["resources"]:
            self.tag_request("tags.assign_resources", plan.after["resources"])
        return {self.name: tag}

    def update(self, plan, resource):
        before, after = set(plan.changes["resources"]["before"]), set(plan.changes["resources"]["after"])
        if after - before:
            self.tag_request("tags.assign_resources", after - before)
        if before - after:
            self.tag_request("tags.unassign_resources", before - after)
        return resource["tag"]

    def delete(self, plan, resource):
        self.api.call("tags.delete", tag_id=resource["tag"]["name"], missing_ok=True)

    def result(self, plan):
        """The ``tag`` result, from the plan's after view: the same in check mode and in a real run."""
        if not plan.after:
            return {}
        resources = []
        for label in plan.after["resources"]:
            kind, resource_id = self.labels[label]
            resources.append({"kind": kind, "id": resource_id, "name": self.names.get("%s:%s" % (kind, resource_id))})
        return {"name": plan.after["name"], "resources": resources}


def main():
    module = DigitalOceanModule(
        argument_spec=dict(
            name=dict(type="str", required=True),
            resources=dict(
                type="list",
                elements="dict",
                default=[],
                options=dict(
                    kind=dict(
                        type="str", required=True, choices=["droplet", "volume", "database", "image", "volume_snapshot"]
                    ),
                    name=dict(type="str"),
                    id=dict(type="str"),
                    region=dict(type="str"),
                    state=dict(type="str", default="present", choices=["present", "absent"]),
                ),
                mutually_exclusive=[("name", "id")],
                required_one_of=[("name", "id")],
            ),
            purge_resources=dict(type="bool", default=False),
            state=dict(type="str", default="present", choices=["present", "absent"]),
        ),
        supports_check_mode=True,
    )
    problems = input_problems(module.params)
    if problems:
        module.fail_json(msg="; ".join(problems))
    try:
        manager = TagState(module)
        plans, _resources = manager.run(module.params["state"] == "present")
    except DigitalOceanError as error:
        module.fail_from_error(error)
    changed, diff = summarize(plans)
    module.exit_json(changed=changed, diff=diff, tag=manager.result(plans[0]))


if __name__ == "__main__":
    main()
