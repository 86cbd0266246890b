#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: tide.digitalocean contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: database_user
short_description: Create, rotate and delete users of a DigitalOcean managed database cluster
version_added: 0.1.0
description:
  - Manages one database user, identified by its O(name) inside the cluster O(cluster).
  - The API generates the user's password. It is returned once, by the run that creates the user
    (or rotates the password with O(reset_password=true)), and only when that task sets C(no_log=true).
    Any other run returns the user without its password.
author:
  - tide.digitalocean maintainers (@tide)
extends_documentation_fragment:
  - tide.digitalocean.auth
  - tide.digitalocean.database_child
  - tide.digitalocean.secrets
attributes:
  check_mode:
    support: full
    description: Reports the create, settings change, rotation or delete it would make, without writing.
  diff_mode:
    support: full
    description: Shows the user before and after; a rotation shows as a changed password placeholder, never the value.
options:
  name:
    description:
      - Name of the user.
    type: str
    required: true
  pg_allow_replication:
    description:
      - For PostgreSQL clusters, whether the user may replicate (logical replication, CDC tools).
        Changed in place. Not compared when unset.
    type: bool
  reset_password:
    description:
      - Have the API generate a new password for an existing user (reports a change every time).
      - Needs C(no_log=true) on the task, which receives the new password; without it the task is refused
        before anything is rotated (a password that cannot be returned would be lost).
    type: bool
    default: false
notes:
  - B(Secrets.) Ansible hides the values of C(no_log) options, not returned values, so a returned password
    would be printed by C(-v) and kept by callbacks. The module therefore returns a password only when the
    task sets C(no_log=true), which makes Ansible hide the whole result while the registered variable keeps
    it. Without it, the module creates the user, leaves the password out and warns.
"""

EXAMPLES = r"""
- name: The app's user; the password is registered but never printed
  tide.digitalocean.database_user:
    cluster: app-db
    name: app
  register: app_user
  no_log: true

- name: Keep the password somewhere safe, only on the run that created the user
  ansible.builtin.copy:
    content: "{{ app_user.user.password }}"
    dest: /root/.app-db-password
    mode: "0600"
  when: app_user.user.password is defined
  no_log: true

- name: Rotate it
  tide.digitalocean.database_user:
    cluster: app-db
    name: app
    reset_password: true
  register: rotated
  no_log: true

- name: Delete it
  tide.digitalocean.database_user:
    cluster: app-db
    name: app
    state: absent
"""

RETURN = r"""
user:
  description:
    - The user as the API describes it (name, role, engine specific settings). In check mode, the predicted
      form. Empty after O(state=absent).
    - C(password) only on the run that created the user or reset its password, and only when the task sets
      C(no_log=true).
  returned: always
  type: dict
  sample:
    name: app
    role: normal
cluster_id:
  description: Id of the cluster, when it exists.
  returned: when the cluster exists
  type: str
  sample: 9cc10173-e9ea-4176-9dbc-a4cee4c4ff30
"""

from ansible_collections.tide.digitalocean.plugins.module_utils.databases import (
    CHILD_ARGUMENT_SPEC,
    ClusterChildState,
    name_problem,
)
from ansible_collections.tide.digitalocean.plugins.module_utils.errors import DigitalOceanError
from ansible_collections.tide.digitalocean.plugins.module_utils.module import DigitalOceanModule
from ansible_collections.tide.digitalocean.plugins.module_utils.secrets import shown
from ansible_collections.tide.digitalocean.plugins.module_utils.state import CREATE, NOTHING, UPDATE, Plan, summarize

CURRENT_PASSWORD = "(current password, not shown)"
NEW_PASSWORD = "(new password, not shown)"


class UserState(ClusterChildState):
    kind = "database user"
    get_operation = "databases.get_user"
    add_operation = "databases.add_user"
    delete_operation = "databases.delete_user"
    name_argument = "username"
    body_key = "user"

    def view(self, resource):
        settings = resource.get("settings") or {}
        return {
            "name": resource["name"],
            "role": resource.get("role"),
            "pg_allow_replication": settings.get("pg_allow_replication"),
        }

    def desired(self, identity):
        return {"name": identity, "pg_allow_replication": self.module.params["pg_allow_replication"]}

    def plan(self, present):
        plans, found = super(UserState, self).plan(present)
        if not (present and self.module.params["reset_password"]):
            return plans, found
        rotated = []
        for plan in plans:
            if plan.action in (NOTHING, UPDATE):
                before = dict(plan.before, password=CURRENT_PASSWORD)
                after = dict(plan.after, password=NEW_PASSWORD)
                changes = dict(plan.changes, password={"before": CURRENT_PASSWORD, "after": NEW_PASSWORD})
                plan = Plan(plan.identity, UPDATE, before, after, changes)
            rotated.append(plan)
        return rotated, found

    def predict(self, plan, resource):
        """Check mode: the user as the API returns it (without its password), its role as the API gives it."""
        if resource is not None:
            user = dict(resource)
            allow = plan.after.get("pg_allow_replication")
            if allow is not None:
                user["settings"] = dict(user.get("settings") or {}, pg_allow_replication=allow)
            if "password" in plan.changes:
                user["password"] = NEW_PASSWORD
            return user
        return {
            "name": plan.identity,
            "role": "normal",
            "settings": {"pg_allow_replication": bool(self.module.params["pg_allow_replication"])},
        }

    def settings(self):
        allow = self.module.params["pg_allow_replication"]
        return None if allow is None else {"pg_allow_replication": allow}

    def create_body(self):
        body = {"name": self.name}
        if self.settings():
            body["settings"] = self.settings()
        return body

    def update(self, plan, resource):
        if "pg_allow_replication" in plan.changes:
            resource = self.api.call("databases.update_user", body={"settings": self.settings()}, **self.path())["user"]
        if "password" in plan.changes:
            # Sent again after an ambiguous failure it only rotates once more; the newest password is returned.
            resource = self.api.call("databases.reset_auth", body={}, **self.path())["user"]
        return resource


def main():
    module = DigitalOceanModule(
        argument_spec=dict(
            **CHILD_ARGUMENT_SPEC,
            pg_allow_replication=dict(type="bool"),
            reset_password=dict(type="bool", default=False, no_log=False),
        ),
        supports_check_mode=True,
    )
    params = module.params
    if name_problem(params["name"]):
        module.fail_json(msg=name_problem(params["name"]))
    present = params["state"] == "present"
    if present and params["reset_password"] and not module.no_log:
        module.fail_json(
            msg="reset_password: true without no_log: true on the task is refused before rotating: the new "
            "password could not be returned, and the application's current one would stop working. "
            "Set no_log: true on the task."
        )
    try:
        manager = UserState(module, present)
        plans, resources = manager.run(present)
    except DigitalOceanError as error:
        module.fail_from_error(error)
    changed, diff = summarize(plans)
    new_password = not module.check_mode and any(plan.action == CREATE or "password" in plan.changes for plan in plans)
    user = shown(resources.get(manager.name), reveal=new_password and module.no_log)
    if new_password and not module.no_log:
        module.warn(
            "the password of database user %s was not returned: the task does not set no_log: true, and a "
            "returned password would be printed. Set no_log: true and reset_password: true to get a new one."
            % manager.name
        )
    result = dict(changed=changed, diff=diff, user=user)
    if manager.cluster:
        result["cluster_id"] = manager.cluster["id"]
    module.exit_json(**result)


if __name__ == "__main__":
    main()
