"""VPCs: the "vpcs" kind. The first VPC of a region becomes its default, as does the one `default_vpc` creates
when a resource is placed in a region without any. Members are derived when read from the droplets, database
clusters (and their read-only replicas) and load balancers that name the VPC."""

import uuid

from .. import network
from ..errors import forbidden, unprocessable
from ..lifecycle import iso
from .collection import Collection

VPCS = Collection(network.VPC_KIND)
KIND = VPCS.kind

# resource_type filter -> (store kind, URN type, the field that names the VPC)
MEMBER_KINDS = {
    "droplet": ("droplets", "droplet", ("vpc_uuid",)),
    "database": ("databases", "dbaas", ("private_network_uuid", "vpc_uuid")),
    "load_balancer": ("load_balancers", "loadbalancer", ("vpc_uuid",)),
}


def present(req, vpc):
    return {k: vpc[k] for k in ("id", "urn", "name", "description", "region", "ip_range", "default",
                                "created_at")}


def get(req, vpc_id):
    return VPCS.get(req, vpc_id)


def exists(req, vpc_id):
    return VPCS.exists(req, vpc_id)


def find(req, vpc_id):
    return VPCS.find(req, vpc_id)


def all_(req):
    return VPCS.all(req)


def members(req, vpc_id, resource_type=None):
    found = []
    for member_type, (kind, urn_type, fields) in MEMBER_KINDS.items():
        if resource_type and resource_type != member_type:
            continue
        for doc in req.store.all(kind):
            if any(doc.get(field) == vpc_id for field in fields):
                found.append({"urn": "do:%s:%s" % (urn_type, doc["id"]), "name": doc.get("name", ""),
                              "created_at": doc.get("created_at", "")})
            # a database cluster's read-only replicas (kept in its document) may sit in a VPC of their own
            for replica in (doc.get("_replicas") or {}).values() if kind == "databases" else ():
                if replica["private_network_uuid"] == vpc_id:
                    found.append({"urn": "do:dbaas:%s" % replica["id"], "name": replica["name"],
                                  "created_at": replica["created_at"]})
    return found


def create(req, name, region_slug, ip_range, description="", default=False):
    vpc_id = str(uuid.uuid4())
    vpc = {
        "id": vpc_id,
        "urn": "do:vpc:%s" % vpc_id,
        "name": name,
        "description": description,
        "region": region_slug,
        "ip_range": ip_range,
        "default": default,
        "created_at": iso(req.now),
    }
    return VPCS.save(req, vpc)


def default_vpc(req, region_slug):
    """The region's default VPC, created on first use (on a free range if the usual one is taken)."""
    for vpc in VPCS.all(req):
        if vpc["region"] == region_slug and vpc["default"]:
            return vpc
    ip_range = network.default_range(region_slug)
    if network.overlapping_vpc(req, ip_range) is not None:
        ip_range = network.free_range(req)
    return create(req, "default-%s" % region_slug, region_slug, ip_range, default=True)


def resolve(req, vpc_uuid, region_slug):
    """The VPC a new resource joins: the given one (which must exist in that region) or the region's default."""
    if not vpc_uuid:
        return default_vpc(req, region_slug)
    vpc = VPCS.get(req, vpc_uuid)
    if vpc is None:
        raise unprocessable("The VPC %s could not be found." % vpc_uuid)
    if vpc["region"] != region_slug:
        raise unprocessable("The VPC %s is in region %s, not in %s." % (vpc_uuid, vpc["region"], region_slug))
    return vpc


def make_default(req, vpc):
    """The VPC (a private copy, stored by the caller) becomes its region's default instead of the current one."""
    for other in VPCS.all(req):
        if other["region"] == vpc["region"] and other["default"]:
            previous = VPCS.get(req, other["id"])
            previous["default"] = False
            VPCS.save(req, previous)
    vpc["default"] = True


def save(req, vpc):
    return VPCS.save(req, vpc)


def delete(req, vpc):
    """Deletes a VPC that is neither its region's default nor has members (else 403)."""
    if vpc["default"]:
        raise forbidden("The default VPC of a region cannot be deleted.")
    if members(req, vpc["id"]):
        raise forbidden("A VPC can only be deleted when it has no member resources.")
    VPCS.delete(req, vpc)
