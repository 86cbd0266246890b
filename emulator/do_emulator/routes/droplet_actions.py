"""Droplet actions: POST /v2/droplets/{droplet_id}/actions, POST /v2/droplets/actions?tag_name= (a subset of
types, on every droplet with the tag) and the droplet's action history.

An action's effect is applied when it starts; the droplet is locked until the action completes and accepts no
other action meanwhile (422, as the API answers "Droplet already has a pending event."). An action that changes
nothing (power_on on an active droplet, power_off or shutdown on one that is off) is started and completes like
any other, as on the API. The body of the by-tag request is checked here: the spec's oneOf for it cannot tell its
alternatives apart. The history lists the most recent action first.
"""

from .. import catalog
from ..errors import bad_request, not_found, unprocessable
from ..http import created, ok
from ..models import actions, droplets, snapshots, tags
from ..pagination import paginate
from ..router import route
from .droplets import check_backup_policy, check_image, check_name

TAG_ACTIONS = ("power_cycle", "power_on", "power_off", "shutdown", "enable_ipv6", "enable_backups",
               "disable_backups", "snapshot")


class Effect:
    """What one action type does to a droplet."""

    def __init__(self, req, droplet, body):
        self.req, self.droplet, self.body = req, droplet, body

    def power(self, wanted):
        """A droplet already in the wanted state is left as it is; the action still runs and completes."""
        if droplets.status(self.req, self.droplet) == wanted:
            return
        self.droplet["status"] = wanted
        if wanted == "active":
            self.req.box_event("start", self.droplet["id"])

    def power_off(self):
        self.power("off")

    shutdown = power_off

    def power_on(self):
        self.power("active")

    def reboot(self):
        self.droplet["status"] = "active"
        self.req.box_event("restart", self.droplet["id"])

    power_cycle = reboot

    def password_reset(self):
        pass

    def enable_private_networking(self):
        pass  # every droplet is in a VPC already

    def enable_ipv6(self):
        networks = self.droplet["_networks"]
        if not networks["v6"]:
            networks["v6"] = [droplets.ipv6_network(self.droplet["id"])]
        self._feature("ipv6", True)

    def _feature(self, name, present):
        features = [f for f in self.droplet["features"] if f != name]
        self.droplet["features"] = [*features, name] if present else features

    def _set_backups(self, policy):
        self.droplet["_backup_policy"] = policy
        self.droplet["next_backup_window"] = droplets.next_backup_window(self.req, policy) if policy else None
        self._feature("backups", policy is not None)

    def enable_backups(self):
        self._set_backups(check_backup_policy(self.body.get("backup_policy")))

    def disable_backups(self):
        self._set_backups(None)

    def change_backup_policy(self):
        if self.droplet.get("_backup_policy") is None:
            raise unprocessable("Backups are not enabled on this Droplet; enable them first.")
        if self.body.get("backup_policy") is None:
            raise unprocessable("backup_policy is required")
        self._set_backups(check_backup_policy(self.body["backup_policy"]))

    def rename(self):
        if self.body.get("name") in (None, ""):
            raise unprocessable("name is required")
        self.droplet["name"] = check_name(self.body["name"])

    def resize(self):
        if droplets.status(self.req, self.droplet) != "off":
            raise unprocessable("Droplet is currently on. Please power it off to run this event.")
        slug = self.body.get("size")
        if slug in (None, ""):
            raise unprocessable("size is required")
        if not isinstance(slug, str):
            raise bad_request("size must be a string")
        size = catalog.size(slug)
        if size is None or slug not in catalog.region(self.droplet["region"])["sizes"]:
            raise unprocessable("You specified an invalid size for this Droplet.")
        disk = _boolean_or_its_string(self.body.get("disk", False), "disk")
        if slug == self.droplet["size_slug"]:
            raise unprocessable("The Droplet is already this size.")
        if size["disk"] < self.droplet["disk"]:
            raise unprocessable("The size %s has a %d GB disk, smaller than the Droplet's %d GB disk; a disk can "
                                "not shrink." % (slug, size["disk"], self.droplet["disk"]))
        self.droplet.update(size_slug=slug, memory=size["memory"], vcpus=size["vcpus"])
        self.req.box_event("resize", self.droplet["id"])
        if disk:
            self.droplet["disk"] = size["disk"]
            self.droplet["disk_info"] = [{"type": "local", "size": {"amount": size["disk"], "unit": "gib"}}]

    def rebuild(self):
        size = catalog.size(self.droplet["size_slug"])
        image = check_image(self.req, self.body.get("image"), self.droplet["region"], size)
        self.droplet["image"] = dict(image)
        self.droplet["status"] = "active"
        self.req.box_event("rebuild", self.droplet["id"])

    def restore(self):
        image = self.body.get("image")
        if image is None:
            raise unprocessable("image is required")
        if image not in self.droplet["backup_ids"]:
            raise unprocessable("The image %s is not a backup of this Droplet." % image)

    def change_kernel(self):
        if self.body.get("kernel") is None:
            raise unprocessable("kernel is required")
        raise unprocessable("This Droplet uses an internally managed kernel; it cannot be changed.")

    def snapshot(self):
        name = self.body.get("name")
        if name in (None, ""):
            name = "%s-%d" % (self.droplet["name"], int(self.req.now))
        if not isinstance(name, str):
            raise bad_request("name must be a string")
        self.snapshot_name = name


TYPES = sorted(name for name in vars(Effect) if not name.startswith("_") and name != "power")


def _action_type(body, allowed):
    action_type = body.get("type")
    if action_type in (None, ""):
        raise unprocessable("type is required")
    if not isinstance(action_type, str):
        raise bad_request("type must be a string")
    if action_type not in allowed:
        raise unprocessable("%r is not a supported action type here; use one of %s"
                            % (action_type, ", ".join(allowed)))
    return action_type


def _boolean_or_its_string(value, name):
    """A boolean; the strings "true" and "false" are taken for one (python-digitalocean sends `"disk": "true"`, and
    the API's description says to set disk to true)."""
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    if not isinstance(value, bool):
        raise bad_request("%s must be a boolean" % name)
    return value


def run(req, droplet, action_type, body):
    """Applies one action to a droplet (a private copy), stores both; returns the stored action."""
    if actions.is_busy(req, droplet):
        raise unprocessable("Droplet already has a pending event.")
    effect = Effect(req, droplet, body)
    getattr(effect, action_type)()
    action = actions.start(req, action_type, "droplet", droplet["id"], droplet["region"])
    if action_type == "snapshot":
        snapshots.record(req, "droplet", droplet, effect.snapshot_name, action=action)
    actions.mark_busy(droplet, action)
    droplets.save(req, droplet)
    return action


@route("POST", "/v2/droplets/{droplet_id}/actions")
def post_droplet_action(req):
    droplet = droplets.find(req, req.params["droplet_id"])
    body = req.json()
    action = run(req, droplet, _action_type(body, TYPES), body)
    return created({"action": actions.present(req, action)})


@route("POST", "/v2/droplets/actions")
def post_droplet_action_by_tag(req):
    tag_name = req.arg("tag_name")
    if not tag_name:
        raise bad_request("tag_name is required")
    body = req.json()
    action_type = _action_type(body, TAG_ACTIONS)
    tagged = [d["id"] for d in droplets.tagged(req, tag_name)]
    if not tagged and tags.canonical(req, tag_name) is None:
        raise not_found()
    started = [run(req, droplets.get(req, i), action_type, body) for i in tagged]
    return created({"actions": [actions.present(req, a) for a in started]})


@route("GET", "/v2/droplets/{droplet_id}/actions")
def list_droplet_actions(req):
    droplet = droplets.find(req, req.params["droplet_id"])
    newest_first = actions.for_resource(req, "droplet", droplet["id"])[::-1]
    return ok(paginate(req, newest_first, "actions", present=lambda a: actions.present(req, a)))


@route("GET", "/v2/droplets/{droplet_id}/actions/{action_id}")
def get_droplet_action(req):
    droplet = droplets.find(req, req.params["droplet_id"])
    action = actions.find_for(req, req.params["action_id"], "droplet", droplet["id"])
    return ok({"action": actions.present(req, action)})
