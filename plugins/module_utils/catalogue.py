# -*- coding: utf-8 -*-
# Copyright: tide.digitalocean contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Checks against the API's catalogue (regions and the sizes they offer) before something is created.

A create the API would refuse (unknown region, a size the region does not sell) is refused here,
with the valid choices in the message, so no write is attempted. Costs one listing of regions,
made only on the create path.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.tide.digitalocean.plugins.module_utils.errors import DigitalOceanError
from ansible_collections.tide.digitalocean.plugins.module_utils.pages import list_all


def check_region(api, region, size=None, feature=None):
    """Raise DigitalOceanError unless ``region`` exists, accepts new resources and offers ``size``/``feature``."""
    regions = dict((r["slug"], r) for r in list_all(api, "regions.list", "regions"))
    available = sorted(slug for slug, r in regions.items() if r.get("available"))
    found = regions.get(region)
    if found is None or not found.get("available"):
        state = "does not exist" if found is None else "accepts no new resources"
        raise DigitalOceanError("region %s %s; available regions: %s" % (region, state, ", ".join(available)))
    if size is not None and size not in (found.get("sizes") or []):
        raise DigitalOceanError(
            "size %s is not offered in region %s; sizes there: %s" % (size, region, ", ".join(found.get("sizes") or []))
        )
    if feature is not None and feature not in (found.get("features") or []):
        raise DigitalOceanError("region %s does not offer %s" % (region, feature))
    return found
