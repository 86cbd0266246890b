# -*- coding: utf-8 -*-
# Copyright: tide.digitalocean contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a result may show: secrets (passwords, connection URIs, access keys) are scrubbed, once, here.

Ansible censors the values of ``no_log`` *options*, never returned values, so a returned password would be
printed by ``-v`` and kept by callbacks. A module therefore returns secrets only when the task itself runs
with ``no_log: true`` (``reveal=module.no_log``), in which case Ansible hides the whole result. Because
ansible-core also sets ``module.no_log`` under ``no_target_syslog``, modules that can return secrets also get
an action plugin (``plugin_utils.secret_guard``) that scrubs the result again on the controller, with the same
function, unless the task's own ``no_log`` is set.

* ``SECRET_KEYS``: the one list of keys whose values are secrets, at any depth.
* ``without_secrets(value)``: a copy without them, and the dotted paths of what was removed.
* ``shown(resource, reveal=False)``: the copy of a resource fit to return (``{}`` for None).
* ``shown_with_warning(module, resource, key)``: ``shown`` with ``reveal=module.no_log``, warning (through
  ``module.warn``) which secrets it left out, by their path under the result's ``key``.

A value such as ``(new password, not shown)`` (how database_user's diff shows a rotation) is a placeholder,
not a secret, and stays.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import re

SECRET_KEYS = ("password", "uri", "access_key", "access_cert")
PLACEHOLDER = re.compile(r"^\([^()]* not shown\)$")


def is_secret(key, value):
    """True when ``key`` names a secret and ``value`` is not a ``(... not shown)`` placeholder."""
    return key in SECRET_KEYS and not (isinstance(value, str) and PLACEHOLDER.match(value))


def without_secrets(value, path=""):
    """``(copy of value without secret keys at any depth, sorted list of the removed keys' dotted paths)``."""
    removed = []
    if isinstance(value, dict):
        kept = {}
        for key, item in value.items():
            where = "%s.%s" % (path, key) if path else str(key)
            if is_secret(key, item):
                removed.append(where)
                continue
            kept[key], below = without_secrets(item, where)
            removed.extend(below)
        return kept, sorted(removed)
    if isinstance(value, list):
        kept = []
        for index, item in enumerate(value):
            clean, below = without_secrets(item, "%s[%d]" % (path, index))
            kept.append(clean)
            removed.extend(below)
        return kept, sorted(removed)
    return value, removed


def shown(resource, reveal=False):
    """A copy of ``resource`` to return: everything with ``reveal``, else without any secret; ``{}`` for None."""
    if resource is None:
        return {}
    if reveal:
        return copy.deepcopy(resource)
    return without_secrets(resource)[0]


LEFT_OUT = (
    "left out of %s because the task does not set no_log: true and they would be printed: %s. "
    "Set no_log: true on the task to receive them."
)


def shown_with_warning(module, resource, key):
    """``shown(resource, reveal=module.no_log)``; when that removed secrets, ``module.warn`` names them by their
    path in the result, where the resource is returned under ``key`` ("database.connection.password")."""
    if resource is None:
        return {}
    if module.no_log:
        return copy.deepcopy(resource)
    clean, removed = without_secrets(resource, key)
    if removed:
        module.warn(LEFT_OUT % ("the result", ", ".join(removed)))
    return clean
