# -*- coding: utf-8 -*-
# Copyright: tide.digitalocean contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Snapshots and the droplet or volume they are taken of (the snapshot and snapshot_info modules).

* ``snapshot_source(api, droplet=None, volume=None, region=None)``: ``(kind, id)`` of the source a task names,
  ``kind`` "droplet" or "volume" and ``id`` as text (``/v2/snapshots`` gives every ``resource_id`` as a string);
  ``(None, None)`` when it names none. A droplet id or volume uuid costs nothing, a name one listing.
* ``source_snapshots(api, kind=None, source_id=None)``: the snapshots of that kind (of that source when given) from
  one paginated ``/v2/snapshots`` listing, filtered by kind on the server.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.tide.digitalocean.plugins.module_utils.droplets import droplet_ids
from ansible_collections.tide.digitalocean.plugins.module_utils.lookup import find_by_name, looks_like_uuid, require
from ansible_collections.tide.digitalocean.plugins.module_utils.pages import list_all


def snapshot_source(api, droplet=None, volume=None, region=None):
    """``(kind, id as text)`` of the droplet (id or name) or volume (uuid or name), names looked up in ``region``.

    A name that matches nothing, or several resources, raises DigitalOceanError naming the option.
    """
    if droplet:
        return "droplet", str(droplet_ids(api, [droplet], region, option="droplet")[0])
    if not volume:
        return None, None
    if looks_like_uuid(volume):
        return "volume", volume
    filters = dict(name=volume, region=region) if region else dict(name=volume)
    found = find_by_name(api, "volumes.list", "volumes", volume, "volume", region, filters=filters)
    return "volume", require(found, "volume", volume, region=region, option="volume")["id"]


def source_snapshots(api, kind=None, source_id=None):
    """The snapshots of ``kind`` ("droplet", "volume" or None for both), only ``source_id``'s when given."""
    filters = {"resource_type": kind} if kind else {}
    items = list_all(api, "snapshots.list", "snapshots", **filters)
    if source_id is None:
        return items
    return [item for item in items if str(item.get("resource_id")) == str(source_id)]
