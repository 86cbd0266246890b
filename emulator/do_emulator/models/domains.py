"""Domains and their records: the "domains" kind (keyed by the lower-case name) and "domain_records".

A new domain gets the records the API creates with it: its SOA record (read-only but for its ttl), the three
DigitalOcean name servers as NS records at the apex and, when an address is given, an A record for `@`. The
domain's `ttl` is its SOA record's and its `zone_file` is rendered from its records when read. Every change to a
record moves the zone's serial on (`touch`).
"""

from urllib.parse import unquote

from ..lifecycle import iso
from . import projects
from .collection import Collection


def _lookup(req, domain_name):
    return req.store.get(KIND, unquote(domain_name).lower())


def _lookup_record(req, record_id):
    return req.store.get(RECORDS.kind, record_id) if str(record_id).isdigit() else None


DOMAINS = Collection("domains", key="name", lookup=_lookup)
RECORDS = Collection("domain_records", lookup=_lookup_record)
KIND = DOMAINS.kind
find, exists, all_ = DOMAINS.find, DOMAINS.exists, DOMAINS.all
NAME_SERVERS = ("ns1.digitalocean.com", "ns2.digitalocean.com", "ns3.digitalocean.com")
DEFAULT_TTL = 1800
SOA_TIMERS = "10800 3600 604800"  # refresh, retry, expire: as in the API's zone files
RECORD_FIELDS = ("type", "name", "data", "priority", "port", "ttl", "weight", "flags", "tag")
MAX_NAME = 253


def names(req):
    return {d["name"] for d in DOMAINS.all(req)}


def records_of(req, domain_name):
    """The domain's stored records, oldest first."""
    return [r for r in RECORDS.all(req) if r["domain"] == domain_name]


def fqdn(record_name, domain_name):
    return domain_name if record_name == "@" else "%s.%s" % (record_name, domain_name)


# -- records: the document shape, shared with domain_records.py ---------------------------------------------------
def new_record(req, domain_name, fields):
    """Stores a record of the domain from its checked fields; returns the stored document."""
    record = {"id": req.store.next_id("domain_record", start=28448429), "domain": domain_name}
    record.update({k: fields.get(k) for k in RECORD_FIELDS})
    return RECORDS.save(req, record)


def present_record(record):
    return {"id": record["id"], **{k: record[k] for k in RECORD_FIELDS}}


def touch(req, domain):
    """A record of the domain changed: the zone's serial moves on."""
    domain["_serial"] = max(int(req.now), domain.get("_serial", 0) + 1)
    DOMAINS.save(req, domain)


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


# -- writing the domain ----------------------------------------------------------------------------------------
def create(req, name, ip_address=None):
    """Stores a new domain with the records the API creates with it; returns it."""
    domain = DOMAINS.save(req, {"name": name, "created_at": iso(req.now), "_serial": int(req.now)})
    new_record(req, name, {"type": "SOA", "name": "@", "data": str(DEFAULT_TTL), "ttl": DEFAULT_TTL})
    for server in NAME_SERVERS:
        new_record(req, name, {"type": "NS", "name": "@", "data": server, "ttl": DEFAULT_TTL})
    if ip_address:
        new_record(req, name, {"type": "A", "name": "@", "data": ip_address, "ttl": DEFAULT_TTL})
    return domain


def delete(req, domain):
    """Deletes a domain with its records; its project assignment goes too (a domain's name can come back)."""
    for record in records_of(req, domain["name"]):
        RECORDS.delete(req, record)
    DOMAINS.delete(req, domain)
    projects.forget(req, "do:domain:%s" % domain["name"])


def save_record(req, record):
    return RECORDS.save(req, record)


def delete_record(req, record):
    RECORDS.delete(req, record)
