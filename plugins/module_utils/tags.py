# -*- coding: utf-8 -*-
# Copyright: tide.digitalocean contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Tags: creating them, putting them on resources and taking them off, for any resource type.

DigitalOcean tags resources through the tag (``POST /v2/tags/{tag}/resources``), and refuses a tag the
account does not have. ``resource_type`` is the API's name of the resource kind: ``droplet``, ``image``,
``volume``, ``volume_snapshot``, ``database`` (more kinds as the API adds them).

* ``tag_changes(before, after)``: the tags to add and to remove (pure).
* ``reconcile_tags(api, resource_type, resource_id, before, after)``: applies that difference to one resource.
* ``tag_resource`` / ``untag_resource``: one tag on or off one resource; both idempotent.
* ``create_tag(api, tag)``: creates a tag, safe after an ambiguous failure.
* ``ensure_tags(api, tags)``: creates those of ``tags`` the account lacks (for resources that name tags in
  their own body, such as firewalls and load balancers, where the API wants the tags to exist first).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.tide.digitalocean.plugins.module_utils.errors import DigitalOceanError


def _resources(resource_type, resource_id):
    return {"resources": [{"resource_id": str(resource_id), "resource_type": resource_type}]}


def get_tag(api, tag):
    """The tag as the API describes it, or None when the account has no such tag (one GET)."""
    body = api.call("tags.get", tag_id=tag, missing_ok=True)
    return body["tag"] if body else None


def create_tag(api, tag):
    """Create ``tag``; after an ambiguous failure the tag is looked up before the POST is sent again."""
    return api.write(
        "tags.create", recover=lambda: api.call("tags.get", tag_id=tag, missing_ok=True), body={"name": tag}
    )


def ensure_tags(api, tags):
    """Create every tag of ``tags`` that the account lacks; costs one GET per tag (plus one POST per new tag)."""
    for tag in sorted(set(tags or [])):
        if get_tag(api, tag) is None:
            create_tag(api, tag)


def tag_resource(api, tag, resource_type, resource_id):
    """Add ``tag`` to a resource; costs one request when the tag exists, three when it has to be created first."""
    try:
        api.call("tags.assign_resources", tag_id=tag, body=_resources(resource_type, resource_id))
    except DigitalOceanError as error:
        if not error.not_found:
            raise
        create_tag(api, tag)
        api.call("tags.assign_resources", tag_id=tag, body=_resources(resource_type, resource_id))


def untag_resource(api, tag, resource_type, resource_id):
    """Remove ``tag`` from a resource; a tag that no longer exists is fine."""
    api.call("tags.unassign_resources", tag_id=tag, body=_resources(resource_type, resource_id), missing_ok=True)


def tag_changes(before, after):
    """``(to_add, to_remove)``: sorted lists taking the tags ``before`` to the tags ``after`` (None is no tags)."""
    before, after = set(before or []), set(after or [])
    return sorted(after - before), sorted(before - after)


def reconcile_tags(api, resource_type, resource_id, before, after):
    """Give the resource exactly the tags ``after`` when it carries ``before``; returns ``(added, removed)``.

    Adds first (creating tags the account lacks), then removes. Each call is idempotent, so a retried
    or repeated reconcile does no harm. A module usually calls it with ``plan.changes["tags"]``.
    """
    to_add, to_remove = tag_changes(before, after)
    for tag in to_add:
        tag_resource(api, tag, resource_type, resource_id)
    for tag in to_remove:
        untag_resource(api, tag, resource_type, resource_id)
    return to_add, to_remove
