"""GET /v2/actions and /v2/actions/{action_id}: every action of the account, whatever it acted on.
Listings show the most recent action first, as the API does, so a client finds what is in progress on page 1."""

from ..models import actions

actions.ACTIONS.serve("/v2/actions/{action_id}", "action", "actions", actions.present, listed=actions.newest_first,
                      methods=("list", "get"))
