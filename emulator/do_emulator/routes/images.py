"""Images: GET /v2/images (filters type, private, tag_name) and GET /v2/images/{image_id} by id or slug; the
account's own images can be renamed (PUT), deleted and transferred to another region (image actions).

Public images come from the catalogue and cannot be changed (422). A droplet snapshot (kind "snapshots",
resource_type "droplet") is also a private image of type "snapshot" with the same numeric id, so droplets can be
created or rebuilt from it. `transfer` adds a region to a snapshot's regions when its action starts (the image is
shown in the new region once the action completes, as with every action here); `convert` turns a backup into a
snapshot, and as no backups are taken here, it is a 422 for every image.
"""

from urllib.parse import unquote

from .. import actions, catalog
from ..errors import bad_request, not_found, unprocessable
from ..http import created, no_content, ok
from ..input_checks import field
from ..pagination import paginate
from ..router import route

SNAPSHOTS = "snapshots"
TYPES = ("distribution", "application")
DISTRIBUTIONS = ("Arch Linux", "CentOS", "CoreOS", "Debian", "Fedora", "Fedora Atomic", "FreeBSD", "Gentoo",
                 "openSUSE", "RancherOS", "Rocky Linux", "Ubuntu", "Unknown")
MAX_DESCRIPTION = 1024


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
        "description": snapshot.get("description") or "",
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


def _own(req):
    """The stored snapshot behind an image of the account (a private copy); 422 for a public image, else 404."""
    image_id = unquote(req.params["image_id"])
    if catalog.image(image_id) is not None:
        raise unprocessable("Public images cannot be changed.")
    snapshot = req.store.get(SNAPSHOTS, image_id) if image_id.isdigit() else None
    if snapshot is None or snapshot.get("resource_type") != "droplet":
        raise not_found()
    return snapshot


@route("PUT", "/v2/images/{image_id}")
def update_image(req):
    snapshot = _own(req)
    body = req.json()
    name = field(body, "name", str)
    if name is not None:
        if not name.strip():
            raise unprocessable("name must not be empty")
        snapshot["name"] = name
    distribution = field(body, "distribution", str)
    if distribution is not None:
        if distribution not in DISTRIBUTIONS:
            raise unprocessable("distribution must be one of %s" % ", ".join(DISTRIBUTIONS))
        snapshot["_distribution"] = distribution
    description = field(body, "description", str)
    if description is not None:
        if len(description) > MAX_DESCRIPTION:
            raise unprocessable("description may be at most %d characters" % MAX_DESCRIPTION)
        snapshot["description"] = description
    req.store.put(SNAPSHOTS, snapshot)
    return ok({"image": snapshot_image(snapshot)})


@route("DELETE", "/v2/images/{image_id}")
def delete_image(req):
    req.store.delete(SNAPSHOTS, _own(req)["id"])
    return no_content()


@route("POST", "/v2/images/{image_id}/actions")
def image_action(req):
    snapshot = _own(req)
    body = req.json()
    action_type = field(body, "type", str, required=True)
    if action_type == "convert":
        raise unprocessable("Only a backup can be converted to a snapshot; this image is a snapshot.")
    if action_type != "transfer":
        raise unprocessable("type must be convert or transfer")
    region = field(body, "region", str, required=True)
    if not catalog.available_region(region):
        raise unprocessable("region %r is not an available region" % region)
    if region in snapshot["regions"]:
        raise unprocessable("The image is already available in %s." % region)
    if actions.is_busy(req, snapshot):
        raise unprocessable("The image already has a pending event.")
    action = actions.start(req, "transfer", "image", int(snapshot["id"]), region)
    snapshot["regions"] = [*snapshot["regions"], region]
    actions.mark_busy(snapshot, action)
    req.store.put(SNAPSHOTS, snapshot)
    return created({"action": actions.present(req, action)})  # as in the spec's example and every action answer


@route("GET", "/v2/images/{image_id}/actions")
def list_image_actions(req):
    snapshot = _own(req)
    newest_first = actions.for_resource(req, "image", int(snapshot["id"]))[::-1]
    return ok(paginate(req, newest_first, "actions", present=lambda a: actions.present(req, a)))


@route("GET", "/v2/images/{image_id}/actions/{action_id}")
def get_image_action(req):
    snapshot = _own(req)
    action_id = req.params["action_id"]
    action = req.store.get(actions.KIND, action_id) if action_id.isdigit() else None
    if action is None or action["resource_type"] != "image" or str(action["resource_id"]) != str(snapshot["id"]):
        raise not_found()
    return ok({"action": actions.present(req, action)})
