# -*- coding: utf-8 -*-
# Copyright: tide.digitalocean contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Droplet helpers shared by the modules and the inventory plugin.

* ``find_droplets(api, names, region)``: droplets by identity (name + region) with one paginated listing.
* ``droplet_ids(api, refs, region=None, option="droplets")``: the ids of droplets a task names by id or name
  (volumes attach to one, firewalls, load balancers, tags, reserved IPs and alerts take several).
* ``droplet_id_or_none(api, ref, region=None)``: the id of one droplet a filter names (info modules), None when
  no droplet has that name.
* ``with_addresses(droplet)``: adds ``public_ipv4``/``private_ipv4``/``public_ipv6``.

Power and resize actions: ``actions.Actions(api, "droplet", wait_timeout)``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.tide.digitalocean.plugins.module_utils.lookup import assume, assuming, not_found, select_each
from ansible_collections.tide.digitalocean.plugins.module_utils.pages import list_all


def find_droplets(api, names, region=None):
    """``{name: droplet}`` for the droplets named in ``names`` (in ``region`` when given).

    One name uses the API's name filter; several names read the account's droplet list
    once (ceil(total/200) requests). Two droplets with the same name in the region raise
    DigitalOceanError: the identity is ambiguous and guessing could touch the wrong one.
    """
    filters = {"name": names[0]} if len(set(names)) == 1 else {}
    return select_each(list_all(api, "droplets.list", "droplets", **filters), names, "droplet", region=region)


def droplet_refs(api, refs, region=None, option="droplets"):
    """``{ref: id}`` for droplet refs: a digit string is that id, anything else the id of the droplet so named.

    Names cost one listing (none when every ref is an id); each must name exactly one droplet (in ``region``
    when given), else DigitalOceanError "<option>: no droplet is named <names>" or the ambiguity error. In check
    mode a missing name is assumed (``lookup.assume``): its id is a placeholder string.
    """
    names = sorted(set(ref for ref in refs if not ref.isdigit()))
    found = find_droplets(api, names, region) if names else {}
    missing = [name for name in names if name not in found]
    if missing and assuming(api):
        for name in missing:
            found[name] = assume(api, "droplet", name, region=region, option=option)
    elif missing:
        raise not_found("droplet", ", ".join(missing), region=region, option=option)
    return dict((ref, int(ref) if ref.isdigit() else found[ref]["id"]) for ref in refs)


def droplet_ids(api, refs, region=None, option="droplets"):
    """The sorted, distinct droplet ids of ``refs`` (see ``droplet_refs``): numbers first, then placeholders."""
    ids = set(droplet_refs(api, refs, region, option).values())
    return sorted(i for i in ids if isinstance(i, int)) + sorted(i for i in ids if not isinstance(i, int))


def droplet_id_or_none(api, ref, region=None):
    """The id of the droplet ``ref`` names: a digit string is the id itself (no request), a name costs one listing.

    None when no droplet has that name (an info module's filter then matches nothing); a name two droplets carry
    (in ``region`` when given) raises the ambiguity error of ``find_droplets``.
    """
    if ref.isdigit():
        return int(ref)
    found = find_droplets(api, [ref], region).get(ref)
    return found["id"] if found else None


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
