"""Destroying a Droplet with its associated resources: /v2/droplets/{droplet_id}/destroy_with_associated_resources.

A Droplet's associated resources are what it would leave behind: the reserved IPs assigned to it, its snapshots,
the volumes attached to it and their snapshots, each with its monthly cost if kept. `selective` destroys the
Droplet and the ones named (each must be associated, else 422); `dangerous` (with `X-Dangerous: true`) destroys
the Droplet and all of them. Both answer 202; the destruction is done at once and its `status` (kept under the
Droplet's id) says what was destroyed and when. Nothing fails here, so `retry` always answers 409.
"""

from .. import network
from ..errors import bad_request, conflict, not_found, unprocessable
from ..http import accepted, ok
from ..lifecycle import done, iso
from ..router import route
from . import droplets, reserved_ips, snapshots, volumes

STATUS_KIND = "droplet_destroy_status"
BASE = "/v2/droplets/{droplet_id}/destroy_with_associated_resources"
SECTIONS = ("reserved_ips", "snapshots", "volumes", "volume_snapshots")
MONTHLY = {"reserved_ips": 5.0, "snapshots": 0.06, "volumes": 0.10, "volume_snapshots": 0.06}  # USD, per GB but IPs


def associated(req, droplet):
    """{section: [(store kind, key, id as shown, name, cost)]} of what the Droplet would leave behind."""
    found = {section: [] for section in SECTIONS}
    for reserved in req.store.all(network.RESERVED_IP_KIND):
        if network.reserved_ip_holder(req, reserved) == droplet["id"]:
            found["reserved_ips"].append((network.RESERVED_IP_KIND, reserved["ip"],
                                          str(reserved_ips.resource_id(reserved)), reserved["ip"],
                                          MONTHLY["reserved_ips"]))
    attached = [v for v in req.store.all(volumes.KIND) if droplet["id"] in volumes.attached_droplet_ids(req, v)]
    attached_ids = {v["id"] for v in attached}
    for volume in attached:
        found["volumes"].append((volumes.KIND, volume["id"], volume["id"], volume["name"],
                                 volume["size_gigabytes"] * MONTHLY["volumes"]))
    for snapshot in req.store.all(snapshots.KIND):
        if not done(req, snapshot.get("_ready_at")):
            continue
        if snapshot.get("resource_type") == "droplet" and str(snapshot["resource_id"]) == str(droplet["id"]):
            section = "snapshots"
        elif snapshot.get("resource_type") == "volume" and snapshot["resource_id"] in attached_ids:
            section = "volume_snapshots"
        else:
            continue
        size = snapshot.get("size_gigabytes") or 0
        found[section].append((snapshots.KIND, str(snapshot["id"]), str(snapshot["id"]), snapshot["name"],
                               size * MONTHLY[section]))
    return found


def _listing(found):
    body = {section: [{"id": i, "name": name, "cost": "%.2f" % cost} for _, _, i, name, cost in items]
            for section, items in found.items()}
    body["floating_ips"] = body["reserved_ips"]  # the old name, still answered
    return body


def _destroy(req, droplet, chosen):
    """Deletes the Droplet and the chosen associated resources; stores and returns the status."""
    now = iso(req.now)
    resources = {section: [] for section in SECTIONS}
    for section, items in chosen.items():
        for kind, key, shown_id, name, _ in items:
            req.store.delete(kind, key)
            resources[section].append({"id": shown_id, "name": name, "destroyed_at": now})
    req.store.delete(droplets.KIND, droplet["id"])
    resources["floating_ips"] = resources["reserved_ips"]
    status = {"droplet": {"id": str(droplet["id"]), "name": droplet["name"], "destroyed_at": now},
              "resources": resources, "completed_at": now, "failures": 0}
    req.store.put(STATUS_KIND, status, key=droplet["id"])
    return accepted()


@route("GET", BASE)
def list_associated_resources(req):
    droplet = droplets.find(req, req.params["droplet_id"])
    return ok(_listing(associated(req, droplet)))


@route("DELETE", BASE + "/selective")
def destroy_selected(req):
    droplet = droplets.find(req, req.params["droplet_id"])
    body = req.json()
    found = associated(req, droplet)
    chosen = {}
    for section in (*SECTIONS, "floating_ips"):
        wanted = body.get(section)
        if wanted is None:
            continue
        if not isinstance(wanted, list) or not all(isinstance(w, str) for w in wanted):
            raise bad_request("%s must be an array of strings" % section)
        target = "reserved_ips" if section == "floating_ips" else section
        by_id = {item[2]: item for item in found[target]}
        by_id.update({item[3]: item for item in found[target] if target == "reserved_ips"})  # an address works too
        for wanted_id in wanted:
            if wanted_id not in by_id:
                raise unprocessable("%s %s is not associated with Droplet %d" % (target, wanted_id, droplet["id"]))
            item = by_id[wanted_id]
            if item not in chosen.setdefault(target, []):
                chosen[target].append(item)
    return _destroy(req, droplet, chosen)


@route("DELETE", BASE + "/dangerous")
def destroy_everything(req):
    droplet = droplets.find(req, req.params["droplet_id"])
    if req.headers.get("x-dangerous", "").lower() != "true":
        raise bad_request("X-Dangerous: true is required to destroy a Droplet with all its associated resources")
    return _destroy(req, droplet, associated(req, droplet))


@route("GET", BASE + "/status")
def destroy_status(req):
    status = req.store.get(STATUS_KIND, req.params["droplet_id"])
    if status is None:
        raise not_found()
    return ok(status)


@route("POST", BASE + "/retry")
def retry_destroy(req):
    status = req.store.get(STATUS_KIND, req.params["droplet_id"])
    if status is None:
        raise not_found()
    raise conflict("Nothing to retry: every resource of the request was destroyed.")
