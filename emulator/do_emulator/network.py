"""Addresses every resource shares: the default range of a region's VPC (models/vpcs.py creates that VPC when
first needed, as on the API), the rules for a VPC address range (RFC 1918, /16 to /28; models/vpcs.py checks
overlaps within the account) and address allocation (public IPv4 from the backend's public pool inside
198.18.0.0/15, the benchmarking range that is never routed on the internet; private IPv4 from the VPC's range)."""

import ipaddress

from . import catalog
from .errors import unprocessable

PRIVATE_RANGES = [ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")]
LARGEST_PREFIX, SMALLEST_PREFIX = 16, 28
GENERATED_PREFIX = 20


def default_range(region_slug):
    """A distinct /20 per region, like DigitalOcean's 10.1xx.0.0/20 defaults."""
    index = [r["slug"] for r in catalog.REGIONS].index(region_slug)
    return "10.%d.0.0/20" % (100 + index)


def check_ip_range(value):
    """A requested VPC range as a canonical CIDR string, or 422 with the rule it breaks."""
    try:
        network = ipaddress.ip_network(value)
    except ValueError:
        raise unprocessable("ip_range %r is not a valid IPv4 network in CIDR notation (such as 10.10.10.0/24)"
                            % value) from None
    if network.version != 4 or not any(network.subnet_of(r) for r in PRIVATE_RANGES):
        raise unprocessable("ip_range %s must be within a private range (RFC 1918): 10.0.0.0/8, 172.16.0.0/12 or "
                            "192.168.0.0/16" % value)
    if not LARGEST_PREFIX <= network.prefixlen <= SMALLEST_PREFIX:
        raise unprocessable("ip_range %s must not be larger than /%d nor smaller than /%d"
                            % (value, LARGEST_PREFIX, SMALLEST_PREFIX))
    return str(network)


def free_range(taken):
    """A /20 in 10.0.0.0/8 that overlaps none of the `taken` ranges (what the API picks when none is given)."""
    taken = [ipaddress.ip_network(t) for t in taken]
    for second in list(range(100, 256)) + list(range(1, 100)):
        for third in range(0, 256, 16):
            candidate = ipaddress.ip_network("10.%d.%d.0/%d" % (second, third, GENERATED_PREFIX))
            if not any(candidate.overlaps(t) for t in taken):
                return str(candidate)
    raise unprocessable("No free /%d range is left in 10.0.0.0/8 for a new VPC." % GENERATED_PREFIX)


def allocate_private_ipv4(req, vpc):
    """The next free host address in the VPC's range, with its netmask and gateway."""
    network = ipaddress.ip_network(vpc["ip_range"])
    n = req.store.next_id("vpc-address:%s" % vpc["id"], start=2)
    if n >= network.num_addresses - 1:
        raise unprocessable("The VPC %s has no free addresses left." % vpc["name"])
    return {"ip_address": str(network[n]), "netmask": str(network.netmask), "gateway": str(network[1]),
            "type": "private"}


PUBLIC_BLOCK_PREFIX = 20  # a droplet's public address comes with a /20 netmask and that block's gateway, as on the API


def public_address(pool, n):
    """The n-th (from 1) public address of a pool: host .2 onwards of each /20 block (.1 is the block's gateway);
    returns (address, gateway) or None when the pool is used up."""
    block_size = 2 ** (32 - PUBLIC_BLOCK_PREFIX)
    usable = block_size - 3  # network, gateway and broadcast addresses are never handed out
    block, offset = divmod(n - 1, usable)
    if (block + 1) * block_size > pool.num_addresses:
        return None
    return pool[block * block_size + offset + 2], pool[block * block_size + 1]


def allocate_public_ipv4(req):
    """A unique public address from the backend's pool (198.18.0.0/15 or a block of it), never a VPC range."""
    n = req.store.next_id("public-ipv4", start=1)
    found = public_address(req.app.backend.public_pool(req), n)
    if found is None:
        raise unprocessable("No public IPv4 address is left in this emulator's public pool.")
    address, gateway = found
    return {"ip_address": str(address), "netmask": "255.255.240.0", "gateway": str(gateway), "type": "public"}
