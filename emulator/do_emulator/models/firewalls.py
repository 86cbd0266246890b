"""Cloud firewalls: the "firewalls" kind.

A firewall is `waiting` with `pending_changes` (the droplets whose policies are being applied) until the change
settles (`_settles_at`), then `succeeded`. Droplet membership is stored as `_droplet_ids` and filtered against the
droplets that still exist whenever it is read, so deleting a droplet needs no write here; so are the tags and
droplets its rules name.
"""

from ..lifecycle import done, ready_at
from . import droplets, tags
from .collection import Collection

FIREWALLS = Collection("firewalls")
KIND = FIREWALLS.kind
find, all_, delete = FIREWALLS.find, FIREWALLS.all, FIREWALLS.delete
TARGET_LISTS = ("addresses", "droplet_ids", "load_balancer_uids", "kubernetes_ids", "tags")


def existing_droplets(req, ids):
    return [i for i in ids if droplets.exists(req, i)]


def _existing_tag_names(req, names):
    return [t for t in names if tags.exists(req, t)]


def _present_target(req, target):
    shown = {}
    for name in TARGET_LISTS:
        values = target.get(name) or []
        if name == "droplet_ids":
            values = existing_droplets(req, values)
        elif name == "tags":
            values = _existing_tag_names(req, values)
        if values:
            shown[name] = list(values)
    return shown


def shown_rule(req, rule, target_key):
    """A rule as shown: its sources or destinations without what no longer exists."""
    return {"protocol": rule["protocol"], "ports": rule["ports"],
            target_key: _present_target(req, rule[target_key])}


def present(req, fw):
    """The firewall as the API shows it now."""
    waiting = not done(req, fw["_settles_at"])
    return {
        "id": fw["id"],
        "name": fw["name"],
        "status": "waiting" if waiting else "succeeded",
        "created_at": fw["created_at"],
        "pending_changes": [dict(p, status="waiting") for p in fw["_pending"]] if waiting else [],
        "inbound_rules": [shown_rule(req, r, "sources") for r in fw["inbound_rules"]],
        "outbound_rules": [shown_rule(req, r, "destinations") for r in fw["outbound_rules"]],
        "droplet_ids": existing_droplets(req, fw["_droplet_ids"]),
        "tags": _existing_tag_names(req, fw["tags"]),
    }


def for_droplet(req, droplet_id):
    """The firewalls that apply to a droplet, directly or through one of its tags (for the droplets area's
    GET /v2/droplets/{droplet_id}/firewalls), in their public form."""
    droplet = droplets.get(req, droplet_id)
    droplet_tags = set(droplet.get("tags") or []) if droplet else set()
    return [present(req, fw) for fw in FIREWALLS.all(req)
            if int(droplet_id) in fw["_droplet_ids"] or droplet_tags.intersection(fw["tags"])]


def save(req, fw, pending=None):
    """Stores a firewall; with `pending` ([{droplet_id, removing}]), a change to those droplets starts applying."""
    if pending is not None:
        fw["_settles_at"] = ready_at(req)
        fw["_pending"] = pending
    return FIREWALLS.save(req, fw)

