"""Database users: /v2/databases/{database_cluster_uuid}/users (list, add), get, update settings, delete and
reset_auth. Passwords are generated here and shown on create, get and list, as the API does with the
`database:view_credentials` scope. Not offered for Caching/Valkey clusters."""

import base64
import secrets

from .. import database_catalog as dbcat
from ..errors import bad_request, unprocessable
from ..http import created, no_content, ok
from ..input_checks import field, required_string
from ..pagination import paginate
from ..router import route
from .databases import child, load_cluster, new_password, present_user, save, valid_name

AUTH_PLUGINS = ("mysql_native_password", "caching_sha2_password")
KAFKA_PERMISSIONS = ("admin", "consume", "produce", "produceconsume")
OPENSEARCH_PERMISSIONS = ("deny", "admin", "read", "readwrite", "write")
MONGO_ROLES = ("readOnly", "readWrite", "dbAdmin")


def _cluster(req):
    return load_cluster(req, dbcat.WITH_USERS, "Users")


def _auth_plugin(body):
    settings = field(body, "mysql_settings", dict)
    if settings is None:
        return None
    plugin = field(settings, "auth_plugin", str, required=True)
    if plugin not in AUTH_PLUGINS:
        raise unprocessable("mysql_settings.auth_plugin must be one of %s" % ", ".join(AUTH_PLUGINS))
    return plugin


def _acl(entries, key, permissions, cluster_id):
    if not isinstance(entries, list) or any(not isinstance(e, dict) for e in entries):
        raise bad_request("settings.%s must be an array of objects" % key)
    clean = []
    for n, entry in enumerate(entries):
        target = "topic" if key == "acl" else "index"
        name = required_string(entry, target)
        permission = required_string(entry, "permission")
        if permission not in permissions:
            raise unprocessable("settings.%s permission must be one of %s" % (key, ", ".join(permissions)))
        rule = {target: name, "permission": permission}
        if key == "acl":
            rule["id"] = entry.get("id") or "acl%s%d" % (cluster_id[:8], n)
        clean.append(rule)
    return clean


def _settings(cluster, body, required=False):
    """The user's engine-specific settings from a body (settings the engine does not know are ignored)."""
    settings = field(body, "settings", dict, required=required, default={})
    engine = cluster["engine"]
    if engine in ("pg", "advanced_pg"):
        return {"pg_allow_replication": bool(field(settings, "pg_allow_replication", bool, default=False))}
    if engine == "kafka":
        return {"acl": _acl(settings.get("acl") or [], "acl", KAFKA_PERMISSIONS, cluster["id"])}
    if engine == "opensearch":
        return {"opensearch_acl": _acl(settings.get("opensearch_acl") or [], "opensearch_acl",
                                       OPENSEARCH_PERMISSIONS, cluster["id"])}
    if engine == "mongodb":
        mongo = field(settings, "mongo_user_settings", dict, default={})
        role = field(mongo, "role", str, default="readWrite")
        if role not in MONGO_ROLES:
            raise unprocessable("mongo_user_settings.role must be one of %s" % ", ".join(MONGO_ROLES))
        databases = field(mongo, "databases", list, default=[])
        if any(not isinstance(d, str) for d in databases):
            raise bad_request("mongo_user_settings.databases must be an array of strings")
        return {"mongo_user_settings": {"databases": databases, "role": role}}
    return None


def _pem(kind):
    body = base64.b64encode(secrets.token_bytes(96)).decode()
    return "-----BEGIN %s-----\n%s\n-----END %s-----" % (kind, body, kind)


@route("GET", "/v2/databases/{database_cluster_uuid}/users")
def list_users(req):
    cluster = _cluster(req)
    return ok(paginate(req, list(cluster["_users"].values()), "users", present=lambda u: present_user(cluster, u)))


@route("POST", "/v2/databases/{database_cluster_uuid}/users")
def add_user(req):
    cluster = _cluster(req)
    body = req.json()
    name = valid_name(required_string(body, "name"), "user name")
    if name in cluster["_users"]:
        raise unprocessable("a user named %s already exists in this cluster" % name)
    field(body, "readonly", bool)
    user = {"name": name, "role": "normal", "password": new_password()}
    settings = _settings(cluster, body)
    if settings is not None:
        user["settings"] = settings
    if cluster["engine"] in dbcat.MYSQL_ENGINES:
        user["auth_plugin"] = _auth_plugin(body) or "caching_sha2_password"
    if cluster["engine"] == "kafka":
        user["access_cert"], user["access_key"] = _pem("CERTIFICATE"), _pem("PRIVATE KEY")
    cluster["_users"][name] = user
    save(req, cluster)
    return created({"user": present_user(cluster, user)})


@route("GET", "/v2/databases/{database_cluster_uuid}/users/{username}")
def get_user(req):
    cluster = _cluster(req)
    return ok({"user": present_user(cluster, child(cluster, "_users", req.params["username"]))})


@route("PUT", "/v2/databases/{database_cluster_uuid}/users/{username}")
def update_user(req):
    """Only settings change; a setting left out takes its default (pg_allow_replication: false)."""
    cluster = _cluster(req)
    user = child(cluster, "_users", req.params["username"])
    settings = _settings(cluster, req.json(), required=True)
    if settings is not None:
        user["settings"] = settings
    save(req, cluster)
    return created({"user": present_user(cluster, user)})


@route("DELETE", "/v2/databases/{database_cluster_uuid}/users/{username}")
def delete_user(req):
    cluster = _cluster(req)
    user = child(cluster, "_users", req.params["username"])
    if user["role"] == "primary":
        raise unprocessable("The primary user %s cannot be deleted" % user["name"])
    in_pools = [p["name"] for p in cluster["_pools"].values() if p.get("user") == user["name"]]
    if in_pools:
        raise unprocessable("User %s is used by connection pool(s) %s" % (user["name"], ", ".join(in_pools)))
    del cluster["_users"][user["name"]]
    save(req, cluster)
    return no_content()


@route("POST", "/v2/databases/{database_cluster_uuid}/users/{username}/reset_auth")
def reset_auth(req):
    cluster = _cluster(req)
    user = child(cluster, "_users", req.params["username"])
    plugin = _auth_plugin(req.json())
    if plugin and cluster["engine"] in dbcat.MYSQL_ENGINES:
        user["auth_plugin"] = plugin
    user["password"] = new_password()
    save(req, cluster)
    return ok({"user": present_user(cluster, user)})
