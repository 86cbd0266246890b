"""Databases inside a cluster: /v2/databases/{database_cluster_uuid}/dbs (list, add), get, delete.
Not offered for Caching/Valkey, Kafka or OpenSearch clusters."""

from .. import database_catalog as dbcat
from ..errors import unprocessable
from ..http import created, no_content, ok
from ..input_checks import required_string
from ..pagination import paginate
from ..router import route
from .databases import child, load_cluster, save, valid_name


def _cluster(req):
    return load_cluster(req, dbcat.WITH_DBS, "Databases")


@route("GET", "/v2/databases/{database_cluster_uuid}/dbs")
def list_dbs(req):
    cluster = _cluster(req)
    return ok(paginate(req, cluster["_dbs"], "dbs", present=lambda name: {"name": name}))


@route("POST", "/v2/databases/{database_cluster_uuid}/dbs")
def add_db(req):
    cluster = _cluster(req)
    name = valid_name(required_string(req.json(), "name"), "database name")
    if name in cluster["_dbs"]:
        raise unprocessable("a database named %s already exists in this cluster" % name)
    cluster["_dbs"].append(name)
    save(req, cluster)
    return created({"db": {"name": name}})


@route("GET", "/v2/databases/{database_cluster_uuid}/dbs/{database_name}")
def get_db(req):
    return ok({"db": {"name": child(_cluster(req), "_dbs", req.params["database_name"])}})


@route("DELETE", "/v2/databases/{database_cluster_uuid}/dbs/{database_name}")
def delete_db(req):
    cluster = _cluster(req)
    name = child(cluster, "_dbs", req.params["database_name"])
    in_pools = [p["name"] for p in cluster["_pools"].values() if p["db"] == name]
    if in_pools:
        raise unprocessable("Database %s is used by connection pool(s) %s" % (name, ", ".join(in_pools)))
    cluster["_dbs"].remove(name)
    save(req, cluster)
    return no_content()
