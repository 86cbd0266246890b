"""What belongs to one droplet: GET /v2/droplets/{droplet_id}/snapshots, /backups, /kernels, /firewalls and
/neighbors. Snapshots come from the snapshots kind and firewalls from the firewalls area, both derived when read.
The emulator takes no scheduled backups and runs no external kernels, so those lists are empty."""

from ..http import ok
from ..models import droplets, firewalls, snapshots
from ..pagination import paginate
from ..router import route


def _snapshot(snapshot):
    return {"id": int(snapshot["id"]), "name": snapshot["name"], "created_at": snapshot["created_at"],
            "regions": list(snapshot["regions"]), "min_disk_size": snapshot["min_disk_size"],
            "size_gigabytes": snapshot["size_gigabytes"], "type": "snapshot"}


@route("GET", "/v2/droplets/{droplet_id}/snapshots")
def list_droplet_snapshots(req):
    droplet = droplets.find(req, req.params["droplet_id"])
    return ok(paginate(req, snapshots.of_droplet(req, droplet["id"]), "snapshots", present=_snapshot))


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
    return ok(paginate(req, firewalls.for_droplet(req, droplet["id"]), "firewalls"))


@route("GET", "/v2/droplets/{droplet_id}/neighbors")
def list_droplet_neighbors(req):
    droplets.find(req, req.params["droplet_id"])
    return ok({"droplets": []})
