"""GET /v2/actions and /v2/actions/{action_id}: every action of the account, whatever it acted on.
Listings show the most recent action first, as the API does, so a client finds what is in progress on page 1."""

from ..http import ok
from ..models import actions
from ..pagination import paginate
from ..router import route


@route("GET", "/v2/actions")
def list_actions(req):
    return ok(paginate(req, actions.newest_first(req), "actions", present=lambda a: actions.present(req, a)))


@route("GET", "/v2/actions/{action_id}")
def get_action(req):
    return ok({"action": actions.present(req, actions.find(req, req.params["action_id"]))})
