"""GET /v2/sizes: the catalogue's droplet sizes."""

from .. import catalog
from ..http import ok
from ..pagination import paginate
from ..router import route


@route("GET", "/v2/sizes")
def list_sizes(req):
    return ok(paginate(req, catalog.SIZES, "sizes"))
