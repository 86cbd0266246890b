# -*- coding: utf-8 -*-
# Copyright: tide.digitalocean contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Waiting for actions and resource status: poll with backoff until a predicate holds.

``wait_until`` is the one loop; ``wait_for_actions``, ``wait_for_resource`` (one resource's GET until
its status is right: a database cluster online, a load balancer active) and ``wait_for_droplets`` are its
common uses. Many droplets are polled with ONE list per poll (by tag when the caller
knows a tag they all carry, else the account's droplet list), never one GET per droplet.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time

from ansible_collections.tide.digitalocean.plugins.module_utils.errors import DigitalOceanError
from ansible_collections.tide.digitalocean.plugins.module_utils.pages import list_all
from ansible_collections.tide.digitalocean.plugins.module_utils.retry import Deadline

STEADY = 1.0
FIRST_DELAY = 0.5
GROWTH = 1.5
MAX_DELAY = 10.0


def poll_time(attempt):
    """Seconds after a wait began at which poll number ``attempt`` is made (0: at once, see ``wait_until``).

    One poll a second at first (1, 2, 3 s), then the geometric schedule: FIRST_DELAY, growing by GROWTH up to
    MAX_DELAY between polls (4.06, 6.59, 10.39, 16.09, 24.63, 34.63, ... s). That is the later of the two at
    each poll (``max(attempt * STEADY, geometric)``), which gives:

    * actions of a few seconds are seen within the second they finish: a 2 s action (the bench emulator's)
      at 2 s with two polls, where the geometric schedule from 0 saw it at 2.375 s with four; a 3 s volume
      attach at 3 s instead of 4.06 s;
    * never more requests: poll number k is never earlier than in the geometric schedule alone, so whatever
      the action's length, it is seen with at most as many polls (from the fifth poll on the two are the same);
      a droplet create of about 30 s on DigitalOcean takes 9 polls, seen at 34.6 s, as before. A steadier
      schedule later on would see long actions sooner only by spending more requests, which count against the
      account's rate limit (one listing per poll when many droplets are waited on);
    * nothing under a second: no DigitalOcean action completes that fast, and the API gives no expected
      duration or progress to aim polls at.
    """
    geometric, delay = 0.0, FIRST_DELAY
    for _step in range(attempt):
        geometric += delay
        delay = min(MAX_DELAY, delay * GROWTH)
    return max(attempt * STEADY, geometric)


def wait_until(poll, done, timeout, what, sleep=time.sleep, clock=time.monotonic, at_once=False):
    """Call ``poll()`` until ``done(value)`` is true; return that value.

    Poll number k is made ``poll_time(k)`` seconds after the wait began (the time a poll takes is not added to
    the schedule), never sleeping past the deadline. The first poll is the schedule's second step (1 s): a
    wait begins right after the request that started the change, or that showed it unfinished, so a poll at
    once would only repeat that answer. ``at_once`` polls at 0 too, for changes that are often done by the
    time their request returns (a deletion). Raises DigitalOceanError naming ``what`` when ``timeout`` seconds
    pass first.
    """
    deadline = Deadline(timeout, clock=clock)
    start = clock()
    attempt = 0 if at_once else 1
    while True:
        if attempt:
            sleep(min(max(0.0, start + poll_time(attempt) - clock()), deadline.remaining()))
        value = poll()
        if done(value):
            return value
        if deadline.expired():
            raise DigitalOceanError("timed out after %ss waiting for %s (raise wait_timeout?)" % (timeout, what))
        attempt += 1


def _actions_finished(actions):
    for action in actions:
        if action.get("status") == "errored":
            raise DigitalOceanError("action %s (%s) errored" % (action.get("id"), action.get("type")))
    return all(action.get("status") == "completed" for action in actions)


def wait_for_resource(api, operation, body_key, done, timeout, what, sleep=time.sleep, **path):
    """GET one resource until ``done(resource)`` holds; return it.

    ``operation``/``body_key``/``path`` read it, e.g. ``("databases.get_cluster", "database",
    database_cluster_uuid=...)``. ``what`` names it in the timeout message ("database cluster db to be online").
    """
    return wait_until(lambda: api.call(operation, **path)[body_key], done, timeout, what, sleep=sleep)


def wait_for_droplets(api, droplet_ids, done, timeout, tag_name=None, sleep=time.sleep, at_once=False):
    """Wait until ``done(droplet)`` holds for every droplet id in ``droplet_ids``.

    Each poll is one paginated list (filtered by ``tag_name`` when given). Returns
    ``{id: droplet}``. A droplet that disappears while waited on is an error. ``at_once``: as ``wait_until``'s.
    """
    wanted = set(droplet_ids)
    filters = {"tag_name": tag_name} if tag_name else {}

    def poll():
        return dict((d["id"], d) for d in list_all(api, "droplets.list", "droplets", **filters) if d["id"] in wanted)

    def all_done(found):
        missing = wanted - set(found)
        if missing:
            raise DigitalOceanError("droplets %s disappeared while waiting for them" % sorted(missing))
        return all(done(droplet) for droplet in found.values())

    return wait_until(poll, all_done, timeout, "droplets %s" % sorted(wanted), sleep=sleep, at_once=at_once)


# One page of GET /v2/actions, the API's largest per_page.
ACTIONS_PAGE = 200


def read_actions(api, action_ids, known=None):
    """The actions ``action_ids`` as the API shows them now, in that order.

    Several: one ``GET /v2/actions`` (the newest first, 200 a page: a batch started moments ago is on it), and a
    ``GET /v2/actions/{id}`` for one that is not there (200 newer ones were started since); one: its GET.
    ``known`` (id -> action) is updated, and a completed action in it is not read again.
    """
    known = {} if known is None else known
    pending = [i for i in action_ids if (known.get(i) or {}).get("status") != "completed"]
    if len(pending) > 1:
        wanted = set(pending)
        body = api.call("actions.list", per_page=ACTIONS_PAGE, page=1) or {}
        for action in body.get("actions") or []:
            if action.get("id") in wanted:
                known[action["id"]] = action
        listed = set(action.get("id") for action in body.get("actions") or [])
        pending = [i for i in pending if i not in listed]
    for action_id in pending:
        known[action_id] = api.call("actions.get", action_id=action_id)["action"]
    return [known[i] for i in action_ids]


def wait_for_actions(api, action_ids, timeout, sleep=time.sleep, at_once=False):
    """Wait until every action in ``action_ids`` is completed; several are polled with one listing a poll
    (``read_actions``). Raises DigitalOceanError when one errors or on timeout; returns the final actions in the
    order of ``action_ids``. ``at_once``: as ``wait_until``'s.
    """
    action_ids = list(action_ids)
    known = {}
    if not action_ids:
        return []
    return wait_until(
        lambda: read_actions(api, action_ids, known),
        _actions_finished,
        timeout,
        "actions %s" % ", ".join(str(i) for i in action_ids),
        sleep=sleep,
        at_once=at_once,
    )
