"""Snapshots: the "snapshots" kind, Droplet and volume snapshots alike, with a `resource_type`.

A Droplet snapshot is made by the Droplet `snapshot` action (an integer id from the image sequence; it appears
once that action completes, and is also a private image: see images.py); a volume snapshot by
POST /v2/volumes/{volume_id}/snapshots (a UUID). `record` is the one place a snapshot is created.
"""

import uuid

from .. import catalog
from ..errors import bad_request, not_found
from ..lifecycle import done, iso
from .collection import Collection


def _lookup_volume_snapshot(req, snapshot_id):
    snapshot = req.store.get(KIND, snapshot_id)
    return snapshot if snapshot is not None and snapshot.get("resource_type") == "volume" else None


SNAPSHOTS = Collection("snapshots")
VOLUME_SNAPSHOTS = Collection("snapshots", lookup=_lookup_volume_snapshot)  # /v2/volumes/snapshots/{snapshot_id}
ANY_SNAPSHOTS = Collection("snapshots", lookup=lambda req, snapshot_id: find_any(req, snapshot_id))  # /v2/snapshots
KIND = SNAPSHOTS.kind
get, save, delete = SNAPSHOTS.get, SNAPSHOTS.save, SNAPSHOTS.delete
RESOURCE_TYPES = ("droplet", "volume")


def visible(req, snapshot):
    """A Droplet snapshot appears once its snapshot action has completed."""
    return snapshot.get("resource_type") in RESOURCE_TYPES and done(req, snapshot.get("_ready_at"))


def present(req, snapshot):
    """As /v2/snapshots and the volume snapshot routes show it: ids and resource ids as strings."""
    created_at = snapshot.get("created_at")
    if not isinstance(created_at, str):
        created_at = iso(snapshot.get("_created_at") or 0)
    return {
        "id": str(snapshot["id"]),
        "name": snapshot["name"],
        "created_at": created_at,
        "regions": list(snapshot.get("regions") or []),
        "min_disk_size": snapshot.get("min_disk_size") or 0,
        "size_gigabytes": snapshot.get("size_gigabytes") or 0,
        "resource_id": str(snapshot["resource_id"]),
        "resource_type": snapshot["resource_type"],
        "tags": list(snapshot.get("tags") or []),
    }


def find_any(req, snapshot_id):
    """A visible Droplet or volume snapshot; 400 for a public image's id, else 404."""
    snapshot = SNAPSHOTS.get(req, snapshot_id)
    if snapshot is None:
        if catalog.image(snapshot_id) is not None:
            raise bad_request("the resource is not a snapshot")
        raise not_found()
    if snapshot.get("resource_type") not in RESOURCE_TYPES:
        raise bad_request("the resource is not a snapshot")
    if not visible(req, snapshot):
        raise not_found()
    return snapshot


def listed(req, resource_type=None):
    """The visible snapshots, of one resource type if given."""
    return [s for s in SNAPSHOTS.all(req)
            if visible(req, s) and (not resource_type or s["resource_type"] == resource_type)]


def of_volume(req, volume_id):
    return [s for s in SNAPSHOTS.all(req) if s.get("resource_type") == "volume" and s["resource_id"] == volume_id]


def of_droplet(req, droplet_id):
    """The droplet's snapshots that exist now."""
    return [s for s in SNAPSHOTS.all(req)
            if s.get("resource_type") == "droplet" and str(s["resource_id"]) == str(droplet_id)
            and done(req, s.get("_ready_at"))]


def droplet_index(req):
    """{droplet id (str): [snapshot ids]} for the droplet snapshots that exist now (one pass for a listing)."""
    index = {}
    for snapshot in SNAPSHOTS.all(req):
        if snapshot.get("resource_type") == "droplet" and done(req, snapshot.get("_ready_at")):
            index.setdefault(str(snapshot["resource_id"]), []).append(int(snapshot["id"]))
    return index


def droplet_snapshots(req):
    """Every Droplet snapshot (also the account's private images), completed or not."""
    return [s for s in SNAPSHOTS.all(req) if s.get("resource_type") == "droplet" and str(s.get("id", "")).isdigit()]


def left_behind(req, droplet_id, volume_ids):
    """[(section, snapshot)] of the existing snapshots of a droplet ("snapshots") and of its volumes
    ("volume_snapshots"): what destroying it with its associated resources concerns."""
    found = []
    for snapshot in SNAPSHOTS.all(req):
        if not done(req, snapshot.get("_ready_at")):
            continue
        if snapshot.get("resource_type") == "droplet" and str(snapshot["resource_id"]) == str(droplet_id):
            found.append(("snapshots", snapshot))
        elif snapshot.get("resource_type") == "volume" and snapshot["resource_id"] in volume_ids:
            found.append(("volume_snapshots", snapshot))
    return found


# -- writing --------------------------------------------------------------------------------------------------
def record(req, resource_type, resource, name, tags=(), action=None):
    """Stores a new snapshot of a droplet (made by its snapshot `action`, visible once that completes) or of a
    volume (at once); returns it."""
    if resource_type == "droplet":
        snapshot = {
            "id": str(req.store.next_id("image", start=170000000)),
            "name": name,
            "created_at": iso(req.now),
            "regions": [resource["region"]],
            "min_disk_size": resource["disk"],
            "size_gigabytes": round(resource["disk"] * 0.08, 2),
            "resource_id": str(resource["id"]),
            "resource_type": "droplet",
            "tags": list(tags),
            "_ready_at": action["_done_at"],
            "_distribution": resource["image"].get("distribution", "Unknown"),
        }
    else:
        snapshot = {
            "id": str(uuid.uuid4()),
            "name": name,
            "created_at": iso(req.now),
            "regions": [resource["region"]],
            "min_disk_size": resource["size_gigabytes"],
            "size_gigabytes": 0,
            "resource_id": resource["id"],
            "resource_type": "volume",
            "tags": list(tags),
        }
    return SNAPSHOTS.save(req, snapshot)


