# -*- coding: utf-8 -*-
# Copyright: tide.digitalocean contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The shared main() of the *_info modules: options, checks, one listing, filter, result.

An info module keeps what is its own (argument spec, checks that need no request, how it lists and filters)
and hands the rest to ``run_info``; its documentation extends the ``tide.digitalocean.info`` fragment.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.tide.digitalocean.plugins.module_utils.errors import DigitalOceanError
from ansible_collections.tide.digitalocean.plugins.module_utils.lookup import looks_like_uuid
from ansible_collections.tide.digitalocean.plugins.module_utils.module import DigitalOceanModule


def run_info(key, argument_spec, find, check=None, show=None, **module_options):
    """Run an info module to its end: ``exit_json(changed=False, <key>=[...])`` or a failure.

    - ``argument_spec`` and ``module_options`` (``mutually_exclusive``...) build the ``DigitalOceanModule``,
      always with ``supports_check_mode=True`` (it only reads, so check mode runs the same).
    - ``check(params)`` returns an error message or None; it runs before any request.
    - ``find(api, params)`` returns the matching resources (a list_all/list_all_by_query listing, or a GET,
      then the filters); a ``DigitalOceanError`` it raises becomes ``module.fail_from_error``.
    - ``show(module, item)``, when given, turns each found item into what the result holds (for instance
      ``secrets.shown(item, reveal=module.no_log)``).
    """
    module = DigitalOceanModule(argument_spec=argument_spec, supports_check_mode=True, **module_options)
    problem = check(module.params) if check is not None else None
    if problem:
        module.fail_json(msg=problem)
    try:
        found = find(module.api, module.params)
    except DigitalOceanError as error:
        module.fail_from_error(error)
    if show is not None:
        found = [show(module, item) for item in found]
    module.exit_json(changed=False, **{key: found})


def uuid_id_problem(params, kind):
    """``check`` for an O(id) that must be a uuid: the message when it is set and is not one, else None."""
    if params["id"] is not None and not looks_like_uuid(params["id"]):
        return "id %r is not a %s id (a uuid)" % (params["id"], kind)
    return None


def droplet_problem(params):
    """``check`` for an O(droplet) filter (id or name): the message when it is an empty string, else None."""
    if params["droplet"] is not None and not params["droplet"].strip():
        return "droplet must be a droplet id or name, not an empty string"
    return None
