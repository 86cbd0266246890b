"""VPCs: /v2/vpcs (create, list, get, update, patch, delete) and /v2/vpcs/{vpc_id}/members.

The first VPC of a region becomes its default (as does the one `models.vpcs.default_vpc` creates when a resource is
placed in a region without any). A region's default can be moved to another VPC of the region but never unset,
and is never deleted. Members are derived when read from the droplets, database clusters (and their read-only
replicas) and load balancers that name the VPC, so a VPC with members answers 403 to a delete.
"""

import re

from .. import catalog, network
from ..errors import bad_request, conflict, unprocessable
from ..http import created, ok
from ..models import vpcs
from ..models.vpcs import MEMBER_KINDS, find, present
from ..pagination import paginate
from ..router import route

NAME_PATTERN = re.compile(r"^[a-zA-Z0-9\-.]+$")
MAX_NAME = 255
MAX_DESCRIPTION = 255

MEMBER_TYPE_ALIASES = {"dbaas": "database", "loadbalancer": "load_balancer", "load_balancers": "load_balancer",
                       "droplets": "droplet", "databases": "database"}


def _check_name(req, name, vpc_id=None):
    if name in (None, ""):
        raise unprocessable("name is required")
    if not isinstance(name, str):
        raise bad_request("name must be a string")
    if len(name) > MAX_NAME or not NAME_PATTERN.match(name):
        raise unprocessable("name %r may only contain letters, numbers, dashes and periods" % name)
    for other in vpcs.all_(req):
        if other["name"] == name and other["id"] != vpc_id:
            raise conflict("a VPC named %s already exists" % name)
    return name


def _check_description(body):
    description = body.get("description")
    if description is None:
        return None
    if not isinstance(description, str):
        raise bad_request("description must be a string")
    if len(description) > MAX_DESCRIPTION:
        raise unprocessable("description may be at most %d characters" % MAX_DESCRIPTION)
    return description


vpcs.VPCS.serve("/v2/vpcs/{vpc_id}", "vpc", "vpcs", present, delete=vpcs.delete)


@route("POST", "/v2/vpcs")
def create_vpc(req):
    body = req.json()
    name = _check_name(req, body.get("name"))
    region = body.get("region")
    if region in (None, ""):
        raise unprocessable("region is required")
    if not isinstance(region, str):
        raise bad_request("region must be a string")
    if catalog.available_region(region) is None:
        raise unprocessable("region %r is not a region where VPCs can be created" % region)
    description = _check_description(body) or ""
    ip_range = body.get("ip_range")
    if ip_range in (None, ""):
        ip_range = vpcs.free_range(req)
    else:
        if not isinstance(ip_range, str):
            raise bad_request("ip_range must be a string")
        ip_range = network.check_ip_range(ip_range)
        overlap = vpcs.overlapping(req, ip_range)
        if overlap is not None:
            raise unprocessable("ip_range %s overlaps the range %s of the VPC %s"
                                % (ip_range, overlap["ip_range"], overlap["name"]))
    first_in_region = not any(v["region"] == region for v in vpcs.all_(req))
    vpc = vpcs.create(req, name, region, ip_range, description, default=first_in_region)
    return created({"vpc": present(req, vpc)})


def _update(req, partial):
    vpc = find(req, req.params["vpc_id"])
    body = req.json()
    if not partial or "name" in body:
        vpc["name"] = _check_name(req, body.get("name"), vpc["id"])
    description = _check_description(body)
    if description is not None:
        vpc["description"] = description
    default = body.get("default")
    if default is not None:
        if not isinstance(default, bool):
            raise bad_request("default must be a boolean")
        if default and not vpc["default"]:
            vpcs.make_default(req, vpc)
        elif not default and vpc["default"]:
            raise unprocessable("the default VPC of a region cannot be unset; make another VPC of %s the default "
                                "instead" % vpc["region"])
    vpcs.save(req, vpc)
    return ok({"vpc": present(req, vpc)})


@route("PUT", "/v2/vpcs/{vpc_id}")
def update_vpc(req):
    return _update(req, partial=False)


@route("PATCH", "/v2/vpcs/{vpc_id}")
def patch_vpc(req):
    return _update(req, partial=True)


@route("GET", "/v2/vpcs/{vpc_id}/members")
def list_members(req):
    vpc = find(req, req.params["vpc_id"])
    resource_type = req.arg("resource_type") or None
    if resource_type is not None:
        resource_type = MEMBER_TYPE_ALIASES.get(resource_type, resource_type)
        if resource_type not in MEMBER_KINDS:
            raise bad_request("resource_type must be one of %s" % ", ".join(MEMBER_KINDS))
    return ok(paginate(req, vpcs.members(req, vpc["id"], resource_type), "members"))
