"""Checks on request bodies shared by the firewall, database, load balancer, monitoring and project routes.

A value of the wrong JSON type is a 400 (the API cannot even parse it into its model); a well-typed value the
API refuses (unknown region, bad pattern, out of range) is a 422. Every check raises before anything is stored.
"""

import ipaddress
import re
import uuid

from .errors import bad_request, unprocessable


def field(body, name, kind, required=False, default=None):
    """body[name] checked to be of `kind` (a type or tuple of types); null counts as absent; bool is no int."""
    value = body.get(name)
    if value is None:
        if required:
            raise unprocessable("%s is required" % name)
        return default
    if not isinstance(value, kind) or (isinstance(value, bool) and bool not in _as_tuple(kind)):
        raise bad_request("%s has the wrong type" % name)
    return value


def _as_tuple(kind):
    return kind if isinstance(kind, tuple) else (kind,)


def string_list(body, name, required=False):
    """A list of strings (None and absent give [])."""
    values = field(body, name, list, required=required, default=[])
    if any(not isinstance(v, str) for v in values):
        raise bad_request("%s must be an array of strings" % name)
    return list(values)


def int_list(body, name, required=False):
    values = field(body, name, list, required=required, default=[])
    if any(not isinstance(v, int) or isinstance(v, bool) for v in values):
        raise bad_request("%s must be an array of integers" % name)
    return list(values)


def id_list(body, name, required=False):
    """A list of integer ids, where each may also be sent as an integer-valued string ("3164444"), as the API
    takes them for a firewall's droplet_ids (community.digitalocean sends strings); the ids come back as ints."""
    values = field(body, name, list, required=required, default=[])
    ids = []
    for v in values:
        if isinstance(v, str) and v.isascii() and v.isdigit():
            v = int(v)
        if not isinstance(v, int) or isinstance(v, bool):
            raise bad_request("%s must be an array of integers" % name)
        ids.append(v)
    return ids


def required_string(body, name, pattern=None, what=None):
    value = field(body, name, str, required=True)
    if not value.strip():
        raise unprocessable("%s is required" % name)
    if pattern is not None and not re.match(pattern, value):
        raise unprocessable("%s %r is invalid: %s" % (name, value, what or "it does not match %s" % pattern))
    return value


def is_uuid(value):
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def address_or_cidr(value):
    """An IPv4/IPv6 address or CIDR, else None."""
    try:
        return ipaddress.ip_network(value, strict=False)
    except ValueError:
        return None


def unique(values):
    """The values in their first-seen order without repeats."""
    seen = []
    for v in values:
        if v not in seen:
            seen.append(v)
    return seen

