"""SSH keys: /v2/account/keys, addressed by numeric id or by MD5 fingerprint.

The fingerprint is computed from the key itself (MD5 of the decoded key blob, as `ssh-keygen -l -E md5` shows
it), so a key uploaded twice is recognised and refused with 422, as the API does.
"""

import base64
import binascii
import hashlib
import struct

from ..errors import bad_request, unprocessable
from ..http import created, ok
from ..models import keys
from ..models.keys import lookup, present
from ..router import route

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


def _find(req):
    return keys.SSH_KEYS.find(req, req.params["ssh_key_identifier"])


def _name(body):
    name = body.get("name")
    if not isinstance(name, str) or not name.strip():
        raise unprocessable("name is required and must be a non-empty string")
    if len(name) > MAX_NAME:
        raise unprocessable("name may be at most %d characters" % MAX_NAME)
    return name


keys.SSH_KEYS.serve("/v2/account/keys/{ssh_key_identifier}", "ssh_key", "ssh_keys", present)


@route("POST", "/v2/account/keys")
def create_key(req):
    body = req.json()
    name = _name(body)
    if "public_key" not in body:
        raise unprocessable("public_key is required")
    print_ = fingerprint(body["public_key"])
    if lookup(req, print_) is not None:
        raise unprocessable("SSH Key is already in use on your account")
    key = keys.create(req, name, print_, body["public_key"].strip())
    return created({"ssh_key": present(req, key)})


@route("PUT", "/v2/account/keys/{ssh_key_identifier}")
def update_key(req):
    key = _find(req)
    body = req.json()
    if "name" in body:
        key["name"] = _name(body)
    keys.save(req, key)
    return ok({"ssh_key": present(req, key)})
