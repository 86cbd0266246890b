"""One store kind as its model sees it: the key a document is stored under, how a path's identifier finds it, and
the only writes (`save`, `delete`) a model makes to its kind.

`get` and `find` return a private copy (the store's convention: change it, then `save`); `all` returns the stored
documents themselves, read-only, so a listing copies nothing. Every method takes what holds the store: the request
(or the app, when seeding). `serve` declares the plain routes of a collection (list, get, delete) for a route
module, so that those are one line where they were three handlers.
"""

from ..errors import not_found
from ..http import no_content, ok
from ..pagination import paginate
from ..router import route


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

    def serve(self, path, one, many, present=None, listed=None, delete=None, methods=("list", "get", "delete")):
        """Registers the plain routes of this collection: GET <path without its last segment> (the listing,
        paginated), GET path and DELETE path (204), those of `methods` ("list", "get", "delete"). `path` ends with
        the identifier's parameter ("/v2/account/keys/{ssh_key_identifier}"), which `find` looks up; `one` and
        `many` are the body's keys; `present(req, doc)` is the public form (the stored document itself if None);
        `listed(req)` the documents a listing shows, in order (all of them if None; it may read filters and refuse
        them); `delete(req, doc)` what a delete does (the model's rules; a plain delete if None)."""
        base, parameter = path.rsplit("/", 1)
        parameter = parameter[1:-1]

        def list_documents(req):
            items = self.all(req) if listed is None else listed(req)
            return ok(paginate(req, items, many, None if present is None else lambda d: present(req, d)))

        def get_document(req):
            doc = self.find(req, req.params[parameter])
            return ok({one: doc if present is None else present(req, doc)})

        def delete_document(req):
            doc = self.find(req, req.params[parameter])
            (self.delete if delete is None else delete)(req, doc)
            return no_content()

        for method, template, handler, name in (("GET", base, list_documents, "list"),
                                                ("GET", path, get_document, "get"),
                                                ("DELETE", path, delete_document, "delete")):
            if name in methods:
                route(method, template)(handler)
