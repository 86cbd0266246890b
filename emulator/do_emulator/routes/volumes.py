"""Block storage volumes: /v2/volumes (create, list by name/region, get, delete by id or by name+region). The record
and how it is shown are models/volumes.py's; which Droplet holds a volume is models/attachments.py's.
"""

import re

from .. import catalog
from ..errors import bad_request, conflict, not_found, unprocessable
from ..http import created, no_content
from ..models import snapshots, tags, volumes
from ..models.volumes import find_by_name, present
from ..router import route

NAME_PATTERN = re.compile(r"^[a-z][a-z0-9-]{0,63}$")
MAX_SIZE_GIB = 16384
FILESYSTEM_LABEL_LIMITS = {"ext4": 16, "xfs": 12}


def _optional_string(body, key, limit=None):
    value = body.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise bad_request("%s must be a string" % key)
    if limit is not None and len(value) > limit:
        raise unprocessable("%s may be at most %d characters" % (key, limit))
    return value


# -- routes ----------------------------------------------------------------------------------------------------
@route("POST", "/v2/volumes")
def create_volume(req):
    body = req.json()
    name = body.get("name")
    if name is None or name == "":
        raise unprocessable("name is required")
    if not isinstance(name, str):
        raise bad_request("name must be a string")
    if not NAME_PATTERN.match(name):
        raise unprocessable("name must be lowercase, begin with a letter and contain only letters, numbers and "
                            "'-', up to 64 characters")
    region = body.get("region")
    if region is None or region == "":
        raise unprocessable("region is required")
    if not isinstance(region, str):
        raise bad_request("region must be a string")
    if catalog.available_region(region) is None:
        raise unprocessable("region %r is not a region where volumes can be created" % region)

    snapshot = None
    snapshot_id = body.get("snapshot_id")
    if snapshot_id not in (None, ""):
        if not isinstance(snapshot_id, str):
            raise bad_request("snapshot_id must be a string")
        snapshot = snapshots.get(req, snapshot_id)
        if snapshot is None or snapshot.get("resource_type") != "volume":
            raise not_found("The volume snapshot %s could not be found." % snapshot_id)
        if region not in snapshot.get("regions", ()):
            raise unprocessable("the snapshot %s is not available in region %s" % (snapshot_id, region))

    size = body.get("size_gigabytes")
    if size is None and snapshot is not None:
        size = snapshot["min_disk_size"]
    if size is None:
        raise unprocessable("size_gigabytes is required")
    if not isinstance(size, int) or isinstance(size, bool):
        raise bad_request("size_gigabytes must be an integer")
    if not 1 <= size <= MAX_SIZE_GIB:
        raise unprocessable("size_gigabytes must be between 1 and %d" % MAX_SIZE_GIB)
    if snapshot is not None and size < snapshot["min_disk_size"]:
        raise unprocessable("size_gigabytes must be at least the snapshot's min_disk_size (%d)"
                            % snapshot["min_disk_size"])

    filesystem_type = _optional_string(body, "filesystem_type")
    if filesystem_type and filesystem_type not in FILESYSTEM_LABEL_LIMITS:
        raise unprocessable("filesystem_type must be ext4 or xfs")
    filesystem_label = _optional_string(body, "filesystem_label")
    if filesystem_label:
        if not filesystem_type:
            raise unprocessable("filesystem_label may only be used together with filesystem_type")
        if len(filesystem_label) > FILESYSTEM_LABEL_LIMITS[filesystem_type]:
            raise unprocessable("filesystem_label may be at most %d characters for %s"
                                % (FILESYSTEM_LABEL_LIMITS[filesystem_type], filesystem_type))
    description = _optional_string(body, "description")
    tag_names = tags.ensure_valid(req, body.get("tags"))

    if find_by_name(req, name, region) is not None:
        raise conflict("a volume named %s already exists in region %s" % (name, region))

    volume = volumes.create(req, name, region, size, description, filesystem_type, filesystem_label, tag_names,
                            snapshot_id if snapshot is not None else None)
    return created({"volume": present(req, volume)})


volumes.VOLUMES.serve("/v2/volumes/{volume_id}", "volume", "volumes", present, delete=volumes.delete_detached,
                      listed=lambda req: volumes.matching(req, req.arg("name"), req.arg("region")))


@route("DELETE", "/v2/volumes")
def delete_volume_by_name(req):
    name = req.arg("name")
    region = req.arg("region")
    if not name or not region:
        raise unprocessable("deleting a volume by name needs both the name and the region query parameters")
    volume = find_by_name(req, name, region)
    if volume is None:
        raise not_found()
    volumes.delete_detached(req, volume)
    return no_content()
