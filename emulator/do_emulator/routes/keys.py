"""SSH keys: /v2/account/keys, addressed by numeric id or by MD5 fingerprint.

The fingerprint is computed from the key itself (MD5 of the decoded key blob, as `ssh-keygen -l -E md5` shows
it), so a key uploaded twice is recognised and refused with 422, as the API does.
"""

import base64
import binascii
import hashlib
import struct
from urllib.parse import unquote

from ..errors import bad_request, not_found, unprocessable
from ..http import created, no_content, ok
from ..pagination import paginate
from ..router import route

KIND = "ssh_keys"
KEY_TYPES = {
    "ssh-rsa", "ssh-dss", "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
    "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com",
}
MAX_NAME = 255


def fingerprint(public_key):
    """The MD5 fingerprint ("aa:bb:...") of an OpenSSH public key line; 422 if it is not one."""
    if not isinstance(public_key, str):
        raise bad_request("public_key must be a string")
    parts = public_key.strip().split()
    if len(parts) < 2 or parts[0] not in KEY_TYPES:
        raise unprocessable("Key invalid type, we support 'ssh-rsa', 'ssh-dss', 'ssh-ed25519' and 'ecdsa-sha2-*' keys")
    try:
        blob = base64.b64decode(parts[1], validate=True)
        (length,) = struct.unpack(">I", blob[:4])
        embedded_type = blob[4:4 + length].decode("ascii")
    except (binascii.Error, struct.error, UnicodeDecodeError):
        raise unprocessable("Key invalid, the key data is not valid base64 OpenSSH key material") from None
    if embedded_type != parts[0]:
        raise unprocessable("Key invalid, the key data does not match its type %s" % parts[0])
    digest = hashlib.md5(blob).hexdigest()  # the API identifies keys by their MD5 fingerprint
    return ":".join(digest[i:i + 2] for i in range(0, len(digest), 2))


def present(key):
    return {"id": key["id"], "fingerprint": key["fingerprint"], "public_key": key["public_key"], "name": key["name"]}


def lookup(req, identifier):
    """The stored key for an id or a fingerprint (int or str), or None."""
    identifier = unquote(str(identifier))
    if identifier.isdigit():
        return req.store.get(KIND, identifier)
    for key in req.store.all(KIND):
        if key["fingerprint"] == identifier:
            return key
    return None


def _find(req):
    key = lookup(req, req.params["ssh_key_identifier"])
    if key is None:
        raise not_found()
    return key


def _name(body):
    name = body.get("name")
    if not isinstance(name, str) or not name.strip():
        raise unprocessable("name is required and must be a non-empty string")
    if len(name) > MAX_NAME:
        raise unprocessable("name may be at most %d characters" % MAX_NAME)
    return name


@route("GET", "/v2/account/keys")
def list_keys(req):
    return ok(paginate(req, req.store.all(KIND), "ssh_keys", present=present))


@route("POST", "/v2/account/keys")
def create_key(req):
    body = req.json()
    name = _name(body)
    if "public_key" not in body:
        raise unprocessable("public_key is required")
    print_ = fingerprint(body["public_key"])
    if lookup(req, print_) is not None:
        raise unprocessable("SSH Key is already in use on your account")
    key = {"id": req.store.next_id("ssh_key", start=512189), "fingerprint": print_,
           "public_key": body["public_key"].strip(), "name": name}
    req.store.put(KIND, key)
    return created({"ssh_key": present(key)})


@route("GET", "/v2/account/keys/{ssh_key_identifier}")
def get_key(req):
    return ok({"ssh_key": present(_find(req))})


@route("PUT", "/v2/account/keys/{ssh_key_identifier}")
def update_key(req):
    key = req.store.get(KIND, _find(req)["id"])
    body = req.json()
    if "name" in body:
        key["name"] = _name(body)
    req.store.put(KIND, key)
    return ok({"ssh_key": present(key)})


@route("DELETE", "/v2/account/keys/{ssh_key_identifier}")
def delete_key(req):
    req.store.delete(KIND, _find(req)["id"])
    return no_content()
