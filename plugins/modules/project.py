#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: tide.digitalocean contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: project
short_description: Create, update and delete DigitalOcean projects and assign resources to them
version_added: 0.1.0
description:
  - Manages one project identified by its O(name) (purpose, environment, description, whether it is the default).
  - O(resources) names droplets, volumes, database clusters, load balancers, domains and reserved IPs that must
    belong to the project. The module computes their URNs and assigns the ones that are elsewhere, which moves
    them from their current project. Resources the task does not name are left alone, in this project or another.
  - Deleting a project that still holds resources fails before any write, naming them (the API refuses it too).
author:
  - tide.digitalocean maintainers (@tide)
extends_documentation_fragment:
  - tide.digitalocean.auth
attributes:
  check_mode:
    support: full
    description: Reports the create, update, assignments or delete it would make, without writing.
  diff_mode:
    support: full
    description: Shows the project, and the named resources it holds, before and after.
options:
  name:
    description: Name of the project, its identity (unique in the account).
    type: str
    required: true
  purpose:
    description:
      - What the project is for, for example V(Web Application) or V(Service or API). Required to create it.
      - A purpose outside DigitalOcean's list is stored with the prefix C(Other:); both forms compare equal.
    type: str
  environment:
    description: The project's environment.
    type: str
    choices: [Development, Staging, Production]
  description:
    description: Free text.
    type: str
  is_default:
    description:
      - V(true) makes it the account's default project (new resources land there).
      - The default project cannot be made non-default directly; make another project the default instead.
    type: bool
  resources:
    description:
      - Resources that must belong to this project. Not managed when left out; resources not named are never
        removed from the project.
    type: list
    elements: dict
    suboptions:
      kind:
        description: What the resource is.
        type: str
        required: true
        choices: [droplet, volume, database, load_balancer, domain, reserved_ip]
      name:
        description:
          - Its name (a domain's name, a reserved IP's address). Exactly one of O(resources[].name) and
            O(resources[].id) is given.
        type: str
      id:
        description: Its id (droplet id, volume/database/load balancer uuid, domain name, reserved IP address).
        type: str
      region:
        description: For a volume given by name, the region it is in (volume names are unique per region).
        type: str
  state:
    description: V(present) the project exists as described, V(absent) it does not exist.
    type: str
    choices: [present, absent]
    default: present
"""

EXAMPLES = r"""
- name: The app's project, holding its droplets, database and load balancer
  tide.digitalocean.project:
    name: app
    purpose: Web Application
    environment: Production
    description: the app and everything it runs on
    resources:
      - {kind: droplet, name: web-1}
      - {kind: droplet, name: web-2}
      - {kind: database, name: app-db}
      - {kind: load_balancer, name: app-lb}
      - {kind: domain, name: example.com}
      - {kind: reserved_ip, name: 203.0.113.7}
      - {kind: volume, name: web-data, region: nyc3}

- name: Delete it (fails clearly while it still holds resources)
  tide.digitalocean.project:
    name: app
    state: absent
"""

RETURN = r"""
project:
  description:
    - The project as the API describes it; in check mode the predicted fields; empty after O(state=absent).
    - With O(resources), C(resources) lists the URNs of the named resources, all members now.
  returned: always
  type: dict
  sample:
    id: 4e1bfbc3-dc3e-41f2-a18f-1b4d7ba71679
    name: app
    purpose: Web Application
    environment: Production
    description: the app and everything it runs on
    is_default: false
    resources: ["do:droplet:3164444", "do:dbaas:9cc10173-e9ea-4176-9dbc-a4cee4c4ff30"]
"""

from ansible_collections.tide.digitalocean.plugins.module_utils.droplets import droplet_ids
from ansible_collections.tide.digitalocean.plugins.module_utils.errors import DigitalOceanError
from ansible_collections.tide.digitalocean.plugins.module_utils.lookup import (
    find_by_name,
    looks_like_uuid,
    require,
    select_named,
)
from ansible_collections.tide.digitalocean.plugins.module_utils.module import DigitalOceanModule
from ansible_collections.tide.digitalocean.plugins.module_utils.pages import list_all
from ansible_collections.tide.digitalocean.plugins.module_utils.state import (
    CREATE,
    DELETE,
    UPDATE,
    ResourceState,
    summarize,
)

OTHER = "Other: "
ATTRIBUTES = ("purpose", "environment", "description", "is_default")
# kind -> (URN type, pydo list operation, body key, name in messages, list arguments)
LOOKUPS = {
    "volume": ("volume", "volumes.list", "volumes", "volume", {}),
    "database": ("dbaas", "databases.list_clusters", "databases", "database cluster", {"by_query": True}),
    "load_balancer": ("loadbalancer", "load_balancers.list", "load_balancers", "load balancer", {}),
}


def purpose_text(purpose):
    """The purpose without the "Other: " prefix the API adds to purposes outside its list."""
    if purpose and purpose.startswith(OTHER):
        return purpose[len(OTHER) :]
    return purpose


def resource_urns(api, entries):
    """The sorted URNs of the resources ``entries`` name; names cost one listing per kind (droplets: one for all).

    A name that matches nothing, or several resources, raises DigitalOceanError before any write.
    """
    urns = set()
    droplet_refs = []
    for entry in entries:
        kind, ref = entry["kind"], entry["id"] or entry["name"]
        if kind == "droplet":
            if entry["id"] is not None and not entry["id"].isdigit():
                raise DigitalOceanError("resources: droplet id %r is not a number" % entry["id"])
            droplet_refs.append(ref)
        elif kind == "domain":
            urns.add("do:domain:%s" % ref.lower().rstrip("."))
        elif kind == "reserved_ip":
            urns.add("do:floatingip:%s" % ref)
        else:
            urn_type, operation, key, what, extra = LOOKUPS[kind]
            if entry["id"] is not None or looks_like_uuid(ref):
                urns.add("do:%s:%s" % (urn_type, ref))
                continue
            region = entry["region"] if kind == "volume" else None
            filters = {"name": ref} if kind == "volume" else None
            found = find_by_name(api, operation, key, ref, what, region=region, filters=filters, **extra)
            found = require(found, what, ref, region=region, option="resources", api=api)
            urns.add("do:%s:%s" % (urn_type, found["id"]))
    if droplet_refs:
        urns.update("do:droplet:%s" % i for i in droplet_ids(api, droplet_refs, option="resources"))
    return sorted(urns)


class ProjectState(ResourceState):
    kind = "project"

    def __init__(self, module):
        super(ProjectState, self).__init__(module)
        self.name = module.params["name"]
        self.manage_resources = module.params["resources"] is not None

    def identities(self):
        return [self.name]

    def find(self):
        found = select_named(list_all(self.api, "projects.list", "projects"), self.name, "project")
        return {self.name: found} if found else {}

    def members(self, project_id):
        """The URNs of every resource in the project (one paginated listing, made once)."""
        return self.memo(
            "members",
            lambda: [
                r["urn"] for r in list_all(self.api, "projects.list_resources", "resources", project_id=project_id)
            ],
        )

    def wanted_urns(self):
        return self.memo("urns", lambda: resource_urns(self.api, self.module.params["resources"]))

    def view(self, resource):
        view = {
            "name": resource["name"],
            "purpose": purpose_text(resource.get("purpose")),
            "environment": resource.get("environment"),
            "description": resource.get("description") or "",
            "is_default": bool(resource.get("is_default")),
        }
        if self.manage_resources:
            members = set(self.members(resource["id"]))
            view["resources"] = [urn for urn in self.wanted_urns() if urn in members]
        return view

    def desired(self, identity):
        params = self.module.params
        desired = dict((option, params[option]) for option in ATTRIBUTES)
        desired["name"] = self.name
        desired["purpose"] = purpose_text(params["purpose"])
        if self.manage_resources:
            desired["resources"] = self.wanted_urns()
        return desired

    def validate(self, plan, resource):
        if plan.action == CREATE and self.module.params["purpose"] is None:
            raise DigitalOceanError("project %s does not exist; purpose is required to create it" % self.name)
        if plan.action == UPDATE and "is_default" in plan.changes and not plan.changes["is_default"]["after"]:
            raise DigitalOceanError(
                "project %s is the default project; it stays the default until another project is made the "
                "default (is_default: true on that one)" % self.name
            )
        if plan.action == DELETE:
            if resource.get("is_default"):
                raise DigitalOceanError(
                    "project %s is the default project and cannot be deleted; make another project the default first"
                    % self.name
                )
            members = self.members(resource["id"])
            if members:
                raise DigitalOceanError(
                    "project %s still holds %d resources (%s); move them to another project or delete them first"
                    % (self.name, len(members), ", ".join(sorted(members)))
                )
        super(ProjectState, self).validate(plan, resource)

    def assign(self, project_id, urns):
        if urns:
            self.api.call("projects.assign_resources", project_id=project_id, body={"resources": urns})

    def shown(self, project):
        """The project as the API describes it, with the named resources' URNs when they are managed."""
        project = dict(project)
        if self.manage_resources:
            project["resources"] = self.wanted_urns()
        return project

    def recover(self):
        found = self.find().get(self.name)
        return {"project": found} if found else None

    def create(self, plans):
        params = self.module.params
        body = {"name": self.name, "purpose": params["purpose"]}
        for option in ("environment", "description", "is_default"):
            if params[option] is not None:
                body[option] = params[option]
        project = self.api.write("projects.create", recover=self.recover, body=body)["project"]
        if self.manage_resources:
            self.assign(project["id"], self.wanted_urns())
        return {self.name: self.shown(project)}

    def update(self, plan, resource):
        changes = plan.changes
        project = resource
        body = dict((field, changes[field]["after"]) for field in ATTRIBUTES if field in changes)
        if body:
            project = self.api.call("projects.patch", project_id=resource["id"], body=body)["project"]
        if "resources" in changes:
            have = set(changes["resources"]["before"] or [])
            self.assign(resource["id"], [urn for urn in changes["resources"]["after"] if urn not in have])
        return self.shown(project)

    def delete(self, plan, resource):
        refused = None
        try:
            self.api.call("projects.delete", project_id=resource["id"], missing_ok=True)
        except DigitalOceanError as error:
            if error.status != 412:
                raise
            refused = error
        if refused is not None:  # resources arrived after validate() looked
            raise DigitalOceanError(
                "project %s cannot be deleted while it holds resources or is the default: %s"
                % (self.name, refused.message),
                status=refused.status,
                error_id=refused.error_id,
                request_id=refused.request_id,
                operation=refused.operation,
            )


def main():
    module = DigitalOceanModule(
        argument_spec=dict(
            name=dict(type="str", required=True),
            purpose=dict(type="str"),
            environment=dict(type="str", choices=["Development", "Staging", "Production"]),
            description=dict(type="str"),
            is_default=dict(type="bool"),
            resources=dict(
                type="list",
                elements="dict",
                options=dict(
                    kind=dict(
                        type="str",
                        required=True,
                        choices=["droplet", "volume", "database", "load_balancer", "domain", "reserved_ip"],
                    ),
                    name=dict(type="str"),
                    id=dict(type="str"),
                    region=dict(type="str"),
                ),
                mutually_exclusive=[("name", "id")],
                required_one_of=[("name", "id")],
            ),
            state=dict(type="str", default="present", choices=["present", "absent"]),
        ),
        supports_check_mode=True,
    )
    params = module.params
    if not params["name"].strip():
        module.fail_json(msg="name must not be empty")
    if params["purpose"] is not None and not purpose_text(params["purpose"]).strip():
        module.fail_json(msg="purpose must not be empty")
    try:
        manager = ProjectState(module)
        plans, resources = manager.run(params["state"] == "present")
    except DigitalOceanError as error:
        module.fail_from_error(error)
    changed, diff = summarize(plans)
    project = resources.get(manager.name) or {}
    if project and "resources" not in project:
        project = manager.shown(project)
    module.exit_json(changed=changed, diff=diff, project=project)


if __name__ == "__main__":
    main()
