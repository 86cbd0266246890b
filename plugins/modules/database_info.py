#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: tide.digitalocean contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: database_info
short_description: List DigitalOcean managed database clusters by name, id or tag
version_added: 0.1.0
description:
  - Returns managed database clusters, following the API's pagination to the end.
  - With O(id), one request; with O(tag), the API's filter; otherwise one listing, filtered by O(name).
  - Each cluster carries the names of its users (RV(databases[].user_names)), databases
    (RV(databases[].db_names)) and, for PostgreSQL, its connection pools (RV(databases[].pool_names), one more
    request per PostgreSQL cluster); never their passwords.
extends_documentation_fragment:
  - tide.digitalocean.auth
  - tide.digitalocean.info
  - tide.digitalocean.secrets
options:
  name:
    description: Only the cluster with this name.
    type: str
  id:
    description: Only the cluster with this id (an empty list when it does not exist).
    type: str
  tag:
    description: Only clusters carrying this tag.
    type: str
notes:
  - B(Secrets.) The C(password) and C(uri) of every connection are left out of the result unless the task
    itself sets C(no_log=true), which makes Ansible hide the whole result while the registered variable
    keeps them.
"""

EXAMPLES = r"""
- name: Every cluster (without passwords)
  tide.digitalocean.database_info:
  register: clusters

- name: The app database's connection URI, for a template (hidden from output)
  tide.digitalocean.database_info:
    name: app-db
  register: app_db
  no_log: true
"""

RETURN = r"""
databases:
  description:
    - The matching clusters as the API describes them, with C(users) replaced by RV(databases[].user_names).
    - The C(password) and C(uri) of every connection are left out unless the task sets C(no_log=true).
  returned: always
  type: list
  elements: dict
  sample:
    - id: 9cc10173-e9ea-4176-9dbc-a4cee4c4ff30
      name: app-db
      engine: pg
      status: online
      connection: {host: app-db-do-user-1000-0.db.ondigitalocean.com, port: 25060, user: doadmin,
                   database: defaultdb, ssl: true}
      user_names: [app, doadmin]
      db_names: [app, defaultdb]
      pool_names: [app-pool]
  contains:
    user_names:
      description: Names of the cluster's users, sorted.
      returned: success
      type: list
      elements: str
    db_names:
      description: Names of the cluster's databases (engines that have them).
      returned: success
      type: list
      elements: str
    pool_names:
      description: Names of the cluster's connection pools, sorted (PostgreSQL only).
      returned: for PostgreSQL clusters
      type: list
      elements: str
"""

from ansible_collections.tide.digitalocean.plugins.module_utils.info import run_info
from ansible_collections.tide.digitalocean.plugins.module_utils.lookup import matching
from ansible_collections.tide.digitalocean.plugins.module_utils.pages import list_all_by_query
from ansible_collections.tide.digitalocean.plugins.module_utils.secrets import shown


def matching_clusters(api, params):
    if params["id"] is not None:
        body = api.call("databases.get_cluster", database_cluster_uuid=params["id"], missing_ok=True)
        found = [body["database"]] if body else []
    else:
        filters = {"tag_name": params["tag"]} if params["tag"] else {}
        found = list_all_by_query(api, "databases.list_clusters", "databases", **filters)
    return matching(found, name=params["name"], tag=params["tag"])


def described(api, cluster):
    """The cluster with names in place of its users (and, for PostgreSQL, its pools' names)."""
    result = dict(cluster)
    result["user_names"] = sorted(user.get("name") for user in result.pop("users", None) or [])
    if cluster.get("engine") == "pg":
        body = api.call("databases.list_connection_pools", database_cluster_uuid=cluster["id"], missing_ok=True)
        result["pool_names"] = sorted(pool.get("name") for pool in (body or {}).get("pools") or [])
    return result


def main():
    run_info(
        "databases",
        dict(
            name=dict(type="str"),
            id=dict(type="str"),
            tag=dict(type="str"),
        ),
        lambda api, params: [described(api, cluster) for cluster in matching_clusters(api, params)],
        show=lambda module, cluster: shown(cluster, reveal=module.no_log),
        mutually_exclusive=[("id", "name")],
    )


if __name__ == "__main__":
    main()
