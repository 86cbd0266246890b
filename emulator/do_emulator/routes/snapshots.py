"""Snapshots: volume snapshots (/v2/volumes/{volume_id}/snapshots, /v2/volumes/snapshots/{snapshot_id}) and the
account-wide view of Droplet and volume snapshots (/v2/snapshots).

Both kinds live in the store kind "snapshots" with a `resource_type`: Droplet snapshots are made by the Droplet
`snapshot` action (integer ids), volume snapshots here (UUIDs). /v2/snapshots shows every id and resource_id as a
string, as the API does.
"""

import uuid

from .. import catalog
from ..errors import bad_request, not_found, unprocessable
from ..http import created, no_content, ok
from ..lifecycle import done, iso
from ..pagination import paginate
from ..router import route
from .volumes import check_tags, find

KIND = "snapshots"
RESOURCE_TYPES = ("droplet", "volume")


def _visible(req, snapshot):
    """A Droplet snapshot appears once its snapshot action has completed."""
    return snapshot.get("resource_type") in RESOURCE_TYPES and done(req, snapshot.get("_ready_at"))


def present(snapshot):
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


def _find_any(req, snapshot_id):
    snapshot = req.store.get(KIND, snapshot_id)
    if snapshot is None:
        if catalog.image(snapshot_id) is not None:
            raise bad_request("the resource is not a snapshot")
        raise not_found()
    if snapshot.get("resource_type") not in RESOURCE_TYPES:
        raise bad_request("the resource is not a snapshot")
    if not _visible(req, snapshot):
        raise not_found()
    return snapshot


def _find_volume_snapshot(req, snapshot_id):
    snapshot = req.store.get(KIND, snapshot_id)
    if snapshot is None or snapshot.get("resource_type") != "volume":
        raise not_found()
    return snapshot


# -- /v2/snapshots ---------------------------------------------------------------------------------------------
@route("GET", "/v2/snapshots")
def list_snapshots(req):
    resource_type = req.arg("resource_type")
    if resource_type not in (None, "") and resource_type not in RESOURCE_TYPES:
        raise bad_request("resource_type must be droplet or volume")
    snapshots = [s for s in req.store.all(KIND)
                 if _visible(req, s) and (not resource_type or s["resource_type"] == resource_type)]
    return ok(paginate(req, snapshots, "snapshots", present))


@route("GET", "/v2/snapshots/{snapshot_id}")
def get_snapshot(req):
    return ok({"snapshot": present(_find_any(req, req.params["snapshot_id"]))})


@route("DELETE", "/v2/snapshots/{snapshot_id}")
def delete_snapshot(req):
    snapshot = _find_any(req, req.params["snapshot_id"])
    req.store.delete(KIND, snapshot["id"])
    return no_content()


# -- volume snapshots ------------------------------------------------------------------------------------------
@route("POST", "/v2/volumes/{volume_id}/snapshots")
def create_volume_snapshot(req):
    body = req.json()
    volume = find(req, req.params["volume_id"])
    name = body.get("name")
    if name in (None, ""):
        raise unprocessable("name is required")
    if not isinstance(name, str):
        raise bad_request("name must be a string")
    if len(name) > 255:
        raise unprocessable("name may be at most 255 characters")
    snapshot = {
        "id": str(uuid.uuid4()),
        "name": name,
        "created_at": iso(req.now),
        "regions": [volume["region"]],
        "min_disk_size": volume["size_gigabytes"],
        "size_gigabytes": 0,
        "resource_id": volume["id"],
        "resource_type": "volume",
        "tags": check_tags(req, body.get("tags")),
    }
    req.store.put(KIND, snapshot)
    return created({"snapshot": present(snapshot)})


@route("GET", "/v2/volumes/{volume_id}/snapshots")
def list_volume_snapshots(req):
    volume = find(req, req.params["volume_id"])
    snapshots = [s for s in req.store.all(KIND)
                 if s.get("resource_type") == "volume" and s["resource_id"] == volume["id"]]
    return ok(paginate(req, snapshots, "snapshots", present))


@route("GET", "/v2/volumes/snapshots/{snapshot_id}")
def get_volume_snapshot(req):
    return ok({"snapshot": present(_find_volume_snapshot(req, req.params["snapshot_id"]))})


@route("DELETE", "/v2/volumes/snapshots/{snapshot_id}")
def delete_volume_snapshot(req):
    snapshot = _find_volume_snapshot(req, req.params["snapshot_id"])
    req.store.delete(KIND, snapshot["id"])
    return no_content()
