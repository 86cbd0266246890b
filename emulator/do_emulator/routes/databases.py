"""Managed database clusters: /v2/databases (list, create), get, delete, resize, and /v2/databases/options.

The cluster document (users, databases, pools, trusted sources, replicas and events under "_"-keys) is
models/databases.py's; every route stores a changed cluster through its `save()`, which logs the change in the
cluster's events (GET /v2/databases/{database_cluster_uuid}/events). Status is derived: `creating` until
`_ready_at`, `resizing` until `_resized_at`, then `online`. Users, dbs, pools, replicas and the cluster firewall
have their own modules (database_*.py) built on the helpers here.
"""

import re
import secrets
import string
import uuid

from .. import catalog
from .. import database_catalog as dbcat
from ..errors import not_found, unprocessable
from ..http import accepted, created, ok
from ..input_checks import field, is_uuid, required_string
from ..lifecycle import done, iso, ready_at
from ..models import databases as clusters
from ..models import droplets, projects, vpcs
from ..models import tags as tag_area
from ..models.projects import project_id_for
from ..router import route

KIND = clusters.KIND
save, urn, name_taken = clusters.save, clusters.urn, clusters.name_taken
NAME_PATTERN = r"^[a-z][a-z0-9-]{1,61}[a-z0-9]$"
# Base storage of a size in GiB (what `storage_size_mib` starts from).
_BASE_STORAGE_GIB = {"db-s-1vcpu-1gb": 10, "db-s-1vcpu-2gb": 30, "db-s-2vcpu-4gb": 60, "db-s-4vcpu-8gb": 140,
                     "db-s-6vcpu-16gb": 290, "db-s-8vcpu-32gb": 580, "db-s-16vcpu-64gb": 1120,
                     "gd-2vcpu-8gb": 60, "gd-4vcpu-16gb": 120, "so1_5-2vcpu-16gb": 400}
_PASSWORD_ALPHABET = string.ascii_letters + string.digits


def new_password():
    return "AVNS_" + "".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(19))


# -- reading --------------------------------------------------------------------------------------------------
def load_cluster(req, engines=None, what=None):
    """The stored cluster of the path's {database_cluster_uuid} (404 if absent); with `engines`, a 422 for a
    cluster whose engine does not support `what`."""
    cluster = clusters.find(req, req.params["database_cluster_uuid"])
    if engines is not None and cluster["engine"] not in engines:
        raise unprocessable("%s are not supported for %s clusters" % (what, cluster["engine"]))
    return cluster


def child(cluster, key, name):
    """The member `name` of one of a cluster's collections by name (`_users`, `_pools`, `_replicas`; `_dbs` holds
    the names themselves), else 404."""
    members = cluster.get(key) or {}
    if name not in members:
        raise not_found()
    return members[name] if isinstance(members, dict) else name


def status(req, cluster):
    if not done(req, cluster["_ready_at"]):
        return "creating"
    if not done(req, cluster.get("_resized_at")):
        return "resizing"
    return "online"


def hostname(cluster, private=False, standby=False):
    if cluster.get("_hosts"):  # a cluster the backend runs: its addresses (one server; the standby is the same)
        return cluster["_hosts"]["private" if private else "public"]
    host = "%s-do-user-%s-0.db.ondigitalocean.com" % (cluster["name"], cluster["_host_id"])
    if standby:
        host = "replica-" + host
    return "private-" + host if private else host


def connection(cluster, user_name, database, private=False, standby=False, port=None, host_of=None):
    """The connection object for a user of the cluster (credentials as they are now); `host_of` names another
    node with its own host (a read-only replica)."""
    spec = dbcat.engine(cluster["engine"])
    user = cluster["_users"].get(user_name) or cluster["_users"][spec["user"]]
    host = hostname(host_of or cluster, private, standby)
    port = port or spec["port"]
    return {"uri": dbcat.uri(cluster["engine"], user["name"], user["password"], host, port, database or ""),
            "database": database or "", "host": host, "port": port, "user": user["name"],
            "password": user["password"], "ssl": True}


def present_user(cluster, user):
    shown = {"name": user["name"], "role": user["role"], "password": user["password"]}
    if cluster["engine"] in dbcat.MYSQL_ENGINES:
        shown["mysql_settings"] = {"auth_plugin": user.get("auth_plugin", "caching_sha2_password")}
    if user.get("settings") is not None:
        shown["settings"] = user["settings"]
    for key in ("access_cert", "access_key"):  # kafka users
        if key in user:
            shown[key] = user[key]
    return shown


def present_rules(req, cluster):
    """Trusted sources; a rule for a droplet that no longer exists is gone."""
    return [dict(rule, cluster_uuid=cluster["id"]) for rule in cluster["_rules"]
            if rule["type"] != "droplet" or droplets.exists(req, rule["value"])]


def present(req, cluster):
    spec = dbcat.engine(cluster["engine"])
    primary, database = spec["user"], spec["database"]
    shown = {
        "id": cluster["id"], "name": cluster["name"], "engine": cluster["engine"], "version": cluster["version"],
        "semantic_version": spec["semantic"][cluster["version"]], "num_nodes": cluster["num_nodes"],
        "size": cluster["size"], "region": cluster["region"], "status": status(req, cluster),
        "created_at": cluster["created_at"], "private_network_uuid": cluster["private_network_uuid"],
        "tags": list(cluster["tags"]),
        "db_names": list(cluster["_dbs"]) if cluster["engine"] in dbcat.WITH_DBS else None,
        "connection": connection(cluster, primary, database),
        "private_connection": connection(cluster, primary, database, private=True),
        "users": [present_user(cluster, u) for u in cluster["_users"].values()],
        "maintenance_window": dict(cluster["maintenance_window"]),
        "project_id": project_id_for(req, urn(cluster["id"]), cluster.get("project_id")),
        "rules": present_rules(req, cluster),
        "storage_size_mib": cluster["storage_size_mib"],
        "metrics_endpoints": [{"host": hostname(cluster), "port": 9273}],
    }
    if cluster["num_nodes"] > 1 and cluster["engine"] not in ("kafka", "opensearch", "mongodb"):
        shown["standby_connection"] = connection(cluster, primary, database, standby=True)
        shown["standby_private_connection"] = connection(cluster, primary, database, private=True, standby=True)
    if cluster["engine"] == "opensearch":
        ui = connection(cluster, primary, None, port=443)
        shown["ui_connection"] = {k: ui[k] for k in ("uri", "host", "port", "user", "password", "ssl")}
    return shown


# -- validation -----------------------------------------------------------------------------------------------
def _layout(engine_slug, size, num_nodes):
    if num_nodes not in dbcat.node_counts(engine_slug):
        raise unprocessable("num_nodes %s is not offered for %s; choose one of %s"
                            % (num_nodes, engine_slug, dbcat.node_counts(engine_slug)))
    if size not in dbcat.sizes_for(engine_slug, num_nodes):
        raise unprocessable("size %r is not offered for %s with %d node(s); see /v2/databases/options"
                            % (size, engine_slug, num_nodes))


def storage(body, size, current=0, minimum=0):
    """storage_size_mib of a body (by default the size's base storage, or `current` if more); at least the base
    storage and `minimum`."""
    least = max(_BASE_STORAGE_GIB[size] * 1024, minimum)
    requested = field(body, "storage_size_mib", int)
    if requested is None:
        return max(least, current)
    if requested < least:
        raise unprocessable("storage_size_mib must be at least %d for size %s" % (least, size))
    return requested


def vpc_of(req, body, region):
    vpc_uuid = field(body, "private_network_uuid", str, default="")
    if vpc_uuid and not is_uuid(vpc_uuid):
        raise unprocessable("private_network_uuid %r is not a VPC id" % vpc_uuid)
    return vpcs.resolve(req, vpc_uuid, region)


def _project(req, body):
    project_id = field(body, "project_id", str)
    if project_id and not projects.exists(req, project_id):
        raise unprocessable("The project %s could not be found" % project_id)
    return project_id


def new_maintenance_window():
    return {"day": "tuesday", "hour": "04:00", "pending": False, "description": []}


def primary_user(engine_slug):
    spec = dbcat.engine(engine_slug)
    user = {"name": spec["user"], "role": "primary", "password": new_password()}
    if engine_slug in ("pg", "advanced_pg"):
        user["settings"] = {"pg_allow_replication": True}
    return user


# -- routes ---------------------------------------------------------------------------------------------------
@route("GET", "/v2/databases/options")
def get_options(req):
    return ok(dbcat.options())


clusters.CLUSTERS.serve("/v2/databases/{database_cluster_uuid}", "database", "databases", present,
                        listed=lambda req: clusters.tagged(req, req.arg("tag_name")))


@route("POST", "/v2/databases")
def create_cluster(req):
    body = req.json()
    name = required_string(body, "name", NAME_PATTERN, "3 to 63 lowercase letters, digits or dashes, starting "
                                                        "with a letter and not ending with a dash")
    engine_slug = required_string(body, "engine")
    spec = dbcat.engine(engine_slug)
    if spec is None:
        raise unprocessable("engine %r is not one of %s" % (engine_slug, ", ".join(dbcat.ENGINES)))
    if engine_slug in dbcat.NO_LONGER_CREATED:
        raise unprocessable(dbcat.NO_LONGER_CREATED[engine_slug])
    version = field(body, "version", str) or spec["versions"][-1]
    if version not in spec["versions"]:
        raise unprocessable("version %r is not available for %s; choose one of %s"
                            % (version, engine_slug, ", ".join(spec["versions"])))
    size = required_string(body, "size")
    num_nodes = field(body, "num_nodes", int, required=True)
    _layout(engine_slug, size, num_nodes)
    region = required_string(body, "region")
    if not catalog.available_region(region):
        raise unprocessable("region %r is not available for databases" % region)
    tag_names = tag_area.check_names(body.get("tags"))
    storage_mib = storage(body, size)
    project_id = _project(req, body)
    if name_taken(req, name):
        raise unprocessable("a database cluster named %s already exists" % name)
    if "backup_restore" in body:
        _check_backup_restore(req, body["backup_restore"])
    vpc = vpc_of(req, body, region)
    tags = tag_area.ensure(req, tag_names)
    cluster_id = str(uuid.uuid4())
    primary = primary_user(engine_slug)
    cluster = {
        "id": cluster_id, "name": name, "engine": engine_slug, "version": version, "num_nodes": num_nodes,
        "size": size, "region": region, "created_at": iso(req.now), "private_network_uuid": vpc["id"],
        "tags": tags, "storage_size_mib": storage_mib, "project_id": project_id,
        "maintenance_window": new_maintenance_window(),
        "_created_ts": req.now, "_ready_at": ready_at(req), "_resized_at": None,
        "_host_id": clusters.new_host_id(req),
        "_users": {primary["name"]: primary},
        "_dbs": [spec["database"]] if engine_slug in dbcat.WITH_DBS else [],
        "_pools": {}, "_rules": [],
        "_hosts": req.app.backend.database_hosts(req, engine_slug, vpc),
    }
    save(req, cluster)
    return created({"database": present(req, cluster)})


def _check_backup_restore(req, restore):
    if not isinstance(restore, dict) or not isinstance(restore.get("database_name"), str):
        raise unprocessable("backup_restore requires the database_name of the cluster to restore from")
    if not clusters.named(req, restore["database_name"]):
        raise unprocessable("no database cluster named %s to restore from" % restore["database_name"])


@route("GET", "/v2/databases/{database_cluster_uuid}/events")
def list_events(req):
    """The cluster's event log, oldest first, as the API's example shows it (the API pages it not)."""
    cluster = load_cluster(req)
    return ok({"events": [dict(event, cluster_name=cluster["name"]) for event in cluster.get("_events", [])]})


@route("PUT", "/v2/databases/{database_cluster_uuid}/resize")
def resize_cluster(req):
    cluster = load_cluster(req)
    body = req.json()
    size = required_string(body, "size")
    num_nodes = field(body, "num_nodes", int, required=True)
    _layout(cluster["engine"], size, num_nodes)
    if status(req, cluster) != "online":
        raise unprocessable("The cluster is %s; it can be resized once it is online" % status(req, cluster))
    pooled = sum(p["size"] for p in cluster["_pools"].values())
    if pooled > dbcat.max_pool_connections(size):
        raise unprocessable("The connection pools use %d connections; size %s allows %d"
                            % (pooled, size, dbcat.max_pool_connections(size)))
    cluster["storage_size_mib"] = storage(body, size, cluster["storage_size_mib"])
    cluster.update(size=size, num_nodes=num_nodes, _resized_at=ready_at(req))
    save(req, cluster)
    return accepted()


def valid_name(value, what, max_length=63, pattern=r"^[A-Za-z0-9_][A-Za-z0-9_.$-]*$"):
    """Names of users, dbs and pools: a clear 422 instead of what the engine would refuse."""
    if not re.match(pattern, value) or len(value) > max_length:
        raise unprocessable("%s %r is invalid: up to %d letters, digits, '_', '.', '$' or '-'"
                            % (what, value, max_length))
    return value

