# -*- coding: utf-8 -*-
# Copyright: tide.digitalocean contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every list goes through ``list_all``: 200 items a page, following ``links.pages.next``."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils.six.moves.urllib.parse import parse_qs, urlparse
from ansible_collections.tide.digitalocean.plugins.module_utils.errors import DigitalOceanError

PER_PAGE = 200


def next_page(body):
    """The page number ``links.pages.next`` points to, or None on the last page."""
    links = (body or {}).get("links") or {}
    next_url = (links.get("pages") or {}).get("next")
    if not next_url:
        return None
    values = parse_qs(urlparse(next_url).query).get("page")
    if not values:
        raise DigitalOceanError("cannot follow pagination link without a page number: %s" % next_url)
    return int(values[0])


def list_all(api, operation, key, **filters):
    """All items of a paginated list.

    Args:
        api: a ``DigitalOceanAPI``.
        operation: pydo list operation, e.g. ``"droplets.list"``.
        key: the body key holding the items, e.g. ``"droplets"``.
        filters: extra query arguments of the operation (``tag_name=``, ``name=``, ``region=``...).

    Costs ceil(total / 200) requests.
    """
    return _follow_pages(api, operation, key, lambda page: dict(filters, per_page=PER_PAGE, page=page))


def list_all_by_query(api, operation, key, **arguments):
    """``list_all`` for operations whose pydo signature has no ``per_page``/``page`` keywords.

    pydo's ``databases.list_clusters`` (and other database lists) do not declare them, and
    passing them as keywords reaches the HTTP transport and fails; the page window is sent
    through pydo's ``params=`` query dict instead. Same links-following, same cost.
    """
    return _follow_pages(
        api, operation, key, lambda page: dict(arguments, params={"per_page": PER_PAGE, "page": page})
    )


def _follow_pages(api, operation, key, arguments_for_page):
    """The one pagination loop: request page after page until ``links.pages.next`` runs out."""
    items = []
    page = 1
    while True:
        body = api.call(operation, **arguments_for_page(page)) or {}
        items.extend(body.get(key) or [])
        following = next_page(body)
        if following is None:
            return items
        if following <= page:
            raise DigitalOceanError("pagination of %s went backwards (page %s -> %s)" % (operation, page, following))
        page = following
