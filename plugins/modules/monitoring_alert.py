#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: tide.digitalocean contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: monitoring_alert
short_description: Create, update and delete DigitalOcean monitoring alert policies
version_added: 0.1.0
description:
  - Manages one monitoring alert policy identified by its O(description) and O(type).
  - A change is made in place (one PUT of the whole policy); the policy keeps its uuid.
author:
  - tide.digitalocean maintainers (@tide)
extends_documentation_fragment:
  - tide.digitalocean.auth
attributes:
  check_mode:
    support: full
    description: Reports the create, update or delete it would make, without writing.
  diff_mode:
    support: full
    description: Shows the policy before and after.
options:
  description:
    description: Description of the policy, part of its identity.
    type: str
    required: true
  type:
    description:
      - The metric the policy watches, part of its identity, for example V(v1/insights/droplet/cpu) or
        V(v1/insights/droplet/memory_utilization_percent).
    type: str
    required: true
  entities:
    description:
      - The resources watched. For droplet metrics (V(v1/insights/droplet/...)) droplet names or ids;
        for other types the ids the API takes. An empty list watches every resource of that kind.
      - Not compared when left out.
    type: list
    elements: str
  tags:
    description: Resources carrying one of these tags are watched. Not compared when left out.
    type: list
    elements: str
  compare:
    description: Alert when the metric is above or below O(value). Required to create the policy.
    type: str
    choices: [GreaterThan, LessThan]
  value:
    description: The threshold. Required to create the policy.
    type: float
  window:
    description: How long the condition must hold. Required to create the policy.
    type: str
    choices: [5m, 10m, 30m, 1h]
  enabled:
    description: Whether the policy alerts.
    type: bool
    default: true
  alerts:
    description: Where alerts go; at least one email or Slack destination is required to create the policy.
    type: dict
    suboptions:
      email:
        description: Email addresses.
        type: list
        elements: str
        default: []
      slack:
        description: Slack channels and their incoming webhook URLs.
        type: list
        elements: dict
        default: []
        suboptions:
          channel:
            description: The channel, for example V(#alerts).
            type: str
            required: true
          url:
            description: The incoming webhook URL (hidden from output).
            type: str
            required: true
  state:
    description: V(present) the policy exists as described, V(absent) it does not exist.
    type: str
    choices: [present, absent]
    default: present
"""

EXAMPLES = r"""
- name: CPU above 80% for 5 minutes on the web droplets
  tide.digitalocean.monitoring_alert:
    description: web cpu high
    type: v1/insights/droplet/cpu
    entities: [web-1, web-2]
    compare: GreaterThan
    value: 80
    window: 5m
    alerts:
      email: [ops@example.com]

- name: Memory on everything tagged web, alerting Slack
  tide.digitalocean.monitoring_alert:
    description: web memory high
    type: v1/insights/droplet/memory_utilization_percent
    tags: [web]
    compare: GreaterThan
    value: 90
    window: 10m
    alerts:
      slack:
        - channel: "#ops"
          url: "{{ slack_webhook }}"

- name: Remove it
  tide.digitalocean.monitoring_alert:
    description: web cpu high
    type: v1/insights/droplet/cpu
    state: absent
"""

RETURN = r"""
alert:
  description:
    - The policy as the API describes it; in check mode the predicted fields; empty after O(state=absent).
  returned: always
  type: dict
  sample:
    uuid: 669adfc9-3427-4da3-b5fb-8c1f7c2f7c37
    type: v1/insights/droplet/cpu
    description: web cpu high
    compare: GreaterThan
    value: 80
    window: 5m
    entities: ["3164444"]
    tags: []
    enabled: true
    alerts: {email: [ops@example.com], slack: []}
"""

from ansible_collections.tide.digitalocean.plugins.module_utils.droplets import droplet_ids
from ansible_collections.tide.digitalocean.plugins.module_utils.errors import DigitalOceanError
from ansible_collections.tide.digitalocean.plugins.module_utils.module import DigitalOceanModule
from ansible_collections.tide.digitalocean.plugins.module_utils.pages import list_all
from ansible_collections.tide.digitalocean.plugins.module_utils.state import CREATE, ResourceState, summarize

DROPLET_TYPES = "v1/insights/droplet/"
REQUIRED_TO_CREATE = ("compare", "value", "window")


def slack_entries(entries):
    """Slack destinations in one order, as dicts with exactly channel and url."""
    return sorted(
        ({"channel": entry["channel"], "url": entry["url"]} for entry in entries or []),
        key=lambda entry: (entry["channel"], entry["url"]),
    )


class AlertState(ResourceState):
    kind = "alert policy"

    def __init__(self, module):
        super(AlertState, self).__init__(module)
        self.description = module.params["description"]
        self.type = module.params["type"]

    def identities(self):
        return [self.description]

    def find(self):
        policies = [
            p
            for p in list_all(self.api, "monitoring.list_alert_policy", "policies")
            if p.get("type") == self.type and p.get("description") == self.description
        ]
        if len(policies) > 1:
            raise DigitalOceanError(
                "%d alert policies of type %s are described %r (uuids %s); delete the extra ones, "
                "the module will not guess which one is meant"
                % (len(policies), self.type, self.description, ", ".join(p["uuid"] for p in policies))
            )
        return {self.description: policies[0]} if policies else {}

    def view(self, resource):
        alerts = resource.get("alerts") or {}
        return {
            "description": resource["description"],
            "type": resource["type"],
            "entities": sorted(str(e) for e in resource.get("entities") or []),
            "tags": sorted(resource.get("tags") or []),
            "compare": resource.get("compare"),
            "value": resource.get("value"),
            "window": resource.get("window"),
            "enabled": bool(resource.get("enabled")),
            "email": sorted(alerts.get("email") or []),
            "slack": slack_entries(alerts.get("slack")),
        }

    def wanted_entities(self):
        entities = self.module.params["entities"]
        if entities is None:
            return None
        if not self.type.startswith(DROPLET_TYPES):
            return sorted(set(entities))
        return self.memo("entities", lambda: [str(i) for i in droplet_ids(self.api, entities, option="entities")])

    def desired(self, identity):
        params = self.module.params
        alerts = params["alerts"]
        return {
            "description": self.description,
            "type": self.type,
            "entities": self.wanted_entities(),
            "tags": sorted(set(params["tags"])) if params["tags"] is not None else None,
            "compare": params["compare"],
            "value": params["value"],
            "window": params["window"],
            "enabled": params["enabled"],
            "email": sorted(alerts["email"]) if alerts is not None else None,
            "slack": slack_entries(alerts["slack"]) if alerts is not None else None,
        }

    def validate(self, plan, resource):
        if plan.action == CREATE:
            missing = [option for option in REQUIRED_TO_CREATE if self.module.params[option] is None]
            if missing:
                raise DigitalOceanError(
                    "alert policy %r (%s) does not exist; %s required to create it"
                    % (self.description, self.type, " and ".join(missing) + (" are" if len(missing) > 1 else " is"))
                )
            if not plan.after.get("email") and not plan.after.get("slack"):
                raise DigitalOceanError(
                    "alert policy %r needs at least one destination: alerts.email or alerts.slack" % self.description
                )
        super(AlertState, self).validate(plan, resource)

    @staticmethod
    def body(view):
        """The full policy request (create and PUT take every attribute) from a view."""
        return {
            "description": view["description"],
            "type": view["type"],
            "entities": view.get("entities") or [],
            "tags": view.get("tags") or [],
            "compare": view["compare"],
            "value": view["value"],
            "window": view["window"],
            "enabled": view["enabled"],
            "alerts": {"email": view.get("email") or [], "slack": view.get("slack") or []},
        }

    def recover(self):
        found = self.find().get(self.description)
        return {"policy": found} if found else None

    def create(self, plans):
        body = self.body(plans[0].after)
        return {
            self.description: self.api.write("monitoring.create_alert_policy", recover=self.recover, body=body)[
                "policy"
            ]
        }

    def update(self, plan, resource):
        body = self.body(plan.after)
        return self.api.call("monitoring.update_alert_policy", alert_uuid=resource["uuid"], body=body)["policy"]

    def delete(self, plan, resource):
        self.api.call("monitoring.delete_alert_policy", alert_uuid=resource["uuid"], missing_ok=True)


def main():
    module = DigitalOceanModule(
        argument_spec=dict(
            description=dict(type="str", required=True),
            type=dict(type="str", required=True),
            entities=dict(type="list", elements="str"),
            tags=dict(type="list", elements="str"),
            compare=dict(type="str", choices=["GreaterThan", "LessThan"]),
            value=dict(type="float"),
            window=dict(type="str", choices=["5m", "10m", "30m", "1h"]),
            enabled=dict(type="bool", default=True),
            alerts=dict(
                type="dict",
                options=dict(
                    email=dict(type="list", elements="str", default=[]),
                    slack=dict(
                        type="list",
                        elements="dict",
                        default=[],
                        options=dict(
                            channel=dict(type="str", required=True),
                            url=dict(type="str", required=True, no_log=True),
                        ),
                    ),
                ),
            ),
            state=dict(type="str", default="present", choices=["present", "absent"]),
        ),
        supports_check_mode=True,
    )
    params = module.params
    if not params["description"].strip():
        module.fail_json(msg="description must not be empty")
    if params["value"] is not None and params["value"] < 0:
        module.fail_json(msg="value must not be negative, got %s" % params["value"])
    for entry in (params["alerts"] or {}).get("slack") or []:
        if not entry["url"].startswith("https://"):
            module.fail_json(msg="alerts.slack url of channel %s must be an https:// webhook URL" % entry["channel"])
    try:
        manager = AlertState(module)
        plans, resources = manager.run(params["state"] == "present")
    except DigitalOceanError as error:
        module.fail_from_error(error)
    changed, diff = summarize(plans)
    module.exit_json(changed=changed, diff=diff, alert=resources.get(manager.description) or {})


if __name__ == "__main__":
    main()
