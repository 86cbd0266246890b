"""Certificates (/v2/certificates), what load balancers' https forwarding rules name as `certificate_id`.

A `custom` certificate is uploaded as PEM (`private_key`, `leaf_certificate`, optional `certificate_chain`); the
key must match the certificate (Python's ssl module checks both), and `dns_names`, `not_after` and
`sha1_fingerprint` are read from the leaf. A `lets_encrypt` certificate names `dns_names` under domains of the
account's DNS (/v2/domains); it is `pending` for --action-seconds, then `verified`, valid for 90 days, with a
made-up fingerprint. Names are unique in the account (422 for a second one).
"""

import base64
import binascii
import hashlib
import os
import re
import ssl
import tempfile
import uuid
from datetime import datetime, timezone

from ..errors import bad_request, unprocessable
from ..http import created
from ..input_checks import field, required_string
from ..lifecycle import iso, ready_at
from ..models import domains
from ..models.certificates import CERTIFICATES, present
from ..router import route

TYPES = ("custom", "lets_encrypt")
LETS_ENCRYPT_DAYS = 90
MAX_DNS_NAMES = 100
PEM_CERTIFICATE = re.compile(r"-----BEGIN CERTIFICATE-----\s+([A-Za-z0-9+/=\s]+?)-----END CERTIFICATE-----")
DNS_NAME = re.compile(r"^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def _custom(body):
    """(dns_names, not_after, sha1 fingerprint) of an uploaded leaf certificate whose key matches it, else 422."""
    key = required_string(body, "private_key")
    leaf = required_string(body, "leaf_certificate")
    chain = field(body, "certificate_chain", str, default="")
    match = PEM_CERTIFICATE.search(leaf)
    if match is None:
        raise unprocessable("leaf_certificate is not a PEM certificate")
    try:
        der = base64.b64decode("".join(match.group(1).split()), validate=True)
    except (binascii.Error, ValueError):
        raise unprocessable("leaf_certificate is not a PEM certificate") from None
    with tempfile.TemporaryDirectory(prefix="do-emulator-cert-") as folder:
        cert_file, key_file = os.path.join(folder, "cert.pem"), os.path.join(folder, "key.pem")
        with open(cert_file, "w") as f:
            f.write(leaf.strip() + "\n" + chain.strip() + "\n")
        with open(key_file, "w") as f:
            f.write(key)
        try:
            ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER).load_cert_chain(cert_file, key_file)
            decoded = ssl._ssl._test_decode_cert(cert_file)  # the standard library's only X.509 reader
        except (ssl.SSLError, OSError, ValueError):
            raise unprocessable("the private_key does not match the leaf_certificate, or either is invalid") from None
    names = [value for kind, value in decoded.get("subjectAltName", ()) if kind == "DNS"]
    if not names:
        names = [value for rdn in decoded.get("subject", ()) for name, value in rdn if name == "commonName"]
    expires = datetime.strptime(decoded["notAfter"], "%b %d %H:%M:%S %Y %Z").replace(tzinfo=timezone.utc)
    return names, iso(expires.timestamp()), hashlib.sha1(der).hexdigest()  # SHA-1: the API's fingerprint


def _lets_encrypt(req, body):
    names = field(body, "dns_names", list, required=True)
    if not names or len(names) > MAX_DNS_NAMES:
        raise unprocessable("dns_names must name 1 to %d domains" % MAX_DNS_NAMES)
    if not all(isinstance(n, str) for n in names):
        raise bad_request("dns_names must be an array of strings")
    managed = domains.names(req)
    for name in names:
        lowered = name.lower()
        if not DNS_NAME.match(lowered):
            raise unprocessable("dns_names: %r is not a valid domain name" % name)
        parts = lowered.lstrip("*.").split(".")
        if not any(".".join(parts[i:]) in managed for i in range(len(parts) - 1)):
            raise unprocessable("dns_names: %s is not under a domain managed in this account's DNS" % name)
    fingerprint = hashlib.sha1(("%s %s" % (names, req.now)).encode()).hexdigest()
    return list(dict.fromkeys(n.lower() for n in names)), iso(req.now + LETS_ENCRYPT_DAYS * 86400), fingerprint


def _named(req):
    name = req.arg("name")
    return [c for c in CERTIFICATES.all(req) if not name or c["name"] == name]


CERTIFICATES.serve("/v2/certificates/{certificate_id}", "certificate", "certificates", present, listed=_named)


@route("POST", "/v2/certificates")
def create_certificate(req):
    body = req.json()
    name = required_string(body, "name")
    kind = field(body, "type", str, default="lets_encrypt" if "leaf_certificate" not in body else "custom")
    if kind not in TYPES:
        raise unprocessable("type must be custom or lets_encrypt")
    if any(c["name"] == name for c in CERTIFICATES.all(req)):
        raise unprocessable("a certificate named %s already exists" % name)
    if kind == "custom":
        names, not_after, fingerprint = _custom(body)
        ready = req.now
    else:
        names, not_after, fingerprint = _lets_encrypt(req, body)
        ready = ready_at(req)
    cert = {"id": str(uuid.uuid4()), "name": name, "not_after": not_after, "sha1_fingerprint": fingerprint,
            "created_at": iso(req.now), "dns_names": names, "type": kind, "_ready_at": ready}
    CERTIFICATES.save(req, cert)
    return created({"certificate": present(req, cert)})
