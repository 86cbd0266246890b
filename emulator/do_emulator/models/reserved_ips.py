"""Reserved IPs: the "reserved_ips" kind, keyed by the address.

A reserved IP is assigned to a Droplet through an `assign_ip` action or unassigned (`unassign_ip`); the effect is
applied when the action starts and the reserved IP is locked until it completes. Which Droplet holds it is derived
when read (`shown_droplet_id`): none while an assignment is in progress, none once that Droplet was
deleted. URNs are `do:floatingip:<ip>`: the Projects API kept the old name.
"""

import ipaddress

from .. import catalog, network
from ..errors import unprocessable
from ..lifecycle import done, iso
from . import actions, droplets, projects
from .collection import Collection


def _lookup(req, ip):
    try:
        ip = str(ipaddress.IPv4Address(ip))
    except ValueError:
        return None
    return req.store.get(KIND, ip)


RESERVED_IPS = Collection("reserved_ips", key="ip", lookup=_lookup)
KIND = RESERVED_IPS.kind
find, all_, save, delete = RESERVED_IPS.find, RESERVED_IPS.all, RESERVED_IPS.save, RESERVED_IPS.delete
RESOURCE_TYPE = "reserved_ip"


def urn(ip):
    return "do:floatingip:%s" % ip


def resource_id(reserved_ip):
    """The integer the API's actions carry as `resource_id` for a reserved IP: its address as a number."""
    return int(ipaddress.IPv4Address(reserved_ip["ip"]))


def holder(req, reserved_ip):
    """The id of the Droplet a reserved IP is assigned (or being assigned) to; None once that Droplet is gone:
    deleting a Droplet unassigns its reserved IP without anyone writing the reserved IP."""
    droplet_id = reserved_ip.get("droplet_id")
    if droplet_id is None or not droplets.exists(req, droplet_id):
        return None
    return droplet_id


def shown_droplet_id(req, reserved_ip):
    """The Droplet the API shows a reserved IP on: its holder once the assignment completed. While an assign
    action is in progress the reserved IP is locked and shows no Droplet, as in the API's own example."""
    if not done(req, reserved_ip.get("_busy_until")):
        return None
    return holder(req, reserved_ip)


def held_by(req, droplet_id):
    """The reserved IPs (read-only) the droplet holds."""
    return [r for r in RESERVED_IPS.all(req) if holder(req, r) == droplet_id]


def droplet_addresses(req, droplet):
    """The addresses of the reserved IPs shown on a Droplet (a further public IPv4 address each)."""
    return [dict(r["_network"]) for r in RESERVED_IPS.all(req)
            if r.get("droplet_id") == droplet["id"] and shown_droplet_id(req, r) == droplet["id"]]


def project_of(req, reserved_ip):
    return projects.project_id_for(req, urn(reserved_ip["ip"]), reserved_ip.get("project_id"))


def present(req, reserved_ip):
    droplet_id = shown_droplet_id(req, reserved_ip)
    droplet = droplets.get(req, droplet_id) if droplet_id is not None else None
    shown = {"ip": reserved_ip["ip"], "region": catalog.region(reserved_ip["region"]),
             "droplet": droplets.present(req, droplet) if droplet else None,
             "locked": actions.is_busy(req, reserved_ip)}
    project_id = project_of(req, reserved_ip)
    if project_id:
        shown["project_id"] = project_id
    return shown


def present_action(req, reserved_ip, action):
    shown = actions.present(req, action)
    project_id = project_of(req, reserved_ip)
    if project_id:
        shown["project_id"] = project_id
    return shown


# -- writing --------------------------------------------------------------------------------------------------
def _check_free(req, reserved_ip):
    if actions.is_busy(req, reserved_ip):
        raise unprocessable("The reserved IP %s already has a pending event." % reserved_ip["ip"])


def assign(req, reserved_ip, droplet_id):
    """Assigns the reserved IP (a private copy, stored by the caller) to a Droplet; returns the started action."""
    _check_free(req, reserved_ip)
    droplet = droplets.get(req, droplet_id)
    if droplet is None:
        raise unprocessable("The Droplet %d could not be found." % droplet_id)
    if droplet["region"] != reserved_ip["region"]:
        raise unprocessable("The reserved IP %s is in region %s and the Droplet %d in %s: they must be in the same "
                            "region." % (reserved_ip["ip"], reserved_ip["region"], droplet_id, droplet["region"]))
    if holder(req, reserved_ip) == droplet_id:
        raise unprocessable("The reserved IP %s is already assigned to the Droplet %d." % (reserved_ip["ip"],
                                                                                          droplet_id))
    for other in RESERVED_IPS.all(req):
        if other["ip"] != reserved_ip["ip"] and holder(req, other) == droplet_id:
            raise unprocessable("The Droplet %d already has the reserved IP %s; a Droplet can have one reserved "
                                "IPv4 address." % (droplet_id, other["ip"]))
    if actions.is_busy(req, droplet):
        raise unprocessable("Droplet already has a pending event.")
    reserved_ip["droplet_id"] = droplet_id
    action = actions.start(req, "assign_ip", RESOURCE_TYPE, resource_id(reserved_ip), reserved_ip["region"])
    actions.mark_busy(reserved_ip, action)
    return action


def unassign(req, reserved_ip):
    _check_free(req, reserved_ip)
    if holder(req, reserved_ip) is None:
        raise unprocessable("The reserved IP %s is not assigned to a Droplet." % reserved_ip["ip"])
    reserved_ip["droplet_id"] = None
    action = actions.start(req, "unassign_ip", RESOURCE_TYPE, resource_id(reserved_ip), reserved_ip["region"])
    actions.mark_busy(reserved_ip, action)
    return action


def create(req, region, project_id, droplet_id=None):
    """Stores a new reserved IP from the public pool: assigned to the droplet if given (returns its assign action),
    else reserved in the region (returns None)."""
    address = network.allocate_public_ipv4(req)
    reserved_ip = {"ip": address["ip_address"], "region": region, "droplet_id": None, "project_id": project_id,
                   "created_at": iso(req.now), "_network": address}
    action = None
    if droplet_id is not None:
        action = assign(req, reserved_ip, droplet_id)
    else:
        actions.start(req, "reserve_ip", RESOURCE_TYPE, resource_id(reserved_ip), region, seconds=0)
    RESERVED_IPS.save(req, reserved_ip)
    return reserved_ip, action


