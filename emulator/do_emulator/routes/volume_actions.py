"""Volume actions: attach, detach (by volume id or by volume_name + region) and resize (by id only).

The effect is applied when the action starts; the action stays `in-progress` for --action-seconds and the volume
accepts no other action until then. Attach and detach go through models/attachments.py, which writes both
sides of the attachment. A volume's action history lists the most recent action first, like the API's other
action listings.
"""

from ..errors import bad_request, not_found, unprocessable
from ..http import accepted, ok
from ..models import actions, attachments, droplets, tags, volumes
from ..models.volumes import find, find_by_name, region_slug
from ..pagination import paginate
from ..router import route
from .volumes import MAX_SIZE_GIB

MAX_VOLUMES_PER_DROPLET = 15
ACTION_TYPES = {"attach": "attach_volume", "detach": "detach_volume", "resize": "resize_volume"}


def _integer(body, key):
    value = body.get(key)
    if value is None:
        raise unprocessable("%s is required" % key)
    if not isinstance(value, int) or isinstance(value, bool):
        raise bad_request("%s must be an integer" % key)
    return value


def _check_region(body, volume):
    region = body.get("region")
    if region in (None, ""):
        return
    if not isinstance(region, str):
        raise bad_request("region must be a string")
    if region != volume["region"]:
        raise unprocessable("the volume %s is in region %s, not in %s" % (volume["name"], volume["region"], region))


def _droplet(req, droplet_id):
    droplet = droplets.get(req, droplet_id)
    if droplet is None:
        raise not_found("The Droplet %d could not be found." % droplet_id)
    return droplet


def _attach(req, volume, body):
    droplet_id = _integer(body, "droplet_id")
    tag_names = tags.ensure_valid(req, body.get("tags"))
    droplet = _droplet(req, droplet_id)
    if region_slug(droplet.get("region")) != volume["region"]:
        raise unprocessable("the Droplet %d is in region %s; the volume %s can only be attached to a Droplet in %s"
                            % (droplet_id, region_slug(droplet.get("region")), volume["name"], volume["region"]))
    attached = attachments.droplet_ids(req, volume)
    if droplet_id in attached:
        raise unprocessable("the volume %s is already attached to the Droplet %d" % (volume["name"], droplet_id))
    if attached:
        raise unprocessable("the volume %s is already attached to another Droplet (%d); a volume can be attached "
                            "to one Droplet at a time" % (volume["name"], attached[0]))
    volume_ids = list(droplet.get("volume_ids") or [])
    if len(volume_ids) >= MAX_VOLUMES_PER_DROPLET:
        raise unprocessable("the Droplet %d already has %d volumes attached, the maximum"
                            % (droplet_id, MAX_VOLUMES_PER_DROPLET))
    if actions.is_busy(req, droplet):
        raise unprocessable("Droplet already has a pending event.")
    attachments.attach(req, droplet, [volume])
    volume["tags"] = list(dict.fromkeys([*(volume.get("tags") or []), *tag_names]))


def _detach(req, volume, body):
    droplet_id = _integer(body, "droplet_id")
    droplet = _droplet(req, droplet_id)
    if droplet_id not in attachments.droplet_ids(req, volume):
        raise not_found("the volume %s is not attached to the Droplet %d" % (volume["name"], droplet_id))
    attachments.detach(req, droplet, volume)


def _resize(req, volume, body):
    size = _integer(body, "size_gigabytes")
    if size > MAX_SIZE_GIB:
        raise unprocessable("size_gigabytes may be at most %d (16 TiB)" % MAX_SIZE_GIB)
    if size <= volume["size_gigabytes"]:
        raise unprocessable("volumes can only be resized upwards: the volume %s has %d GiB, asked for %d GiB"
                            % (volume["name"], volume["size_gigabytes"], size))
    volume["size_gigabytes"] = size


_EFFECTS = {"attach": _attach, "detach": _detach, "resize": _resize}


def _run(req, volume, body, allowed):
    kind = body.get("type")
    if kind in (None, ""):
        raise unprocessable("type is required")
    if kind not in allowed:
        raise unprocessable("type must be one of %s" % ", ".join(allowed))
    _check_region(body, volume)
    if actions.is_busy(req, volume):
        raise unprocessable("the volume %s has an action in progress; wait for it to complete" % volume["name"])
    _EFFECTS[kind](req, volume, body)
    # A volume's id is a UUID, which the action schema's integer resource_id cannot hold: as on the API,
    # volume actions carry resource_id null, and the volume is remembered privately.
    action = actions.start(req, ACTION_TYPES[kind], "volume", None, volume["region"],
                           private={"_volume_id": volume["id"]})
    actions.mark_busy(volume, action)
    volumes.save(req, volume)
    return accepted({"action": actions.present(req, action)})


@route("POST", "/v2/volumes/{volume_id}/actions")
def post_action_by_id(req):
    body = req.json()
    volume = find(req, req.params["volume_id"])
    return _run(req, volume, body, ("attach", "detach", "resize"))


@route("POST", "/v2/volumes/actions")
def post_action_by_name(req):
    body = req.json()
    name = body.get("volume_name")
    region = body.get("region")
    if name in (None, "") or region in (None, ""):
        raise unprocessable("an action by volume name needs volume_name and region")
    if not isinstance(name, str) or not isinstance(region, str):
        raise bad_request("volume_name and region must be strings")
    volume = find_by_name(req, name, region)
    if volume is None:
        raise not_found("no volume named %s in region %s" % (name, region))
    return _run(req, volume, body, ("attach", "detach"))


@route("GET", "/v2/volumes/{volume_id}/actions")
def list_actions(req):
    volume = find(req, req.params["volume_id"])
    newest_first = actions.for_volume(req, volume["id"])[::-1]
    return ok(paginate(req, newest_first, "actions", lambda a: actions.present(req, a)))


@route("GET", "/v2/volumes/{volume_id}/actions/{action_id}")
def get_action(req):
    volume = find(req, req.params["volume_id"])
    action = actions.ACTIONS.get(req, req.params["action_id"])
    if action is None or action.get("_volume_id") != volume["id"]:
        raise not_found()
    return ok({"action": actions.present(req, action)})
