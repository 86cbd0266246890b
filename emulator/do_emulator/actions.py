"""Actions (GET /v2/actions, droplet/volume actions): stored once, status derived from the clock.

An action is `in-progress` until its `_done_at` and `completed` after it; the resource it acts on is
`locked` until then (the caller stores `_busy_until` on the resource: see `mark_busy`). Effects of an action are
applied by the caller when the action is started; what a client observes through the action's status and the
resource's lock is the same as on the API, without timers.
"""

from . import catalog
from .lifecycle import done, iso, ready_at

KIND = "actions"


def start(req, action_type, resource_type, resource_id, region_slug, seconds=None):
    """Creates and stores an action; returns the stored document."""
    finish = ready_at(req) if seconds is None else req.now + seconds
    action = {
        "id": req.store.next_id("action", start=1900000000),
        "type": action_type,
        "resource_id": resource_id,
        "resource_type": resource_type,
        "region_slug": region_slug,
        "_started_at": req.now,
        "_done_at": finish,
    }
    req.store.put(KIND, action)
    return action


def present(req, action):
    """The action as the API shows it now."""
    finished = done(req, action["_done_at"])
    public = {
        "id": action["id"],
        "status": "completed" if finished else "in-progress",
        "type": action["type"],
        "started_at": iso(action["_started_at"]),
        "completed_at": iso(action["_done_at"]) if finished else None,
        "resource_id": action["resource_id"],
        "resource_type": action["resource_type"],
        "region_slug": action["region_slug"],
    }
    region = catalog.region(action["region_slug"]) if action["region_slug"] else None
    if region:
        public["region"] = region
    return public


def mark_busy(resource, action):
    """The resource stays locked until the action completes."""
    resource["_busy_until"] = max(resource.get("_busy_until") or 0, action["_done_at"])


def is_busy(req, resource):
    return not done(req, resource.get("_busy_until"))


def for_resource(req, resource_type, resource_id):
    """All actions on one resource, oldest first."""
    return [a for a in req.store.all(KIND)
            if a["resource_type"] == resource_type and str(a["resource_id"]) == str(resource_id)]
