"""Read-only replicas: /v2/databases/{database_cluster_uuid}/replicas (list, create), get, delete, and promote.

As documented, for PostgreSQL and MySQL clusters only (Caching, Valkey, MongoDB, Kafka and OpenSearch clusters
answer 422). A replica is one node: `name` is required and, like a cluster's, unique in the account (its host is
`<name>-do-user-...`); `region` defaults to the cluster's, `size` to the cluster's and may not be smaller (memory
and vCPUs), `private_network_uuid` to the region's default VPC; `storage_size_mib` is at least the cluster's. It
is `forking` (the status the API documents for a new replica) for `--action-seconds`, then `online`. Its
connections are the cluster's (the primary user's credentials as they are now, the default database) on its
own host. A replica lives in its cluster's document, so deleting the cluster deletes its replicas.

Promoting an online replica makes it a cluster of its own, as the API describes: a single-node cluster with the
replica's id, name, host, region, size, storage, VPC and tags, the source's engine and version, a copy of the
source's users (with their passwords), databases and trusted sources (new rule uuids; no connection pools), in
the source's project; it is online at once and its event log starts with `cluster_master_promotion`. The source
cluster no longer lists the replica. Replicas are records with either backend (no container runs them).
"""

import copy
import uuid

from .. import catalog
from .. import database_catalog as dbcat
from ..errors import unprocessable
from ..http import created, no_content, ok
from ..input_checks import field, required_string
from ..lifecycle import done, iso, ready_at
from ..models import databases as clusters
from ..models import tags as tag_area
from ..models.projects import project_id_for
from ..pagination import paginate
from ..router import route
from .databases import (
    NAME_PATTERN,
    child,
    connection,
    load_cluster,
    name_taken,
    new_maintenance_window,
    save,
    status,
    storage,
    urn,
    vpc_of,
)


def _cluster(req):
    return load_cluster(req, dbcat.WITH_REPLICAS, "Read-only replicas")


def _status(req, replica):
    return "online" if done(req, replica["_ready_at"]) else "forking"


def present(req, cluster, replica):
    spec = dbcat.engine(cluster["engine"])
    primary, database = spec["user"], spec["database"]
    return {
        "id": replica["id"], "name": replica["name"], "region": replica["region"], "size": replica["size"],
        "status": _status(req, replica), "tags": list(replica["tags"]), "created_at": replica["created_at"],
        "private_network_uuid": replica["private_network_uuid"],
        "connection": connection(cluster, primary, database, host_of=replica),
        "private_connection": connection(cluster, primary, database, private=True, host_of=replica),
        "storage_size_mib": replica["storage_size_mib"],
    }


def _size(cluster, body):
    size = field(body, "size", str) or cluster["size"]
    if size not in dbcat.sizes_for(cluster["engine"], 1):
        raise unprocessable("size %r is not offered for a %s read-only replica; see /v2/databases/options"
                            % (size, cluster["engine"]))
    if (dbcat.SIZE_MEMORY_MIB[size] < dbcat.SIZE_MEMORY_MIB[cluster["size"]]
            or dbcat.SIZE_VCPUS[size] < dbcat.SIZE_VCPUS[cluster["size"]]):
        raise unprocessable("size %s is smaller than the cluster's node size %s; a read-only replica must be at "
                            "least as large" % (size, cluster["size"]))
    return size


@route("GET", "/v2/databases/{database_cluster_uuid}/replicas")
def list_replicas(req):
    cluster = _cluster(req)
    replicas = list(cluster.get("_replicas", {}).values())
    return ok(paginate(req, replicas, "replicas", present=lambda r: present(req, cluster, r)))


@route("POST", "/v2/databases/{database_cluster_uuid}/replicas")
def create_replica(req):
    cluster = _cluster(req)
    body = req.json()
    name = required_string(body, "name", NAME_PATTERN, "3 to 63 lowercase letters, digits or dashes, starting "
                                                        "with a letter and not ending with a dash")
    region = field(body, "region", str) or cluster["region"]
    if not catalog.available_region(region):
        raise unprocessable("region %r is not available for databases" % region)
    size = _size(cluster, body)
    storage_mib = storage(body, size, minimum=cluster["storage_size_mib"])
    tag_names = tag_area.check_names(body.get("tags"))
    if status(req, cluster) != "online":
        raise unprocessable("The cluster is %s; read-only replicas can be added once it is online"
                            % status(req, cluster))
    if name_taken(req, name):
        raise unprocessable("a database cluster or replica named %s already exists" % name)
    vpc = vpc_of(req, body, region)
    replica = {
        "id": str(uuid.uuid4()), "name": name, "region": region, "size": size,
        "tags": tag_area.ensure(req, tag_names), "created_at": iso(req.now), "private_network_uuid": vpc["id"],
        "storage_size_mib": storage_mib, "_ready_at": ready_at(req),
        "_host_id": clusters.new_host_id(req),
    }
    cluster.setdefault("_replicas", {})[name] = replica
    save(req, cluster)
    return created({"replica": present(req, cluster, replica)})


@route("GET", "/v2/databases/{database_cluster_uuid}/replicas/{replica_name}")
def get_replica(req):
    cluster = _cluster(req)
    return ok({"replica": present(req, cluster, child(cluster, "_replicas", req.params["replica_name"]))})


@route("DELETE", "/v2/databases/{database_cluster_uuid}/replicas/{replica_name}")
def delete_replica(req):
    cluster = _cluster(req)
    replica = child(cluster, "_replicas", req.params["replica_name"])
    del cluster["_replicas"][replica["name"]]
    save(req, cluster)
    return no_content()


@route("PUT", "/v2/databases/{database_cluster_uuid}/replicas/{replica_name}/promote")
def promote_replica(req):
    source = _cluster(req)
    replica = child(source, "_replicas", req.params["replica_name"])
    if _status(req, replica) != "online":
        raise unprocessable("The replica %s is %s; it can be promoted once it is online"
                            % (replica["name"], _status(req, replica)))
    del source["_replicas"][replica["name"]]
    save(req, source)
    promoted = {
        "id": replica["id"], "name": replica["name"], "engine": source["engine"], "version": source["version"],
        "num_nodes": 1, "size": replica["size"], "region": replica["region"], "created_at": replica["created_at"],
        "private_network_uuid": replica["private_network_uuid"], "tags": list(replica["tags"]),
        "storage_size_mib": replica["storage_size_mib"],
        "project_id": project_id_for(req, urn(source["id"]), source.get("project_id")),
        "maintenance_window": new_maintenance_window(),
        "_created_ts": req.now, "_ready_at": req.now, "_resized_at": None, "_host_id": replica["_host_id"],
        "_users": copy.deepcopy(source["_users"]), "_dbs": list(source["_dbs"]), "_pools": {},
        "_rules": [dict(rule, uuid=str(uuid.uuid4())) for rule in source["_rules"]], "_hosts": None,
    }
    save(req, promoted, "cluster_master_promotion")
    return no_content()
