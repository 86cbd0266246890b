"""Snapshots: volume snapshots (/v2/volumes/{volume_id}/snapshots, /v2/volumes/snapshots/{snapshot_id}) and the
account-wide view of Droplet and volume snapshots (/v2/snapshots). The records are models/snapshots.py's: Droplet
snapshots are made by the Droplet `snapshot` action (integer ids), volume snapshots here (UUIDs). /v2/snapshots
shows every id and resource_id as a string, as the API does.
"""

from ..errors import bad_request, unprocessable
from ..http import created, ok
from ..models import snapshots, tags
from ..models.snapshots import RESOURCE_TYPES, present
from ..models.volumes import find
from ..pagination import paginate
from ..router import route


# -- /v2/snapshots ---------------------------------------------------------------------------------------------
def _listed(req):
    resource_type = req.arg("resource_type")
    if resource_type not in (None, "") and resource_type not in RESOURCE_TYPES:
        raise bad_request("resource_type must be droplet or volume")
    return snapshots.listed(req, resource_type)


snapshots.ANY_SNAPSHOTS.serve("/v2/snapshots/{snapshot_id}", "snapshot", "snapshots", present, listed=_listed)


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
    snapshot = snapshots.record(req, "volume", volume, name, tags=tags.ensure_valid(req, body.get("tags")))
    return created({"snapshot": present(req, snapshot)})


@route("GET", "/v2/volumes/{volume_id}/snapshots")
def list_volume_snapshots(req):
    volume = find(req, req.params["volume_id"])
    return ok(paginate(req, snapshots.of_volume(req, volume["id"]), "snapshots", lambda s: present(req, s)))


snapshots.VOLUME_SNAPSHOTS.serve("/v2/volumes/snapshots/{snapshot_id}", "snapshot", "snapshots", present,
                                 methods=("get", "delete"))
