# -*- coding: utf-8 -*-
# Copyright: tide.digitalocean contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Managed database helpers shared by the database_* modules.

* ``find_cluster(api, cluster)``: a cluster by name (one paginated listing) or by id.
* ``cluster_or_fail``: the same for modules that manage something inside a cluster.
* ``ClusterChildState``: the ``ResourceState`` of something named inside a cluster (a user,
  a database, a connection pool): cluster lookup, find by name, create recovery, delete.
* ``shown(resource, reveal)``: what a module may return. Passwords and connection URIs
  are secrets: Ansible censors the values of ``no_log`` *options*, never returned values,
  so a returned password would be printed by ``-v`` and stored by callbacks. They are
  therefore left out unless the task itself runs with ``no_log: true``
  (``reveal=module.no_log``), in which case Ansible hides the whole result. ``module.no_log`` is
  also true under ``no_target_syslog``, so the modules' action plugins remove them again on the
  controller unless the task's own ``no_log`` is set.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

from ansible_collections.tide.digitalocean.plugins.module_utils.errors import DigitalOceanError
from ansible_collections.tide.digitalocean.plugins.module_utils.pages import list_all_by_query
from ansible_collections.tide.digitalocean.plugins.module_utils.state import ResourceState

# The one list of secret keys: shown() here and the controller-side guard (plugin_utils/secret_guard.py).
SECRET_KEYS = ("password", "uri", "access_key", "access_cert")
CONNECTION_KEYS = (
    "connection",
    "private_connection",
    "standby_connection",
    "standby_private_connection",
    "ui_connection",
    "schema_registry_connection",
)


def looks_like_uuid(value):
    return len(value) == 36 and value.count("-") == 4


def find_cluster(api, cluster):
    """The cluster named (or with the id) ``cluster``, or None when there is none.

    A name costs one paginated listing; an id one GET. Two clusters with the same name is an
    error (the API refuses that, but the module will not guess if it ever happens).
    """
    if looks_like_uuid(cluster):
        body = api.call("databases.get_cluster", database_cluster_uuid=cluster, missing_ok=True)
        return body["database"] if body else None
    matches = [c for c in list_all_by_query(api, "databases.list_clusters", "databases") if c.get("name") == cluster]
    if len(matches) > 1:
        raise DigitalOceanError(
            "%d database clusters are named %s (ids %s); use the id"
            % (len(matches), cluster, ", ".join(c["id"] for c in matches))
        )
    return matches[0] if matches else None


def cluster_or_fail(api, cluster):
    """The cluster ``cluster`` (name or id); raises DigitalOceanError naming it when it does not exist."""
    found = find_cluster(api, cluster)
    if found is None:
        raise DigitalOceanError("database cluster %s does not exist" % cluster)
    return found


def _without_secrets(mapping):
    return dict((key, value) for key, value in mapping.items() if key not in SECRET_KEYS)


def shown(resource, reveal=False):
    """A copy of a cluster, user or pool fit to return: without passwords and URIs unless ``reveal``."""
    if resource is None:
        return {}
    result = copy.deepcopy(resource)
    if reveal:
        return result
    for key in SECRET_KEYS:
        result.pop(key, None)
    for key in CONNECTION_KEYS:
        if isinstance(result.get(key), dict):
            result[key] = _without_secrets(result[key])
    if isinstance(result.get("users"), list):
        result["users"] = [_without_secrets(user) if isinstance(user, dict) else user for user in result["users"]]
    return result


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
        self.cluster = find_cluster(self.api, self.cluster_ref)
        if self.cluster is None:
            if self.present:
                raise DigitalOceanError(
                    "database cluster %s does not exist; create it first (tide.digitalocean.database_cluster)"
                    % self.cluster_ref
                )
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
