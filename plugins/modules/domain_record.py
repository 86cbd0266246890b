#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: tide.digitalocean contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: domain_record
short_description: Create, update and delete DNS records of a DigitalOcean domain
version_added: 0.1.0
description:
  - Manages one DNS record of a domain managed by DigitalOcean (see M(tide.digitalocean.domain)).
  - "Identity: O(domain), O(type) and O(name), plus O(data) for every type but CNAME (A, AAAA, MX, TXT, CAA, NS
    and SRV may hold several records of one name; a CNAME is the only record of its name). A CAA record is also
    identified by its O(tag), so C(issue) and C(issuewild) records for the same authority are two records."
  - What is not part of the identity (O(ttl), O(priority), O(port), O(weight), O(flags), the O(data) of a CNAME)
    is updated in place with one PUT of the attributes that differ. A different O(data) of an A record is
    another record; delete the old one with O(state=absent).
  - The API keeps one TTL per name and type (the RRset); a O(ttl) set on one record applies to all records of
    its name and type, and a record created without O(ttl) takes theirs.
  - Names and host name data are compared the way the API stores them, see O(name) and O(data).
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
    description: Shows the record before and after.
options:
  domain:
    description: The domain the record belongs to, for example V(example.com). It must exist.
    type: str
    required: true
  type:
    description: The record type. Cannot change in place (it is part of the identity).
    type: str
    required: true
    choices: [A, AAAA, CAA, CNAME, MX, NS, SRV, TXT]
  name:
    description:
      - The host name relative to O(domain), V(@) for the apex (the default).
      - A fully qualified name (V(www.example.com.), or V(www.example.com) without the dot, ending in O(domain))
        is taken relative to the domain, as the API stores it (V(www)); O(domain) itself is V(@).
      - Compared without regard to case.
    type: str
    default: "@"
  data:
    description:
      - The record's value. Required to create a record; part of the identity except for CNAME.
      - For CNAME, MX, NS and SRV it is a host name. The API stores it fully qualified without the trailing dot,
        and the module compares it the same way. V(mail.example.net.) is V(mail.example.net), a name without the
        trailing dot is relative to O(domain) (V(mail) is V(mail.example.com)), and the domain itself is V(@).
      - For a CAA record with the tag C(issue) or C(issuewild) a trailing dot is dropped.
      - With O(state=absent) and no O(data), every record of that O(type) and O(name) is deleted.
    type: str
  ttl:
    description: Time to live in seconds (at least 30). Not compared when unset; the API's default is 1800.
    type: int
  priority:
    description: Priority of an MX or SRV record (0-65535); required to create one.
    type: int
  port:
    description: Port of an SRV record (0-65535); required to create one.
    type: int
  weight:
    description: Weight of an SRV record (0-65535); required to create one.
    type: int
  flags:
    description: Flags of a CAA record (0-255); required to create one.
    type: int
  tag:
    description: Tag of a CAA record; required to create one and part of its identity.
    type: str
    choices: [issue, issuewild, iodef]
  state:
    description: V(present) the record exists as described, V(absent) it does not.
    type: str
    choices: [present, absent]
    default: present
"""

EXAMPLES = r"""
- name: The web server's address at the apex and for www
  tide.digitalocean.domain_record:
    domain: example.com
    type: A
    name: "{{ item }}"
    data: 203.0.113.10
    ttl: 300
  loop: ["@", www]

- name: Mail, by priority (a second MX is another task with other data)
  tide.digitalocean.domain_record:
    domain: example.com
    type: MX
    data: mail.example.com.
    priority: 10

- name: blog is an alias; changing data updates the CNAME in place
  tide.digitalocean.domain_record:
    domain: example.com
    type: CNAME
    name: blog.example.com.
    data: example.github.io.

- name: Only Let's Encrypt may issue certificates
  tide.digitalocean.domain_record:
    domain: example.com
    type: CAA
    data: letsencrypt.org
    flags: 0
    tag: issue

- name: Remove every TXT record of _acme-challenge
  tide.digitalocean.domain_record:
    domain: example.com
    type: TXT
    name: _acme-challenge
    state: absent
"""

RETURN = r"""
record:
  description:
    - The record as the API describes it. In check mode the predicted record, C(id) V((assigned on creation))
      for a new one (and its C(ttl) a placeholder when O(ttl) is not given).
    - Empty after O(state=absent).
  returned: always
  type: dict
  sample:
    id: 28448433
    type: MX
    name: "@"
    data: mail.example.com
    priority: 10
    port: null
    ttl: 1800
    weight: null
    flags: null
    tag: null
records_deleted:
  description: How many records O(state=absent) deleted (or would delete, in check mode).
  returned: when O(state=absent)
  type: int
  sample: 1
"""

import ipaddress

from ansible_collections.tide.digitalocean.plugins.module_utils.errors import DigitalOceanError
from ansible_collections.tide.digitalocean.plugins.module_utils.lookup import assume, assuming, is_placeholder
from ansible_collections.tide.digitalocean.plugins.module_utils.module import DigitalOceanModule
from ansible_collections.tide.digitalocean.plugins.module_utils.pages import list_all
from ansible_collections.tide.digitalocean.plugins.module_utils.state import CREATE, ResourceState, summarize

TYPES = ("A", "AAAA", "CAA", "CNAME", "MX", "NS", "SRV", "TXT")
USES = {"MX": ("priority",), "SRV": ("priority", "port", "weight"), "CAA": ("flags", "tag")}
OPTIONAL = ("priority", "port", "weight", "flags", "tag")
RANGES = {"priority": (0, 65535), "port": (0, 65535), "weight": (0, 65535), "flags": (0, 255)}
HOSTNAME_DATA = ("CNAME", "MX", "NS", "SRV")
MIN_TTL = 30
NEW_ID = "(assigned on creation)"
RRSET_TTL = "(its name and type's, 1800 for a new name)"


def relative_name(name, domain):
    """``name`` as the API stores it: relative to ``domain``, ``@`` for the apex (fully qualified names accepted)."""
    name = name.strip()
    if name in ("", "@"):
        return "@"
    absolute = name.rstrip(".")
    if absolute.lower() == domain:
        return "@"
    if absolute.lower().endswith("." + domain):
        return absolute[:-len(domain) - 1]
    if name.endswith("."):
        raise DigitalOceanError("name %r is not within the domain %s" % (name, domain))
    return name


def normal_data(kind, data, domain, tag=None):
    """``data`` as the API stores it (see the module documentation), or DigitalOceanError when it cannot be."""
    if kind == "A":
        try:
            return str(ipaddress.IPv4Address(data))
        except ValueError:
            raise DigitalOceanError("data %r is not an IPv4 address (type A)" % data) from None
    if kind == "AAAA":
        try:
            return str(ipaddress.IPv6Address(data))
        except ValueError:
            raise DigitalOceanError("data %r is not an IPv6 address (type AAAA)" % data) from None
    if kind in HOSTNAME_DATA:
        if data == "@":
            return data
        if data.endswith("."):
            target = data[:-1]
            return "@" if target.lower() == domain else target.lower()
        return ("%s.%s" % (data, domain)).lower()
    if kind == "CAA" and tag in ("issue", "issuewild") and data.endswith("."):
        return data[:-1]
    return data


def comparable_data(kind, data):
    """Stored data in the form ``normal_data`` gives (addresses and host names compare without case or spelling)."""
    if data is None:
        return None
    if kind in ("A", "AAAA"):
        try:
            return str(ipaddress.ip_address(data))
        except ValueError:
            return data
    if kind in HOSTNAME_DATA:
        return data.lower()
    return data


def api_data(kind, data):
    """Data as a request carries it: a host name absolute with its trailing dot (the API would complete a name
    without it with the domain a second time), anything else as it is."""
    if kind in HOSTNAME_DATA and data != "@":
        return data + "."
    return data


class RecordState(ResourceState):
    kind = "domain record"

    def __init__(self, module):
        super(RecordState, self).__init__(module)
        params = module.params
        self.domain = params["domain"]
        self.type = params["type"]
        self.name = params["name"]
        self.data = params["data"]
        self.tag = params["tag"]
        self.matches = []
        self.duplicates = {}

    def key(self, record):
        """The identity of a record (of this type and name): its data (and CAA tag), or nothing for a CNAME."""
        if self.type == "CNAME":
            return "%s %s.%s" % (self.type, self.name, self.domain)
        parts = [self.type, "%s.%s" % (self.name, self.domain), comparable_data(self.type, record.get("data"))]
        if self.type == "CAA":
            parts.insert(2, record.get("tag"))
        return " ".join(str(part) for part in parts)

    def identities(self):
        if self.data is None and self.type != "CNAME":
            # state=absent without data: every record of the type and name.
            return sorted(set(self.key(record) for record in self.matches))
        return [self.key({"data": self.data, "tag": self.tag})]

    def find(self):
        fqdn = self.domain if self.name == "@" else "%s.%s" % (self.name, self.domain)
        try:
            records = list_all(self.api, "domains.list_records", "domain_records", domain_name=self.domain,
                               type=self.type, name=fqdn)
        except DigitalOceanError as error:
            if not error.not_found:
                raise
            if self.module.params["state"] == "absent":
                return {}
            if assuming(self.api):  # check mode: an earlier task creates the domain; it has no records yet
                assume(self.api, "domain", self.domain, option="domain")
                return {}
            raise DigitalOceanError("domain %s does not exist (create it with tide.digitalocean.domain first)"
                                    % self.domain, status=404) from None
        wanted = self.name.lower()
        self.matches = [r for r in records if r.get("type") == self.type and r.get("name", "").lower() == wanted]
        found = {}
        for record in self.matches:
            found.setdefault(self.key(record), []).append(record)
        for identity, same in found.items():
            if len(same) > 1 and self.module.params["state"] == "present":
                ids = ", ".join(str(r["id"]) for r in same)
                raise DigitalOceanError("%d records are %s (ids %s); delete the extra ones, the module will not guess "
                                        "which one is meant" % (len(same), identity, ids))
        self.duplicates = found
        self.found = dict((identity, same[0]) for identity, same in found.items())
        return dict((identity, same[0]) for identity, same in found.items())

    def view(self, resource):
        name = self.name if resource["name"].lower() == self.name.lower() else resource["name"]
        view = {"type": resource["type"], "name": name,
                "data": comparable_data(self.type, resource.get("data")), "ttl": resource.get("ttl")}
        for field in USES.get(self.type, ()):
            view[field] = resource.get(field)
        return view

    def desired(self, identity):
        params = self.module.params
        desired = {"type": self.type, "name": self.name, "data": self.data, "ttl": params["ttl"]}
        for field in USES.get(self.type, ()):
            desired[field] = params[field]
        return desired

    def validate(self, plan, resource):
        if plan.action == CREATE:
            missing = [field for field in ("data", *USES.get(self.type, ())) if self.module.params[field] is None]
            if missing:
                raise DigitalOceanError("%s does not exist; %s %s required to create a %s record"
                                        % (plan.identity, " and ".join(missing),
                                           "is" if len(missing) == 1 else "are", self.type))

    def predict(self, plan, resource=None):
        """The record as the API would answer (check mode): the found one with the changes, or a new one."""
        if plan.action == CREATE:
            params = self.module.params
            record = {"id": NEW_ID, "type": self.type, "name": self.name, "data": self.data,
                      "ttl": params["ttl"] if params["ttl"] is not None else RRSET_TTL}
            for field in OPTIONAL:
                record[field] = params[field] if field in USES.get(self.type, ()) else None
            return record
        record = dict(self.found[plan.identity])
        for field, change in plan.changes.items():
            record[field] = change["after"]
        return record

    def body(self, fields):
        params = self.module.params
        body = dict((field, params[field]) for field in fields if params[field] is not None)
        if "data" in body:
            body["data"] = api_data(self.type, body["data"])
        return body

    def recover(self):
        found = self.find().get(self.key({"data": self.data, "tag": self.tag}))
        return {"domain_record": found} if found else None

    def create(self, plans):
        body = self.body(("data", "ttl", *USES.get(self.type, ())))
        body.update(type=self.type, name=self.name)
        record = self.api.write("domains.create_record", recover=self.recover, domain_name=self.domain, body=body)
        return {plans[0].identity: record["domain_record"]}

    def update(self, plan, resource):
        body = dict((field, change["after"]) for field, change in plan.changes.items())
        if "data" in body:
            body["data"] = api_data(self.type, body["data"])
        body["type"] = self.type
        return self.api.call("domains.update_record", domain_name=self.domain, domain_record_id=resource["id"],
                             body=body)["domain_record"]

    def delete(self, plan, resource):
        for record in self.duplicates.get(plan.identity, [resource]):
            self.api.call("domains.delete_record", domain_name=self.domain, domain_record_id=record["id"],
                          missing_ok=True)


def check_params(params, check_mode=False):
    """Normalise and check the options that need no request; return an error message or None.

    In check mode, data may be an earlier task's placeholder (a load balancer's address before it exists): it is
    taken as it is, and only a real run checks it.
    """
    params["domain"] = params["domain"].strip().rstrip(".").lower()
    kind = params["type"]
    unused = [field for field in OPTIONAL if params[field] is not None and field not in USES.get(kind, ())]
    if unused:
        return "%s records do not use %s" % (kind, ", ".join(unused))
    for field, (low, high) in RANGES.items():
        if params[field] is not None and not low <= params[field] <= high:
            return "%s must be between %d and %d, got %d" % (field, low, high, params[field])
    if params["ttl"] is not None and params["ttl"] < MIN_TTL:
        return "ttl must be at least %d seconds, got %d" % (MIN_TTL, params["ttl"])
    if params["data"] is not None and params["data"].strip() == "":
        return "data must not be empty"
    try:
        params["name"] = relative_name(params["name"], params["domain"])
        if kind == "CNAME" and params["name"] == "@":
            return "a CNAME record cannot be at the apex (@) of the domain"
        if params["data"] is not None and not (check_mode and is_placeholder(params["data"])):
            params["data"] = normal_data(kind, params["data"].strip(), params["domain"], params["tag"])
    except DigitalOceanError as error:
        return str(error)
    if params["state"] == "present" and params["data"] is None:
        return "data is required with state=present"
    return None


def main():
    module = DigitalOceanModule(
        argument_spec=dict(
            domain=dict(type="str", required=True),
            type=dict(type="str", required=True, choices=list(TYPES)),
            name=dict(type="str", default="@"),
            data=dict(type="str"),
            ttl=dict(type="int"),
            priority=dict(type="int"),
            port=dict(type="int"),
            weight=dict(type="int"),
            flags=dict(type="int"),
            tag=dict(type="str", choices=["issue", "issuewild", "iodef"]),
            state=dict(type="str", default="present", choices=["present", "absent"]),
        ),
        supports_check_mode=True,
    )
    params = module.params
    problem = check_params(params, module.check_mode)
    if problem:
        module.fail_json(msg=problem)
    if module.check_mode and is_placeholder(params["data"]):
        module.warn("check mode: data is %s, a value an earlier task would create; assumed valid (a real run checks "
                    "it)" % params["data"])
    present = params["state"] == "present"
    try:
        manager = RecordState(module)
        plans, resources = manager.run(present)
    except DigitalOceanError as error:
        module.fail_from_error(error)
    changed, diff = summarize(plans)
    if present:
        record = resources.get(plans[0].identity) or {}
        if module.check_mode and plans[0].changed:
            record = manager.predict(plans[0])
        module.exit_json(changed=changed, diff=diff, record=record)
    deleted = sum(len(manager.duplicates.get(plan.identity, [])) for plan in plans if plan.changed)
    module.exit_json(changed=changed, diff=diff, record={}, records_deleted=deleted)


if __name__ == "__main__":
    main()
