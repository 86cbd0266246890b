"""VPC peerings: the "vpc_peerings" kind. A peering is `PROVISIONING` for --action-seconds, then `ACTIVE`; one
whose VPC no longer exists is not shown (nor found)."""

from ..lifecycle import done
from . import vpcs
from .collection import Collection


def alive(req, peering):
    return all(vpcs.exists(req, v) for v in peering["vpc_ids"])


def _lookup(req, peering_id):
    peering = req.store.get(KIND, peering_id)
    return peering if peering is not None and alive(req, peering) else None


VPC_PEERINGS = Collection("vpc_peerings", lookup=_lookup)
KIND = VPC_PEERINGS.kind


def present(req, peering, status=None):
    return {
        "id": peering["id"],
        "name": peering["name"],
        "vpc_ids": list(peering["vpc_ids"]),
        "created_at": peering["created_at"],
        "status": status or ("ACTIVE" if done(req, peering["_ready_at"]) else "PROVISIONING"),
    }


def visible(req):
    return [p for p in VPC_PEERINGS.all(req) if alive(req, p)]
