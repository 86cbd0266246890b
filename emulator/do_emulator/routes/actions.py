"""GET /v2/actions and /v2/actions/{action_id}: every action of the account, whatever it acted on.
Listings show the most recent action first, as the API does, so a client finds what is in progress on page 1."""

from .. import actions
from ..errors import not_found
from ..http import ok
from ..pagination import paginate
from ..router import route


def find(req, action_id):
    """The stored action for a path parameter, or 404."""
    action = req.store.get(actions.KIND, action_id) if str(action_id).isdigit() else None
    if action is None:
        raise not_found()
    return action


@route("GET", "/v2/actions")
def list_actions(req):
    newest_first = req.store.all(actions.KIND)[::-1]
    return ok(paginate(req, newest_first, "actions", present=lambda a: actions.present(req, a)))


@route("GET", "/v2/actions/{action_id}")
def get_action(req):
    return ok({"action": actions.present(req, find(req, req.params["action_id"]))})
