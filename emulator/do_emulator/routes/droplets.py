"""Droplets: create (one, or up to ten with `names`), list (tag_name, name, type filters), get, delete by id and by
tag. The record, its presentation and its links are models/droplets.py's; everything a request asks for is
validated here before anything is stored.
"""

import re

from .. import catalog
from ..errors import bad_request, not_found, unprocessable
from ..http import Response, accepted, ok
from ..models import actions, attachments, droplets, images, keys, snapshots, tags, volumes, vpcs
from ..models.droplets import find, present
from ..pagination import paginate
from ..router import route

NAME_PATTERN = re.compile(r"^[a-zA-Z0-9]?[a-z0-9A-Z.\-]*[a-z0-9A-Z]$")
MAX_NAME = 255
MAX_NAMES = 10
MAX_USER_DATA = 64 * 1024
BACKUP_PLANS = ("daily", "weekly")
BACKUP_WEEKDAYS = ("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")
BACKUP_HOURS = (0, 4, 8, 12, 16, 20)


def check_name(name, field="name"):
    if not isinstance(name, str):
        raise unprocessable("%s must be a string" % field)
    if not name or len(name) > MAX_NAME or not NAME_PATTERN.match(name):
        raise unprocessable("%s %r is invalid: only letters, numbers, '.' and '-' are allowed, it must begin and "
                            "end with a letter or number and be at most 255 characters" % (field, name))
    return name


def check_image(req, value, region_slug, size):
    """The image a droplet is created or rebuilt from (public or a snapshot of the account), or 422."""
    if value is None or value == "":
        raise unprocessable("image is required")
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise bad_request("image must be a slug or an id")
    image = images.find(req, value)
    if image is None:
        raise unprocessable("You specified an invalid image for Droplet creation.")
    if not image["public"] and region_slug not in image["regions"]:
        raise unprocessable("The image %s is not available in region %s." % (value, region_slug))
    if (image.get("min_disk_size") or 0) > size["disk"]:
        raise unprocessable("The image %s needs a disk of at least %d GB; the size %s has %d GB."
                            % (value, image["min_disk_size"], size["slug"], size["disk"]))
    return image


def _boolean(body, field, default=False):
    value = body.get(field)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise bad_request("%s must be a boolean" % field)
    return value


def check_backup_policy(policy):
    if policy is None:
        return {"plan": "daily", "hour": 0}
    if not isinstance(policy, dict):
        raise bad_request("backup_policy must be an object")
    plan = policy.get("plan", "daily")
    if plan not in BACKUP_PLANS:
        raise unprocessable("backup_policy.plan must be daily or weekly")
    checked = {"plan": plan, "hour": policy.get("hour", 0)}
    if checked["hour"] not in BACKUP_HOURS or isinstance(checked["hour"], bool):
        raise unprocessable("backup_policy.hour must be one of 0, 4, 8, 12, 16, 20")
    if plan == "weekly":
        checked["weekday"] = policy.get("weekday", "SUN")
        if checked["weekday"] not in BACKUP_WEEKDAYS:
            raise unprocessable("backup_policy.weekday must be one of %s" % ", ".join(BACKUP_WEEKDAYS))
    elif "weekday" in policy:
        raise unprocessable("backup_policy.weekday applies to weekly backups only")
    return checked


# -- creating -------------------------------------------------------------------------------------------------
def _names(body):
    if "names" in body:
        if "name" in body:
            raise unprocessable("Specify either name or names, not both.")
        names = body["names"]
        if not isinstance(names, list) or not names:
            raise unprocessable("names must be a non-empty array of droplet names")
        if len(names) > MAX_NAMES:
            raise unprocessable("You can create at most %d Droplets in one request; %d names were given."
                                % (MAX_NAMES, len(names)))
        return [check_name(n, "names") for n in names], True
    if body.get("name") in (None, ""):
        raise unprocessable("name is required")
    return [check_name(body["name"])], False


def _region(body, size_slug):
    slug = body.get("region")
    if slug in (None, ""):
        return next(r for r in catalog.REGIONS if r["available"] and size_slug in r["sizes"])
    if not isinstance(slug, str):
        raise bad_request("region must be a string")
    region = catalog.region(slug)
    if region is None:
        raise unprocessable("You specified an invalid region for Droplet creation.")
    if not region["available"]:
        raise unprocessable("The region %s is not available for new Droplets." % slug)
    return region


def _size(body):
    slug = body.get("size")
    if slug in (None, ""):
        raise unprocessable("size is required")
    if not isinstance(slug, str):
        raise bad_request("size must be a string")
    size = catalog.size(slug)
    if size is None:
        raise unprocessable("You specified an invalid size for Droplet creation.")
    return size


def _ssh_keys(req, body):
    given = body.get("ssh_keys")
    if given is None:
        return []
    if not isinstance(given, list):
        raise bad_request("ssh_keys must be an array of key ids or fingerprints")
    ids = []
    for item in given:
        if isinstance(item, bool) or not isinstance(item, (str, int)):
            raise bad_request("ssh_keys must be an array of key ids or fingerprints")
        key = keys.lookup(req, item)
        if key is None:
            raise unprocessable("The SSH key %s could not be found on your account." % item)
        ids.append(key["id"])
    return ids


def _user_data(body):
    value = body.get("user_data")
    if value is None:
        return None
    if not isinstance(value, str):
        raise bad_request("user_data must be a string")
    if len(value.encode()) > MAX_USER_DATA:
        raise unprocessable("user_data may be at most 64 KiB")
    return value


def _volumes(req, body, region_slug, count):
    given = body.get("volumes")
    if not given:
        return []
    if not isinstance(given, list) or not all(isinstance(v, str) for v in given):
        raise bad_request("volumes must be an array of volume ids")
    if count > 1:
        raise unprocessable("Volumes can be attached at creation to a single Droplet only, not with names.")
    found = []
    for volume_id in dict.fromkeys(given):
        volume = volumes.get(req, volume_id)
        if volume is None:
            raise unprocessable("The volume %s could not be found." % volume_id)
        if volume.get("region") != region_slug:
            raise unprocessable("The volume %s is in region %s, not in %s." % (volume_id, volume.get("region"),
                                                                              region_slug))
        if attachments.droplet_ids(req, volume):
            raise unprocessable("The volume %s is already attached to a Droplet." % volume_id)
        found.append(volume)
    return found


def _vpc(req, body, region_slug):
    vpc_uuid = body.get("vpc_uuid")
    if vpc_uuid not in (None, "") and not isinstance(vpc_uuid, str):
        raise bad_request("vpc_uuid must be a string")
    return vpcs.resolve(req, vpc_uuid, region_slug)


def validate_create(req, body):
    """Everything a create request asks for, checked; raises before anything is stored (apart from the
    region's default VPC, which the request's transaction rolls back with the rest on a later error)."""
    names, multiple = _names(body)
    size = _size(body)
    region = _region(body, size["slug"])
    if size["slug"] not in region["sizes"]:
        raise unprocessable("The size %s is not available in region %s." % (size["slug"], region["slug"]))
    image = check_image(req, body.get("image"), region["slug"], size)
    options = {
        "backups": _boolean(body, "backups"),
        "ipv6": _boolean(body, "ipv6"),
        "monitoring": _boolean(body, "monitoring"),
        "with_droplet_agent": _boolean(body, "with_droplet_agent"),
        "public_networking": _boolean(body, "public_networking", True),
    }
    _boolean(body, "private_networking")
    policy = check_backup_policy(body.get("backup_policy"))
    if body.get("backup_policy") is not None and not options["backups"]:
        raise unprocessable("backup_policy needs backups: true")
    return {
        "names": names, "multiple": multiple, "size": size, "region": region, "image": image, "options": options,
        "backup_policy": policy,
        "ssh_key_ids": _ssh_keys(req, body),
        "tags": tags.check_names(body.get("tags")),
        "user_data": _user_data(body),
        "volumes": _volumes(req, body, region["slug"], len(names)),
        "vpc": _vpc(req, body, region["slug"]),
    }


def deleted():
    """204 for a droplet deletion, which (unlike other 204s) the API sends with a content-type."""
    return Response(204, headers={"content-type": "application/json; charset=utf-8"})


# -- routes ---------------------------------------------------------------------------------------------------
@route("POST", "/v2/droplets")
def create_droplets(req):
    plan = validate_create(req, req.json())
    req.app.backend.check_droplets(req, plan)
    tag_names = tags.ensure(req, plan["tags"])
    made = [droplets.create(req, name, plan, tag_names) for name in plan["names"]]
    index = snapshots.droplet_index(req)
    links = {"actions": [actions.link(req, action) for _, action in made]}
    if plan["multiple"]:
        return accepted({"droplets": [present(req, d, index) for d, _ in made], "links": links})
    return accepted({"droplet": present(req, made[0][0], index), "links": links})


@route("GET", "/v2/droplets")
def list_droplets(req):
    tag_name = req.arg("tag_name")
    name = req.arg("name")
    kind = req.arg("type")
    if kind not in (None, "", "droplets", "gpus"):
        raise bad_request("type must be droplets or gpus")
    if tag_name and (name or kind):
        raise bad_request("tag_name can not be combined with name or type")
    found = droplets.all_(req)
    if kind == "gpus":
        found = [d for d in found if catalog.size(d["size_slug"]).get("gpu_info")]
    if tag_name:
        found = [d for d in found if tag_name in d["tags"]]
    if name:
        lowered = name.lower()
        found = [d for d in found if d["name"].lower() == lowered]
    index = snapshots.droplet_index(req)
    return ok(paginate(req, found, "droplets", present=lambda d: present(req, d, index)))


droplets.DROPLETS.serve("/v2/droplets/{droplet_id}", "droplet", "droplets", present, methods=("get",))


@route("DELETE", "/v2/droplets/{droplet_id}")
def delete_droplet(req):
    droplets.delete(req, find(req, req.params["droplet_id"]))
    return deleted()


@route("DELETE", "/v2/droplets")
def delete_droplets_by_tag(req):
    tag_name = req.arg("tag_name")
    if not tag_name:
        raise bad_request("tag_name is required to delete Droplets by tag")
    tagged = droplets.tagged(req, tag_name)
    if not tagged and tags.canonical(req, tag_name) is None:
        raise not_found()
    for droplet in tagged:
        droplets.delete(req, droplet)
    return deleted()
