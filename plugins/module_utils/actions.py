# -*- coding: utf-8 -*-
# Copyright: tide.digitalocean contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""DigitalOcean actions (power, resize, attach, assign, transfer, ...) on any resource kind, safe to retry.

An action is a POST that does something once: sent twice after an ambiguous failure (a 5xx or a dropped
connection after the API had already accepted it) it would be refused ("already in progress") or, worse,
done twice. ``Actions`` therefore never resends blindly. After such a failure it lists the resource's actions: an
action of that type in progress is the outcome, and is waited for (the resource may already show its result
while the action still holds the resource); else, if the resource shows the action's result
(``reached(resource)``), the action is taken as done; only otherwise is the POST sent again. A 422 "pending
event" / "action in progress" (another action still runs) is waited out within ``wait_timeout``, not fatal.

    actions = Actions(api, "droplet", wait_timeout=300)
    actions.run(droplet_id, "power_off", lambda d: d.get("status") == "off")
    actions.run(volume_id, "attach", attached, droplet_id=7, region="nyc3")   # with Actions(api, "volume", ...)

Kinds: ``droplet``, ``volume``, ``reserved_ip``, ``image`` (``ACTION_KINDS``); a kind the table lacks is given
as an ``ActionKind``. Waiting uses ``wait.wait_for_actions`` (``GET /v2/actions/{id}``, any kind).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import functools
import time
from collections import namedtuple

from ansible_collections.tide.digitalocean.plugins.module_utils.errors import DigitalOceanError
from ansible_collections.tide.digitalocean.plugins.module_utils.retry import Deadline
from ansible_collections.tide.digitalocean.plugins.module_utils.wait import wait_for_actions

PENDING_POLL = 1.0
PENDING_PHRASES = ("pending event", "in progress", "in-progress")

ActionKind = namedtuple("ActionKind", "post list get id_argument body_key")
"""How the API names one kind's actions.

post: the pydo operation that starts an action (``droplet_actions.post``).
list: the operation that lists the resource's recent actions, newest first (first page only is read).
get: the operation that reads the resource; ``body_key`` holds it in the answer.
id_argument: the keyword all three take for the resource's id.
"""

ACTION_KINDS = {
    "droplet": ActionKind("droplet_actions.post", "droplet_actions.list", "droplets.get", "droplet_id", "droplet"),
    "volume": ActionKind("volume_actions.post_by_id", "volume_actions.list", "volumes.get", "volume_id", "volume"),
    "reserved_ip": ActionKind(
        "reserved_ips_actions.post", "reserved_ips_actions.list", "reserved_ips.get", "reserved_ip", "reserved_ip"
    ),
    "image": ActionKind("image_actions.post", "image_actions.list", "images.get", "image_id", "image"),
}


def same_type(action, action_type):
    """True when a listed action is of ``action_type``; volume actions are listed as ``attach_volume`` etc."""
    listed = action.get("type") or ""
    return listed == action_type or listed == "%s_volume" % action_type


def is_pending_event(error):
    """True for the API's 422 refusing an action because another one is still running on the resource."""
    text = (error.message or "").lower()
    return error.status == 422 and any(phrase in text for phrase in PENDING_PHRASES)


class Actions:
    """Start actions on resources of one kind and wait for them.

    Args:
        api: a ``DigitalOceanAPI``.
        kind: a key of ``ACTION_KINDS`` or an ``ActionKind``.
        wait_timeout: seconds ``run``/``run_many`` wait for the actions they started.

    ``reached(resource) -> bool`` is the caller's test that the resource (as ``kind.get`` returns it) already
    shows the action's result, e.g. ``lambda d: d["status"] == "off"`` for ``power_off``. It is only called
    after an ambiguous failure, never to skip an action up front (the module's plan decides that).
    """

    def __init__(self, api, kind, wait_timeout, sleep=time.sleep):
        self.api = api
        self.kind = ACTION_KINDS[kind] if isinstance(kind, str) else kind
        self.wait_timeout = wait_timeout
        self.sleep = sleep

    def _path(self, resource_id):
        return {self.kind.id_argument: resource_id}

    def in_progress(self, resource_id, action_type=None):
        """The resource's in-progress actions (of ``action_type`` when given), from the first page of its list."""
        body = self.api.call(self.kind.list, **self._path(resource_id)) or {}
        return [
            action
            for action in body.get("actions") or []
            if action.get("status") == "in-progress" and (action_type is None or same_type(action, action_type))
        ]

    def recover(self, resource_id, action_type, reached):
        """After an ambiguous failure: ``{"action": a}`` when an action of that type is in progress (it is the
        outcome, to be waited for even when the resource already shows its result), ``{"action": None}`` when the
        result shows and nothing runs, None when the POST has to be sent again."""
        running = self.in_progress(resource_id, action_type)
        if running:
            return {"action": running[0]}
        resource = self.api.call(self.kind.get, **self._path(resource_id))[self.kind.body_key]
        if reached(resource):
            return {"action": None}
        return None

    def wait_out_pending(self, resource_id, deadline, error):
        """After a 422 "pending event": wait for the resource's in-progress actions (or a short while when the
        busy one belongs to another resource, e.g. the droplet a volume attaches to); re-raise ``error`` when
        ``wait_timeout`` has passed."""
        if deadline.expired():
            error.message += " (still busy after waiting %ss; raise wait_timeout?)" % self.wait_timeout
            raise error
        running = [action["id"] for action in self.in_progress(resource_id)]
        if running:
            wait_for_actions(self.api, running, max(1, int(deadline.remaining())), sleep=self.sleep)
        else:
            self.sleep(min(PENDING_POLL, deadline.remaining()))

    def start(self, resource_id, action_type, reached, **arguments):
        """Start ``action_type`` (``arguments`` go into the body); return the action id, or None when the
        resource turned out to show the result already (after an ambiguous failure).

        A 422 saying the resource (or its droplet) has a pending event is waited out, then the result is
        looked for again (the pending action may have been ours) before the POST is sent once more.
        """
        deadline = Deadline(self.wait_timeout)
        recover = functools.partial(self.recover, resource_id, action_type, reached)
        while True:
            try:
                result = self.api.write(
                    self.kind.post, recover=recover, body=dict(arguments, type=action_type), **self._path(resource_id)
                )
                break
            except DigitalOceanError as error:
                if not is_pending_event(error):
                    raise
                self.wait_out_pending(resource_id, deadline, error)
                result = recover()
                if result is not None:
                    break
        action = result.get("action")
        return action["id"] if action else None

    def run(self, resource_id, action_type, reached, wait=True, **arguments):
        """Start an action and, with ``wait``, wait until it completed (an errored action raises)."""
        self.run_many([resource_id], action_type, reached, wait=wait, **arguments)

    def run_many(self, resource_ids, action_type, reached, wait=True, **arguments):
        """Start the same action on several resources, then wait for all of them together."""
        action_ids = [self.start(resource_id, action_type, reached, **arguments) for resource_id in resource_ids]
        action_ids = [action_id for action_id in action_ids if action_id is not None]
        if wait and action_ids:
            wait_for_actions(self.api, action_ids, self.wait_timeout)
