# -*- coding: utf-8 -*-
# Copyright: tide.digitalocean contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""find -> compare -> apply, shared by every resource module.

A resource module subclasses ``ResourceState`` and describes its resource:

* ``identities()``: the identity keys the task manages (one name, or several).
* ``find()``: ``{identity: resource}`` for those that exist (as few list calls as possible;
  raise DigitalOceanError when an identity is ambiguous).
* ``view(resource)``: the comparable, diff-friendly form of an existing resource.
* ``desired(identity)``: the same form as the task wants it; a ``None`` value means
  "not managed by this task" and is never compared.
* ``create(plans)``, ``update(plan, resource)``, ``delete(plan, resource)``: the writes.
* optionally ``validate(plan, resource)``: refuse a plan before ANY write (e.g. a shrink).

``predict(plan, resource)``: check mode's answer in the same shape as a real run's (``known_later`` placeholders
for ids and addresses); the default returns the plan's view.

``memo(key, compute)`` keeps what a subclass resolves once per task (a VPC uuid from its name, droplet
ids from their names): ``desired`` runs once per identity, the lookup behind it only once.

``run(present)`` finds, computes one ``Plan`` per identity, validates all of them, then
applies them or, in check mode, stops. ``changed``, ``diff`` and the check-mode
prediction are all read from the same plans, so they cannot disagree.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

from ansible_collections.tide.digitalocean.plugins.module_utils.errors import DigitalOceanError

CREATE = "create"
UPDATE = "update"
DELETE = "delete"
NOTHING = "none"


def known_later(what):
    """The placeholder check mode returns for a value only the API knows, e.g. ``(id, known after creation)``."""
    return "(%s, known after creation)" % what


def normalise(value):
    """Lists compare as sets: sorted copies (tags, ids); other values unchanged."""
    if isinstance(value, (list, tuple, set)):
        return sorted(value, key=str)
    return value


def changed_fields(actual, desired):
    """``{field: {"before": actual, "after": desired}}`` for every managed field that differs."""
    changes = {}
    for field, wanted in desired.items():
        if wanted is None:
            continue
        have = actual.get(field)
        if normalise(have) != normalise(wanted):
            changes[field] = {"before": have, "after": wanted}
    return changes


def predicted(actual, desired):
    """The view the resource will have once the desired values are applied."""
    after = copy.deepcopy(actual)
    for field, wanted in desired.items():
        if wanted is not None:
            after[field] = normalise(wanted)
    return after


class Plan:
    """What has to happen to one resource, and the before/after views that show it."""

    def __init__(self, identity, action, before, after, changes=None):
        self.identity = identity
        self.action = action
        self.before = before
        self.after = after
        self.changes = changes or {}

    @property
    def changed(self):
        return self.action != NOTHING

    @property
    def diff(self):
        return {
            "before": self.before,
            "after": self.after,
            "before_header": str(self.identity),
            "after_header": str(self.identity),
        }


def make_plan(identity, actual_view, desired_view, present):
    """The plan taking ``actual_view`` (None when missing) to ``desired_view`` or to absence."""
    if not present:
        if actual_view is None:
            return Plan(identity, NOTHING, {}, {})
        return Plan(identity, DELETE, actual_view, {})
    if actual_view is None:
        after = dict((k, normalise(v)) for k, v in desired_view.items() if v is not None)
        return Plan(identity, CREATE, {}, after, changed_fields({}, desired_view))
    changes = changed_fields(actual_view, desired_view)
    if not changes:
        return Plan(identity, NOTHING, actual_view, actual_view)
    return Plan(identity, UPDATE, actual_view, predicted(actual_view, desired_view), changes)


class ResourceState:
    """Base for resource modules; see the module docstring for what a subclass provides.

    Attributes a subclass may set:
        immutable: fields that cannot change in place; an update touching one is
            refused before any write, naming field, current and requested value.
        kind: the resource's name in messages ("droplet", "volume").
    """

    immutable = ()
    kind = "resource"

    def __init__(self, module):
        self.module = module
        self.api = module.api
        self.check_mode = module.check_mode
        self._memo = {}

    def memo(self, key, compute):
        """``compute()`` the first time ``key`` is asked for, the same value afterwards."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def identities(self):
        raise NotImplementedError

    def find(self):
        raise NotImplementedError

    def view(self, resource):
        raise NotImplementedError

    def desired(self, identity):
        raise NotImplementedError

    def create(self, plans):
        """Create the resources of ``plans``; return ``{identity: resource}``."""
        raise NotImplementedError

    def update(self, plan, resource):
        """Apply ``plan.changes`` to ``resource``; return the updated resource."""
        raise NotImplementedError

    def delete(self, plan, resource):
        raise NotImplementedError

    def predict(self, plan, resource):
        """Check mode: the resource as the API would return it after ``plan`` (``resource`` is None for a create).

        The default is ``plan.after`` (the view); a module whose real result is the API's resource overrides it
        so that check mode returns the same keys, with ``known_later(...)`` placeholders for what only the API
        knows (ids, addresses, timestamps).
        """
        return plan.after

    def validate(self, plan, resource):
        """Raise DigitalOceanError to refuse ``plan``; runs for every plan before any write."""
        blocked = [field for field in self.immutable if field in plan.changes]
        if plan.action == UPDATE and blocked:
            details = "; ".join(
                "%s is %r, the task asks for %r" % (field, plan.changes[field]["before"], plan.changes[field]["after"])
                for field in blocked
            )
            raise DigitalOceanError(
                "%s %s cannot be changed in place: %s. Delete and recreate it, or change the task to match."
                % (self.kind, plan.identity, details)
            )

    def plan(self, present):
        """Find the resources and compute one Plan per identity (no writes)."""
        found = self.find()
        plans = []
        for identity in self.identities():
            resource = found.get(identity)
            actual = self.view(resource) if resource is not None else None
            desired = self.desired(identity) if present else None
            plans.append(make_plan(identity, actual, desired, present))
        for plan in plans:
            self.validate(plan, found.get(plan.identity))
        return plans, found

    def run(self, present):
        """Plan, then apply unless in check mode.

        Returns ``(plans, resources)``: ``resources`` maps identity to the resource as
        it is afterwards (the API's answer), or in check mode to the predicted view;
        deleted or absent identities are left out.
        """
        plans, found = self.plan(present)
        resources = {}
        if self.check_mode:
            for plan in plans:
                if plan.after:
                    resource = found.get(plan.identity)
                    resources[plan.identity] = resource if not plan.changed else self.predict(plan, resource)
            return plans, resources
        to_create = [plan for plan in plans if plan.action == CREATE]
        if to_create:
            resources.update(self.create(to_create))
        for plan in plans:
            resource = found.get(plan.identity)
            if plan.action == UPDATE:
                resources[plan.identity] = self.update(plan, resource)
            elif plan.action == DELETE:
                self.delete(plan, resource)
            elif plan.action == NOTHING and resource is not None:
                resources[plan.identity] = resource
        return plans, resources


def summarize(plans):
    """``changed`` and ``diff`` for a module result: one diff dict, or a list for several identities."""
    changed = any(plan.changed for plan in plans)
    diffs = [plan.diff for plan in plans if plan.changed]
    if len(plans) == 1:
        return changed, plans[0].diff
    return changed, diffs
