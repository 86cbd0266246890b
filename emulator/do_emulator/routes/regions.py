"""GET /v2/regions: the catalogue's regions."""

from .. import catalog
from ..http import ok
from ..pagination import paginate
from ..router import route


@route("GET", "/v2/regions")
def list_regions(req):
    return ok(paginate(req, catalog.REGIONS, "regions"))
