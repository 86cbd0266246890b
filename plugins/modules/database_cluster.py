#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: tide.digitalocean contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: database_cluster
short_description: Create, resize, tag and delete DigitalOcean managed database clusters
version_added: 0.1.0
description:
  - Manages one managed database cluster identified by its O(name).
  - A different O(size) or O(num_nodes) resizes the cluster in place; O(tags) are added and removed.
  - O(engine), O(version), O(region) and O(vpc) cannot change in place. A difference in any of them
    fails the task before any change, naming the field, the current and the requested value.
  - With O(wait=true) the module returns once the cluster is V(online), after a create, a resize, or
    when it finds the cluster still being created.
author:
  - tide.digitalocean maintainers (@tide)
extends_documentation_fragment:
  - tide.digitalocean.auth
  - tide.digitalocean.wait
  - tide.digitalocean.tags
  - tide.digitalocean.secrets
attributes:
  check_mode:
    support: full
    description: Reports the create, resize or tag changes it would make, without writing.
  diff_mode:
    support: full
    description: Shows engine, version, size, node count, region, VPC and tags before and after.
options:
  name:
    description:
      - Name of the cluster, its identity. 3 to 63 lowercase letters, digits or dashes, starting with a
        letter and not ending with a dash.
    type: str
    required: true
  state:
    description:
      - V(present) the cluster exists as described, V(absent) it does not exist.
    type: str
    choices: [present, absent]
    default: present
  engine:
    description:
      - The database engine. Required with O(state=present). Cannot change in place.
    type: str
    choices: [pg, mysql, redis, valkey, mongodb, kafka, opensearch]
  version:
    description:
      - Major version of the engine, for example V(16) for PostgreSQL. Defaults to the newest at creation,
        and is not compared when unset. Cannot change in place.
    type: str
  size:
    description:
      - Size slug of the nodes, for example V(db-s-1vcpu-1gb). Required with O(state=present).
        A different size resizes the cluster.
    type: str
  num_nodes:
    description:
      - Number of nodes. The engine decides which counts exist, V(1) to V(3) for V(pg), V(mysql) and
        V(valkey) (a primary and up to two standbys), V(1) or V(3) for V(mongodb), V(3), V(6) or V(9) for
        V(kafka), V(1), V(3) or V(6) for V(opensearch). Other counts are refused before any request.
      - The smallest count of the engine at creation when unset, and not compared when unset.
        A different number resizes the cluster.
    type: int
  region:
    description:
      - Region slug, for example V(nyc3). Required with O(state=present). Cannot change in place.
    type: str
  vpc:
    description:
      - VPC uuid or VPC name (looked up in O(region)). Defaults to the region's default VPC at creation,
        and is not compared when unset. Cannot change in place.
    type: str
notes:
  - B(Secrets.) Ansible hides the values of C(no_log) options, but not returned values, so the password
    and URI of the connections (and the passwords of RV(database.users)) are left out of the result.
    They are returned only when the task itself sets C(no_log=true), which makes Ansible hide the whole
    result from output and callbacks while the registered variable keeps them.
"""

EXAMPLES = r"""
- name: A PostgreSQL cluster
  tide.digitalocean.database_cluster:
    name: app-db
    engine: pg
    version: "16"
    size: db-s-1vcpu-1gb
    num_nodes: 1
    region: nyc3
    tags: [app]
  register: cluster

- name: Its connection details, password included (hidden from output by no_log)
  tide.digitalocean.database_cluster:
    name: app-db
    engine: pg
    size: db-s-1vcpu-1gb
    region: nyc3
  register: cluster_secret
  no_log: true

- name: Add a standby node and grow the nodes
  tide.digitalocean.database_cluster:
    name: app-db
    engine: pg
    size: db-s-2vcpu-4gb
    num_nodes: 2
    region: nyc3

- name: Delete it
  tide.digitalocean.database_cluster:
    name: app-db
    state: absent
"""

RETURN = r"""
database:
  description:
    - The cluster as the API describes it after the task.
    - The C(password) and C(uri) of every connection and the C(password) of every user are left out
      unless the task sets C(no_log=true).
    - In check mode, the predicted fields only. Empty after O(state=absent).
  returned: always
  type: dict
  sample:
    id: 9cc10173-e9ea-4176-9dbc-a4cee4c4ff30
    name: app-db
    engine: pg
    version: "16"
    size: db-s-1vcpu-1gb
    num_nodes: 1
    region: nyc3
    status: online
    tags: [app]
    connection:
      host: app-db-do-user-1000-0.db.ondigitalocean.com
      port: 25060
      user: doadmin
      database: defaultdb
      ssl: true
  contains:
    connection:
      description:
        - Public connection details (C(host), C(port), C(user), C(database), C(ssl)); C(password) and C(uri)
          only when the task sets C(no_log=true). C(private_connection) and, with standby nodes,
          C(standby_connection) have the same form.
      returned: success
      type: dict
    users:
      description: The cluster's users (C(name), C(role)); C(password) only when the task sets C(no_log=true).
      returned: success
      type: list
      elements: dict
connection:
  description:
    - Shortcut to RV(database.connection), without C(password) and C(uri) unless the task sets C(no_log=true).
  returned: when the cluster exists and not in check mode
  type: dict
  sample:
    host: app-db-do-user-1000-0.db.ondigitalocean.com
    port: 25060
    user: doadmin
    database: defaultdb
    ssl: true
"""

import copy
import functools
import re

from ansible_collections.tide.digitalocean.plugins.module_utils.databases import find_cluster
from ansible_collections.tide.digitalocean.plugins.module_utils.errors import DigitalOceanError
from ansible_collections.tide.digitalocean.plugins.module_utils.lookup import resolve_vpc
from ansible_collections.tide.digitalocean.plugins.module_utils.module import DigitalOceanModule
from ansible_collections.tide.digitalocean.plugins.module_utils.secrets import shown_with_warning, without_secrets
from ansible_collections.tide.digitalocean.plugins.module_utils.state import ResourceState, known_later, summarize
from ansible_collections.tide.digitalocean.plugins.module_utils.tags import reconcile_tags
from ansible_collections.tide.digitalocean.plugins.module_utils.wait import wait_for_resource

NAME_RULE = re.compile(r"^[a-z][a-z0-9-]{1,61}[a-z0-9]$")
NODE_COUNTS = {
    "pg": (1, 2, 3),
    "mysql": (1, 2, 3),
    "redis": (1, 2, 3),
    "valkey": (1, 2, 3),
    "mongodb": (1, 3),
    "kafka": (3, 6, 9),
    "opensearch": (1, 3, 6),
}
ENGINES = list(NODE_COUNTS)


def is_online(cluster):
    return cluster.get("status") == "online"


class DatabaseClusterState(ResourceState):
    kind = "database cluster"
    immutable = ("engine", "version", "region", "vpc")

    def __init__(self, module):
        super(DatabaseClusterState, self).__init__(module)
        self.name = module.params["name"]

    def identities(self):
        return [self.name]

    def find(self):
        cluster = find_cluster(self.api, self.name)
        return {self.name: cluster} if cluster else {}

    def vpc_uuid(self):
        """The uuid of O(vpc); a name costs one VPC listing, made only when first needed."""
        params = self.module.params
        return self.memo("vpc", lambda: resolve_vpc(self.api, params["vpc"], params["region"]))

    def view(self, resource):
        return {
            "name": resource["name"],
            "engine": resource.get("engine"),
            "version": resource.get("version"),
            "size": resource.get("size"),
            "num_nodes": resource.get("num_nodes"),
            "region": resource.get("region"),
            "vpc": resource.get("private_network_uuid"),
            "tags": sorted(resource.get("tags") or []),
        }

    def desired(self, identity):
        params = self.module.params
        tags = params["tags"]
        return {
            "name": identity,
            "engine": params["engine"],
            "version": params["version"],
            "size": params["size"],
            "num_nodes": params["num_nodes"],
            "region": params["region"],
            "vpc": self.vpc_uuid(),
            "tags": sorted(set(tags)) if tags is not None else None,
        }

    def predict(self, plan, resource):
        """Check mode: the cluster as the API returns it (without secrets, as a task without no_log gets it),
        placeholders for what the API fills in (id, addresses, users)."""
        after = plan.after
        if resource is not None:
            cluster = copy.deepcopy(resource)
            for field in ("size", "num_nodes", "tags"):
                if field in after:
                    cluster[field] = after[field]
            return without_secrets(cluster)[0]
        params = self.module.params

        def connection(kind):
            return {
                "database": known_later("database"),
                "host": known_later("%s host" % kind),
                "port": known_later("port"),
                "user": known_later("user"),
                "ssl": True,
            }

        cluster = dict(
            (key, known_later(key))
            for key in ("id", "semantic_version", "created_at", "maintenance_window", "project_id", "storage_size_mib")
        )
        cluster.update(
            name=self.name,
            engine=params["engine"],
            version=params["version"] or known_later("version"),
            num_nodes=params["num_nodes"] or NODE_COUNTS[params["engine"]][0],
            size=params["size"],
            region=params["region"],
            status="online" if params["wait"] else "creating",
            private_network_uuid=self.vpc_uuid() or known_later("private_network_uuid"),
            tags=after.get("tags") or [],
            db_names=[],
            connection=connection("public"),
            private_connection=connection("private"),
            users=[],
            rules=[],
            metrics_endpoints=[],
        )
        return cluster

    def wait_online(self, cluster):
        """The cluster once it is online (polling its GET)."""
        if is_online(cluster):
            return cluster
        return wait_for_resource(
            self.api,
            "databases.get_cluster",
            "database",
            is_online,
            self.module.params["wait_timeout"],
            "database cluster %s to be online" % cluster["name"],
            database_cluster_uuid=cluster["id"],
        )

    def recover(self):
        found = find_cluster(self.api, self.name)
        return {"database": found} if found else None

    def resize_recover(self, cluster_id, body):
        """After an ambiguous resize: resending it to a cluster already resizing would be refused."""
        cluster = self.api.call("databases.get_cluster", database_cluster_uuid=cluster_id)["database"]
        if cluster.get("size") == body["size"] and cluster.get("num_nodes") == body["num_nodes"]:
            return {}
        return None

    def create(self, plans):
        params = self.module.params
        body = {
            "name": self.name,
            "engine": params["engine"],
            "size": params["size"],
            "num_nodes": params["num_nodes"] or NODE_COUNTS[params["engine"]][0],
            "region": params["region"],
            "tags": sorted(set(params["tags"] or [])),
        }
        if params["version"]:
            body["version"] = params["version"]
        if params["vpc"]:
            body["private_network_uuid"] = self.vpc_uuid()
        cluster = self.api.write("databases.create_cluster", recover=self.recover, body=body)
        cluster = cluster["database"]
        if params["wait"]:
            cluster = self.wait_online(cluster)
        return {self.name: cluster}

    def update(self, plan, resource):
        changes = plan.changes
        if "size" in changes or "num_nodes" in changes:
            # The API refuses to resize a cluster that is still being created or resized.
            resource = self.wait_online(resource)
            body = {"size": plan.after["size"], "num_nodes": plan.after["num_nodes"]}
            self.api.write(
                "databases.update_cluster_size",
                recover=functools.partial(self.resize_recover, resource["id"], body),
                database_cluster_uuid=resource["id"],
                body=body,
            )
        if "tags" in changes:
            reconcile_tags(self.api, "database", resource["id"], changes["tags"]["before"], changes["tags"]["after"])
        resource = self.api.call("databases.get_cluster", database_cluster_uuid=resource["id"])["database"]
        if self.module.params["wait"]:
            resource = self.wait_online(resource)
        return resource

    def delete(self, plan, resource):
        self.api.call("databases.destroy_cluster", database_cluster_uuid=resource["id"], missing_ok=True)


def main():
    module = DigitalOceanModule(
        argument_spec=dict(
            name=dict(type="str", required=True),
            state=dict(type="str", default="present", choices=["present", "absent"]),
            engine=dict(type="str", choices=ENGINES),
            version=dict(type="str"),
            size=dict(type="str"),
            num_nodes=dict(type="int"),
            region=dict(type="str"),
            vpc=dict(type="str"),
            tags=dict(type="list", elements="str"),
        ),
        wait=True,
        required_if=[("state", "present", ("engine", "size", "region"))],
        supports_check_mode=True,
    )
    params = module.params
    if not NAME_RULE.match(params["name"]):
        module.fail_json(
            msg="name %r must be 3 to 63 lowercase letters, digits or dashes, starting with a letter and not "
            "ending with a dash" % params["name"]
        )
    allowed = NODE_COUNTS.get(params["engine"])
    if params["num_nodes"] is not None and allowed and params["num_nodes"] not in allowed:
        module.fail_json(
            msg="num_nodes %d is not offered for %s clusters; choose one of %s"
            % (params["num_nodes"], params["engine"], ", ".join(str(count) for count in allowed))
        )
    present = params["state"] == "present"
    try:
        manager = DatabaseClusterState(module)
        plans, resources = manager.run(present)
        cluster = resources.get(manager.name)
        if present and cluster and params["wait"] and not module.check_mode:
            cluster = manager.wait_online(cluster)
    except DigitalOceanError as error:
        module.fail_from_error(error)
    changed, diff = summarize(plans)
    result = dict(changed=changed, diff=diff, database=shown_with_warning(module, cluster, "database"))
    if result["database"].get("connection") is not None:
        result["connection"] = result["database"]["connection"]
    module.exit_json(**result)


if __name__ == "__main__":
    main()
