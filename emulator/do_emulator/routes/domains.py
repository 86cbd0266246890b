"""Domains: /v2/domains (list, create) and /v2/domains/{domain_name} (get, delete). Account-wide, no region.

A new domain gets the records the API creates with it: its SOA record (read-only but for its ttl), the three
DigitalOcean name servers as NS records at the apex and, when `ip_address` is given, an A record for `@`. The
domain's `ttl` is its SOA record's and its `zone_file` is rendered from its records when read (the create
response shows `zone_file: null`, as the API's does: the zone is written afterwards). Names are case-insensitive
and kept in lower case. This module owns the record document too (`new_record`); the record routes are in
domain_records.py.
"""

import ipaddress
import re
from urllib.parse import unquote

from .. import project_membership
from ..errors import bad_request, not_found, unprocessable
from ..http import created, no_content, ok
from ..lifecycle import iso
from ..pagination import paginate
from ..router import route

KIND = "domains"
RECORDS = "domain_records"
NAME_SERVERS = ("ns1.digitalocean.com", "ns2.digitalocean.com", "ns3.digitalocean.com")
DEFAULT_TTL = 1800
SOA_TIMERS = "10800 3600 604800"  # refresh, retry, expire: as in the API's zone files
RECORD_FIELDS = ("type", "name", "data", "priority", "port", "ttl", "weight", "flags", "tag")
MAX_NAME = 253
LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
TLD = re.compile(r"^([a-z]{2,63}|xn--[a-z0-9-]{1,59})$")


# -- names ----------------------------------------------------------------------------------------------------
def check_name(value):
    """A domain name as stored (lower case), or 422."""
    if value in (None, ""):
        raise unprocessable("name is required")
    if not isinstance(value, str):
        raise bad_request("name must be a string")
    name = value.lower()
    labels = name.split(".")
    if len(name) > MAX_NAME or len(labels) < 2 or not all(LABEL.match(label) for label in labels) \
            or not TLD.match(labels[-1]):
        raise unprocessable("name %r is not a valid domain name: use the standard format domain.TLD, such as "
                            "example.com" % value)
    return name


def find(req, domain_name=None):
    """The stored domain of the path (a private copy), or 404."""
    name = unquote(req.params["domain_name"] if domain_name is None else domain_name).lower()
    domain = req.store.get(KIND, name)
    if domain is None:
        raise not_found()
    return domain


def records_of(req, domain_name):
    """The domain's stored records, oldest first."""
    return [r for r in req.store.all(RECORDS) if r["domain"] == domain_name]


def fqdn(record_name, domain_name):
    return domain_name if record_name == "@" else "%s.%s" % (record_name, domain_name)


# -- records: the document shape, shared with domain_records.py ---------------------------------------------------
def new_record(req, domain_name, fields):
    """Stores a record of the domain from its checked fields; returns the stored document."""
    record = {"id": req.store.next_id("domain_record", start=28448429), "domain": domain_name}
    record.update({k: fields.get(k) for k in RECORD_FIELDS})
    req.store.put(RECORDS, record)
    return record


def present_record(record):
    return {"id": record["id"], **{k: record[k] for k in RECORD_FIELDS}}


def touch(req, domain):
    """A record of the domain changed: the zone's serial moves on."""
    domain["_serial"] = max(int(req.now), domain.get("_serial", 0) + 1)
    req.store.put(KIND, domain, key=domain["name"])


# -- the zone file ----------------------------------------------------------------------------------------------
def _absolute(target, domain_name):
    return "%s." % (domain_name if target == "@" else target)


def _rdata(record, domain_name):
    kind, data = record["type"], record["data"]
    if kind in ("CNAME", "NS"):
        return _absolute(data, domain_name)
    if kind == "MX":
        return "%d %s" % (record["priority"], _absolute(data, domain_name))
    if kind == "SRV":
        return "%d %d %d %s" % (record["priority"], record["weight"], record["port"], _absolute(data, domain_name))
    if kind == "CAA":
        return '%d %s "%s"' % (record["flags"], record["tag"], data)
    if kind == "TXT":
        return data if data.startswith('"') else '"%s"' % data.replace('"', '\\"')
    return data


def soa_record(records):
    return next((r for r in records if r["type"] == "SOA"), None)


def zone_file(domain, records):
    name = domain["name"]
    soa = soa_record(records)
    ttl = soa["ttl"] if soa else DEFAULT_TTL
    lines = ["$ORIGIN %s." % name, "$TTL %d" % ttl,
             "%s. IN SOA %s. hostmaster.%s. %d %s %d" % (name, NAME_SERVERS[0], name, domain["_serial"], SOA_TIMERS,
                                                         ttl)]
    for record in records:
        if record["type"] != "SOA":
            lines.append("%s. %d IN %s %s" % (fqdn(record["name"], name), record["ttl"], record["type"],
                                              _rdata(record, name)))
    return "\n".join(lines) + "\n"


def present(req, domain, with_zone=True):
    records = records_of(req, domain["name"])
    soa = soa_record(records)
    return {"name": domain["name"], "ttl": soa["ttl"] if soa else DEFAULT_TTL,
            "zone_file": zone_file(domain, records) if with_zone else None}


# -- routes ---------------------------------------------------------------------------------------------------
@route("GET", "/v2/domains")
def list_domains(req):
    return ok(paginate(req, req.store.all(KIND), "domains", present=lambda d: present(req, d)))


@route("POST", "/v2/domains")
def create_domain(req):
    body = req.json()
    name = check_name(body.get("name"))
    ip_address = body.get("ip_address")
    if ip_address not in (None, ""):
        if not isinstance(ip_address, str):
            raise bad_request("ip_address must be a string")
        try:
            ipaddress.IPv4Address(ip_address)
        except ValueError:
            raise unprocessable("ip_address %r is not a valid IPv4 address" % ip_address) from None
    if req.store.exists(KIND, name):
        raise unprocessable("domain '%s': name already exists" % name)
    domain = {"name": name, "created_at": iso(req.now), "_serial": int(req.now)}
    req.store.put(KIND, domain, key=name)
    new_record(req, name, {"type": "SOA", "name": "@", "data": str(DEFAULT_TTL), "ttl": DEFAULT_TTL})
    for server in NAME_SERVERS:
        new_record(req, name, {"type": "NS", "name": "@", "data": server, "ttl": DEFAULT_TTL})
    if ip_address:
        new_record(req, name, {"type": "A", "name": "@", "data": ip_address, "ttl": DEFAULT_TTL})
    return created({"domain": present(req, domain, with_zone=False)})


@route("GET", "/v2/domains/{domain_name}")
def get_domain(req):
    return ok({"domain": present(req, find(req))})


@route("DELETE", "/v2/domains/{domain_name}")
def delete_domain(req):
    domain = find(req)
    for record in records_of(req, domain["name"]):
        req.store.delete(RECORDS, record["id"])
    req.store.delete(KIND, domain["name"])
    project_membership.forget(req, "do:domain:%s" % domain["name"])
    return no_content()
