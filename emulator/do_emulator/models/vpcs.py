"""VPCs: the "vpcs" kind. The first VPC of a region becomes its default, as does the one `default_vpc` creates
when a resource is placed in a region without any. Members are derived when read from the droplets, database
clusters (and their read-only replicas) and load balancers that name the VPC."""

import ipaddress
import uuid

from .. import network
from ..errors import forbidden, unprocessable
from ..lifecycle import iso
from . import databases, droplets, load_balancers
from .collection import Collection

VPCS = Collection("vpcs")
KIND = VPCS.kind
get, exists, find, all_, save = VPCS.get, VPCS.exists, VPCS.find, VPCS.all, VPCS.save

# resource_type filter -> (URN type, the field that names the VPC); the documents are the areas' collections
MEMBER_KINDS = {
    "droplet": ("droplet", ("vpc_uuid",)),
    "database": ("dbaas", ("private_network_uuid", "vpc_uuid")),
    "load_balancer": ("loadbalancer", ("vpc_uuid",)),
}


def _member_documents(req, member_type):
    return {"droplet": droplets.DROPLETS, "database": databases.CLUSTERS,
            "load_balancer": load_balancers.LOAD_BALANCERS}[member_type].all(req)


def present(req, vpc):
    return {k: vpc[k] for k in ("id", "urn", "name", "description", "region", "ip_range", "default",
                                "created_at")}


def overlapping(req, ip_range, exclude_id=None):
    """A VPC of the account whose range overlaps `ip_range`, or None."""
    wanted = ipaddress.ip_network(ip_range)
    for vpc in VPCS.all(req):
        if vpc["id"] != exclude_id and wanted.overlaps(ipaddress.ip_network(vpc["ip_range"])):
            return vpc
    return None


def free_range(req):
    """A /20 in 10.0.0.0/8 that overlaps none of the account's VPCs."""
    return network.free_range([v["ip_range"] for v in VPCS.all(req)])


def members(req, vpc_id, resource_type=None):
    found = []
    for member_type, (urn_type, fields) in MEMBER_KINDS.items():
        if resource_type and resource_type != member_type:
            continue
        for doc in _member_documents(req, member_type):
            if any(doc.get(field) == vpc_id for field in fields):
                found.append({"urn": "do:%s:%s" % (urn_type, doc["id"]), "name": doc.get("name", ""),
                              "created_at": doc.get("created_at", "")})
            # a database cluster's read-only replicas (kept in its document) may sit in a VPC of their own
            for replica in (doc.get("_replicas") or {}).values() if member_type == "database" else ():
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
    if overlapping(req, ip_range) is not None:
        ip_range = free_range(req)
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


def delete(req, vpc):
    """Deletes a VPC that is neither its region's default nor has members (else 403)."""
    if vpc["default"]:
        raise forbidden("The default VPC of a region cannot be deleted.")
    if members(req, vpc["id"]):
        raise forbidden("A VPC can only be deleted when it has no member resources.")
    VPCS.delete(req, vpc)
