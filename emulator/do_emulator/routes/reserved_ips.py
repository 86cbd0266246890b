"""Reserved IPs: /v2/reserved_ips (list, create) and /v2/reserved_ips/{reserved_ip} (get, delete).

A reserved IP is created either for a Droplet (`droplet_id`: it is assigned at once through an `assign_ip` action
and lives in the Droplet's region) or in a region (`region`, unassigned; a `reserve_ip` action records it), with
an optional `project_id`. Its address comes from the public pool, like a Droplet's, and it is addressed by it.
Which Droplet holds it is derived when read (models/reserved_ips.py): none while an assignment is in
progress (the reserved IP is then `locked`), none once that Droplet was deleted. The Droplet shows it in
`networks.v4` as a further public address. Deleting an assigned reserved IP releases it (204), as the API does.

URNs are `do:floatingip:<ip>`: the Projects API kept the old name.
"""

from .. import catalog
from ..errors import unprocessable
from ..http import accepted
from ..input_checks import field
from ..models import actions, droplets, projects, reserved_ips
from ..models.reserved_ips import present
from ..router import route

# -- routes ---------------------------------------------------------------------------------------------------
reserved_ips.RESERVED_IPS.serve("/v2/reserved_ips/{reserved_ip}", "reserved_ip", "reserved_ips", present)


@route("POST", "/v2/reserved_ips")
def create_reserved_ip(req):
    body = req.json()
    droplet_id = field(body, "droplet_id", int)
    region = field(body, "region", str) or None
    project_id = field(body, "project_id", str) or None
    if droplet_id is None and region is None:
        raise unprocessable("Either droplet_id (to assign the reserved IP) or region (to reserve it) is required.")
    if project_id is not None and not projects.exists(req, project_id):
        raise unprocessable("The project %s could not be found." % project_id)
    if droplet_id is not None:
        droplet = droplets.get(req, droplet_id)
        if droplet is None:
            raise unprocessable("The Droplet %d could not be found." % droplet_id)
        if region is not None and region != droplet["region"]:
            raise unprocessable("The Droplet %d is in region %s, not in %s." % (droplet_id, droplet["region"], region))
        region = droplet["region"]
    elif catalog.available_region(region) is None:
        raise unprocessable("You specified an invalid region for the reserved IP: %s." % region)
    reserved_ip, action = reserved_ips.create(req, region, project_id, droplet_id)
    links = {}
    if action is not None:
        links = {"droplets": [{"id": droplet_id, "rel": "droplet",
                               "href": "%s/v2/droplets/%d" % (req.base_url, droplet_id)}],
                 "actions": [actions.link(req, action, "assign_ip")]}
    return accepted({"reserved_ip": present(req, reserved_ip), "links": links})
