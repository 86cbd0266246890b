# -*- coding: utf-8 -*-
# Copyright: tide.digitalocean contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Managed database helpers shared by the database_* modules.

* ``find_cluster(api, cluster)``: a cluster by name (one paginated listing) or by id (one GET), or None.
* ``cluster_or_fail(api, cluster)``: the same for modules that manage something of a cluster; a missing
  cluster is an error naming it.
* ``name_problem(name)``: why a user or database name would be refused, or None.
* ``CHILD_ARGUMENT_SPEC``: the ``cluster``, ``name`` and ``state`` options of a module managing something named
  inside a cluster (documented by the ``tide.digitalocean.database_child`` doc fragment).
* ``ClusterChildState``: the ``ResourceState`` of something named inside a cluster (a user, a database, a
  connection pool): cluster lookup, find by name, create recovery, delete.

What the modules may return of a cluster, user or pool is decided by ``secrets.shown``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.tide.digitalocean.plugins.module_utils.errors import DigitalOceanError
from ansible_collections.tide.digitalocean.plugins.module_utils.lookup import assume, assuming, find_by_name_or_id
from ansible_collections.tide.digitalocean.plugins.module_utils.state import ResourceState

NAME_RULE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.$-]{0,62}$")

CHILD_ARGUMENT_SPEC = dict(
    cluster=dict(type="str", required=True),
    name=dict(type="str", required=True),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)


def name_problem(name):
    """The message refusing ``name`` as the name of a database user or a database, or None when it is fine."""
    if NAME_RULE.match(name):
        return None
    return "name %r must be 1 to 63 letters, digits, '_', '.', '$' or '-', not starting with '.', '$' or '-'" % name


def find_cluster(api, cluster):
    """The cluster named (or with the id) ``cluster``, or None when there is none.

    A name costs one paginated listing; an id one GET. Two clusters with the same name is an
    error (the API refuses that, but the module will not guess if it ever happens).
    """
    return find_by_name_or_id(
        api,
        cluster,
        "database cluster",
        "databases.list_clusters",
        "databases",
        get=("databases.get_cluster", "database_cluster_uuid", "database"),
        by_query=True,
        hint="use the id",
    )


def cluster_or_fail(api, cluster):
    """The cluster ``cluster`` (name or id); raises DigitalOceanError naming it when it does not exist.

    In check mode a missing cluster is assumed (``lookup.assume``: a stand-in with a placeholder id, a warning).
    """
    found = find_cluster(api, cluster)
    if found is None and assuming(api):
        return assume(api, "database cluster", cluster, option="cluster")
    if found is None:
        raise DigitalOceanError(
            "database cluster %s does not exist; create it first (tide.digitalocean.database_cluster)" % cluster
        )
    return found


class ClusterChildState(ResourceState):
    """A resource named inside a database cluster, given by O(cluster) (name or id) and O(name).

    A subclass sets the pydo operations and the body key (``user``, ``db``, ``pool``), and
    provides ``view``, ``desired``, ``create_body`` and (when something can change) ``update``.
    A no-op run costs two reads: the cluster (listing by name, or GET by id) and the GET of
    the resource by its name. With O(state=absent) a missing cluster means nothing to delete.
    """

    get_operation = None
    add_operation = None
    delete_operation = None
    name_argument = None
    body_key = None

    def __init__(self, module, present):
        super(ClusterChildState, self).__init__(module)
        self.name = module.params["name"]
        self.cluster_ref = module.params["cluster"]
        self.present = present
        self.cluster = None

    def identities(self):
        return [self.name]

    def path(self):
        return {"database_cluster_uuid": self.cluster["id"], self.name_argument: self.name}

    def get(self):
        body = self.api.call(self.get_operation, missing_ok=True, **self.path())
        return body[self.body_key] if body else None

    def find(self):
        if self.present:
            self.cluster = cluster_or_fail(self.api, self.cluster_ref)
            if self.cluster.get("assumed"):
                return {}
        else:
            self.cluster = find_cluster(self.api, self.cluster_ref)
            if self.cluster is None:
                return {}
        found = self.get()
        return {self.name: found} if found else {}

    def recover(self):
        found = self.get()
        return {self.body_key: found} if found else None

    def create_body(self):
        raise NotImplementedError

    def create(self, plans):
        result = self.api.write(
            self.add_operation,
            recover=self.recover,
            database_cluster_uuid=self.cluster["id"],
            body=self.create_body(),
        )
        return {self.name: result[self.body_key]}

    def delete(self, plan, resource):
        self.api.call(self.delete_operation, missing_ok=True, **self.path())
