"""Cloud firewalls: /v2/firewalls and its droplets, tags and rules sub-collections (the record and how it is shown:
models/firewalls.py).
Limits as documented: 50 rules, 10 droplets and 5 tags per firewall, 1000 entries per sources/destinations.
Droplet ids may be sent as integer-valued strings (as community.digitalocean does); they are stored as integers.
Ports are kept as sent ("1-65535" stays "1-65535"), except "all", which reads back as "0"; ICMP rules read back
"0" whatever was sent, as documented.
"""

import uuid

from ..errors import bad_request, conflict, unprocessable
from ..http import accepted, no_content, ok
from ..input_checks import address_or_cidr, field, id_list, required_string, string_list, unique
from ..lifecycle import iso
from ..models import droplets, firewalls, load_balancers
from ..models import tags as tag_area
from ..models.firewalls import TARGET_LISTS, existing_droplets, present, shown_rule
from ..router import route

NAME_PATTERN = r"^[a-zA-Z0-9][a-zA-Z0-9\.-]+$"
MAX_RULES = 50
MAX_DROPLETS = 10
MAX_TAGS = 5
MAX_TARGET_ENTRIES = 1000
ALL_PORTS = ("0", "all")


def _load(req):
    return firewalls.find(req, req.params["firewall_id"])


# -- validation -----------------------------------------------------------------------------------------------
def _ports(protocol, ports):
    if ports is not None and not isinstance(ports, str):
        raise bad_request("ports must be a string")
    if protocol == "icmp":
        return "0"
    if ports in ALL_PORTS:
        return "0"
    low, sep, high = (ports or "").partition("-")
    try:
        first, last = int(low), int(high) if sep else int(low)
    except ValueError:
        raise unprocessable("You must specify a positive value for ports: %r is neither a port, a range "
                            "(8000-9000) nor all" % ports) from None
    if not (1 <= first <= last <= 65535):
        raise unprocessable("You must specify a valid range for ports: %r" % ports)
    return ports


def _target(req, target, target_key, check_refs=True):
    if not isinstance(target, dict):
        raise bad_request("%s must be an object" % target_key)
    clean = {"addresses": string_list(target, "addresses"), "droplet_ids": id_list(target, "droplet_ids"),
             "load_balancer_uids": string_list(target, "load_balancer_uids"),
             "kubernetes_ids": string_list(target, "kubernetes_ids"), "tags": string_list(target, "tags")}
    if not any(clean.values()):
        raise unprocessable("A rule must specify at least one of %s in its %s" % (", ".join(TARGET_LISTS),
                                                                                  target_key))
    if sum(len(v) for v in clean.values()) > MAX_TARGET_ENTRIES:
        raise unprocessable("A rule's %s are limited to %d entries" % (target_key, MAX_TARGET_ENTRIES))
    for address in clean["addresses"]:
        if address_or_cidr(address) is None:
            raise unprocessable("invalid address: %r is not an IPv4/IPv6 address or CIDR" % address)
    for droplet_id in clean["droplet_ids"] if check_refs else ():
        if not droplets.exists(req, droplet_id):
            raise unprocessable("Droplet %s in the %s could not be found" % (droplet_id, target_key))
    for lb_id in clean["load_balancer_uids"] if check_refs else ():
        if not load_balancers.exists(req, lb_id):
            raise unprocessable("Load balancer %s in the %s could not be found" % (lb_id, target_key))
    if check_refs:
        clean["tags"] = _existing_tags(req, clean["tags"], "in the %s " % target_key)
    return {k: unique(v) for k, v in clean.items() if v}


def _rules(req, body, direction, check_refs=True):
    """The inbound or outbound rules of a body, validated and normalised (ports "all" -> "0")."""
    target_key = "sources" if direction == "inbound_rules" else "destinations"
    rules = field(body, direction, list, default=[])
    clean = []
    for rule in rules:
        if not isinstance(rule, dict):
            raise bad_request("%s must be an array of objects" % direction)
        protocol = field(rule, "protocol", str, required=True)
        if protocol not in ("tcp", "udp", "icmp"):
            raise unprocessable("protocol must be one of tcp, udp or icmp, not %r" % protocol)
        if target_key not in rule or rule[target_key] is None:
            raise unprocessable("%s: every rule requires %s" % (direction, target_key))
        clean.append({"protocol": protocol, "ports": _ports(protocol, rule.get("ports")),
                      target_key: _target(req, rule[target_key], target_key, check_refs)})
    return unique(clean)


def _check_rule_count(inbound, outbound):
    if len(inbound) + len(outbound) > MAX_RULES:
        raise unprocessable("A firewall can have at most %d inbound and outbound rules in total" % MAX_RULES)


def _droplet_ids(req, body, name="droplet_ids", required=False):
    ids = unique(id_list(body, name, required=required))
    for droplet_id in ids:
        if not droplets.exists(req, droplet_id):
            raise unprocessable("Droplet %s could not be found" % droplet_id)
    return ids


def _existing_tags(req, names, where=""):
    """Tags must exist to be referenced (as documented); they are named as the tags area spells them."""
    found = []
    for name in names:
        tag = tag_area.canonical(req, name)
        if tag is None:
            raise unprocessable("Tag %s %scould not be found" % (name, where))
        found.append(tag["name"])
    return unique(found)


def _tags(req, body, required=False):
    return _existing_tags(req, unique(string_list(body, "tags", required=required)))


def _check_membership(droplet_ids, tags):
    if len(droplet_ids) > MAX_DROPLETS:
        raise unprocessable("A firewall can be applied to at most %d Droplets directly; tag them instead"
                            % MAX_DROPLETS)
    if len(tags) > MAX_TAGS:
        raise unprocessable("A firewall can be applied to at most %d tags" % MAX_TAGS)


def _check_unique_name(req, name, own_id=None):
    for other in firewalls.all_(req):
        if other["name"] == name and other["id"] != own_id:
            raise conflict("duplicate name")


def _affecting(droplet_ids, removing=False):
    return [{"droplet_id": d, "removing": removing} for d in droplet_ids]


# -- routes ---------------------------------------------------------------------------------------------------
firewalls.FIREWALLS.serve("/v2/firewalls/{firewall_id}", "firewall", "firewalls", present)


@route("POST", "/v2/firewalls")
def create_firewall(req):
    body = req.json()
    name = required_string(body, "name", NAME_PATTERN, "it must start with a letter or digit followed by "
                                                        "letters, digits, periods or dashes")
    inbound, outbound = _rules(req, body, "inbound_rules"), _rules(req, body, "outbound_rules")
    if not inbound and not outbound:
        raise unprocessable("A firewall must contain at least one inbound or outbound rule")
    _check_rule_count(inbound, outbound)
    droplet_ids, tags = _droplet_ids(req, body), _tags(req, body)
    _check_membership(droplet_ids, tags)
    _check_unique_name(req, name)
    fw = {"id": str(uuid.uuid4()), "name": name, "created_at": iso(req.now), "inbound_rules": inbound,
          "outbound_rules": outbound, "tags": tags, "_droplet_ids": droplet_ids}
    firewalls.save(req, fw, _affecting(droplet_ids))
    return accepted({"firewall": present(req, fw)})


@route("PUT", "/v2/firewalls/{firewall_id}")
def replace_firewall(req):
    """A full replacement: what the body leaves out is reset (no rules, no droplets, no tags)."""
    fw = _load(req)
    body = req.json()
    name = required_string(body, "name", NAME_PATTERN, "it must start with a letter or digit followed by "
                                                        "letters, digits, periods or dashes")
    inbound, outbound = _rules(req, body, "inbound_rules"), _rules(req, body, "outbound_rules")
    _check_rule_count(inbound, outbound)
    droplet_ids, tags = _droplet_ids(req, body), _tags(req, body)
    _check_membership(droplet_ids, tags)
    _check_unique_name(req, name, fw["id"])
    removed = [d for d in existing_droplets(req, fw["_droplet_ids"]) if d not in droplet_ids]
    fw.update(name=name, inbound_rules=inbound, outbound_rules=outbound, tags=tags, _droplet_ids=droplet_ids)
    firewalls.save(req, fw, _affecting(droplet_ids) + _affecting(removed, removing=True))
    return ok({"firewall": present(req, fw)})


@route("POST", "/v2/firewalls/{firewall_id}/droplets")
def add_droplets(req):
    fw = _load(req)
    added = [d for d in _droplet_ids(req, req.json(), required=True) if d not in fw["_droplet_ids"]]
    members = existing_droplets(req, fw["_droplet_ids"]) + added
    _check_membership(members, fw["tags"])
    fw["_droplet_ids"] = members
    firewalls.save(req, fw, _affecting(added))
    return no_content()


@route("DELETE", "/v2/firewalls/{firewall_id}/droplets")
def remove_droplets(req):
    fw = _load(req)
    leaving = unique(id_list(req.json(), "droplet_ids", required=True))
    removed = [d for d in fw["_droplet_ids"] if d in leaving]
    fw["_droplet_ids"] = [d for d in fw["_droplet_ids"] if d not in leaving]
    firewalls.save(req, fw, _affecting(existing_droplets(req, removed), removing=True))
    return no_content()


@route("POST", "/v2/firewalls/{firewall_id}/tags")
def add_tags(req):
    fw = _load(req)
    fw["tags"] = unique(fw["tags"] + _tags(req, req.json(), required=True))
    _check_membership(fw["_droplet_ids"], fw["tags"])
    firewalls.save(req, fw, [])
    return no_content()


@route("DELETE", "/v2/firewalls/{firewall_id}/tags")
def remove_tags(req):
    fw = _load(req)
    leaving = string_list(req.json(), "tags", required=True)
    fw["tags"] = [t for t in fw["tags"] if t not in leaving]
    firewalls.save(req, fw, [])
    return no_content()


def _rules_body(req, check_refs=True):
    body = req.json()
    inbound = _rules(req, body, "inbound_rules", check_refs)
    outbound = _rules(req, body, "outbound_rules", check_refs)
    if not inbound and not outbound:
        raise unprocessable("The request must contain inbound_rules or outbound_rules")
    return inbound, outbound


@route("POST", "/v2/firewalls/{firewall_id}/rules")
def add_rules(req):
    fw = _load(req)
    inbound, outbound = _rules_body(req)
    fw["inbound_rules"] = unique(fw["inbound_rules"] + inbound)
    fw["outbound_rules"] = unique(fw["outbound_rules"] + outbound)
    _check_rule_count(fw["inbound_rules"], fw["outbound_rules"])
    firewalls.save(req, fw, _affecting(existing_droplets(req, fw["_droplet_ids"])))
    return no_content()


@route("DELETE", "/v2/firewalls/{firewall_id}/rules")
def remove_rules(req):
    fw = _load(req)
    inbound, outbound = _rules_body(req, check_refs=False)
    # Compared as shown, so a rule naming a since-deleted droplet is removed by the rule a client last read.
    fw["inbound_rules"] = [r for r in fw["inbound_rules"] if shown_rule(req, r, "sources") not in inbound]
    fw["outbound_rules"] = [r for r in fw["outbound_rules"] if shown_rule(req, r, "destinations") not in outbound]
    firewalls.save(req, fw, _affecting(existing_droplets(req, fw["_droplet_ids"])))
    return no_content()

