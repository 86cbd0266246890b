"""PgBouncer connection pools of PostgreSQL clusters: /v2/databases/{database_cluster_uuid}/pools (list, add),
get, update (PUT), delete.

As documented: `mode` is session, transaction or statement; `size` is at least 1 and all pools of a cluster
together stay within the primary node's backend connections (25 per GiB of RAM, 3 reserved); `db` and `user`
must exist in the cluster (without `user`, sessions connect as the inbound user). Pool names are 3 to 60
characters. A pool's connection goes to port 25061 with the pool's name as the database.
"""

from .. import database_catalog as dbcat
from ..errors import unprocessable
from ..http import created, no_content, ok
from ..input_checks import field, required_string
from ..pagination import paginate
from ..router import route
from .databases import child, connection, load_cluster, save, valid_name


def _cluster(req):
    return load_cluster(req, dbcat.WITH_POOLS, "Connection pools")


def present(cluster, pool):
    user = pool.get("user") or dbcat.engine(cluster["engine"])["user"]
    shown = {"name": pool["name"], "mode": pool["mode"], "size": pool["size"], "db": pool["db"]}
    if pool.get("user"):
        shown["user"] = pool["user"]
    shown["connection"] = connection(cluster, user, pool["name"], port=dbcat.POOL_PORT)
    shown["private_connection"] = connection(cluster, user, pool["name"], private=True, port=dbcat.POOL_PORT)
    if cluster["num_nodes"] > 1:
        shown["standby_connection"] = connection(cluster, user, pool["name"], standby=True, port=dbcat.POOL_PORT)
        shown["standby_private_connection"] = connection(cluster, user, pool["name"], private=True, standby=True,
                                                         port=dbcat.POOL_PORT)
    return shown


def _settings(cluster, body, own_name):
    """mode, size, db and user of a pool body, checked against the cluster."""
    mode = required_string(body, "mode")
    if mode not in dbcat.POOL_MODES:
        raise unprocessable("mode must be one of %s, not %r" % (", ".join(dbcat.POOL_MODES), mode))
    size = field(body, "size", int, required=True)
    others = sum(p["size"] for name, p in cluster["_pools"].items() if name != own_name)
    limit = dbcat.max_pool_connections(cluster["size"])
    if size < 1 or others + size > limit:
        raise unprocessable("size must be between 1 and %d: the cluster's size %s allows %d backend connections "
                            "and other pools use %d" % (max(limit - others, 1), cluster["size"], limit, others))
    db = required_string(body, "db")
    if db not in cluster["_dbs"]:
        raise unprocessable("The database %s does not exist in this cluster" % db)
    user = field(body, "user", str) or None
    if user is not None and user not in cluster["_users"]:
        raise unprocessable("The user %s does not exist in this cluster" % user)
    return {"mode": mode, "size": size, "db": db, "user": user}


@route("GET", "/v2/databases/{database_cluster_uuid}/pools")
def list_pools(req):
    cluster = _cluster(req)
    return ok(paginate(req, list(cluster["_pools"].values()), "pools", present=lambda p: present(cluster, p)))


@route("POST", "/v2/databases/{database_cluster_uuid}/pools")
def add_pool(req):
    cluster = _cluster(req)
    body = req.json()
    name = valid_name(required_string(body, "name"), "pool name", max_length=60)
    if len(name) < 3:
        raise unprocessable("pool name %r is invalid: it must be between 3 and 60 characters" % name)
    if name in cluster["_pools"]:
        raise unprocessable("a connection pool named %s already exists in this cluster" % name)
    pool = dict(_settings(cluster, body, name), name=name)
    cluster["_pools"][name] = pool
    save(req, cluster)
    return created({"pool": present(cluster, pool)})


@route("GET", "/v2/databases/{database_cluster_uuid}/pools/{pool_name}")
def get_pool(req):
    cluster = _cluster(req)
    return ok({"pool": present(cluster, child(cluster, "_pools", req.params["pool_name"]))})


@route("PUT", "/v2/databases/{database_cluster_uuid}/pools/{pool_name}")
def update_pool(req):
    cluster = _cluster(req)
    pool = child(cluster, "_pools", req.params["pool_name"])
    pool.update(_settings(cluster, req.json(), pool["name"]))
    save(req, cluster)
    return no_content()


@route("DELETE", "/v2/databases/{database_cluster_uuid}/pools/{pool_name}")
def delete_pool(req):
    cluster = _cluster(req)
    del cluster["_pools"][child(cluster, "_pools", req.params["pool_name"])["name"]]
    save(req, cluster)
    return no_content()
