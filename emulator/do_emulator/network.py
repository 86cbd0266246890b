"""Networking every resource shares: the default VPC of a region (created when first needed, as on the API)
and address allocation (public IPv4 from a documentation-free public pool, private IPv4 from the VPC's range)."""

import ipaddress
import uuid

from . import catalog
from .errors import unprocessable
from .lifecycle import iso

VPC_KIND = "vpcs"


def default_range(region_slug):
    """A distinct /20 per region, like DigitalOcean's 10.1xx.0.0/20 defaults."""
    index = [r["slug"] for r in catalog.REGIONS].index(region_slug)
    return "10.%d.0.0/20" % (100 + index)


def new_vpc(req, name, region_slug, ip_range, description="", default=False):
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
    req.store.put(VPC_KIND, vpc)
    return vpc


def default_vpc(req, region_slug):
    """The region's default VPC, created on first use."""
    for vpc in req.store.all(VPC_KIND):
        if vpc["region"] == region_slug and vpc["default"]:
            return vpc
    return new_vpc(req, "default-%s" % region_slug, region_slug, default_range(region_slug), default=True)


def resolve_vpc(req, vpc_uuid, region_slug):
    """The VPC a new resource joins: the given one (which must exist in that region) or the region's default."""
    if not vpc_uuid:
        return default_vpc(req, region_slug)
    vpc = req.store.get(VPC_KIND, vpc_uuid)
    if vpc is None:
        raise unprocessable("The VPC %s could not be found." % vpc_uuid)
    if vpc["region"] != region_slug:
        raise unprocessable("The VPC %s is in region %s, not in %s." % (vpc_uuid, vpc["region"], region_slug))
    return vpc


def allocate_private_ipv4(req, vpc):
    """The next free host address in the VPC's range, with its netmask and gateway."""
    network = ipaddress.ip_network(vpc["ip_range"])
    n = req.store.next_id("vpc-address:%s" % vpc["id"], start=2)
    if n >= network.num_addresses - 1:
        raise unprocessable("The VPC %s has no free addresses left." % vpc["name"])
    return {"ip_address": str(network[n]), "netmask": str(network.netmask), "gateway": str(network[1]),
            "type": "private"}


def allocate_public_ipv4(req):
    """A unique public address (from 104.16.0.0/12, which never collides with VPC ranges)."""
    n = req.store.next_id("public-ipv4", start=1)
    pool = ipaddress.ip_network("104.16.0.0/12")
    address = pool[(n // 253) * 256 + n % 253 + 1]  # host .1 to .253 of each /24
    base = ipaddress.ip_network("%s/20" % address, strict=False)
    return {"ip_address": str(address), "netmask": "255.255.240.0", "gateway": str(base[1]), "type": "public"}
