"""One store kind as its model sees it: the key a document is stored under, how a path's identifier finds it, and
the only writes (`save`, `delete`) a model makes to its kind.

`get` and `find` return a private copy (the store's convention: change it, then `save`); `all` returns the stored
documents themselves, read-only, so a listing copies nothing.
"""

from ..errors import not_found


class Collection:
    def __init__(self, kind, key="id", lookup=None, missing=None):
        """`key`: the field a document is stored under; `lookup(req, identifier)`: the stored document a path's
        identifier names (an id, a fingerprint, a name...), or None, when that is not a plain `get`; `missing`: the
        404's message when it is not the API's generic one."""
        self.kind = kind
        self.key = key
        self._lookup = lookup
        self.missing = missing

    def all(self, req):
        return req.store.all(self.kind)

    def exists(self, req, key):
        return req.store.exists(self.kind, key)

    def get(self, req, key):
        return req.store.get(self.kind, key)

    def find(self, req, identifier):
        """The document a path's identifier names (a private copy), or 404."""
        doc = self._lookup(req, identifier) if self._lookup else self.get(req, identifier)
        if doc is None:
            raise not_found(self.missing) if self.missing else not_found()
        return doc

    def save(self, req, doc, key=None):
        return req.store.put(self.kind, doc, key=doc[self.key] if key is None else key)

    def delete(self, req, doc):
        return self.remove(req, doc[self.key])

    def remove(self, req, key):
        return req.store.delete(self.kind, key)
