"""Managed database clusters: the "databases" kind.

A cluster document holds its users, databases, pools, trusted-source rules, read-only replicas and events under
"_"-keys, so deleting the cluster takes them all. Every change a route makes is stored through `save()`, which
logs it in the cluster's events (GET /v2/databases/{database_cluster_uuid}/events).
"""

import secrets
import string

from ..lifecycle import iso
from .collection import Collection

CLUSTERS = Collection("databases")
KIND = CLUSTERS.kind
find, all_, delete = CLUSTERS.find, CLUSTERS.all, CLUSTERS.delete
_EVENT_ID_ALPHABET = string.ascii_lowercase + string.digits
MAX_EVENTS = 500  # the emulator's bound on a cluster's event log (the oldest go first)


def urn(cluster_id):
    return "do:dbaas:%s" % cluster_id


def tagged(req, tag):
    return [c for c in CLUSTERS.all(req) if not tag or tag in c["tags"]]


def name_taken(req, name):
    """Cluster names are unique in the account, and a read-only replica's name (its own host) counts as one."""
    return any(c["name"] == name or name in c.get("_replicas", {}) for c in CLUSTERS.all(req))


def named(req, name):
    return any(c["name"] == name for c in CLUSTERS.all(req))


def new_host_id(req):
    """The number in a new cluster's or replica's host name (`<name>-do-user-<n>-0.db.ondigitalocean.com`)."""
    return str(req.store.next_id("database-host", 1000))


def save(req, cluster, event_type=None):
    """Stores a cluster and logs the change in its events: `cluster_create` for a new one, `cluster_update` for a
    changed one (the API's event types say no more than that), or the given `event_type`. A cluster that did not
    change is neither written nor logged (re-sending the same firewall rules is no event)."""
    stored = CLUSTERS.get(req, cluster["id"])
    if event_type is None:
        if stored is None:
            event_type = "cluster_create"
        elif _without_events(stored) == _without_events(cluster):
            return cluster
        else:
            event_type = "cluster_update"
    events = cluster.setdefault("_events", [])
    events.append({"id": "".join(secrets.choice(_EVENT_ID_ALPHABET) for _ in range(8)), "event_type": event_type,
                   "create_time": iso(req.now)})
    del events[:-MAX_EVENTS]
    return CLUSTERS.save(req, cluster)


def _without_events(cluster):
    return {k: v for k, v in cluster.items() if k != "_events"}

