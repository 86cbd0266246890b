"""Images: GET /v2/images (filters type, private, tag_name) and GET /v2/images/{image_id} by id or slug.

Public images come from the catalogue. A droplet snapshot (kind "snapshots", resource_type "droplet") is also a
private image of type "snapshot" with the same numeric id, so droplets can be created or rebuilt from it.
"""

from urllib.parse import unquote

from .. import catalog
from ..errors import bad_request, not_found
from ..http import ok
from ..pagination import paginate
from ..router import route

SNAPSHOTS = "snapshots"
TYPES = ("distribution", "application")


def snapshot_image(snapshot):
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
        "description": "",
        "tags": list(snapshot.get("tags") or []),
        "status": "available",
        "error_message": "",
    }


def _private_images(req):
    return [snapshot_image(s) for s in req.store.all(SNAPSHOTS)
            if s.get("resource_type") == "droplet" and str(s.get("id", "")).isdigit()]


def find(req, slug_or_id):
    """The image for a slug or numeric id (int or digit string), public or one of the account's snapshots."""
    image = catalog.image(slug_or_id)
    if image is not None:
        return image
    if isinstance(slug_or_id, bool) or not str(slug_or_id).isdigit():
        return None
    snapshot = req.store.get(SNAPSHOTS, str(int(slug_or_id)))
    if snapshot is None or snapshot.get("resource_type") != "droplet":
        return None
    return snapshot_image(snapshot)


@route("GET", "/v2/images")
def list_images(req):
    kind = req.arg("type")
    if kind not in (None, "") and kind not in TYPES:
        raise bad_request("type must be one of %s" % ", ".join(TYPES))
    private = (req.arg("private") or "").lower()
    if private not in ("", "true", "false"):
        raise bad_request("private must be true or false")
    tag_name = req.arg("tag_name")

    images = [] if private == "true" else list(catalog.IMAGES)
    if not kind:
        images += _private_images(req)
    else:
        images = [i for i in images if catalog.IMAGE_CATEGORY.get(i["id"]) == kind]
    if tag_name:
        images = [i for i in images if tag_name in (i.get("tags") or ())]
    return ok(paginate(req, images, "images"))


@route("GET", "/v2/images/{image_id}")
def get_image(req):
    image = find(req, unquote(req.params["image_id"]))
    if image is None:
        raise not_found()
    return ok({"image": image})
