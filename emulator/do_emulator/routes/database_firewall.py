"""A database cluster's trusted sources: GET/PUT /v2/databases/{database_cluster_uuid}/firewall.

PUT replaces the whole list. A rule keeps its uuid and created_at while its (type, value) stays in the list, so
re-sending the same rules changes nothing. As documented: at most 100 rules and no IPv6 addresses; rules for a
droplet that no longer exists disappear when read.
"""

import ipaddress
import uuid

from ..errors import bad_request, unprocessable
from ..http import no_content, ok
from ..input_checks import field, is_uuid, required_string
from ..lifecycle import iso
from ..models import droplets
from ..router import route
from .databases import load_cluster, present_rules, save

RULE_TYPES = ("droplet", "k8s", "ip_addr", "tag", "app")
MAX_RULES = 100


def _check_value(req, rule_type, value):
    if rule_type == "ip_addr":
        try:
            network = ipaddress.ip_network(value, strict=False)
        except ValueError:
            raise unprocessable("%r is not an IPv4 address or CIDR" % value) from None
        if network.version != 4:
            raise unprocessable("IPv6 addresses cannot be trusted sources: %r" % value)
    elif rule_type == "droplet":
        if not value.isdigit() or not droplets.exists(req, int(value)):
            raise unprocessable("Droplet %s could not be found" % value)
    elif rule_type in ("k8s", "app") and not is_uuid(value):
        raise unprocessable("%s rules take the resource's uuid, not %r" % (rule_type, value))


@route("GET", "/v2/databases/{database_cluster_uuid}/firewall")
def list_rules(req):
    return ok({"rules": present_rules(req, load_cluster(req))})


@route("PUT", "/v2/databases/{database_cluster_uuid}/firewall")
def replace_rules(req):
    cluster = load_cluster(req)
    rules = field(req.json(), "rules", list, required=True)
    if len(rules) > MAX_RULES:
        raise unprocessable("A database firewall is limited to %d rules" % MAX_RULES)
    existing = {(r["type"], r["value"]): r for r in cluster["_rules"]}
    replaced = {}
    for rule in rules:
        if not isinstance(rule, dict):
            raise bad_request("rules must be an array of objects")
        rule_type = required_string(rule, "type")
        if rule_type not in RULE_TYPES:
            raise unprocessable("type must be one of %s, not %r" % (", ".join(RULE_TYPES), rule_type))
        value = field(rule, "value", (str, int), required=True)
        value = str(value)
        _check_value(req, rule_type, value)
        kept = existing.get((rule_type, value)) or {"uuid": str(uuid.uuid4()), "type": rule_type, "value": value,
                                                    "created_at": iso(req.now)}
        description = field(rule, "description", str)
        kept = dict(kept, description=description) if description is not None else kept
        replaced[(rule_type, value)] = kept
    cluster["_rules"] = list(replaced.values())
    save(req, cluster)
    return no_content()
