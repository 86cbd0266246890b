# -*- coding: utf-8 -*-
# Copyright: tide.digitalocean contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Checks against the API's catalogue (regions and the sizes they offer) before something is created.

A create the API would refuse (unknown region, a size the region does not sell) is refused here,
with the valid choices in the message, so no write is attempted. Costs one listing of regions,
made only on the create path, and kept for CACHE_SECONDS in Ansible's remote temporary directory
(``api.cache_dir``), so a loop of creates reads it once. Only a check that passes is answered from
what was kept: a region or size it does not show is looked up afresh before the task is refused,
and a region withdrawn since is refused by the API's own answer to the create (nothing is created).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import tempfile
import time

from ansible_collections.tide.digitalocean.plugins.module_utils.errors import DigitalOceanError
from ansible_collections.tide.digitalocean.plugins.module_utils.pages import list_all

CACHE_SECONDS = 600
PREFIX = "tide-digitalocean-regions-"


def _cache_path(api):
    """Where this endpoint's and token's catalogue is kept, or None when the caller keeps nothing."""
    if not getattr(api, "cache_dir", None):
        return None
    directory = os.path.expanduser(os.path.expandvars(api.cache_dir))
    return os.path.join(directory, "%s%s.json" % (PREFIX, api.cache_key()))


def _kept(path, clock):
    try:
        with open(path) as handle:
            kept = json.load(handle)
        if 0 <= clock() - kept["at"] < CACHE_SECONDS:
            return kept["regions"]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return None


def _keep(path, regions, clock):
    """Write the catalogue (owner-only, atomically), and remove the expired ones of other endpoints and tokens;
    a directory that cannot be written keeps nothing."""
    try:
        directory = os.path.dirname(path)
        if not os.path.isdir(directory):
            os.makedirs(directory, mode=0o700)
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=".tide-regions-")
        with os.fdopen(handle, "w") as out:
            json.dump({"at": clock(), "regions": regions}, out)
        os.replace(temporary, path)
        for name in os.listdir(directory):
            other = os.path.join(directory, name)
            if name.startswith(PREFIX) and other != path and _kept(other, clock) is None:
                os.remove(other)
    except OSError:
        pass


def _offered(regions, region, size, feature):
    """The region's entry when it accepts new resources and offers ``size``/``feature``, else None."""
    found = regions.get(region)
    if not found or not found.get("available"):
        return None
    if size is not None and size not in (found.get("sizes") or []):
        return None
    if feature is not None and feature not in (found.get("features") or []):
        return None
    return found


def check_region(api, region, size=None, feature=None, clock=time.time):
    """Raise DigitalOceanError unless ``region`` exists, accepts new resources and offers ``size``/``feature``."""
    path = _cache_path(api)
    kept = _kept(path, clock) if path else None
    if kept is not None and _offered(kept, region, size, feature):
        return kept[region]
    regions = dict(
        (r["slug"], {"slug": r["slug"], "available": r.get("available"), "sizes": r.get("sizes") or [],
                     "features": r.get("features") or []})
        for r in list_all(api, "regions.list", "regions")
    )
    if path:
        _keep(path, regions, clock)
    if _offered(regions, region, size, feature):
        return regions[region]
    available = sorted(slug for slug, r in regions.items() if r.get("available"))
    found = regions.get(region)
    if found is None or not found.get("available"):
        state = "does not exist" if found is None else "accepts no new resources"
        raise DigitalOceanError("region %s %s; available regions: %s" % (region, state, ", ".join(available)))
    if size is not None and size not in found["sizes"]:
        raise DigitalOceanError(
            "size %s is not offered in region %s; sizes there: %s" % (size, region, ", ".join(found["sizes"]))
        )
    raise DigitalOceanError("region %s does not offer %s" % (region, feature))
