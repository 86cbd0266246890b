#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: tide.digitalocean contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: database_pool
short_description: Create, update and delete PgBouncer connection pools of a DigitalOcean PostgreSQL cluster
version_added: 0.1.0
description:
  - Manages one connection pool, identified by its O(name) inside the cluster O(cluster).
  - A pool whose O(mode), O(size), O(db) or O(user) differ from the task is updated in place with one
    request; it is never deleted and re-created.
  - Deleting a pool needs only its name (and the cluster).
author:
  - tide.digitalocean maintainers (@tide)
extends_documentation_fragment:
  - tide.digitalocean.auth
  - tide.digitalocean.database_child
  - tide.digitalocean.secrets
attributes:
  check_mode:
    support: full
    description: Reports the create, update or delete it would make, without writing.
  diff_mode:
    support: full
    description: Shows mode, size, database and user before and after.
options:
  name:
    description:
      - Name of the pool, 3 to 60 characters.
    type: str
    required: true
  mode:
    description:
      - PgBouncer pool mode. Required with O(state=present).
    type: str
    choices: [session, transaction, statement]
  size:
    description:
      - Number of server connections the pool keeps. Required with O(state=present). The cluster's size
        limits the sum over all pools; the API refuses more.
    type: int
  db:
    description:
      - Database the pool connects to. Required with O(state=present).
    type: str
  user:
    description:
      - User the pool connects as. When unset at creation, clients connect as themselves; an unset
        O(user) is not compared.
    type: str
notes:
  - The pool's C(connection) (and the other connection details) are returned without C(password)
    and C(uri) unless the task sets C(no_log=true); see M(tide.digitalocean.database_cluster).
"""

EXAMPLES = r"""
- name: A transaction pool for the app
  tide.digitalocean.database_pool:
    cluster: app-db
    name: app-pool
    mode: transaction
    size: 10
    db: app
    user: app

- name: Grow it and switch to session mode, in place
  tide.digitalocean.database_pool:
    cluster: app-db
    name: app-pool
    mode: session
    size: 20
    db: app
    user: app

- name: Remove it
  tide.digitalocean.database_pool:
    cluster: app-db
    name: app-pool
    state: absent
"""

RETURN = r"""
pool:
  description:
    - The pool as the API describes it after the task, its connections without C(password) and C(uri)
      unless the task sets C(no_log=true).
    - In check mode, the predicted fields only. Empty after O(state=absent).
  returned: always
  type: dict
  sample:
    name: app-pool
    mode: transaction
    size: 10
    db: app
    user: app
    connection:
      host: app-db-do-user-1000-0.db.ondigitalocean.com
      port: 25061
      user: app
      database: app-pool
      ssl: true
cluster_id:
  description: Id of the cluster, when it exists.
  returned: when the cluster exists
  type: str
  sample: 9cc10173-e9ea-4176-9dbc-a4cee4c4ff30
"""

from ansible_collections.tide.digitalocean.plugins.module_utils.databases import CHILD_ARGUMENT_SPEC, ClusterChildState
from ansible_collections.tide.digitalocean.plugins.module_utils.errors import DigitalOceanError
from ansible_collections.tide.digitalocean.plugins.module_utils.module import DigitalOceanModule
from ansible_collections.tide.digitalocean.plugins.module_utils.secrets import shown_with_warning
from ansible_collections.tide.digitalocean.plugins.module_utils.state import known_later, summarize

MODES = ["session", "transaction", "statement"]
SETTINGS = ("mode", "size", "db", "user")


class PoolState(ClusterChildState):
    kind = "connection pool"
    get_operation = "databases.get_connection_pool"
    add_operation = "databases.add_connection_pool"
    delete_operation = "databases.delete_connection_pool"
    name_argument = "pool_name"
    body_key = "pool"

    def view(self, resource):
        view = dict((key, resource.get(key)) for key in SETTINGS)
        view["name"] = resource["name"]
        return view

    def desired(self, identity):
        desired = dict((key, self.module.params[key]) for key in SETTINGS)
        desired["name"] = identity
        return desired

    def predict(self, plan, resource):
        """Check mode: the pool as the API returns it (without secrets), placeholders for its addresses."""
        pool = dict(resource or {}, **plan.after)
        if resource is None:
            for key in ("connection", "private_connection"):
                pool[key] = {
                    "database": self.name,
                    "host": known_later("host" if key == "connection" else "private host"),
                    "port": known_later("port"),
                    "user": plan.after.get("user") or known_later("user"),
                    "ssl": True,
                }
        return pool

    def create_body(self):
        body = dict((key, self.module.params[key]) for key in SETTINGS if self.module.params[key] is not None)
        body["name"] = self.name
        return body

    def update(self, plan, resource):
        body = dict((key, plan.after[key]) for key in SETTINGS if plan.after.get(key) is not None)
        self.api.call("databases.update_connection_pool", body=body, **self.path())
        return self.get()


def main():
    module = DigitalOceanModule(
        argument_spec=dict(
            **CHILD_ARGUMENT_SPEC,
            mode=dict(type="str", choices=MODES),
            size=dict(type="int"),
            db=dict(type="str"),
            user=dict(type="str"),
        ),
        required_if=[("state", "present", ("mode", "size", "db"))],
        supports_check_mode=True,
    )
    params = module.params
    if not 3 <= len(params["name"]) <= 60:
        module.fail_json(msg="name %r must be 3 to 60 characters long" % params["name"])
    if params["size"] is not None and params["size"] < 1:
        module.fail_json(msg="size must be at least 1 connection, got %d" % params["size"])
    present = params["state"] == "present"
    try:
        manager = PoolState(module, present)
        plans, resources = manager.run(present)
    except DigitalOceanError as error:
        module.fail_from_error(error)
    changed, diff = summarize(plans)
    result = dict(changed=changed, diff=diff, pool=shown_with_warning(module, resources.get(manager.name), "pool"))
    if manager.cluster:
        result["cluster_id"] = manager.cluster["id"]
    module.exit_json(**result)


if __name__ == "__main__":
    main()
