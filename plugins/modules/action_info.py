#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: tide.digitalocean contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: action_info
short_description: Read DigitalOcean actions by id, optionally waiting until they have completed
version_added: 0.1.0
description:
  - Returns the actions (a droplet's power or resize, a volume's attach or detach, a reserved IP's assign...) as the
    API shows them, in the order of O(ids).
  - Several actions cost one request (C(GET /v2/actions), whose first page holds the 200 newest), plus one
    C(GET /v2/actions/{id}) for an action no longer on it; one action costs its GET.
  - With O(wait=true), the same reading is repeated (1, 2, 3 s after the first, then further apart) until every
    action has completed. That is how a loop whose items start actions with O(wait=false) waits once for all of
    them (see EXAMPLES; the volume module returns the actions it did not wait for as C(action_ids)).
extends_documentation_fragment:
  - tide.digitalocean.auth
  - tide.digitalocean.info
options:
  ids:
    description: The actions' ids.
    type: list
    elements: int
    required: true
  wait:
    description:
      - Wait until every action has completed. An action that errors fails the task, naming it.
    type: bool
    default: false
  wait_timeout:
    description: How many seconds to wait when O(wait=true).
    type: int
    default: 300
"""

EXAMPLES = r"""
- name: A volume per worker, attached, the loop's items not waiting for their attach
  tide.digitalocean.volume:
    name: "data-{{ item.name }}"
    region: nyc3
    size: 10
    droplet: "{{ item.id }}"
    wait: false
  loop: "{{ workers.droplets }}"
  register: attached

- name: Wait for all the attaches at once (one request a poll)
  tide.digitalocean.action_info:
    ids: "{{ attached.results | map(attribute='action_ids') | flatten }}"
    wait: true
"""

RETURN = r"""
actions:
  description: The actions as the API describes them, in the order of O(ids) (after waiting, all completed).
  returned: always
  type: list
  elements: dict
  sample:
    - id: 36804745
      status: completed
      type: attach_volume
      started_at: "2026-11-28T16:23:08Z"
      completed_at: "2026-11-28T16:23:11Z"
      resource_id: null
      resource_type: volume
      region_slug: nyc3
"""

from ansible_collections.tide.digitalocean.plugins.module_utils.info import run_info
from ansible_collections.tide.digitalocean.plugins.module_utils.wait import read_actions, wait_for_actions


def ids_problem(params):
    if not params["ids"]:
        return "ids must name at least one action"
    wrong = [i for i in params["ids"] if i < 1]
    if wrong:
        return "ids must be positive action ids, got %s" % ", ".join(str(i) for i in wrong)
    if params["wait_timeout"] < 1:
        return "wait_timeout must be at least 1 second, got %s" % params["wait_timeout"]
    return None


def find_actions(api, params):
    ids = list(dict.fromkeys(params["ids"]))  # each action read once, the first order kept
    if params["wait"]:
        # Nothing is known about these actions yet: the first reading is made at once.
        found = wait_for_actions(api, ids, params["wait_timeout"], at_once=True)
    else:
        found = read_actions(api, ids)
    by_id = dict((action["id"], action) for action in found)
    return [by_id[i] for i in params["ids"]]


def main():
    run_info(
        "actions",
        dict(
            ids=dict(type="list", elements="int", required=True),
            wait=dict(type="bool", default=False),
            wait_timeout=dict(type="int", default=300),
        ),
        find_actions,
        check=ids_problem,
    )


if __name__ == "__main__":
    main()
