"""Block storage volumes: the "volumes" kind.

A volume stores its region as a slug and is shown with the full region object. Which Droplet holds it is the
attachments model's (attachments.py writes both sides); a volume lists only droplets that still exist and still
hold it. A volume snapshot outlives its volume.
"""

import uuid

from .. import catalog
from ..errors import conflict
from ..lifecycle import iso
from . import attachments
from .collection import Collection

VOLUMES = Collection("volumes")
KIND = VOLUMES.kind
get, find, save, delete = VOLUMES.get, VOLUMES.find, VOLUMES.save, VOLUMES.delete


def region_slug(region):
    """A region as stored by any area: a slug or a region object."""
    return region.get("slug") if isinstance(region, dict) else region


def present(req, volume):
    return {
        "id": volume["id"],
        "name": volume["name"],
        "description": volume.get("description", ""),
        "size_gigabytes": volume["size_gigabytes"],
        "region": catalog.region(volume["region"]),
        "droplet_ids": attachments.droplet_ids(req, volume),
        "filesystem_type": volume.get("filesystem_type", ""),
        "filesystem_label": volume.get("filesystem_label", ""),
        "created_at": volume["created_at"],
        "tags": list(volume.get("tags") or []),
    }


def find_by_name(req, name, region):
    for volume in VOLUMES.all(req):
        if volume["name"] == name and volume["region"] == region:
            return VOLUMES.get(req, volume["id"])
    return None


def matching(req, name=None, region=None):
    return [v for v in VOLUMES.all(req)
            if (not name or v["name"] == name) and (not region or v["region"] == region)]


def create(req, name, region, size, description, filesystem_type, filesystem_label, tag_names, snapshot_id=None):
    volume = {
        "id": str(uuid.uuid4()),
        "name": name,
        "description": description,
        "size_gigabytes": size,
        "region": region,
        "droplet_ids": [],
        "filesystem_type": filesystem_type,
        "filesystem_label": filesystem_label,
        "created_at": iso(req.now),
        "tags": tag_names,
    }
    if snapshot_id is not None:
        volume["_snapshot_id"] = snapshot_id
    return VOLUMES.save(req, volume)


def delete_detached(req, volume):
    """Deletes a volume that no Droplet holds (409 otherwise), as DELETE /v2/volumes does."""
    if attachments.droplet_ids(req, volume):
        raise conflict("A volume that is attached to a Droplet cannot be deleted; detach it first.")
    VOLUMES.delete(req, volume)
