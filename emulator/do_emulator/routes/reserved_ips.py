"""Reserved IPs: /v2/reserved_ips (list, create) and /v2/reserved_ips/{reserved_ip} (get, delete).

A reserved IP is created either for a Droplet (`droplet_id`: it is assigned at once through an `assign_ip` action
and lives in the Droplet's region) or in a region (`region`, unassigned; a `reserve_ip` action records it), with
an optional `project_id`. Its address comes from the public pool, like a Droplet's, and it is addressed by it.
Which Droplet holds it is derived when read (network.reserved_ip_droplet_id): none while an assignment is in
progress (the reserved IP is then `locked`), none once that Droplet was deleted. The Droplet shows it in
`networks.v4` as a further public address. Deleting an assigned reserved IP releases it (204), as the API does.

URNs are `do:floatingip:<ip>`: the Projects API kept the old name.
"""

import ipaddress

from .. import actions, catalog, network
from ..errors import not_found, unprocessable
from ..http import accepted, no_content, ok
from ..input_checks import field
from ..lifecycle import iso
from ..pagination import paginate
from ..project_membership import PROJECTS, project_id_for
from ..router import route
from . import droplets

KIND = network.RESERVED_IP_KIND
RESOURCE_TYPE = "reserved_ip"


def urn(ip):
    return "do:floatingip:%s" % ip


def resource_id(reserved_ip):
    """The integer the API's actions carry as `resource_id` for a reserved IP: its address as a number."""
    return int(ipaddress.IPv4Address(reserved_ip["ip"]))


def find(req):
    """The stored reserved IP of the path (a private copy), or 404."""
    try:
        ip = str(ipaddress.IPv4Address(req.params["reserved_ip"]))
    except ValueError:
        raise not_found() from None
    reserved_ip = req.store.get(KIND, ip)
    if reserved_ip is None:
        raise not_found()
    return reserved_ip


def project_of(req, reserved_ip):
    return project_id_for(req, urn(reserved_ip["ip"]), reserved_ip.get("project_id"))


def present(req, reserved_ip):
    droplet_id = network.reserved_ip_droplet_id(req, reserved_ip)
    droplet = req.store.get(droplets.KIND, droplet_id) if droplet_id is not None else None
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


# -- assignment, shared with reserved_ip_actions.py -----------------------------------------------------------
def _check_free(req, reserved_ip):
    if actions.is_busy(req, reserved_ip):
        raise unprocessable("The reserved IP %s already has a pending event." % reserved_ip["ip"])


def assign(req, reserved_ip, droplet_id):
    """Assigns the reserved IP (a private copy, stored by the caller) to a Droplet; returns the started action."""
    _check_free(req, reserved_ip)
    droplet = req.store.get(droplets.KIND, droplet_id)
    if droplet is None:
        raise unprocessable("The Droplet %d could not be found." % droplet_id)
    if droplet["region"] != reserved_ip["region"]:
        raise unprocessable("The reserved IP %s is in region %s and the Droplet %d in %s: they must be in the same "
                            "region." % (reserved_ip["ip"], reserved_ip["region"], droplet_id, droplet["region"]))
    if network.reserved_ip_holder(req, reserved_ip) == droplet_id:
        raise unprocessable("The reserved IP %s is already assigned to the Droplet %d." % (reserved_ip["ip"],
                                                                                          droplet_id))
    for other in req.store.all(KIND):
        if other["ip"] != reserved_ip["ip"] and network.reserved_ip_holder(req, other) == droplet_id:
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
    if network.reserved_ip_holder(req, reserved_ip) is None:
        raise unprocessable("The reserved IP %s is not assigned to a Droplet." % reserved_ip["ip"])
    reserved_ip["droplet_id"] = None
    action = actions.start(req, "unassign_ip", RESOURCE_TYPE, resource_id(reserved_ip), reserved_ip["region"])
    actions.mark_busy(reserved_ip, action)
    return action


# -- routes ---------------------------------------------------------------------------------------------------
@route("GET", "/v2/reserved_ips")
def list_reserved_ips(req):
    return ok(paginate(req, req.store.all(KIND), "reserved_ips", present=lambda r: present(req, r)))


@route("POST", "/v2/reserved_ips")
def create_reserved_ip(req):
    body = req.json()
    droplet_id = field(body, "droplet_id", int)
    region = field(body, "region", str) or None
    project_id = field(body, "project_id", str) or None
    if droplet_id is None and region is None:
        raise unprocessable("Either droplet_id (to assign the reserved IP) or region (to reserve it) is required.")
    if project_id is not None and not req.store.exists(PROJECTS, project_id):
        raise unprocessable("The project %s could not be found." % project_id)
    if droplet_id is not None:
        droplet = req.store.get(droplets.KIND, droplet_id)
        if droplet is None:
            raise unprocessable("The Droplet %d could not be found." % droplet_id)
        if region is not None and region != droplet["region"]:
            raise unprocessable("The Droplet %d is in region %s, not in %s." % (droplet_id, droplet["region"], region))
        region = droplet["region"]
    elif catalog.available_region(region) is None:
        raise unprocessable("You specified an invalid region for the reserved IP: %s." % region)
    address = network.allocate_public_ipv4(req)
    reserved_ip = {"ip": address["ip_address"], "region": region, "droplet_id": None, "project_id": project_id,
                   "created_at": iso(req.now), "_network": address}
    links = {}
    if droplet_id is not None:
        action = assign(req, reserved_ip, droplet_id)
        links = {"droplets": [{"id": droplet_id, "rel": "droplet",
                               "href": "%s/v2/droplets/%d" % (req.base_url, droplet_id)}],
                 "actions": [droplets.action_link(req, action, "assign_ip")]}
    else:
        actions.start(req, "reserve_ip", RESOURCE_TYPE, resource_id(reserved_ip), region, seconds=0)
    req.store.put(KIND, reserved_ip, key=reserved_ip["ip"])
    return accepted({"reserved_ip": present(req, reserved_ip), "links": links})


@route("GET", "/v2/reserved_ips/{reserved_ip}")
def get_reserved_ip(req):
    return ok({"reserved_ip": present(req, find(req))})


@route("DELETE", "/v2/reserved_ips/{reserved_ip}")
def delete_reserved_ip(req):
    req.store.delete(KIND, find(req)["ip"])
    return no_content()
