# -*- coding: utf-8 -*-
# Copyright: tide.digitalocean contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Droplet helpers shared by the droplet modules and the inventory plugin.

* ``find_droplets(api, names, region)``: droplets by identity (name + region) with one
  paginated listing.
* ``DropletActions``: power/resize actions that are safe after ambiguous failures.
* ``with_addresses(droplet)``: adds ``public_ipv4``/``private_ipv4``/``public_ipv6``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.tide.digitalocean.plugins.module_utils.errors import DigitalOceanError
from ansible_collections.tide.digitalocean.plugins.module_utils.pages import list_all
from ansible_collections.tide.digitalocean.plugins.module_utils.wait import wait_for_actions, wait_for_droplets


def find_droplets(api, names, region=None):
    """``{name: droplet}`` for the droplets named in ``names`` (in ``region`` when given).

    One name uses the API's name filter; several names read the account's droplet list
    once (ceil(total/200) requests). Two droplets with the same name in the region raise
    DigitalOceanError: the identity is ambiguous and guessing could touch the wrong one.
    """
    wanted = set(names)
    filters = {"name": names[0]} if len(wanted) == 1 else {}
    found = {}
    for droplet in list_all(api, "droplets.list", "droplets", **filters):
        if droplet.get("name") not in wanted:
            continue
        if region is not None and (droplet.get("region") or {}).get("slug") != region:
            continue
        name = droplet["name"]
        if name in found:
            raise DigitalOceanError(
                "two droplets are named %s in region %s (ids %s and %s); rename or delete one, "
                "the module will not guess which one is meant" % (name, region, found[name]["id"], droplet["id"])
            )
        found[name] = droplet
    return found


def _address(droplet, version, kind):
    for network in (droplet.get("networks") or {}).get(version) or []:
        if network.get("type") == kind:
            return network.get("ip_address")
    return None


def with_addresses(droplet):
    """A copy of ``droplet`` with ``public_ipv4``, ``private_ipv4`` and ``public_ipv6`` keys."""
    result = dict(droplet)
    result["public_ipv4"] = _address(droplet, "v4", "public")
    result["private_ipv4"] = _address(droplet, "v4", "private")
    result["public_ipv6"] = _address(droplet, "v6", "public")
    return result


class DropletActions:
    """Droplet actions (power_on, power_off, resize, ...), each safe to retry.

    An action request that fails ambiguously is not resent until the droplet has been
    read: if it already shows the result (``reached(droplet)``) or runs an in-progress
    action of that type, that is taken as the action's outcome.
    """

    def __init__(self, api, wait_timeout):
        self.api = api
        self.wait_timeout = wait_timeout

    def _recover(self, droplet_id, action_type, reached):
        droplet = self.api.call("droplets.get", droplet_id=droplet_id)["droplet"]
        if reached(droplet):
            return {"action": None}
        body = self.api.call("droplet_actions.list", droplet_id=droplet_id, per_page=20, page=1) or {}
        for action in body.get("actions") or []:
            if action.get("type") == action_type and action.get("status") == "in-progress":
                return {"action": action}
        return None

    def start(self, droplet_id, action_type, reached, **arguments):
        """Start an action; return its id, or None when the droplet already shows its result."""
        body = dict(arguments, type=action_type)
        result = self.api.write(
            "droplet_actions.post",
            recover=lambda: self._recover(droplet_id, action_type, reached),
            droplet_id=droplet_id,
            body=body,
        )
        action = result.get("action")
        return action["id"] if action else None

    def run(self, droplet_id, action_type, reached, wait=True, **arguments):
        """Start an action and (with ``wait``) wait until it completed."""
        action_id = self.start(droplet_id, action_type, reached, **arguments)
        if wait and action_id is not None:
            wait_for_actions(self.api, [action_id], self.wait_timeout)

    def run_many(self, droplet_ids, action_type, reached, wait=True):
        """Start the same action on several droplets, then wait for all of them together."""
        action_ids = [self.start(droplet_id, action_type, reached) for droplet_id in droplet_ids]
        action_ids = [action_id for action_id in action_ids if action_id is not None]
        if wait and action_ids:
            wait_for_actions(self.api, action_ids, self.wait_timeout)

    def refresh(self, droplet_ids):
        """``{id: droplet}`` for ``droplet_ids`` with one listing."""
        return wait_for_droplets(self.api, droplet_ids, lambda droplet: True, self.wait_timeout)
