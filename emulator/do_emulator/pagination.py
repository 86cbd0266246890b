"""DigitalOcean's list envelope: {key: [...], "links": {"pages": {...}}, "meta": {"total": n}}.

Defaults to 20 items a page; per_page must be 1..200 and page >= 1 (else 400). `links.pages` holds only the links
that make sense: first/prev when not on the first page, next/last when not on the last one.
"""

from urllib.parse import urlencode

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 200


def page_window(req):
    per_page = req.int_arg("per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)
    page = req.int_arg("page", 1, 1)
    return page, per_page


def paginate(req, items, key, present=None, extra=None):
    """The list body for `items` (already filtered and ordered); `present` turns a stored doc into its public form."""
    page, per_page = page_window(req)
    total = len(items)
    last = max(1, -(-total // per_page))
    window = items[(page - 1) * per_page:page * per_page]
    body = {key: [present(d) for d in window] if present else list(window)}
    if extra:
        body.update(extra)
    body["links"] = links(req, page, per_page, last)
    body["meta"] = {"total": total}
    return body


def links(req, page, per_page, last):
    def url(n):
        query = [(k, v) for k, values in req.query.items() if k not in ("page", "per_page") for v in values]
        query += [("page", n), ("per_page", per_page)]
        return "%s%s?%s" % (req.base_url, req.path, urlencode(query))

    pages = {}
    if page > 1:
        pages["first"] = url(1)
        pages["prev"] = url(min(page - 1, last))
    if page < last:
        pages["next"] = url(page + 1)
        pages["last"] = url(last)
    return {"pages": pages} if pages else {}
