"""Regional load balancers: /v2/load_balancers CRUD (PUT replaces the whole configuration), droplets and
forwarding_rules sub-collections (the record and how it is shown: models/load_balancers.py). Backends are either
`droplet_ids` or a `tag`, never both. Global load balancers are not emulated (a clear 422).
"""

import ipaddress
import re

from .. import catalog
from ..errors import bad_request, unprocessable
from ..http import accepted, no_content, ok
from ..input_checks import field, int_list, is_uuid, unique
from ..models import droplets, load_balancers, projects, vpcs
from ..models import tags as tag_area
from ..models.load_balancers import present
from ..router import route

NAME_PATTERN = r"^[a-zA-Z0-9][a-zA-Z0-9.-]{0,254}$"
ENTRY_PROTOCOLS = ("http", "https", "http2", "http3", "tcp", "udp")
TARGET_PROTOCOLS = ("http", "https", "http2", "tcp", "udp")
TLS_ENTRY_PROTOCOLS = ("https", "http2", "http3")
HEALTH_CHECK_DEFAULTS = {"protocol": "http", "port": 80, "path": "/", "check_interval_seconds": 10,
                         "response_timeout_seconds": 5, "unhealthy_threshold": 5, "healthy_threshold": 3}
HEALTH_CHECK_RANGES = {"port": (1, 65535), "check_interval_seconds": (3, 300), "response_timeout_seconds": (3, 300),
                       "unhealthy_threshold": (2, 10), "healthy_threshold": (2, 10)}
SIZES_BY_UNITS = {"lb-small": 1, "lb-medium": 3, "lb-large": 6}
# attribute: (allowed values, default); anything else in a body is ignored
CHOICES = {"algorithm": (("round_robin", "least_connections"), "round_robin"),
           "network": (("EXTERNAL", "INTERNAL"), "EXTERNAL"),
           "network_stack": (("IPV4", "DUALSTACK"), "IPV4"),
           "tls_cipher_policy": (("DEFAULT", "STRONG"), "DEFAULT"),
           "type": (("REGIONAL", "REGIONAL_NETWORK", "GLOBAL"), "REGIONAL")}
FLAGS = ("redirect_http_to_https", "enable_proxy_protocol", "enable_backend_keepalive",
         "disable_lets_encrypt_dns_records")
FIXED_AFTER_CREATE = ("region", "network", "network_stack", "type", "vpc_uuid")


def _load(req):
    return load_balancers.find(req, req.params["lb_id"])


# -- validation -----------------------------------------------------------------------------------------------
def _port(rule, name):
    port = field(rule, name, int, required=True)
    if not 1 <= port <= 65535:
        raise unprocessable("%s must be between 1 and 65535" % name)
    return port


def _forwarding_rule(rule):
    if not isinstance(rule, dict):
        raise bad_request("forwarding_rules must be an array of objects")
    entry, target = field(rule, "entry_protocol", str, required=True), field(rule, "target_protocol", str,
                                                                             required=True)
    if entry not in ENTRY_PROTOCOLS:
        raise unprocessable("entry_protocol must be one of %s" % ", ".join(ENTRY_PROTOCOLS))
    if target not in TARGET_PROTOCOLS:
        raise unprocessable("target_protocol must be one of %s" % ", ".join(TARGET_PROTOCOLS))
    if (entry == "udp") != (target == "udp"):
        raise unprocessable("udp forwarding needs udp as both entry_protocol and target_protocol")
    certificate_id = field(rule, "certificate_id", str, default="")
    passthrough = field(rule, "tls_passthrough", bool, default=False)
    if passthrough and (entry != "https" or target != "https"):
        raise unprocessable("tls_passthrough needs https as both entry_protocol and target_protocol")
    if passthrough and certificate_id:
        raise unprocessable("a forwarding rule uses either tls_passthrough or a certificate_id, not both")
    if entry in TLS_ENTRY_PROTOCOLS and not (passthrough or certificate_id):
        raise unprocessable("an %s forwarding rule needs a certificate_id or tls_passthrough" % entry)
    if certificate_id and entry not in TLS_ENTRY_PROTOCOLS:
        raise unprocessable("a certificate_id only applies to https, http2 or http3 entry protocols")
    return {"entry_protocol": entry, "entry_port": _port(rule, "entry_port"), "target_protocol": target,
            "target_port": _port(rule, "target_port"), "certificate_id": certificate_id,
            "tls_passthrough": passthrough}


def _forwarding_rules(body):
    rules = field(body, "forwarding_rules", list, required=True)
    if not rules:
        raise unprocessable("at least one forwarding rule is required")
    return unique([_forwarding_rule(r) for r in rules])


def _check_entry_ports(rules):
    ports = [(r["entry_port"], r["entry_protocol"] == "udp") for r in rules]
    if len(set(ports)) != len(ports):
        raise unprocessable("each forwarding rule needs its own entry_port")


def _health_check(body):
    given = field(body, "health_check", dict, default={})
    check = dict(HEALTH_CHECK_DEFAULTS)
    protocol = field(given, "protocol", str, default="http")
    if protocol not in ("http", "https", "tcp"):
        raise unprocessable("health_check.protocol must be http, https or tcp")
    check["protocol"] = protocol
    path = field(given, "path", str, default="/")
    if protocol != "tcp" and not path.startswith("/"):
        raise unprocessable("health_check.path must start with /")
    check["path"] = path
    for name, (low, high) in HEALTH_CHECK_RANGES.items():
        value = field(given, name, int, default=HEALTH_CHECK_DEFAULTS[name])
        if not low <= value <= high:
            raise unprocessable("health_check.%s must be between %d and %d" % (name, low, high))
        check[name] = value
    return check


def _sticky_sessions(body):
    given = field(body, "sticky_sessions", dict, default={})
    kind = field(given, "type", str, default="none")
    if kind not in ("none", "cookies"):
        raise unprocessable("sticky_sessions.type must be cookies or none")
    if kind == "none":
        return {"type": "none"}
    name = field(given, "cookie_name", str, default="DO-LB")
    ttl = field(given, "cookie_ttl_seconds", int, default=300)
    if not re.match(r"^[A-Za-z0-9_-]{1,40}$", name) or ttl < 1:
        raise unprocessable("sticky_sessions needs a cookie_name of letters, digits, '-' or '_' and a positive "
                            "cookie_ttl_seconds")
    return {"type": "cookies", "cookie_name": name, "cookie_ttl_seconds": ttl}


def _firewall(body):
    given = field(body, "firewall", dict, default={})
    rules = {}
    for name in ("allow", "deny"):
        entries = field(given, name, list, default=[])
        for entry in entries:
            kind, _, value = entry.partition(":") if isinstance(entry, str) else ("", "", "")
            try:
                valid = kind in ("ip", "cidr") and ipaddress.ip_network(value, strict=kind == "ip")
            except ValueError:
                valid = False
            if not valid:
                raise unprocessable("firewall.%s entries look like ip:1.2.3.4 or cidr:1.2.0.0/16, not %r"
                                    % (name, entry))
        rules[name] = unique(entries)
    return rules


def _size(body):
    units = field(body, "size_unit", int)
    size = field(body, "size", str)
    if size is not None and size not in SIZES_BY_UNITS:
        raise unprocessable("size must be one of %s" % ", ".join(SIZES_BY_UNITS))
    if units is None:
        units = SIZES_BY_UNITS.get(size, 1)
    if not 1 <= units <= 100:
        raise unprocessable("size_unit must be between 1 and 100")
    return units, size or {v: k for k, v in SIZES_BY_UNITS.items()}.get(units, "lb-small")


def _backends(req, body, region):
    droplet_ids = unique(int_list(body, "droplet_ids"))
    tag = field(body, "tag", str, default="")
    if tag:
        tag_area.check_name(tag)
    if droplet_ids and tag:
        raise unprocessable("droplet_ids and tag are mutually exclusive")
    _check_droplets(req, droplet_ids, region)
    return droplet_ids, tag


def _check_droplets(req, droplet_ids, region):
    for droplet_id in droplet_ids:
        droplet = droplets.get(req, droplet_id)
        if droplet is None:
            raise unprocessable("Droplet %s could not be found" % droplet_id)
        if droplet.get("region") != region:
            raise unprocessable("Droplet %s is in %s; the load balancer is in %s" % (droplet_id,
                                                                                     droplet.get("region"), region))


def _settings(req, body):
    """Everything a create or a full PUT sets, validated; omitted attributes take their defaults."""
    name = field(body, "name", str, required=True)
    if not re.match(NAME_PATTERN, name):
        raise unprocessable("name %r is invalid: letters, digits, periods or dashes, starting with a letter or "
                            "digit" % name)
    settings = {"name": name}
    for attribute, (allowed, default) in CHOICES.items():
        value = field(body, attribute, str, default=default)
        if value not in allowed:
            raise unprocessable("%s must be one of %s" % (attribute, ", ".join(allowed)))
        settings[attribute] = value
    if settings["type"] == "GLOBAL":
        raise unprocessable("Global load balancers are not available in this emulator; use REGIONAL")
    for flag in FLAGS:
        settings[flag] = field(body, flag, bool, default=False)
    idle = field(body, "http_idle_timeout_seconds", int, default=60)
    if not 30 <= idle <= 600:
        raise unprocessable("http_idle_timeout_seconds must be between 30 and 600")
    settings["http_idle_timeout_seconds"] = idle
    settings["size_unit"], settings["size"] = _size(body)
    settings["forwarding_rules"] = _forwarding_rules(body)
    _check_entry_ports(settings["forwarding_rules"])
    settings["health_check"] = _health_check(body)
    settings["sticky_sessions"] = _sticky_sessions(body)
    settings["firewall"] = _firewall(body)
    region = field(body, "region", str, required=True)
    if not catalog.available_region(region):
        raise unprocessable("region %r is not available for load balancers" % region)
    settings["region"] = region
    settings["_droplet_ids"], settings["tag"] = _backends(req, body, region)
    vpc_uuid = field(body, "vpc_uuid", str, default="")
    if vpc_uuid and not is_uuid(vpc_uuid):
        raise unprocessable("vpc_uuid %r is not a VPC id" % vpc_uuid)
    settings["vpc_uuid"] = vpc_uuid
    return settings


# -- routes ---------------------------------------------------------------------------------------------------
load_balancers.LOAD_BALANCERS.serve("/v2/load_balancers/{lb_id}", "load_balancer", "load_balancers", present)


@route("POST", "/v2/load_balancers")
def create_load_balancer(req):
    body = req.json()
    settings = _settings(req, body)
    project_id = field(body, "project_id", str)
    if project_id and not projects.exists(req, project_id):
        raise unprocessable("The project %s could not be found; the load balancer was not created" % project_id)
    lb = load_balancers.create(req, settings, vpcs.resolve(req, settings["vpc_uuid"], settings["region"]),
                               project_id)
    return accepted({"load_balancer": present(req, lb)})


@route("PUT", "/v2/load_balancers/{lb_id}")
def replace_load_balancer(req):
    """A full replacement: omitted attributes return to their defaults; region, network, network_stack, type and
    VPC stay what they were at creation."""
    lb = _load(req)
    body = req.json()
    settings = _settings(req, body)
    if not settings["vpc_uuid"]:
        settings["vpc_uuid"] = lb["vpc_uuid"]
    for attribute in FIXED_AFTER_CREATE:
        if attribute in body and settings[attribute] != lb[attribute]:
            raise unprocessable("%s cannot be changed after the load balancer is created" % attribute)
        settings[attribute] = lb[attribute]
    lb.update(settings)
    load_balancers.save(req, lb)
    return ok({"load_balancer": present(req, lb)})


@route("DELETE", "/v2/load_balancers/{lb_id}/cache")
def delete_cache(req):
    _load(req)
    return no_content()


def _droplets_body(req, lb):
    if lb["tag"]:
        raise unprocessable("This load balancer selects its Droplets by the tag %s; Droplets cannot be added or "
                            "removed individually" % lb["tag"])
    return unique(int_list(req.json(), "droplet_ids", required=True))


@route("POST", "/v2/load_balancers/{lb_id}/droplets")
def add_droplets(req):
    lb = _load(req)
    droplet_ids = _droplets_body(req, lb)
    _check_droplets(req, droplet_ids, lb["region"])
    lb["_droplet_ids"] = unique(lb["_droplet_ids"] + droplet_ids)
    load_balancers.save(req, lb)
    return no_content()


@route("DELETE", "/v2/load_balancers/{lb_id}/droplets")
def remove_droplets(req):
    lb = _load(req)
    leaving = _droplets_body(req, lb)
    lb["_droplet_ids"] = [d for d in lb["_droplet_ids"] if d not in leaving]
    load_balancers.save(req, lb)
    return no_content()


@route("POST", "/v2/load_balancers/{lb_id}/forwarding_rules")
def add_forwarding_rules(req):
    lb = _load(req)
    lb["forwarding_rules"] = unique(lb["forwarding_rules"] + _forwarding_rules(req.json()))
    _check_entry_ports(lb["forwarding_rules"])
    load_balancers.save(req, lb)
    return no_content()


@route("DELETE", "/v2/load_balancers/{lb_id}/forwarding_rules")
def remove_forwarding_rules(req):
    lb = _load(req)
    leaving = _forwarding_rules(req.json())
    remaining = [r for r in lb["forwarding_rules"] if r not in leaving]
    if not remaining:
        raise unprocessable("a load balancer needs at least one forwarding rule")
    lb["forwarding_rules"] = remaining
    load_balancers.save(req, lb)
    return no_content()
