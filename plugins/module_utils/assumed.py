# -*- coding: utf-8 -*-
# Copyright: tide.digitalocean contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""References to resources an earlier task of the same play creates, which check mode did not create.

Under ``--check`` a play that creates a VPC, droplets or a cluster and then points a load balancer or a database
firewall at them by name would fail on the second task: the names resolve to nothing. A module that wants to
predict instead calls these helpers with ``assume=module.check_mode``: a name that resolves to nothing then
becomes a placeholder such as ``(id of droplet web-1)`` and a warning saying what was assumed; outside check
mode the same name is the usual "no <kind> is named" error.

* ``placeholder(kind, name)``: the placeholder string.
* ``droplet_refs(api, refs, region, option, assume, warnings)``: ``{ref: id}`` for droplet names or ids (one
  listing when any name is given, ``droplets.find_droplets``).
* ``named_or_assumed(found, kind, name, region, option, assume, warnings)``: the id of ``found``, or the
  placeholder (``assume``) or the not-found error.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.tide.digitalocean.plugins.module_utils.droplets import find_droplets
from ansible_collections.tide.digitalocean.plugins.module_utils.lookup import not_found


def placeholder(kind, name):
    """What stands for the id of the ``kind`` named ``name`` until it exists: ``(id of droplet web-1)``."""
    return "(id of %s %s)" % (kind, name)


def _assumed(kind, name, warnings):
    warnings.append(
        "no %s is named %s; check mode assumes an earlier task creates it and shows it as %s"
        % (kind, name, placeholder(kind, name))
    )
    return placeholder(kind, name)


def droplet_refs(api, refs, region=None, option="droplets", assume=False, warnings=None):
    """``{ref: id}`` for every droplet ref: a digit string is that id (int), a name the id of the droplet so named.

    Names cost one listing (none when every ref is an id). A name no droplet has is the error
    "<option>: no droplet is named <names>", or with ``assume`` its placeholder plus a warning in ``warnings``.
    """
    refs = list(refs or [])
    names = sorted(set(ref for ref in refs if not ref.isdigit()))
    found = find_droplets(api, names, region) if names else {}
    missing = [name for name in names if name not in found]
    if missing and not assume:
        raise not_found("droplet", ", ".join(missing), region=region, option=option)
    resolved = {}
    for ref in refs:
        if ref.isdigit():
            resolved[ref] = int(ref)
        elif ref in found:
            resolved[ref] = found[ref]["id"]
        elif ref not in resolved:
            resolved[ref] = _assumed("droplet", ref, warnings if warnings is not None else [])
    return resolved


def named_or_assumed(found, kind, name, region=None, option=None, assume=False, warnings=None):
    """The ``id`` of ``found``; when it is None, the placeholder for ``name`` with ``assume``, else the error."""
    if found is not None:
        return found["id"]
    if not assume:
        raise not_found(kind, name, region=region, option=option)
    return _assumed(kind, name, warnings if warnings is not None else [])
