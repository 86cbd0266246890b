"""Images: the catalogue's public images and the account's own, which are its Droplet snapshots (the snapshots
model's documents, shown as images of type "snapshot" with the same numeric id)."""

from .. import catalog
from ..errors import not_found, unprocessable
from . import snapshots


def as_image(snapshot):
    """A droplet snapshot document shown as an image."""
    return {
        "id": int(snapshot["id"]),
        "name": snapshot["name"],
        "type": "snapshot",
        "distribution": snapshot.get("_distribution", "Unknown"),
        "slug": None,
        "public": False,
        "regions": list(snapshot["regions"]),
        "created_at": snapshot["created_at"],
        "min_disk_size": snapshot["min_disk_size"],
        "size_gigabytes": snapshot["size_gigabytes"],
        "description": snapshot.get("description") or "",
        "tags": list(snapshot.get("tags") or []),
        "status": "available",
        "error_message": "",
    }


def private_images(req):
    return [as_image(s) for s in snapshots.droplet_snapshots(req)]


def find(req, slug_or_id):
    """The image for a slug or numeric id (int or digit string), public or one of the account's snapshots."""
    image = catalog.image(slug_or_id)
    if image is not None:
        return image
    if isinstance(slug_or_id, bool) or not str(slug_or_id).isdigit():
        return None
    snapshot = snapshots.get(req, str(int(slug_or_id)))
    if snapshot is None or snapshot.get("resource_type") != "droplet":
        return None
    return as_image(snapshot)


def own(req, image_id):
    """The stored snapshot behind an image of the account (a private copy); 422 for a public image, else 404."""
    if catalog.image(image_id) is not None:
        raise unprocessable("Public images cannot be changed.")
    snapshot = snapshots.get(req, image_id) if image_id.isdigit() else None
    if snapshot is None or snapshot.get("resource_type") != "droplet":
        raise not_found()
    return snapshot
