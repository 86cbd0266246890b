"""Images: GET /v2/images (filters type, private, tag_name) and GET /v2/images/{image_id} by id or slug; the
account's own images can be renamed (PUT), deleted and transferred to another region (image actions).

Public images come from the catalogue and cannot be changed (422). A droplet snapshot (kind "snapshots",
resource_type "droplet") is also a private image of type "snapshot" with the same numeric id, so droplets can be
created or rebuilt from it. `transfer` adds a region to a snapshot's regions when its action starts (the image is
shown in the new region once the action completes, as with every action here); `convert` turns a backup into a
snapshot, and as no backups are taken here, it is a 422 for every image.
"""

from urllib.parse import unquote

from .. import catalog
from ..errors import bad_request, not_found, unprocessable
from ..http import created, no_content, ok
from ..input_checks import field
from ..models import actions, images, snapshots
from ..models.images import as_image
from ..pagination import paginate
from ..router import route

TYPES = ("distribution", "application")
DISTRIBUTIONS = ("Arch Linux", "CentOS", "CoreOS", "Debian", "Fedora", "Fedora Atomic", "FreeBSD", "Gentoo",
                 "openSUSE", "RancherOS", "Rocky Linux", "Ubuntu", "Unknown")
MAX_DESCRIPTION = 1024


@route("GET", "/v2/images")
def list_images(req):
    kind = req.arg("type")
    if kind not in (None, "") and kind not in TYPES:
        raise bad_request("type must be one of %s" % ", ".join(TYPES))
    private = (req.arg("private") or "").lower()
    if private not in ("", "true", "false"):
        raise bad_request("private must be true or false")
    tag_name = req.arg("tag_name")

    found = [] if private == "true" else list(catalog.IMAGES)
    if not kind:
        found += images.private_images(req)
    else:
        found = [i for i in found if catalog.IMAGE_CATEGORY.get(i["id"]) == kind]
    if tag_name:
        found = [i for i in found if tag_name in (i.get("tags") or ())]
    return ok(paginate(req, found, "images"))


@route("GET", "/v2/images/{image_id}")
def get_image(req):
    image = images.find(req, unquote(req.params["image_id"]))
    if image is None:
        raise not_found()
    return ok({"image": image})


def _own(req):
    return images.own(req, unquote(req.params["image_id"]))


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
    snapshots.save(req, snapshot)
    return ok({"image": as_image(snapshot)})


@route("DELETE", "/v2/images/{image_id}")
def delete_image(req):
    snapshots.delete(req, _own(req))
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
    snapshots.save(req, snapshot)
    return created({"action": actions.present(req, action)})  # as in the spec's example and every action answer


@route("GET", "/v2/images/{image_id}/actions")
def list_image_actions(req):
    snapshot = _own(req)
    newest_first = actions.for_resource(req, "image", int(snapshot["id"]))[::-1]
    return ok(paginate(req, newest_first, "actions", present=lambda a: actions.present(req, a)))


@route("GET", "/v2/images/{image_id}/actions/{action_id}")
def get_image_action(req):
    snapshot = _own(req)
    action = actions.find_for(req, req.params["action_id"], "image", snapshot["id"])
    return ok({"action": actions.present(req, action)})
