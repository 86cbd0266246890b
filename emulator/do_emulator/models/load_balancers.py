"""Regional load balancers: the "load_balancers" kind.

A load balancer is `new` until `_ready_at`, then `active`; its address is allocated at creation and shown once it
is active. Backends are either `droplet_ids` (stored, and filtered against the droplets that still exist when
read) or a `tag` (the droplets carrying it are derived when read), never both.
"""

import uuid

from .. import catalog, network
from ..lifecycle import done, iso, ready_at
from . import droplets, projects
from .collection import Collection

LOAD_BALANCERS = Collection("load_balancers")
KIND = LOAD_BALANCERS.kind
exists, find, all_, save, delete = (LOAD_BALANCERS.exists, LOAD_BALANCERS.find, LOAD_BALANCERS.all, LOAD_BALANCERS.save,
                                    LOAD_BALANCERS.delete)


def urn(lb_id):
    return "do:loadbalancer:%s" % lb_id


def backend_droplet_ids(req, lb):
    if lb["tag"]:
        return [d["id"] for d in droplets.tagged(req, lb["tag"])]
    return [d for d in lb["_droplet_ids"] if droplets.exists(req, d)]


def present(req, lb):
    active = done(req, lb["_ready_at"])
    shown = {k: v for k, v in lb.items() if not k.startswith("_")}
    shown.update(status="active" if active else "new", ip=lb["_ip"] if active else "",
                 region=catalog.region(lb["region"]), droplet_ids=backend_droplet_ids(req, lb),
                 project_id=projects.project_id_for(req, urn(lb["id"]), lb["project_id"]))
    if lb["_ipv6"] and active:
        shown["ipv6"] = lb["_ipv6"]
    if not shown["tag"]:
        del shown["tag"]
    if shown["project_id"] is None:
        del shown["project_id"]
    return shown


def create(req, settings, vpc, project_id):
    """Stores a new load balancer of checked `settings` in the VPC, with its addresses; returns it."""
    # Its leg in the VPC, where it reaches the droplets (an INTERNAL load balancer has no other address).
    private_address = network.allocate_private_ipv4(req, vpc)["ip_address"]
    if settings["network"] == "INTERNAL":
        address = private_address
    else:
        address = network.allocate_public_ipv4(req)["ip_address"]
    ipv6 = None
    if settings["network_stack"] == "DUALSTACK":
        ipv6 = "2604:a880:800:14::%x:%x" % divmod(req.store.next_id("lb-ipv6", 1), 0x10000)
    lb = dict(settings, id=str(uuid.uuid4()), vpc_uuid=vpc["id"], created_at=iso(req.now), project_id=project_id,
              _ip=address, _private_ip=private_address, _ipv6=ipv6, _ready_at=ready_at(req))
    return LOAD_BALANCERS.save(req, lb)


