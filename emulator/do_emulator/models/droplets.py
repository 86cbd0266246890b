"""Droplets: the "droplets" kind, and the record of a destroy with associated resources.

A droplet is stored with its region and size as slugs and shown with the catalogue's objects. It is `new` until
`_ready_at`, then `active`, with the networks assigned at creation: a public IPv4 address and a private one from
its VPC's range. Its create action keeps it busy (no other action or volume attach meanwhile), but a `new`
droplet is shown with `locked: false`, as in the API's own example. `status` is otherwise what the last power
action left (`active` or `off`). Its snapshots are the snapshots model's, its volumes the attachments model's.
"""

import ipaddress

from .. import catalog, network
from ..lifecycle import done, iso, ready_at
from . import actions, attachments, reserved_ips, snapshots
from .collection import Collection


def _lookup(req, droplet_id):
    return req.store.get(KIND, droplet_id) if str(droplet_id).isdigit() else None


DROPLETS = Collection("droplets", lookup=_lookup)
KIND = DROPLETS.kind
get, exists, find, all_, save = DROPLETS.get, DROPLETS.exists, DROPLETS.find, DROPLETS.all, DROPLETS.save
DESTROY_STATUS = Collection("droplet_destroy_status")
IPV6_POOL = ipaddress.ip_network("2604:a880:400::/48")
NO_NETWORKS = {"v4": [], "v6": []}


# -- reading --------------------------------------------------------------------------------------------------
def status(req, droplet):
    """The stored status with time applied; an active droplet whose machine is not running is `off`."""
    if droplet["status"] == "new":
        if not done(req, droplet["_ready_at"]):
            return "new"
        shown = "active"
    else:
        shown = droplet["status"]
    if shown == "active" and req.app.backend.power_state(droplet["id"]) == "stopped":
        return "off"
    return shown


def present(req, droplet, snapshot_index=None):
    """The droplet as the API shows it now; `snapshot_index` is a `snapshots.droplet_index` (taken if not given)."""
    if snapshot_index is None:
        snapshot_index = snapshots.droplet_index(req)
    shown = {k: v for k, v in droplet.items() if k[0] != "_"}
    shown["status"] = status(req, droplet)
    shown["locked"] = shown["status"] != "new" and actions.is_busy(req, droplet)
    shown["size"] = catalog.size(droplet["size_slug"])
    shown["region"] = catalog.region(droplet["region"])
    shown["networks"] = NO_NETWORKS if shown["status"] == "new" else networks(req, droplet)
    shown["snapshot_ids"] = snapshot_index.get(str(droplet["id"]), [])
    return shown


def networks(req, droplet):
    """A Droplet's networks as shown: its own addresses, and the reserved IP assigned to it as a further public
    IPv4 address (after the Droplet's own, which stays the first public one)."""
    own = droplet["_networks"]
    reserved = reserved_ips.droplet_addresses(req, droplet)
    if not reserved:
        return own
    return {"v4": own["v4"] + reserved, "v6": own["v6"]}


def tagged(req, tag_name):
    """The droplets that carry the tag (read-only)."""
    return [d for d in DROPLETS.all(req) if tag_name in d["tags"]]


def next_backup_window(req, policy):
    day = 86400
    start = (int(req.now) // day + 1) * day + policy["hour"] * 3600
    return {"start": iso(start), "end": iso(start + 4 * 3600)}


def ipv6_network(droplet_id):
    return {"ip_address": str(IPV6_POOL[droplet_id]), "netmask": 64, "gateway": str(IPV6_POOL[1]),
            "type": "public"}


# -- writing --------------------------------------------------------------------------------------------------
def _features(options):
    features = ["private_networking"]
    for option, feature in (("backups", "backups"), ("ipv6", "ipv6"), ("monitoring", "monitoring"),
                            ("with_droplet_agent", "droplet_agent")):
        if options[option]:
            features.append(feature)
    return features


def create(req, name, plan, tag_names):
    """Stores one new droplet of a checked create request (its `plan`) and its create action, attached to the
    plan's volumes; returns (droplet, action)."""
    droplet_id = req.store.next_id("droplet", start=3164444)
    size, region, options = plan["size"], plan["region"], plan["options"]
    v4 = [network.allocate_private_ipv4(req, plan["vpc"])]
    if options["public_networking"]:
        v4.insert(0, network.allocate_public_ipv4(req))
    droplet = {
        "id": droplet_id,
        "name": name,
        "memory": size["memory"],
        "vcpus": size["vcpus"],
        "disk": size["disk"],
        "disk_info": [{"type": "local", "size": {"amount": size["disk"], "unit": "gib"}}],
        "status": "new",
        "kernel": None,
        "created_at": iso(req.now),
        "features": _features(options),
        "backup_ids": [],
        "next_backup_window": next_backup_window(req, plan["backup_policy"]) if options["backups"] else None,
        "image": dict(plan["image"]),
        "volume_ids": [],
        "size_slug": size["slug"],
        "region": region["slug"],
        "tags": list(tag_names),
        "vpc_uuid": plan["vpc"]["id"],
        "_ready_at": ready_at(req),
        "_networks": {"v4": v4, "v6": [ipv6_network(droplet_id)] if options["ipv6"] else []},
        "_backup_policy": plan["backup_policy"] if options["backups"] else None,
        "_ssh_key_ids": plan["ssh_key_ids"],
        "_user_data": plan["user_data"],
    }
    action = actions.start(req, "create", "droplet", droplet_id, region["slug"])
    actions.mark_busy(droplet, action)
    if plan["volumes"]:
        attachments.attach(req, droplet, plan["volumes"])
    else:
        DROPLETS.save(req, droplet)
    return droplet, action


def delete(req, droplet):
    """Deletes a droplet; its volumes are released. What else named it (firewalls, load balancers, reserved IPs,
    trusted sources) forgets it when read."""
    attachments.release(req, droplet)
    DROPLETS.delete(req, droplet)


def record_destroy(req, droplet, status):
    """Keeps what a destroy with associated resources did, under the (deleted) droplet's id."""
    DESTROY_STATUS.save(req, status, key=droplet["id"])


def destroy_status(req, droplet_id):
    """What the destroy with associated resources of that droplet did (404 if none was)."""
    return DESTROY_STATUS.find(req, droplet_id)
