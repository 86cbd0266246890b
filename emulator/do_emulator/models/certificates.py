"""Certificates: the "certificates" kind. A `lets_encrypt` certificate is `pending` until `_ready_at`, then
`verified`; an uploaded (`custom`) one is verified at once."""

from ..lifecycle import done
from .collection import Collection

CERTIFICATES = Collection("certificates")
KIND = CERTIFICATES.kind


def present(req, cert):
    shown = {k: v for k, v in cert.items() if not k.startswith("_")}
    shown["state"] = "verified" if done(req, cert["_ready_at"]) else "pending"
    return shown
