# -*- coding: utf-8 -*-
# Copyright: tide.digitalocean contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Tagging resources: ``tag_resource`` creates the tag when the account lacks it, both calls are idempotent."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.tide.digitalocean.plugins.module_utils.errors import DigitalOceanError


def _resources(resource_type, resource_id):
    return {"resources": [{"resource_id": str(resource_id), "resource_type": resource_type}]}


def tag_resource(api, tag, resource_type, resource_id):
    """Add ``tag`` to a resource (``resource_type``: droplet, volume, image, ...).

    Costs one request when the tag exists, three when it has to be created first.
    """
    try:
        api.call("tags.assign_resources", tag_id=tag, body=_resources(resource_type, resource_id))
    except DigitalOceanError as error:
        if not error.not_found:
            raise
        api.write("tags.create", recover=lambda: api.call("tags.get", tag_id=tag, missing_ok=True), body={"name": tag})
        api.call("tags.assign_resources", tag_id=tag, body=_resources(resource_type, resource_id))


def untag_resource(api, tag, resource_type, resource_id):
    """Remove ``tag`` from a resource; a tag that no longer exists is fine."""
    api.call("tags.unassign_resources", tag_id=tag, body=_resources(resource_type, resource_id), missing_ok=True)
