"""The small per-cluster settings of managed databases: CA certificate, maintenance window, backups (derived:
one daily backup per full day the cluster has existed, at most 7), engine config, MySQL SQL modes and the
Caching/Valkey eviction policy."""

import base64
import hashlib
import re

from .. import database_catalog as dbcat
from ..errors import unprocessable
from ..http import no_content, ok
from ..input_checks import field, required_string
from ..lifecycle import iso
from ..router import route
from .databases import load_cluster, save

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DEFAULT_SQL_MODE = ("ANSI,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION,NO_ZERO_DATE,NO_ZERO_IN_DATE,"
                    "STRICT_ALL_TABLES")
EVICTION_POLICIES = ("noeviction", "allkeys_lru", "allkeys_random", "volatile_lru", "volatile_random",
                     "volatile_ttl")
WITH_BACKUPS = {"pg", "mysql", "mongodb", "advanced_pg", "advanced_mysql"}
DAY_SECONDS = 86400


@route("GET", "/v2/databases/{database_cluster_uuid}/ca")
def get_ca(req):
    cluster = load_cluster(req)
    seed = hashlib.sha256(cluster["id"].encode()).digest() * 24
    pem = "-----BEGIN CERTIFICATE-----\n%s\n-----END CERTIFICATE-----\n" % base64.b64encode(seed).decode()
    return ok({"ca": {"certificate": base64.b64encode(pem.encode()).decode()}})


@route("PUT", "/v2/databases/{database_cluster_uuid}/maintenance")
def set_maintenance_window(req):
    cluster = load_cluster(req)
    body = req.json()
    day = required_string(body, "day").lower()
    if day not in DAYS:
        raise unprocessable("day must be a day of the week, not %r" % body["day"])
    hour = required_string(body, "hour")
    match = re.match(r"^([01]?\d|2[0-3]):([0-5]\d)(:[0-5]\d)?$", hour)
    if not match:
        raise unprocessable("hour must be a time of day in 24-hour format (14:00), not %r" % hour)
    cluster["maintenance_window"].update(day=day, hour=hour)
    save(req, cluster)
    return no_content()


@route("GET", "/v2/databases/{database_cluster_uuid}/backups")
def list_backups(req):
    cluster = load_cluster(req, WITH_BACKUPS, "Backups")
    days = min(7, int((req.now - cluster["_created_ts"]) // DAY_SECONDS)) if "_created_ts" in cluster else 0
    size_gib = round(cluster["storage_size_mib"] / 1024 * 0.02, 2)
    backups = [{"created_at": iso(cluster["_created_ts"] + n * DAY_SECONDS), "size_gigabytes": size_gib}
               for n in range(days, 0, -1)]
    return ok({"backups": backups})


@route("GET", "/v2/databases/{database_cluster_uuid}/config")
def get_config(req):
    return ok({"config": dict(load_cluster(req).get("_config") or {})})


@route("PATCH", "/v2/databases/{database_cluster_uuid}/config")
def patch_config(req):
    cluster = load_cluster(req)
    config = field(req.json(), "config", dict, required=True)
    cluster["_config"] = dict(cluster.get("_config") or {}, **config)
    save(req, cluster)
    return ok(None)


@route("GET", "/v2/databases/{database_cluster_uuid}/sql_mode")
def get_sql_mode(req):
    cluster = load_cluster(req, dbcat.MYSQL_ENGINES, "SQL modes")
    return ok({"sql_mode": cluster.get("_sql_mode", DEFAULT_SQL_MODE)})


@route("PUT", "/v2/databases/{database_cluster_uuid}/sql_mode")
def set_sql_mode(req):
    cluster = load_cluster(req, dbcat.MYSQL_ENGINES, "SQL modes")
    sql_mode = field(req.json(), "sql_mode", str, required=True)
    if not re.match(r"^[A-Z_]*(,[A-Z_]+)*$", sql_mode):
        raise unprocessable("sql_mode must be a comma-separated list of MySQL SQL modes")
    cluster["_sql_mode"] = sql_mode
    save(req, cluster)
    return no_content()


@route("GET", "/v2/databases/{database_cluster_uuid}/eviction_policy")
def get_eviction_policy(req):
    cluster = load_cluster(req, {"redis", "valkey"}, "Eviction policies")
    return ok({"eviction_policy": cluster.get("_eviction_policy", "noeviction")})


@route("PUT", "/v2/databases/{database_cluster_uuid}/eviction_policy")
def set_eviction_policy(req):
    cluster = load_cluster(req, {"redis", "valkey"}, "Eviction policies")
    policy = required_string(req.json(), "eviction_policy")
    if policy not in EVICTION_POLICIES:
        raise unprocessable("eviction_policy must be one of %s" % ", ".join(EVICTION_POLICIES))
    cluster["_eviction_policy"] = policy
    save(req, cluster)
    return no_content()
