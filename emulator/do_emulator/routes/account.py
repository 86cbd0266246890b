"""GET /v2/account: the emulated team's account."""

from ..http import ok
from ..models.account import ACCOUNT
from ..router import route


@route("GET", "/v2/account")
def get_account(req):
    return ok({"account": dict(ACCOUNT)})
