"""Actions (GET /v2/actions, droplet/volume actions): stored once, status derived from the clock.

An action is `in-progress` until its `_done_at` and `completed` after it; the resource it acts on is
`locked` until then (the caller stores `_busy_until` on the resource: see `mark_busy`). Effects of an action are
applied by the caller when the action is started; what a client observes through the action's status and the
resource's lock is the same as on the API, without timers.
"""

from .. import catalog
from ..errors import not_found
from ..lifecycle import done, iso, ready_at
from .collection import Collection


def _lookup(req, action_id):
    return req.store.get(KIND, action_id) if str(action_id).isdigit() else None


ACTIONS = Collection("actions", lookup=_lookup)
KIND = ACTIONS.kind
find = ACTIONS.find


def start(req, action_type, resource_type, resource_id, region_slug, seconds=None, private=None):
    """Creates and stores an action; returns the stored document. `private` are "_"-fields kept with it (a volume
    action remembers its volume)."""
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
    if private:
        action.update(private)
    return ACTIONS.save(req, action)


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


def link(req, action, rel="create"):
    """The link to an action that a create answer carries in `links.actions`."""
    return {"id": action["id"], "rel": rel, "href": "%s/v2/actions/%d" % (req.base_url, action["id"])}


def mark_busy(resource, action):
    """The resource stays locked until the action completes."""
    resource["_busy_until"] = max(resource.get("_busy_until") or 0, action["_done_at"])


def is_busy(req, resource):
    return not done(req, resource.get("_busy_until"))


def find_for(req, action_id, resource_type, resource_id):
    """The action of a path parameter if it acted on that resource, else 404."""
    action = _lookup(req, action_id)
    if action is None or action["resource_type"] != resource_type or str(action["resource_id"]) != str(resource_id):
        raise not_found()
    return action


def newest_first(req):
    return ACTIONS.all(req)[::-1]


def for_volume(req, volume_id):
    """A volume's actions, oldest first (its id is a UUID, kept privately: see start's `private`)."""
    return [a for a in ACTIONS.all(req) if a.get("_volume_id") == volume_id]


def for_resource(req, resource_type, resource_id):
    """All actions on one resource, oldest first."""
    return [a for a in req.store.all(KIND)
            if a["resource_type"] == resource_type and str(a["resource_id"]) == str(resource_id)]
