#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: tide.digitalocean contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: snapshot
short_description: Take, rotate and delete DigitalOcean droplet and volume snapshots
version_added: 0.1.0
description:
  - Takes a snapshot named O(name) of a droplet (O(droplet)) or a volume (O(volume)) unless that source already has
    a snapshot of that name, and waits until it is available (O(wait)).
  - Retention, with O(prefix) and O(keep_last) and/or O(max_age_days), deletes the source's older snapshots whose
    names start with O(prefix); the snapshot named O(name) is never deleted by retention.
  - O(state=absent) deletes the snapshots named O(name) (of the source when one is given).
author:
  - tide.digitalocean maintainers (@tide)
extends_documentation_fragment:
  - tide.digitalocean.auth
  - tide.digitalocean.wait
attributes:
  check_mode:
    support: full
    description: Reports the snapshot it would take and the snapshots it would delete, without writing.
  diff_mode:
    support: full
    description: Shows the source's snapshot names (those O(name) or O(prefix) select) before and after.
options:
  name:
    description: Name of the snapshot; a source has at most one snapshot of that name taken by this module.
    type: str
    required: true
  droplet:
    description: The droplet to snapshot, by numeric id or name (in O(region) when given).
    type: str
  volume:
    description: The volume to snapshot, by uuid or name (in O(region) when given).
    type: str
  region:
    description: Region of the droplet or volume named by name (names are unique per region).
    type: str
  prefix:
    description:
      - Retention applies to the source's snapshots whose names start with this prefix.
      - Required with O(keep_last) or O(max_age_days).
    type: str
  keep_last:
    description: Keep the newest N snapshots with O(prefix) (counting the one just taken), delete older ones.
    type: int
  max_age_days:
    description: Delete the snapshots with O(prefix) older than this many days.
    type: int
  state:
    description: V(present) takes the snapshot (and applies retention), V(absent) deletes the snapshots named O(name).
    type: str
    choices: [present, absent]
    default: present
notes:
  - A droplet snapshot is listed by the API only once its action has completed. With O(wait=false), a rerun before
    then does not see it; the API refuses a second snapshot action while the first runs.
"""

EXAMPLES = r"""
- name: Nightly snapshot of web-1, keeping the last 7 and none older than 30 days
  tide.digitalocean.snapshot:
    name: "web-1-{{ now(utc=true, fmt='%Y%m%d') }}"
    droplet: web-1
    prefix: web-1-
    keep_last: 7
    max_age_days: 30

- name: Snapshot the data volume
  tide.digitalocean.snapshot:
    name: web-data-before-upgrade
    volume: web-data
    region: nyc3

- name: Delete that snapshot
  tide.digitalocean.snapshot:
    name: web-data-before-upgrade
    volume: web-data
    region: nyc3
    state: absent
"""

RETURN = r"""
snapshot:
  description:
    - The snapshot named O(name) as the API describes it (ids are strings, as C(/v2/snapshots) gives them); in check
      mode, before it is taken, the predicted fields with placeholders.
    - Empty after O(state=absent).
  returned: always
  type: dict
  sample:
    id: "170000001"
    name: web-1-20261128
    resource_id: "3164444"
    resource_type: droplet
    created_at: "2026-11-28T03:00:00Z"
    regions: [nyc3]
    min_disk_size: 25
    size_gigabytes: 2.1
    tags: []
deleted:
  description: The snapshots deleted (in check mode, that would be deleted), oldest first.
  returned: always
  type: list
  elements: dict
  sample:
    - {id: "170000000", name: web-1-20261120, created_at: "2026-11-20T03:00:00Z"}
"""

import datetime

from ansible_collections.tide.digitalocean.plugins.module_utils.actions import Actions
from ansible_collections.tide.digitalocean.plugins.module_utils.errors import DigitalOceanError
from ansible_collections.tide.digitalocean.plugins.module_utils.module import DigitalOceanModule
from ansible_collections.tide.digitalocean.plugins.module_utils.snapshots import snapshot_source, source_snapshots
from ansible_collections.tide.digitalocean.plugins.module_utils.wait import wait_until

ASSIGNED = "(assigned on creation)"
ISO_FORMAT = "%Y-%m-%dT%H:%M:%S"


def parse_time(text):
    """A UTC datetime from the API's ISO 8601 text ("2026-11-28T03:00:00Z", fractions and offsets ignored)."""
    return datetime.datetime.strptime(str(text)[:19], ISO_FORMAT)


def age_order(snapshot):
    """Oldest first: by creation time, then (droplet snapshots) by id, then by name; a new one is newest."""
    if snapshot["id"] == ASSIGNED:
        return ("9999", 0, snapshot["name"])
    numeric = int(snapshot["id"]) if str(snapshot["id"]).isdigit() else 0
    return (snapshot["created_at"], numeric, snapshot["name"])


def expired(snapshots, keep, keep_last, max_age_days, now):
    """The snapshots retention deletes, oldest first.

    ``snapshots`` are the source's snapshots with the prefix (a new one included); ``keep`` is the name never
    deleted. Beyond the ``keep_last`` newest, or older than ``max_age_days`` (at ``now``), a snapshot goes.
    """
    newest_first = sorted(snapshots, key=age_order, reverse=True)
    doomed = []
    for index, snapshot in enumerate(newest_first):
        if snapshot["name"] == keep:
            continue
        too_many = keep_last is not None and index >= keep_last
        too_old = (
            max_age_days is not None
            and snapshot["id"] != ASSIGNED
            and (now - parse_time(snapshot["created_at"])).total_seconds() > max_age_days * 86400
        )
        if too_many or too_old:
            doomed.append(snapshot)
    return sorted(doomed, key=age_order)


def brief(snapshot):
    return {"id": snapshot["id"], "name": snapshot["name"], "created_at": snapshot["created_at"]}


class Snapshots:
    def __init__(self, module):
        self.module = module
        self.api = module.api
        self.params = module.params
        self.name = self.params["name"]
        self.kind = None

    def source(self):
        """``(kind, id)`` of the droplet or volume the task names, ``(None, None)`` without one."""
        params = self.params
        return snapshot_source(self.api, params["droplet"], params["volume"], params["region"])

    def listing(self, source_id=None):
        """The snapshots of the source (all of that kind, or of the account without a source): one listing."""
        return source_snapshots(self.api, self.kind, source_id)

    def named(self, snapshots):
        return [s for s in snapshots if s["name"] == self.name]

    def selected(self, snapshots):
        prefix = self.params["prefix"]
        return sorted(
            (s["name"] for s in snapshots if s["name"] == self.name or (prefix and s["name"].startswith(prefix))),
        )

    def placeholder(self, source_id):
        return {
            "id": ASSIGNED,
            "name": self.name,
            "resource_id": source_id,
            "resource_type": self.kind,
            "created_at": "(set on creation)",
            "regions": [],
            "min_disk_size": 0,
            "size_gigabytes": 0,
            "tags": [],
        }

    def take(self, source_id):
        """Take the snapshot, safe after an ambiguous failure (the source is looked at first); return it."""
        wait = self.params["wait"]

        def existing():
            found = self.named(self.listing(source_id))
            return found[-1] if found else None

        if self.kind == "droplet":
            Actions(self.api, "droplet", self.params["wait_timeout"]).run(
                int(source_id), "snapshot", lambda _droplet: existing() is not None, wait=wait, name=self.name
            )
            if not wait:
                return self.placeholder(source_id)
            # The snapshot action completed: the snapshot is normally listed already.
            return wait_until(
                existing, lambda s: s is not None, self.params["wait_timeout"], "snapshot %s" % self.name, at_once=True
            )
        result = self.api.write(
            "volume_snapshots.create",
            recover=lambda: {"snapshot": existing()} if existing() else None,
            volume_id=source_id,
            body={"name": self.name},
        )
        return result["snapshot"]

    def delete(self, snapshot):
        self.api.call("snapshots.delete", snapshot_id=snapshot["id"], missing_ok=True)

    def present(self):
        params = self.params
        self.kind, source_id = self.source()
        snapshots = self.listing(source_id)
        named = self.named(snapshots)
        current = sorted(named, key=age_order)[-1] if named else self.placeholder(source_id)
        candidates = list(snapshots) + ([] if named else [current])
        doomed = []
        if params["keep_last"] is not None or params["max_age_days"] is not None:
            with_prefix = [s for s in candidates if s["name"].startswith(params["prefix"])]
            now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
            doomed = expired(with_prefix, self.name, params["keep_last"], params["max_age_days"], now)
        before = self.selected(snapshots)
        gone = set(id(s) for s in doomed)
        after = self.selected([s for s in candidates if id(s) not in gone])
        changed = not named or bool(doomed)
        if not self.module.check_mode:
            if not named:
                current = self.take(source_id)
            for snapshot in doomed:
                self.delete(snapshot)
        return changed, current, [brief(s) for s in doomed], before, after

    def absent(self):
        self.kind, source_id = self.source()
        named = self.named(self.listing(source_id))
        if source_id is None and len(set(str(s.get("resource_id")) for s in named)) > 1:
            raise DigitalOceanError(
                "snapshots named %s belong to several sources (%s); give droplet or volume"
                % (self.name, ", ".join(sorted(set("%s %s" % (s["resource_type"], s["resource_id"]) for s in named))))
            )
        if not self.module.check_mode:
            for snapshot in named:
                self.delete(snapshot)
        before = sorted(s["name"] for s in named)
        return bool(named), {}, [brief(s) for s in sorted(named, key=age_order)], before, []


def main():
    module = DigitalOceanModule(
        argument_spec=dict(
            name=dict(type="str", required=True),
            droplet=dict(type="str"),
            volume=dict(type="str"),
            region=dict(type="str"),
            prefix=dict(type="str"),
            keep_last=dict(type="int"),
            max_age_days=dict(type="int"),
            state=dict(type="str", default="present", choices=["present", "absent"]),
        ),
        wait=True,
        mutually_exclusive=[("droplet", "volume")],
        required_if=[("state", "present", ("droplet", "volume"), True)],
        required_by={"keep_last": "prefix", "max_age_days": "prefix"},
        supports_check_mode=True,
    )
    params = module.params
    if not params["name"].strip():
        module.fail_json(msg="name must not be empty")
    for option in ("keep_last", "max_age_days"):
        if params[option] is not None and params[option] < 0:
            module.fail_json(msg="%s must not be negative, got %s" % (option, params[option]))
    if params["prefix"] is not None and not params["prefix"]:
        module.fail_json(msg="prefix must not be empty: retention on every snapshot of the source is refused")
    try:
        snapshots = Snapshots(module)
        if params["state"] == "present":
            changed, snapshot, deleted, before, after = snapshots.present()
        else:
            changed, snapshot, deleted, before, after = snapshots.absent()
    except DigitalOceanError as error:
        module.fail_from_error(error)
    header = params["name"]
    diff = {
        "before": {"snapshots": before},
        "after": {"snapshots": after},
        "before_header": header,
        "after_header": header,
    }
    module.exit_json(changed=changed, diff=diff, snapshot=snapshot, deleted=deleted)


if __name__ == "__main__":
    main()
