"""What belongs to one droplet: GET /v2/droplets/{droplet_id}/snapshots, /backups, /kernels, /firewalls and
/neighbors. Snapshots come from the snapshots kind and firewalls from the firewalls area, both derived when read.
The emulator takes no scheduled backups and runs no external kernels, so those lists are empty."""

from ..http import ok
from ..lifecycle import done
from ..pagination import paginate
from ..router import route
from . import droplets
from .firewalls import firewalls_for_droplet


def _snapshot(snapshot):
    return {"id": int(snapshot["id"]), "name": snapshot["name"], "created_at": snapshot["created_at"],
            "regions": list(snapshot["regions"]), "min_disk_size": snapshot["min_disk_size"],
            "size_gigabytes": snapshot["size_gigabytes"], "type": "snapshot"}


@route("GET", "/v2/droplets/{droplet_id}/snapshots")
def list_droplet_snapshots(req):
    droplet = droplets.find(req, req.params["droplet_id"])
    found = [s for s in req.store.all(droplets.SNAPSHOTS)
             if s.get("resource_type") == "droplet" and str(s["resource_id"]) == str(droplet["id"])
             and done(req, s.get("_ready_at"))]
    return ok(paginate(req, found, "snapshots", present=_snapshot))


@route("GET", "/v2/droplets/{droplet_id}/backups")
def list_droplet_backups(req):
    droplets.find(req, req.params["droplet_id"])
    return ok(paginate(req, [], "backups"))


@route("GET", "/v2/droplets/{droplet_id}/kernels")
def list_droplet_kernels(req):
    droplets.find(req, req.params["droplet_id"])
    return ok(paginate(req, [], "kernels"))


@route("GET", "/v2/droplets/{droplet_id}/firewalls")
def list_droplet_firewalls(req):
    droplet = droplets.find(req, req.params["droplet_id"])
    return ok(paginate(req, firewalls_for_droplet(req, droplet["id"]), "firewalls"))


@route("GET", "/v2/droplets/{droplet_id}/neighbors")
def list_droplet_neighbors(req):
    droplets.find(req, req.params["droplet_id"])
    return ok({"droplets": []})
