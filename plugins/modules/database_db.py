#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: tide.digitalocean contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: database_db
short_description: Create and delete databases in a DigitalOcean managed database cluster
version_added: 0.1.0
description:
  - Manages one database, identified by its O(name) inside the cluster O(cluster).
  - A database has nothing that changes in place, it exists or it does not.
  - For engines that have databases (PostgreSQL, MySQL); the API refuses it for the others.
author:
  - tide.digitalocean maintainers (@tide)
extends_documentation_fragment:
  - tide.digitalocean.auth
  - tide.digitalocean.database_child
attributes:
  check_mode:
    support: full
    description: Reports whether the database would be created or deleted, without writing.
  diff_mode:
    support: full
    description: Shows the database before and after.
options:
  name:
    description:
      - Name of the database.
    type: str
    required: true
"""

EXAMPLES = r"""
- name: A database for the app
  tide.digitalocean.database_db:
    cluster: app-db
    name: app

- name: Drop it (its data with it)
  tide.digitalocean.database_db:
    cluster: app-db
    name: app
    state: absent
"""

RETURN = r"""
db:
  description:
    - The database as the API describes it. In check mode, the predicted form. Empty after O(state=absent).
  returned: always
  type: dict
  sample:
    name: app
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
from ansible_collections.tide.digitalocean.plugins.module_utils.state import summarize


class DatabaseState(ClusterChildState):
    kind = "database"
    get_operation = "databases.get"
    add_operation = "databases.add"
    delete_operation = "databases.delete"
    name_argument = "database_name"
    body_key = "db"

    def view(self, resource):
        return {"name": resource["name"]}

    def desired(self, identity):
        return {"name": identity}

    def create_body(self):
        return {"name": self.name}


def main():
    module = DigitalOceanModule(
        argument_spec=dict(CHILD_ARGUMENT_SPEC),
        supports_check_mode=True,
    )
    params = module.params
    if name_problem(params["name"]):
        module.fail_json(msg=name_problem(params["name"]))
    present = params["state"] == "present"
    try:
        manager = DatabaseState(module, present)
        plans, resources = manager.run(present)
    except DigitalOceanError as error:
        module.fail_from_error(error)
    changed, diff = summarize(plans)
    result = dict(changed=changed, diff=diff, db=resources.get(manager.name) or {})
    if manager.cluster:
        result["cluster_id"] = manager.cluster["id"]
    module.exit_json(**result)


if __name__ == "__main__":
    main()
