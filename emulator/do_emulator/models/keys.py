"""SSH keys: the "ssh_keys" kind, addressed by numeric id or by MD5 fingerprint."""

from urllib.parse import unquote

from .collection import Collection


def lookup(req, identifier):
    """The stored key for an id or a fingerprint (int or str), or None."""
    identifier = unquote(str(identifier))
    if identifier.isdigit():
        return req.store.get(KIND, identifier)
    for key in req.store.all(KIND):
        if key["fingerprint"] == identifier:
            return req.store.get(KIND, key["id"])
    return None


SSH_KEYS = Collection("ssh_keys", lookup=lookup)
KIND = SSH_KEYS.kind
save, delete = SSH_KEYS.save, SSH_KEYS.delete


def present(req, key):
    return {"id": key["id"], "fingerprint": key["fingerprint"], "public_key": key["public_key"], "name": key["name"]}


def create(req, name, fingerprint, public_key):
    key = {"id": req.store.next_id("ssh_key", start=512189), "fingerprint": fingerprint, "public_key": public_key,
           "name": name}
    return SSH_KEYS.save(req, key)


