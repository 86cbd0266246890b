"""VPC peerings: /v2/vpc_peerings (account-wide) and /v2/vpcs/{vpc_id}/peerings (one VPC's view).

A peering joins two different VPCs of the account (whose ranges never overlap: VPC creation sees to that), once
per pair. It is
`PROVISIONING` for --action-seconds, then `ACTIVE`; a delete answers 202 with `DELETING` and removes it. A peering
whose VPC no longer exists is not shown.
"""

import re
import uuid

from ..errors import bad_request, conflict, not_found, unprocessable
from ..http import accepted, ok
from ..lifecycle import iso, ready_at
from ..models import vpcs
from ..models.vpc_peerings import VPC_PEERINGS, present, visible
from ..pagination import paginate
from ..router import route

NAME_PATTERN = re.compile(r"^[a-zA-Z0-9\-]+$")
MAX_NAME = 255


def _find(req, peering_id, vpc_id=None):
    peering = VPC_PEERINGS.find(req, peering_id)
    if vpc_id and vpc_id not in peering["vpc_ids"]:
        raise not_found()
    return peering


def _check_name(req, name, peering_id=None):
    if name in (None, ""):
        raise unprocessable("name is required")
    if not isinstance(name, str):
        raise bad_request("name must be a string")
    if len(name) > MAX_NAME or not NAME_PATTERN.match(name):
        raise unprocessable("name %r may only contain letters, numbers and dashes" % name)
    if any(p["name"] == name and p["id"] != peering_id for p in visible(req)):
        raise conflict("a VPC peering named %s already exists" % name)
    return name


def _create(req, name, vpc_ids):
    if not isinstance(vpc_ids, list) or not all(isinstance(v, str) for v in vpc_ids):
        raise bad_request("vpc_ids must be an array of two VPC ids")
    if len(vpc_ids) != 2:
        raise unprocessable("vpc_ids must name exactly two VPCs")
    if vpc_ids[0] == vpc_ids[1]:
        raise unprocessable("a VPC cannot be peered with itself")
    found = []
    for vpc_id in vpc_ids:
        vpc = vpcs.get(req, vpc_id)
        if vpc is None:
            raise unprocessable("The VPC %s could not be found." % vpc_id)
        found.append(vpc)
    if any(set(p["vpc_ids"]) == set(vpc_ids) for p in visible(req)):
        raise conflict("the VPCs %s and %s are already peered" % (found[0]["name"], found[1]["name"]))
    peering = {"id": str(uuid.uuid4()), "name": name, "vpc_ids": list(vpc_ids), "created_at": iso(req.now),
               "_ready_at": ready_at(req)}
    return VPC_PEERINGS.save(req, peering)


# -- account-wide ----------------------------------------------------------------------------------------------
VPC_PEERINGS.serve("/v2/vpc_peerings/{vpc_peering_id}", "vpc_peering", "vpc_peerings", present, listed=visible,
                   methods=("list", "get"))


@route("POST", "/v2/vpc_peerings")
def create_peering(req):
    body = req.json()
    name = _check_name(req, body.get("name"))
    if body.get("vpc_ids") is None:
        raise unprocessable("vpc_ids is required")
    return accepted({"vpc_peering": present(req, _create(req, name, body["vpc_ids"]))})


@route("PATCH", "/v2/vpc_peerings/{vpc_peering_id}")
def rename_peering(req):
    peering = _find(req, req.params["vpc_peering_id"])
    peering["name"] = _check_name(req, req.json().get("name"), peering["id"])
    VPC_PEERINGS.save(req, peering)
    return ok({"vpc_peering": present(req, peering)})


@route("DELETE", "/v2/vpc_peerings/{vpc_peering_id}")
def delete_peering(req):
    peering = _find(req, req.params["vpc_peering_id"])
    VPC_PEERINGS.delete(req, peering)
    return accepted({"vpc_peering": present(req, peering, status="DELETING")})


# -- one VPC's view --------------------------------------------------------------------------------------------
@route("GET", "/v2/vpcs/{vpc_id}/peerings")
def list_vpc_peerings(req):
    vpc = vpcs.find(req, req.params["vpc_id"])
    peerings = [p for p in visible(req) if vpc["id"] in p["vpc_ids"]]
    return ok(paginate(req, peerings, "peerings", lambda p: present(req, p)))


@route("POST", "/v2/vpcs/{vpc_id}/peerings")
def create_vpc_peering(req):
    vpc = vpcs.find(req, req.params["vpc_id"])
    body = req.json()
    name = _check_name(req, body.get("name"))
    other = body.get("vpc_id")
    if other in (None, ""):
        raise unprocessable("vpc_id is required")
    if not isinstance(other, str):
        raise bad_request("vpc_id must be a string")
    return accepted({"peering": present(req, _create(req, name, [vpc["id"], other]))})


@route("PATCH", "/v2/vpcs/{vpc_id}/peerings/{vpc_peering_id}")
def rename_vpc_peering(req):
    peering = _find(req, req.params["vpc_peering_id"], req.params["vpc_id"])
    peering["name"] = _check_name(req, req.json().get("name"), peering["id"])
    VPC_PEERINGS.save(req, peering)
    return ok({"peering": present(req, peering)})
