"""Domain records: /v2/domains/{domain_name}/records (list with `type`/`name` filters, create) and
/v2/domains/{domain_name}/records/{domain_record_id} (get, PUT, PATCH, delete).

What the API accepts, per type: A (IPv4 data), AAAA (IPv6 data), CNAME, MX (`priority`), NS, SRV (`priority`,
`port`, `weight`), CAA (`flags` 0-255, `tag` issue/issuewild/iodef), TXT; SOA is read-only but for its ttl and
cannot be deleted. Every type but MX (whose name defaults to `@`) needs a name and all need data; `ttl` is at
least 30 (1800 by default). Attributes a type does not use are stored and shown as null.

Names are relative to the domain, `@` for the apex; a fully qualified name (with the trailing dot) is stored
relative ("www.example.com." -> "www", "example.com." -> "@"). Hostname data (CNAME, MX, NS, SRV) is shown
without the trailing dot: "mail.example.net." -> "mail.example.net", "example.com." -> "@", and a relative target
is completed with the domain ("mail" -> "mail.example.com"). A CNAME cannot be at the apex nor share its name with
another record. Records of one name and type form one RRset with one TTL (RFC 2181 5.2): a ttl given on create or
update applies to the whole RRset, and a record created without one joins its RRset's.

PUT and PATCH both change only the attributes sent (the API describes them alike, and clients such as Terraform
send PUT without `type`); the record's type cannot change.
"""

import ipaddress
import re

from ..errors import bad_request, not_found, unprocessable
from ..http import created, no_content, ok
from ..models import domains
from ..pagination import paginate
from ..router import route

TYPES = ("A", "AAAA", "CAA", "CNAME", "MX", "NS", "SOA", "SRV", "TXT")
USES = {"MX": ("priority",), "SRV": ("priority", "port", "weight"), "CAA": ("flags", "tag")}
OPTIONAL_FIELDS = ("priority", "port", "weight", "flags", "tag")
STRINGS = ("name", "data", "tag")
INTEGERS = ("priority", "port", "ttl", "weight", "flags")
RANGES = {"priority": (0, 65535), "port": (0, 65535), "weight": (0, 65535), "flags": (0, 255)}
HOSTNAME_DATA = ("CNAME", "MX", "NS", "SRV")
CAA_TAGS = ("issue", "issuewild", "iodef")
MIN_TTL, MAX_TTL = 30, 2147483647
HOST_LABEL = re.compile(r"^[a-zA-Z0-9_](?:[a-zA-Z0-9_-]{0,61}[a-zA-Z0-9_])?$")


# -- reading the body -----------------------------------------------------------------------------------------
def _given(body):
    """The record attributes the body sets (null counts as not set), type-checked (400 on a wrong JSON type)."""
    given = {}
    for key in STRINGS + INTEGERS:
        value = body.get(key)
        if value is None:
            continue
        if key in STRINGS and not isinstance(value, str):
            raise bad_request("%s must be a string" % key)
        if key in INTEGERS and (not isinstance(value, int) or isinstance(value, bool)):
            raise bad_request("%s must be an integer" % key)
        given[key] = value
    return given


def _type(body, required):
    value = body.get("type")
    if value in (None, ""):
        if required:
            raise unprocessable("type is required")
        return None
    if not isinstance(value, str):
        raise bad_request("type must be a string")
    if value not in TYPES:
        raise unprocessable("type %r is not a supported record type; use one of %s" % (value, ", ".join(TYPES)))
    return value


# -- names and data -------------------------------------------------------------------------------------------
def _hostname_ok(name, wildcard=False):
    labels = name.split(".")
    if wildcard and labels[0] == "*":
        labels = labels[1:]
    return all(HOST_LABEL.match(label) for label in labels)


def _relative_name(name, domain_name):
    if name == "@":
        return name
    if name.endswith("."):
        absolute = name[:-1].lower()
        if absolute == domain_name:
            return "@"
        if not absolute.endswith("." + domain_name):
            raise unprocessable("name %r is not within the domain %s" % (name, domain_name))
        name = name[:-len(domain_name) - 2]
    if not name or not _hostname_ok(name, wildcard=True):
        raise unprocessable("name %r is invalid: use @ for the apex, or a host name relative to the domain (letters, "
                            "digits, '-', '_' and '.', optionally starting with '*.')" % name)
    if len(domains.fqdn(name, domain_name)) > domains.MAX_NAME:
        raise unprocessable("name %r makes a host name longer than %d characters" % (name, domains.MAX_NAME))
    return name


def _hostname_target(data, domain_name):
    """A CNAME/MX/NS/SRV target as the API stores it: '@', or an absolute name without the trailing dot."""
    if data == "@":
        return data
    if data.endswith("."):
        target = data[:-1]
        if target.lower() == domain_name:
            return "@"
    else:
        target = "%s.%s" % (data, domain_name)
    if not target or len(target) > domains.MAX_NAME or not _hostname_ok(target):
        raise unprocessable("data %r is not a valid host name" % data)
    return target


def _check_data(kind, data, record, domain_name):
    if kind == "A":
        try:
            ipaddress.IPv4Address(data)
        except ValueError:
            raise unprocessable("data %r is not a valid IPv4 address" % data) from None
        return data
    if kind == "AAAA":
        try:
            ipaddress.IPv6Address(data)
        except ValueError:
            raise unprocessable("data %r is not a valid IPv6 address" % data) from None
        return data
    if kind in HOSTNAME_DATA:
        return _hostname_target(data, domain_name)
    if kind == "CAA" and record["tag"] in ("issue", "issuewild") and data.endswith("."):
        return data[:-1]
    return data


def _checked(record, domain_name, fresh=("name", "data")):
    """The record (type, every attribute present, null when unset) validated, its `fresh` name and data (those a
    request sent; stored ones are normalised already) normalised, or 422."""
    kind = record["type"]
    for key in OPTIONAL_FIELDS:
        if key not in USES.get(kind, ()):
            record[key] = None
        elif record[key] is None:
            raise unprocessable("%s is required for %s records" % (key, kind))
        elif key in RANGES and not RANGES[key][0] <= record[key] <= RANGES[key][1]:
            raise unprocessable("%s must be between %d and %d" % (key, RANGES[key][0], RANGES[key][1]))
    if kind == "CAA" and record["tag"] not in CAA_TAGS:
        raise unprocessable("tag must be one of %s" % ", ".join(CAA_TAGS))
    if record["name"] in (None, ""):
        raise unprocessable("name is required for %s records" % kind)
    if "name" in fresh:
        record["name"] = _relative_name(record["name"], domain_name)
    if kind == "CNAME" and record["name"] == "@":
        raise unprocessable("CNAME records cannot be created at the apex (@) of the domain")
    if record["data"] in (None, ""):
        raise unprocessable("data is required for %s records" % kind)
    if "data" in fresh:
        record["data"] = _check_data(kind, record["data"], record, domain_name)
    if not MIN_TTL <= record["ttl"] <= MAX_TTL:
        raise unprocessable("ttl must be at least %d seconds" % MIN_TTL)
    return record


def _same_name(a, b):
    return a.lower() == b.lower()


def _check_cname_conflict(req, record, domain_name):
    for other in domains.records_of(req, domain_name):
        if other["id"] == record.get("id") or not _same_name(other["name"], record["name"]):
            continue
        if record["type"] == "CNAME" or other["type"] == "CNAME":
            raise unprocessable("a CNAME record cannot share its name %s with any other record"
                                % domains.fqdn(record["name"], domain_name))


def _rrset(req, record, domain_name):
    return [r for r in domains.records_of(req, domain_name)
            if r["id"] != record.get("id") and r["type"] == record["type"] and _same_name(r["name"], record["name"])]


def _set_rrset_ttl(req, record, domain_name):
    for other in _rrset(req, record, domain_name):
        if other["ttl"] != record["ttl"]:
            other = domains.RECORDS.get(req, other["id"])
            other["ttl"] = record["ttl"]
            domains.save_record(req, other)


# -- finding --------------------------------------------------------------------------------------------------
def _find_record(req, domain):
    record = domains.RECORDS.find(req, req.params["domain_record_id"])
    if record["domain"] != domain["name"]:
        raise not_found()
    return record


def _domain(req):
    return domains.find(req, req.params["domain_name"])


def _name_filter(value):
    """The fully qualified name the `name` filter asks for, lower case, without a trailing dot."""
    return value.rstrip(".").lower()


# -- routes ---------------------------------------------------------------------------------------------------
@route("GET", "/v2/domains/{domain_name}/records")
def list_records(req):
    domain = _domain(req)
    records = domains.records_of(req, domain["name"])
    kind = req.arg("type")
    if kind not in (None, ""):
        if kind not in TYPES:
            raise bad_request("type must be one of %s" % ", ".join(TYPES))
        records = [r for r in records if r["type"] == kind]
    name = req.arg("name")
    if name not in (None, ""):
        wanted = _name_filter(name)
        records = [r for r in records if domains.fqdn(r["name"], domain["name"]).lower() == wanted]
    return ok(paginate(req, records, "domain_records", present=domains.present_record))


@route("POST", "/v2/domains/{domain_name}/records")
def create_record(req):
    domain = _domain(req)
    body = req.json()
    kind = _type(body, required=True)
    if kind == "SOA":
        raise unprocessable("The SOA record is created with the domain; it cannot be added (only its ttl can change)")
    given = _given(body)
    record = {key: given.get(key) for key in domains.RECORD_FIELDS}
    record["type"] = kind
    if kind == "MX" and record["name"] is None:
        record["name"] = "@"
    ttl_given = record["ttl"] is not None
    if not ttl_given:
        record["ttl"] = domains.DEFAULT_TTL
    record = _checked(record, domain["name"])
    _check_cname_conflict(req, record, domain["name"])
    rrset = _rrset(req, record, domain["name"])
    if ttl_given:
        _set_rrset_ttl(req, record, domain["name"])
    elif rrset:
        record["ttl"] = rrset[0]["ttl"]
    stored = domains.new_record(req, domain["name"], record)
    domains.touch(req, domain)
    return created({"domain_record": domains.present_record(stored)})


@route("GET", "/v2/domains/{domain_name}/records/{domain_record_id}")
def get_record(req):
    domain = _domain(req)
    return ok({"domain_record": domains.present_record(_find_record(req, domain))})


def _update(req):
    domain = _domain(req)
    record = _find_record(req, domain)
    body = req.json()
    kind = _type(body, required=False)
    if kind is not None and kind != record["type"]:
        raise unprocessable("The type of a record cannot be changed (it is %s); create a new record instead"
                            % record["type"])
    given = _given(body)
    if record["type"] == "SOA":
        changed = sorted(k for k, v in given.items() if k != "ttl" and v != record[k])
        if changed:
            raise unprocessable("Only the ttl of the SOA record can be changed, not %s" % ", ".join(changed))
    updated = dict(record, **given)
    if record["type"] == "SOA":
        if not MIN_TTL <= updated["ttl"] <= MAX_TTL:
            raise unprocessable("ttl must be at least %d seconds" % MIN_TTL)
    else:
        updated = _checked(updated, domain["name"], fresh=given)
        _check_cname_conflict(req, updated, domain["name"])
        if "ttl" in given:
            _set_rrset_ttl(req, updated, domain["name"])
        elif not _same_name(updated["name"], record["name"]):
            rrset = _rrset(req, updated, domain["name"])
            if rrset:
                updated["ttl"] = rrset[0]["ttl"]
    domains.save_record(req, updated)
    domains.touch(req, domain)
    return ok({"domain_record": domains.present_record(updated)})


@route("PUT", "/v2/domains/{domain_name}/records/{domain_record_id}")
def update_record(req):
    return _update(req)


@route("PATCH", "/v2/domains/{domain_name}/records/{domain_record_id}")
def patch_record(req):
    return _update(req)


@route("DELETE", "/v2/domains/{domain_name}/records/{domain_record_id}")
def delete_record(req):
    domain = _domain(req)
    record = _find_record(req, domain)
    if record["type"] == "SOA":
        raise unprocessable("The SOA record of a domain cannot be deleted")
    domains.delete_record(req, record)
    domains.touch(req, domain)
    return no_content()
