"""Droplet backup policies: GET /v2/droplets/{droplet_id}/backups/policy, /v2/droplets/backups/policies (every
droplet's, paginated, keyed by droplet id) and /v2/droplets/backups/supported_policies. A policy is set by
create (`backups`, `backup_policy`) and by the enable_backups / change_backup_policy / disable_backups actions."""

from ..http import ok
from ..models import droplets
from ..pagination import paginate
from ..router import route
from .droplets import BACKUP_HOURS, BACKUP_WEEKDAYS

WINDOW_HOURS = 4
RETENTION_DAYS = {"daily": 7, "weekly": 28}
SUPPORTED = [
    {"name": "weekly", "possible_window_starts": list(BACKUP_HOURS), "window_length_hours": WINDOW_HOURS,
     "retention_period_days": RETENTION_DAYS["weekly"], "possible_days": list(BACKUP_WEEKDAYS)},
    {"name": "daily", "possible_window_starts": list(BACKUP_HOURS), "window_length_hours": WINDOW_HOURS,
     "retention_period_days": RETENTION_DAYS["daily"], "possible_days": []},
]


def policy(droplet):
    stored = droplet.get("_backup_policy")
    shown = {"droplet_id": droplet["id"], "backup_enabled": stored is not None}
    if stored is not None:
        shown["backup_policy"] = dict(stored, window_length_hours=WINDOW_HOURS,
                                      retention_period_days=RETENTION_DAYS[stored["plan"]])
        shown["next_backup_window"] = droplet["next_backup_window"]
    return shown


@route("GET", "/v2/droplets/{droplet_id}/backups/policy")
def get_backup_policy(req):
    return ok({"policy": policy(droplets.find(req, req.params["droplet_id"]))})


@route("GET", "/v2/droplets/backups/policies")
def list_backup_policies(req):
    body = paginate(req, droplets.all_(req), "policies", present=policy)
    body["policies"] = {str(p["droplet_id"]): p for p in body["policies"]}
    return ok(body)


@route("GET", "/v2/droplets/backups/supported_policies")
def list_supported_backup_policies(req):
    return ok({"supported_policies": SUPPORTED})
