"""Domains: /v2/domains (list, create) and /v2/domains/{domain_name} (get, delete). Account-wide, no region.

A new domain gets the records the API creates with it: its SOA record (read-only but for its ttl), the three
DigitalOcean name servers as NS records at the apex and, when `ip_address` is given, an A record for `@`. The
domain's `ttl` is its SOA record's and its `zone_file` is rendered from its records when read (the create
response shows `zone_file: null`, as the API's does: the zone is written afterwards). Names are case-insensitive
and kept in lower case. The domain and record documents are models/domains.py's; the record routes are in
domain_records.py.
"""

import ipaddress
import re

from ..errors import bad_request, unprocessable
from ..http import created
from ..models import domains
from ..models.domains import present
from ..router import route

MAX_NAME = domains.MAX_NAME
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


# -- routes ---------------------------------------------------------------------------------------------------
domains.DOMAINS.serve("/v2/domains/{domain_name}", "domain", "domains", present, delete=domains.delete)


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
    if domains.exists(req, name):
        raise unprocessable("domain '%s': name already exists" % name)
    domain = domains.create(req, name, ip_address)
    return created({"domain": present(req, domain, with_zone=False)})
