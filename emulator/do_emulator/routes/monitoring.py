"""Monitoring alert policies: /v2/monitoring/alerts (list, create) and get/PUT/DELETE by uuid.

Every attribute of alert_policy_request is required on create and on PUT. `entities` name resources of the kind
the `type` watches (droplet ids, load balancer ids, database cluster uuids, autoscale pool ids), which must exist
where the emulator knows that kind; empty `entities` and `tags` mean every resource of that kind. A policy needs
at least one email or Slack destination; percentages stay within 0..100.
"""

import re
import uuid

from ..errors import bad_request, unprocessable
from ..http import ok
from ..input_checks import field, required_string, string_list
from ..models.alert_policies import ALERT_POLICIES
from ..models.databases import CLUSTERS
from ..models.droplets import DROPLETS
from ..models.load_balancers import LOAD_BALANCERS
from ..router import route

COMPARISONS = ("GreaterThan", "LessThan")
WINDOWS = ("5m", "10m", "30m", "1h")
_DROPLET = ("load_1", "load_5", "load_15", "memory_utilization_percent", "disk_utilization_percent", "cpu",
            "disk_read", "disk_write", "public_outbound_bandwidth", "public_inbound_bandwidth",
            "private_outbound_bandwidth", "private_inbound_bandwidth")
_LBAAS = ("avg_cpu_utilization_percent", "connection_utilization_percent", "droplet_health",
          "tls_connections_per_second_utilization_percent", "increase_in_http_error_rate_percentage_5xx",
          "increase_in_http_error_rate_percentage_4xx", "increase_in_http_error_rate_count_5xx",
          "increase_in_http_error_rate_count_4xx", "high_http_request_response_time",
          "high_http_request_response_time_50p", "high_http_request_response_time_95p",
          "high_http_request_response_time_99p")
_DBAAS = ("load_15_alerts", "memory_utilization_alerts", "disk_utilization_alerts", "cpu_alerts")
_AUTOSCALE = ("current_instances", "target_instances", "current_cpu_utilization", "target_cpu_utilization",
              "current_memory_utilization", "target_memory_utilization", "scale_up", "scale_down")
# policy type -> the collection its entities live in (None: not emulated, any id is accepted)
ENTITY_KINDS = {
    **{"v1/insights/droplet/" + t: DROPLETS for t in _DROPLET},
    **{"v1/insights/lbaas/" + t: LOAD_BALANCERS for t in _LBAAS},
    **{"v1/dbaas/alerts/" + t: CLUSTERS for t in _DBAAS},
    **{"v1/droplet/autoscale_alerts/" + t: None for t in _AUTOSCALE},
}
PERCENT_TYPES = {
    "v1/insights/droplet/memory_utilization_percent", "v1/insights/droplet/disk_utilization_percent",
    "v1/insights/droplet/cpu", "v1/insights/lbaas/avg_cpu_utilization_percent",
    "v1/insights/lbaas/connection_utilization_percent",
    "v1/insights/lbaas/tls_connections_per_second_utilization_percent",
    "v1/dbaas/alerts/memory_utilization_alerts", "v1/dbaas/alerts/disk_utilization_alerts",
    "v1/dbaas/alerts/cpu_alerts",
}
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


def _load(req):
    return ALERT_POLICIES.find(req, req.params["alert_uuid"])


def _alerts(body):
    alerts = field(body, "alerts", dict, required=True)
    emails = string_list(alerts, "email")
    for email in emails:
        if not re.match(EMAIL_PATTERN, email):
            raise unprocessable("alerts.email %r is not an email address" % email)
    slack = field(alerts, "slack", list, default=[])
    clean_slack = []
    for entry in slack:
        if not isinstance(entry, dict):
            raise bad_request("alerts.slack must be an array of objects")
        url, channel = required_string(entry, "url"), required_string(entry, "channel")
        if not url.startswith("https://"):
            raise unprocessable("alerts.slack url must be an https:// webhook URL")
        clean_slack.append({"channel": channel, "url": url})
    if not emails and not clean_slack:
        raise unprocessable("alerts needs at least one email or slack destination")
    return {"email": emails, "slack": clean_slack}


def _policy(req, body):
    """A policy from a full request body (create and PUT), validated."""
    policy_type = required_string(body, "type")
    if policy_type not in ENTITY_KINDS:
        raise unprocessable("type %r is not a known alert policy type" % policy_type)
    description = required_string(body, "description")
    compare = required_string(body, "compare")
    if compare not in COMPARISONS:
        raise unprocessable("compare must be GreaterThan or LessThan")
    value = field(body, "value", (int, float), required=True)
    if value < 0 or (policy_type in PERCENT_TYPES and value > 100):
        raise unprocessable("value %s is out of range for %s" % (value, policy_type))
    window = required_string(body, "window")
    if window not in WINDOWS:
        raise unprocessable("window must be one of %s" % ", ".join(WINDOWS))
    for name in ("entities", "tags", "enabled"):
        if body.get(name) is None:
            raise unprocessable("%s is required" % name)
    entities = string_list(body, "entities")
    kind = ENTITY_KINDS[policy_type]
    for entity in entities:
        if kind is not None and not kind.exists(req, entity):
            raise unprocessable("entity %s is not a %s of this account" % (entity, kind.kind.rstrip("s")))
    return {"type": policy_type, "description": description, "compare": compare, "value": value,
            "window": window, "entities": entities, "tags": string_list(body, "tags"),
            "alerts": _alerts(body), "enabled": field(body, "enabled", bool, required=True)}


ALERT_POLICIES.serve("/v2/monitoring/alerts/{alert_uuid}", "policy", "policies")


@route("POST", "/v2/monitoring/alerts")
def create_policy(req):
    policy = dict(_policy(req, req.json()), uuid=str(uuid.uuid4()))
    ALERT_POLICIES.save(req, policy)
    return ok({"policy": policy})


@route("PUT", "/v2/monitoring/alerts/{alert_uuid}")
def replace_policy(req):
    policy = _load(req)
    replaced = dict(_policy(req, req.json()), uuid=policy["uuid"])
    ALERT_POLICIES.save(req, replaced)
    return ok({"policy": replaced})
