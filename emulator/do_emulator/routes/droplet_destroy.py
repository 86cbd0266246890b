"""Destroying a Droplet with its associated resources: /v2/droplets/{droplet_id}/destroy_with_associated_resources.

A Droplet's associated resources are what it would leave behind: the reserved IPs assigned to it, its snapshots,
the volumes attached to it and their snapshots, each with its monthly cost if kept. `selective` destroys the
Droplet and the ones named (each must be associated, else 422); `dangerous` (with `X-Dangerous: true`) destroys
the Droplet and all of them. Both answer 202; the destruction is done at once and its `status` (kept under the
Droplet's id) says what was destroyed and when. Nothing fails here, so `retry` always answers 409.
"""

from ..errors import bad_request, conflict, unprocessable
from ..http import accepted, ok
from ..lifecycle import iso
from ..models import attachments, droplets, reserved_ips, snapshots, volumes
from ..router import route

BASE = "/v2/droplets/{droplet_id}/destroy_with_associated_resources"
SECTIONS = ("reserved_ips", "snapshots", "volumes", "volume_snapshots")
MONTHLY = {"reserved_ips": 5.0, "snapshots": 0.06, "volumes": 0.10, "volume_snapshots": 0.06}  # USD, per GB but IPs


def associated(req, droplet):
    """{section: [(model, stored doc, id as shown, name, cost)]} of what the Droplet would leave behind."""
    found = {section: [] for section in SECTIONS}
    for reserved in reserved_ips.held_by(req, droplet["id"]):
        found["reserved_ips"].append((reserved_ips, reserved, str(reserved_ips.resource_id(reserved)),
                                      reserved["ip"], MONTHLY["reserved_ips"]))
    attached = attachments.volumes_of(req, droplet)
    for volume in attached:
        found["volumes"].append((volumes, volume, volume["id"], volume["name"],
                                 volume["size_gigabytes"] * MONTHLY["volumes"]))
    for section, snapshot in snapshots.left_behind(req, droplet["id"], {v["id"] for v in attached}):
        size = snapshot.get("size_gigabytes") or 0
        found[section].append((snapshots, snapshot, str(snapshot["id"]), snapshot["name"], size * MONTHLY[section]))
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
        for model, doc, shown_id, name, _ in items:
            model.delete(req, doc)
            resources[section].append({"id": shown_id, "name": name, "destroyed_at": now})
    droplets.delete(req, droplet)
    resources["floating_ips"] = resources["reserved_ips"]
    status = {"droplet": {"id": str(droplet["id"]), "name": droplet["name"], "destroyed_at": now},
              "resources": resources, "completed_at": now, "failures": 0}
    droplets.record_destroy(req, droplet, status)
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
    return ok(droplets.destroy_status(req, req.params["droplet_id"]))


@route("POST", BASE + "/retry")
def retry_destroy(req):
    droplets.destroy_status(req, req.params["droplet_id"])
    raise conflict("Nothing to retry: every resource of the request was destroyed.")
