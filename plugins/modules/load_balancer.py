#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: tide.digitalocean contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: load_balancer
short_description: Create, reconcile and delete DigitalOcean regional load balancers
version_added: 0.1.0
description:
  - Manages one regional load balancer identified by its O(name) and O(region).
  - The load balancer is reconciled to the task as a whole. The API's C(PUT) replaces the whole
    configuration, so when anything differs the module sends every setting in one request; a setting the
    task leaves unset takes the API's default (for example O(algorithm=round_robin), no sticky sessions, the
    default health check), so what the task says is what the load balancer does.
  - Settings are compared in a normalised form (defaults filled in, forwarding rules and firewall entries in
    any order), so a rerun of the same task reports no change and makes no write.
  - O(region) and O(vpc) cannot change in place; a difference fails the task before any write.
  - The backends are either O(droplets) or the droplets carrying O(tag). When neither is given the current
    backends are kept.
  - Forwarding rules, the health check, sizes and firewall entries are checked before any request.
  - In check mode, a VPC, droplet or project named by the task that does not exist yet (created by an earlier
    task of the same play, which check mode did not run) is assumed to be created; the module warns and shows it as
    V((id of droplet web-1, known after creation)) instead of failing.
author:
  - tide.digitalocean maintainers (@tide)
extends_documentation_fragment:
  - tide.digitalocean.auth
  - tide.digitalocean.wait
attributes:
  check_mode:
    support: full
    description: Computes the same difference as a real run and reports it without writing.
  diff_mode:
    support: full
    description: Shows the load balancer's normalised settings before and after.
options:
  name:
    description:
      - Name of the load balancer, part of its identity. Letters, digits, periods or dashes, starting with a
        letter or digit.
    type: str
    required: true
  region:
    description: Region slug, part of its identity, for example V(nyc3).
    type: str
    required: true
  state:
    description: V(present) the load balancer exists as described, V(absent) it does not exist.
    type: str
    choices: [present, absent]
    default: present
  size:
    description:
      - Size slug, V(lb-small) (1 node), V(lb-medium) (3 nodes) or V(lb-large) (6 nodes); compared as its
        number of nodes (O(size_unit)).
      - Mutually exclusive with O(size_unit). One node when neither is given.
    type: str
    choices: [lb-small, lb-medium, lb-large]
  size_unit:
    description: Number of nodes, 1 to 100. Mutually exclusive with O(size).
    type: int
  vpc:
    description:
      - VPC uuid or VPC name (looked up in O(region)). The region's default VPC at creation when unset,
        and not compared when unset. Cannot change in place.
    type: str
  droplets:
    description:
      - The backend droplets, by name (in O(region)) or id. V([]) removes every droplet.
      - Mutually exclusive with O(tag).
    type: list
    elements: str
  tag:
    description:
      - The backends are the droplets carrying this tag (created when the account lacks it).
      - Mutually exclusive with O(droplets).
    type: str
  forwarding_rules:
    description:
      - How traffic is forwarded, at least one rule; required with O(state=present).
        Each O(forwarding_rules[].entry_port) may appear once (per TCP/UDP). Rules the task does not list are removed.
    type: list
    elements: dict
    suboptions:
      entry_protocol:
        description: Protocol clients use.
        type: str
        required: true
        choices: [http, https, http2, http3, tcp, udp]
      entry_port:
        description: Port clients connect to, 1 to 65535.
        type: int
        required: true
      target_protocol:
        description: Protocol to the droplets.
        type: str
        required: true
        choices: [http, https, http2, tcp, udp]
      target_port:
        description: Port on the droplets, 1 to 65535.
        type: int
        required: true
      certificate_id:
        description:
          - Certificate for an V(https), V(http2) or V(http3) entry (or use O(forwarding_rules[].tls_passthrough)).
        type: str
        default: ""
      tls_passthrough:
        description: Pass TLS through to the droplets (V(https) to V(https) only).
        type: bool
        default: false
  health_check:
    description: How droplets are checked; unset suboptions take the API's defaults (shown).
    type: dict
    suboptions:
      protocol:
        description: Check protocol.
        type: str
        choices: [http, https, tcp]
        default: http
      port:
        description: Port on the droplets.
        type: int
        default: 80
      path:
        description: Path requested by V(http) and V(https) checks (not compared for V(tcp)).
        type: str
        default: /
      check_interval_seconds:
        description: Seconds between checks, 3 to 300.
        type: int
        default: 10
      response_timeout_seconds:
        description: Seconds to wait for an answer, 3 to 300.
        type: int
        default: 5
      unhealthy_threshold:
        description: Failed checks before a droplet is taken out, 2 to 10.
        type: int
        default: 5
      healthy_threshold:
        description: Passed checks before a droplet is put back, 2 to 10.
        type: int
        default: 3
  sticky_sessions:
    description: Session affinity; none when unset.
    type: dict
    suboptions:
      type:
        description: V(cookies) to keep a client on one droplet.
        type: str
        choices: [none, cookies]
        default: none
      cookie_name:
        description: Name of the cookie; required with O(sticky_sessions.type=cookies).
        type: str
      cookie_ttl_seconds:
        description: Lifetime of the cookie; required with O(sticky_sessions.type=cookies).
        type: int
  redirect_http_to_https:
    description: Redirect HTTP on port 80 to HTTPS on port 443.
    type: bool
    default: false
  enable_proxy_protocol:
    description: Speak the PROXY protocol to the droplets.
    type: bool
    default: false
  enable_backend_keepalive:
    description: Keep connections to the droplets open.
    type: bool
    default: false
  http_idle_timeout_seconds:
    description: Idle timeout of HTTP connections, 30 to 600.
    type: int
    default: 60
  algorithm:
    description: How droplets are chosen (the API deprecates this setting but still honours it).
    type: str
    choices: [round_robin, least_connections]
    default: round_robin
  firewall:
    description: Who may connect; every address when unset.
    type: dict
    suboptions:
      allow:
        description: Sources allowed, as V(ip:203.0.113.7) or V(cidr:203.0.113.0/24).
        type: list
        elements: str
        default: []
      deny:
        description: Sources refused, in the same form.
        type: list
        elements: str
        default: []
  project:
    description:
      - Project name or id the load balancer belongs to. Not compared when unset (new load balancers then go
        to the default project). A different project moves the load balancer there.
    type: str
"""

EXAMPLES = r"""
- name: The web load balancer, HTTP on 80 to 8080, droplets by name
  tide.digitalocean.load_balancer:
    name: web-lb
    region: nyc3
    vpc: app
    size: lb-small
    droplets: [web-1, web-2]
    forwarding_rules:
      - {entry_protocol: http, entry_port: 80, target_protocol: http, target_port: 8080}
    health_check:
      port: 8080
      path: /health
    firewall:
      deny: [cidr:198.51.100.0/24]
  register: lb

- name: Its address
  ansible.builtin.debug:
    msg: "{{ lb.load_balancer.ip }}"

- name: Backends by tag, sticky sessions
  tide.digitalocean.load_balancer:
    name: web-lb
    region: nyc3
    tag: web
    forwarding_rules:
      - {entry_protocol: http, entry_port: 80, target_protocol: http, target_port: 8080}
    sticky_sessions: {type: cookies, cookie_name: lb, cookie_ttl_seconds: 300}

- name: Delete it
  tide.digitalocean.load_balancer:
    name: web-lb
    region: nyc3
    state: absent
"""

RETURN = r"""
load_balancer:
  description:
    - The load balancer as the API describes it after the task (with RV(load_balancer.ip) once it is active).
    - In check mode the current load balancer with the predicted settings; for a create, the predicted settings
      with C(id), C(ip) and C(status) as placeholders. Empty after O(state=absent).
  returned: always
  type: dict
  sample:
    id: 4de7ac8b-495b-4884-9a69-1050c6793cd6
    name: web-lb
    ip: 198.18.0.20
    status: active
    size_unit: 1
    region: {slug: nyc3}
    vpc_uuid: c33931f2-a26a-4e61-b85c-4e95a2ec431b
    droplet_ids: [3164444, 3164445]
    forwarding_rules:
      - {entry_protocol: http, entry_port: 80, target_protocol: http, target_port: 8080,
         certificate_id: "", tls_passthrough: false}
  contains:
    ip:
      description: The public address (empty while the load balancer is still new).
      returned: success
      type: str
      sample: 198.18.0.20
    status:
      description: V(new) until the load balancer is ready, then V(active).
      returned: success
      type: str
      sample: active
"""

import ipaddress
import re

from ansible_collections.tide.digitalocean.plugins.module_utils.droplets import droplet_ids
from ansible_collections.tide.digitalocean.plugins.module_utils.errors import DigitalOceanError
from ansible_collections.tide.digitalocean.plugins.module_utils.lookup import (
    find_by_name,
    looks_like_uuid,
    region_slug,
    require,
    resolve_vpc,
)
from ansible_collections.tide.digitalocean.plugins.module_utils.module import DigitalOceanModule
from ansible_collections.tide.digitalocean.plugins.module_utils.state import CREATE, UPDATE, ResourceState, summarize
from ansible_collections.tide.digitalocean.plugins.module_utils.tags import ensure_tags
from ansible_collections.tide.digitalocean.plugins.module_utils.wait import wait_for_resource

NAME_RULE = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9.-]{0,254}$")
SIZE_UNITS = {"lb-small": 1, "lb-medium": 3, "lb-large": 6}
TLS_ENTRY = ("https", "http2", "http3")
HEALTH_CHECK_DEFAULTS = dict(
    protocol="http",
    port=80,
    path="/",
    check_interval_seconds=10,
    response_timeout_seconds=5,
    unhealthy_threshold=5,
    healthy_threshold=3,
)
HEALTH_CHECK_RANGES = dict(
    port=(1, 65535),
    check_interval_seconds=(3, 300),
    response_timeout_seconds=(3, 300),
    unhealthy_threshold=(2, 10),
    healthy_threshold=(2, 10),
)
FLAGS = ("redirect_http_to_https", "enable_proxy_protocol", "enable_backend_keepalive")
PLACEHOLDER = "(known after creation)"
URN = "do:loadbalancer:%s"


def rule_key(rule):
    return (
        rule["entry_protocol"],
        rule["entry_port"],
        rule["target_protocol"],
        rule["target_port"],
        rule["certificate_id"],
        rule["tls_passthrough"],
    )


def canonical_rules(rules):
    """Forwarding rules with their defaults, in one order (the API keeps them in any)."""
    canonical = []
    for rule in rules or []:
        item = dict(
            entry_protocol=rule.get("entry_protocol"),
            entry_port=rule.get("entry_port"),
            target_protocol=rule.get("target_protocol"),
            target_port=rule.get("target_port"),
            certificate_id=rule.get("certificate_id") or "",
            tls_passthrough=bool(rule.get("tls_passthrough")),
        )
        if item not in canonical:
            canonical.append(item)
    return sorted(canonical, key=lambda r: tuple(str(v) for v in rule_key(r)))


def canonical_health_check(check):
    """A health check with every default filled in; the path only counts for http(s) checks."""
    result = dict(HEALTH_CHECK_DEFAULTS)
    for key, value in (check or {}).items():
        if key in result and value is not None:
            result[key] = value
    if result["protocol"] == "tcp":
        result.pop("path")
    return result


def canonical_sticky(sticky):
    sticky = sticky or {}
    if (sticky.get("type") or "none") == "none":
        return {"type": "none"}
    return {
        "type": "cookies",
        "cookie_name": sticky.get("cookie_name"),
        "cookie_ttl_seconds": sticky.get("cookie_ttl_seconds"),
    }


def canonical_firewall(firewall):
    firewall = firewall or {}
    return {"allow": sorted(set(firewall.get("allow") or [])), "deny": sorted(set(firewall.get("deny") or []))}


def rule_problems(rules):
    """What is wrong with the task's forwarding rules (the API's own checks, before any request)."""
    problems = []
    seen = {}
    for index, rule in enumerate(rules):
        where = "forwarding_rules[%d]" % index
        entry, target = rule["entry_protocol"], rule["target_protocol"]
        for port in ("entry_port", "target_port"):
            if not 1 <= rule[port] <= 65535:
                problems.append("%s.%s %d is not a port (1-65535)" % (where, port, rule[port]))
        if (entry == "udp") != (target == "udp"):
            problems.append("%s: udp forwarding needs udp as both entry_protocol and target_protocol" % where)
        if rule["tls_passthrough"] and (entry != "https" or target != "https"):
            problems.append("%s: tls_passthrough needs https as both entry_protocol and target_protocol" % where)
        if rule["tls_passthrough"] and rule["certificate_id"]:
            problems.append("%s: use either tls_passthrough or a certificate_id, not both" % where)
        if entry in TLS_ENTRY and not (rule["tls_passthrough"] or rule["certificate_id"]):
            problems.append("%s: an %s entry needs a certificate_id or tls_passthrough" % (where, entry))
        if rule["certificate_id"] and entry not in TLS_ENTRY:
            problems.append("%s: a certificate_id only applies to https, http2 or http3 entries" % where)
        port_key = (rule["entry_port"], entry == "udp")
        if port_key in seen:
            problems.append(
                "%s: entry_port %d is already used by forwarding_rules[%d]"
                % (where, rule["entry_port"], seen[port_key])
            )
        seen.setdefault(port_key, index)
    return problems


def firewall_problems(firewall):
    problems = []
    for name in ("allow", "deny"):
        for entry in (firewall or {}).get(name) or []:
            kind, _sep, value = entry.partition(":")
            try:
                if kind == "ip":
                    valid = ipaddress.ip_address(value)
                else:
                    valid = kind == "cidr" and ipaddress.ip_network(value, strict=False)
            except ValueError:
                valid = False
            if not valid:
                problems.append(
                    "firewall.%s entry %r must look like ip:203.0.113.7 or cidr:203.0.113.0/24" % (name, entry)
                )
    return problems


def option_problems(params):
    """Every problem with the task's settings that needs no request, as messages."""
    problems = []
    if not NAME_RULE.match(params["name"]):
        problems.append(
            "name %r must be letters, digits, periods or dashes, starting with a letter or digit" % params["name"]
        )
    if params["state"] == "absent":
        return problems
    if not params["forwarding_rules"]:
        problems.append("forwarding_rules needs at least one rule")
    problems.extend(rule_problems(params["forwarding_rules"] or []))
    if params["size_unit"] is not None and not 1 <= params["size_unit"] <= 100:
        problems.append("size_unit %d must be between 1 and 100" % params["size_unit"])
    check = params["health_check"] or {}
    for key, (low, high) in HEALTH_CHECK_RANGES.items():
        value = check.get(key)
        if value is not None and not low <= value <= high:
            problems.append("health_check.%s %d must be between %d and %d" % (key, value, low, high))
    if check.get("protocol") != "tcp" and check.get("path") is not None and not check["path"].startswith("/"):
        problems.append("health_check.path %r must start with /" % check["path"])
    sticky = params["sticky_sessions"] or {}
    if sticky.get("type") == "cookies":
        if not re.match(r"^[A-Za-z0-9_-]{1,40}$", sticky.get("cookie_name") or ""):
            problems.append("sticky_sessions.cookie_name must be 1 to 40 letters, digits, '-' or '_'")
        if (sticky.get("cookie_ttl_seconds") or 0) < 1:
            problems.append("sticky_sessions.cookie_ttl_seconds must be a positive number of seconds")
    timeout = params["http_idle_timeout_seconds"]
    if not 30 <= timeout <= 600:
        problems.append("http_idle_timeout_seconds %d must be between 30 and 600" % timeout)
    problems.extend(firewall_problems(params["firewall"]))
    return problems


def is_active(lb):
    return lb.get("status") == "active"


class LoadBalancerState(ResourceState):
    kind = "load balancer"
    immutable = ("region", "vpc_uuid")

    def __init__(self, module):
        super(LoadBalancerState, self).__init__(module)
        self.name = module.params["name"]
        self.region = module.params["region"]
        self.found = None

    def identities(self):
        return [self.name]

    def find(self):
        self.found = find_by_name(
            self.api, "load_balancers.list", "load_balancers", self.name, "load balancer", region=self.region
        )
        return {self.name: self.found} if self.found else {}

    def vpc_uuid(self):
        """The uuid of O(vpc); a name costs one VPC listing (in check mode a missing one is assumed, with a warning)."""
        vpc = self.module.params["vpc"]
        if vpc is None or looks_like_uuid(vpc):
            return vpc

        return self.memo("vpc", lambda: resolve_vpc(self.api, vpc, self.region))

    def project_id(self):
        """The id of O(project); a name costs one project listing (assumed in check mode like O(vpc))."""
        project = self.module.params["project"]
        if project is None or looks_like_uuid(project):
            return project

        def lookup():
            found = find_by_name(self.api, "projects.list", "projects", project, "project", hint="give its id")
            return require(found, "project", project, option="project", api=self.api)["id"]

        return self.memo("project", lookup)

    def backend_ids(self):
        """The ids of O(droplets), sorted; names cost one droplet listing (assumed in check mode like O(vpc))."""
        wanted = self.module.params["droplets"]
        if wanted is None:
            return None

        return self.memo("droplets", lambda: droplet_ids(self.api, wanted, self.region, option="droplets"))

    def view(self, resource):
        tag = resource.get("tag") or ""
        view = {
            "name": resource["name"],
            "region": region_slug(resource),
            "size_unit": resource.get("size_unit") or SIZE_UNITS.get(resource.get("size"), 1),
            "vpc_uuid": resource.get("vpc_uuid"),
            "project_id": resource.get("project_id"),
            "tag": tag,
            "droplet_ids": [] if tag else sorted(resource.get("droplet_ids") or []),
            "forwarding_rules": canonical_rules(resource.get("forwarding_rules")),
            "health_check": canonical_health_check(resource.get("health_check")),
            "sticky_sessions": canonical_sticky(resource.get("sticky_sessions")),
            "http_idle_timeout_seconds": resource.get("http_idle_timeout_seconds") or 60,
            "algorithm": resource.get("algorithm") or "round_robin",
            "firewall": canonical_firewall(resource.get("firewall")),
        }
        for flag in FLAGS:
            view[flag] = bool(resource.get(flag))
        return view

    def desired(self, identity):
        params = self.module.params
        if params["size"]:
            size_unit = SIZE_UNITS[params["size"]]
        else:
            size_unit = params["size_unit"] or 1
        tag = droplets = None
        if params["tag"] is not None:
            tag, droplets = params["tag"], []
        elif params["droplets"] is not None:
            tag, droplets = "", self.backend_ids()
        desired = {
            "name": identity,
            "region": self.region,
            "size_unit": size_unit,
            "vpc_uuid": self.vpc_uuid(),
            "project_id": self.project_id(),
            "tag": tag,
            "droplet_ids": droplets,
            "forwarding_rules": canonical_rules(params["forwarding_rules"]),
            "health_check": canonical_health_check(params["health_check"]),
            "sticky_sessions": canonical_sticky(params["sticky_sessions"]),
            "http_idle_timeout_seconds": params["http_idle_timeout_seconds"],
            "algorithm": params["algorithm"],
            "firewall": canonical_firewall(params["firewall"]),
        }
        for flag in FLAGS:
            desired[flag] = params[flag]
        return desired

    def body(self, view):
        """Every setting, as the create and the full replacement (PUT) take them."""
        body = dict(
            name=view["name"],
            region=view["region"],
            size_unit=view["size_unit"],
            forwarding_rules=view["forwarding_rules"],
            health_check=view["health_check"],
            sticky_sessions=view["sticky_sessions"],
            http_idle_timeout_seconds=view["http_idle_timeout_seconds"],
            algorithm=view["algorithm"],
            firewall=view["firewall"],
        )
        for flag in FLAGS:
            body[flag] = view[flag]
        if view.get("vpc_uuid"):
            body["vpc_uuid"] = view["vpc_uuid"]
        if view.get("tag"):
            body["tag"] = view["tag"]
        else:
            body["droplet_ids"] = view.get("droplet_ids") or []
        return body

    def wait_active(self, lb):
        if not self.module.params["wait"] or is_active(lb):
            return lb
        return wait_for_resource(
            self.api,
            "load_balancers.get",
            "load_balancer",
            is_active,
            self.module.params["wait_timeout"],
            "load balancer %s to be active" % lb["name"],
            lb_id=lb["id"],
        )

    def recover(self):
        found = self.find().get(self.name)
        return {"load_balancer": found} if found else None

    def create(self, plans):
        plan = plans[0]
        if plan.after.get("tag"):
            ensure_tags(self.api, [plan.after["tag"]])
        body = self.body(plan.after)
        if plan.after.get("project_id"):
            body["project_id"] = plan.after["project_id"]
        lb = self.api.write("load_balancers.create", recover=self.recover, body=body)["load_balancer"]
        return {plan.identity: self.wait_active(lb)}

    def update(self, plan, resource):
        changes = plan.changes
        lb = resource
        if "tag" in changes and plan.after.get("tag"):
            ensure_tags(self.api, [plan.after["tag"]])
        if set(changes) - set(["project_id"]):
            lb = self.api.call("load_balancers.update", lb_id=resource["id"], body=self.body(plan.after))[
                "load_balancer"
            ]
        if "project_id" in changes:
            self.api.call(
                "projects.assign_resources",
                project_id=plan.after["project_id"],
                body={"resources": [URN % resource["id"]]},
            )
            lb = dict(lb, project_id=plan.after["project_id"])
        return self.wait_active(lb)

    def delete(self, plan, resource):
        self.api.call("load_balancers.delete", lb_id=resource["id"], missing_ok=True)


def check_mode_result(plan, found):
    """What check mode returns: the current load balancer with the predicted settings, or placeholders."""
    predicted = dict(plan.after)
    if plan.action == CREATE:
        predicted.update(id=PLACEHOLDER, ip=PLACEHOLDER, status="new")
        return predicted
    if plan.action == UPDATE:
        result = dict(found)
        for key, value in predicted.items():
            if key == "region" or (key == "droplet_ids" and predicted.get("tag")):
                continue
            result[key] = value
        return result
    return found or {}


def main():
    module = DigitalOceanModule(
        argument_spec=dict(
            name=dict(type="str", required=True),
            region=dict(type="str", required=True),
            state=dict(type="str", default="present", choices=["present", "absent"]),
            size=dict(type="str", choices=list(SIZE_UNITS)),
            size_unit=dict(type="int"),
            vpc=dict(type="str"),
            droplets=dict(type="list", elements="str"),
            tag=dict(type="str"),
            forwarding_rules=dict(
                type="list",
                elements="dict",
                options=dict(
                    entry_protocol=dict(
                        type="str", required=True, choices=["http", "https", "http2", "http3", "tcp", "udp"]
                    ),
                    entry_port=dict(type="int", required=True),
                    target_protocol=dict(type="str", required=True, choices=["http", "https", "http2", "tcp", "udp"]),
                    target_port=dict(type="int", required=True),
                    certificate_id=dict(type="str", default=""),
                    tls_passthrough=dict(type="bool", default=False),
                ),
            ),
            health_check=dict(
                type="dict",
                options=dict(
                    protocol=dict(type="str", default="http", choices=["http", "https", "tcp"]),
                    port=dict(type="int", default=80),
                    path=dict(type="str", default="/"),
                    check_interval_seconds=dict(type="int", default=10),
                    response_timeout_seconds=dict(type="int", default=5),
                    unhealthy_threshold=dict(type="int", default=5),
                    healthy_threshold=dict(type="int", default=3),
                ),
            ),
            sticky_sessions=dict(
                type="dict",
                options=dict(
                    type=dict(type="str", default="none", choices=["none", "cookies"]),
                    cookie_name=dict(type="str"),
                    cookie_ttl_seconds=dict(type="int"),
                ),
                required_if=[("type", "cookies", ("cookie_name", "cookie_ttl_seconds"))],
            ),
            redirect_http_to_https=dict(type="bool", default=False),
            enable_proxy_protocol=dict(type="bool", default=False),
            enable_backend_keepalive=dict(type="bool", default=False),
            http_idle_timeout_seconds=dict(type="int", default=60),
            algorithm=dict(type="str", default="round_robin", choices=["round_robin", "least_connections"]),
            firewall=dict(
                type="dict",
                options=dict(
                    allow=dict(type="list", elements="str", default=[]),
                    deny=dict(type="list", elements="str", default=[]),
                ),
            ),
            project=dict(type="str"),
        ),
        wait=True,
        mutually_exclusive=[("droplets", "tag"), ("size", "size_unit")],
        supports_check_mode=True,
    )
    params = module.params
    problems = option_problems(params)
    if problems:
        module.fail_json(msg="; ".join(problems))
    try:
        manager = LoadBalancerState(module)
        plans, resources = manager.run(params["state"] == "present")
        lb = resources.get(manager.name) or {}
        if module.check_mode and params["state"] == "present":
            lb = check_mode_result(plans[0], manager.found)
        elif lb and plans[0].action not in (CREATE, UPDATE):
            lb = manager.wait_active(lb)
    except DigitalOceanError as error:
        module.fail_from_error(error)
    changed, diff = summarize(plans)
    module.exit_json(changed=changed, diff=diff, load_balancer=lb)


if __name__ == "__main__":
    main()
