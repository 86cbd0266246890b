# -*- coding: utf-8 -*-
# Copyright: tide.digitalocean contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Finding resources by name, and turning the names a task gives into the ids the API wants.

A name is not an identity the API guarantees: DigitalOcean lets two droplets, firewalls or SSH keys carry
the same name. Every helper here therefore refuses an ambiguous name with one message naming the kind, the
name, the region when one applies and the ids of the candidates, and never picks one of them.

Selection (pure, no request; ``items`` is a listing the caller already has):

* ``select_named(items, name, kind, region=None, hint=None)``: the one item named ``name`` or None.
* ``select_each(items, names, kind, region=None, hint=None)``: ``{name: item}`` for several names at once.
* ``require(found, kind, name, region=None, option=None, api=None)``: ``found``, or the ``not_found`` error
  saying that nothing has that name; with ``api`` in check mode, ``assume`` instead.

Check mode (``api.check_mode``, set by ``DigitalOceanModule``): a reference to a resource that does not exist yet
(created by an earlier task of the same play) is not an error. ``assume(api, kind, name, ...)`` returns a stand-in
whose id is ``placeholder_id(kind, name)`` and records a warning naming what was assumed; a real run still fails
with ``not_found``. Every resolver here (and ``droplets.droplet_ids``, ``databases.cluster_or_fail``) does so.
* ``matching(items, name=None, region=None, tag=None)``: the items passing the given filters (for *_info modules).

Lookup (one paginated listing each, see ``pages``):

* ``find_by_name(api, operation, key, name, kind, ...)``: ``select_named`` over a listing.
* ``find_by_name_or_id(api, ref, kind, operation, key, get=..., ...)``: a uuid costs one GET, a name one listing.

References (the values a task may give for another resource):

* ``resolve_vpc(api, vpc, region)``: a VPC uuid, or the uuid of the VPC of that name in ``region``.
* ``resolve_ssh_keys(api, keys)``: key ids, fingerprints, or names of keys in the account, as the API takes them.

Predicates: ``looks_like_uuid``, ``looks_like_fingerprint``; ``region_slug(resource)`` reads a region that the
API gives as a slug (VPCs, databases) or as an object (droplets, volumes).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.tide.digitalocean.plugins.module_utils.errors import DigitalOceanError
from ansible_collections.tide.digitalocean.plugins.module_utils.pages import list_all, list_all_by_query

DEFAULT_HINT = "rename or delete the extra ones, the module will not guess which one is meant"


def looks_like_uuid(value):
    """True for the 36-character, four-dash form of VPC, volume, firewall and database ids."""
    return isinstance(value, str) and len(value) == 36 and value.count("-") == 4


def looks_like_fingerprint(value):
    """True for an MD5 key fingerprint (16 colon-separated hex pairs), the way SSH keys are also referred to."""
    return isinstance(value, str) and value.count(":") == 15


def region_slug(resource):
    """The region slug of ``resource``, whether the API gives ``region`` as ``"nyc3"`` or ``{"slug": "nyc3"}``."""
    region = (resource or {}).get("region")
    if isinstance(region, dict):
        return region.get("slug")
    return region


def _where(region):
    return " in region %s" % region if region is not None else ""


def _ambiguous(kind, name, region, matches, hint):
    ids = ", ".join(str(item.get("id")) for item in matches)
    return DigitalOceanError(
        "%d %ss are named %s%s (ids %s); %s" % (len(matches), kind, name, _where(region), ids, hint or DEFAULT_HINT)
    )


def select_each(items, names, kind, region=None, hint=None, field="name"):
    """``{name: item}`` for the ``items`` whose ``field`` is one of ``names`` (and in ``region`` when given).

    Names without an item are left out. Two items with the same name (in the region) raise
    DigitalOceanError: "2 droplets are named web in region nyc3 (ids 1, 2); <hint>". ``kind`` is the
    resource's singular name in messages ("droplet", "database cluster"); ``hint`` says what to do
    instead (default: rename or delete the extra ones).
    """
    wanted = set(names)
    found = {}
    for item in items:
        name = item.get(field)
        if name not in wanted or (region is not None and region_slug(item) != region):
            continue
        found.setdefault(name, []).append(item)
    for name, matches in found.items():
        if len(matches) > 1:
            raise _ambiguous(kind, name, region, matches, hint)
    return dict((name, matches[0]) for name, matches in found.items())


def select_named(items, name, kind, region=None, hint=None, field="name"):
    """The one item of ``items`` named ``name`` (in ``region`` when given), or None; ambiguity as ``select_each``."""
    return select_each(items, [name], kind, region=region, hint=hint, field=field).get(name)


def not_found(kind, name, region=None, option=None):
    """The error "[<option>: ]no <kind> is named <name>[ in region R]" (``name`` may list several names)."""
    prefix = "%s: " % option if option else ""
    return DigitalOceanError("%sno %s is named %s%s" % (prefix, kind, name, _where(region)))


def assuming(api):
    """True when ``api`` runs for a check-mode task: a missing reference is then assumed, not an error."""
    return bool(getattr(api, "check_mode", False))


def placeholder_id(kind, name):
    """The id check mode puts in place of a referenced resource's id that does not exist yet."""
    return "(id of %s %s, known after creation)" % (kind, name)


def is_placeholder(value):
    """True for a ``placeholder_id`` (or any ``(..., known after creation)`` value)."""
    return isinstance(value, str) and value.startswith("(") and value.endswith("known after creation)")


def assume(api, kind, name, region=None, option=None):
    """Check mode's answer for a referenced resource that does not exist (yet): a stand-in
    ``{"id": placeholder_id(kind, name), "name": name, "assumed": True}``, and a warning (``api.assumptions``,
    emitted by ``DigitalOceanModule.exit_json``) saying what was assumed. A real run raises ``not_found``.
    """
    prefix = "%s: " % option if option else ""
    api.assumptions.append(
        "check mode: %sno %s is named %s%s yet; assumed that an earlier task creates it (a real run fails if it "
        "is still missing)" % (prefix, kind, name, _where(region))
    )
    return {"id": placeholder_id(kind, name), "name": name, "assumed": True}


def require(found, kind, name, region=None, option=None, api=None):
    """``found`` when it is not None, else raise ``not_found(kind, name, region, option)``.

    With ``api`` in check mode a missing resource is ``assume``d instead (a stand-in and a warning), so that a
    dry run of a new site predicts the whole play.
    """
    if found is None:
        if assuming(api):
            return assume(api, kind, name, region=region, option=option)
        raise not_found(kind, name, region=region, option=option)
    return found


def matching(items, name=None, region=None, tag=None):
    """The ``items`` with that exact name, in that region and carrying that tag; a None filter is not applied."""
    return [
        item
        for item in items
        if (name is None or item.get("name") == name)
        and (region is None or region_slug(item) == region)
        and (tag is None or tag in (item.get("tags") or []))
    ]


def find_by_name(api, operation, key, name, kind, region=None, filters=None, by_query=False, hint=None):
    """The one resource named ``name``, or None; costs one paginated listing.

    Args:
        operation, key: the pydo list operation and the body key of its items ("firewalls.list", "firewalls").
        region: only resources in that region count (selected locally, whatever ``filters`` says).
        filters: query arguments of the listing (``{"name": name}`` where the API filters by name).
        by_query: the operation takes paging through ``params=`` (database listings; see ``pages``).
        hint: what the error for an ambiguous name tells the user to do.
    """
    lister = list_all_by_query if by_query else list_all
    items = lister(api, operation, key, **(filters or {}))
    return select_named(items, name, kind, region=region, hint=hint)


def find_by_name_or_id(api, ref, kind, operation, key, get, region=None, by_query=False, hint=None):
    """The resource ``ref`` names, or None: a uuid costs one GET, anything else one listing by name.

    ``get`` is ``(operation, id_argument, body_key)``, e.g. ``("databases.get_cluster",
    "database_cluster_uuid", "database")``; a 404 on it means None.
    """
    if looks_like_uuid(ref):
        operation_get, id_argument, body_key = get
        body = api.call(operation_get, missing_ok=True, **{id_argument: ref})
        return body[body_key] if body else None
    return find_by_name(api, operation, key, ref, kind, region=region, by_query=by_query, hint=hint)


def resolve_vpc(api, vpc, region):
    """The uuid of the VPC ``vpc`` names: a uuid (or None) is returned as it is, a name costs one VPC listing.

    A name must match exactly one VPC in ``region``; none or several raise DigitalOceanError.
    Callers that resolve more than once per task keep the answer (``ResourceState.memo``).
    """
    if vpc is None or looks_like_uuid(vpc):
        return vpc
    found = find_by_name(api, "vpcs.list", "vpcs", vpc, "vpc", region=region, hint="give its id")
    return require(found, "vpc", vpc, region=region, option="vpc", api=api)["id"]


def resolve_ssh_keys(api, keys):
    """The SSH keys ``keys`` names, as the droplet create body takes them.

    A digit string becomes the key id (int), a fingerprint is kept; any other value is the name of a key in
    the account and becomes its id (one listing, made only when a name is given). A name carried by no key
    or by several raises DigitalOceanError.
    """
    keys = list(keys or [])
    names = [key for key in keys if not (key.isdigit() or looks_like_fingerprint(key))]
    by_name = {}
    if names:
        account = list_all(api, "ssh_keys.list", "ssh_keys")
        by_name = select_each(account, names, "ssh key", hint="refer to it by id or fingerprint")
    resolved = []
    for key in keys:
        if key.isdigit():
            resolved.append(int(key))
        elif looks_like_fingerprint(key):
            resolved.append(key)
        else:
            resolved.append(require(by_name.get(key), "ssh key", key, option="ssh_keys", api=api)["id"])
    return resolved
