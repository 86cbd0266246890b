"""Reserved IP actions: /v2/reserved_ips/{reserved_ip}/actions (list, `assign` with a droplet_id, `unassign`) and
/v2/reserved_ips/{reserved_ip}/actions/{action_id}.

The actions are `assign_ip` and `unassign_ip` with `resource_type` "reserved_ip" and the address as an integer
for `resource_id`, as on the API. The effect is applied when the action starts (reserved_ips.assign/unassign);
the reserved IP is locked and refuses another action until it completes. An assign moves a reserved IP that is
held by another Droplet; an unassign of an unassigned reserved IP is 422. Listings show the most recent action
first, like the API's other action listings.
"""

from ..errors import bad_request, unprocessable
from ..http import created, ok
from ..input_checks import field
from ..models import actions, reserved_ips
from ..pagination import paginate
from ..router import route

TYPES = ("assign", "unassign")


def _type(body):
    action_type = body.get("type")
    if action_type in (None, ""):
        raise unprocessable("type is required")
    if not isinstance(action_type, str):
        raise bad_request("type must be a string")
    if action_type not in TYPES:
        raise unprocessable("%r is not a reserved IP action; use assign or unassign" % action_type)
    return action_type


@route("GET", "/v2/reserved_ips/{reserved_ip}/actions")
def list_reserved_ip_actions(req):
    reserved_ip = reserved_ips.find(req, req.params["reserved_ip"])
    newest_first = actions.for_resource(req, reserved_ips.RESOURCE_TYPE, reserved_ips.resource_id(reserved_ip))[::-1]
    return ok(paginate(req, newest_first, "actions", present=lambda a: actions.present(req, a)))


@route("POST", "/v2/reserved_ips/{reserved_ip}/actions")
def post_reserved_ip_action(req):
    reserved_ip = reserved_ips.find(req, req.params["reserved_ip"])
    body = req.json()
    if _type(body) == "assign":
        action = reserved_ips.assign(req, reserved_ip, field(body, "droplet_id", int, required=True))
    else:
        action = reserved_ips.unassign(req, reserved_ip)
    reserved_ips.save(req, reserved_ip)
    return created({"action": reserved_ips.present_action(req, reserved_ip, action)})


@route("GET", "/v2/reserved_ips/{reserved_ip}/actions/{action_id}")
def get_reserved_ip_action(req):
    reserved_ip = reserved_ips.find(req, req.params["reserved_ip"])
    action = actions.find_for(req, req.params["action_id"], reserved_ips.RESOURCE_TYPE,
                              reserved_ips.resource_id(reserved_ip))
    return ok({"action": reserved_ips.present_action(req, reserved_ip, action)})
