"""Projects: the "projects" kind, and which project a resource belongs to ("project_resources"), derived when read.

Exactly one project is the default. An explicit assignment (POST /v2/projects/{project_id}/resources) is stored in
"project_resources" keyed by the resource's URN; a resource created with a `project_id` (databases, load
balancers, reserved IPs) keeps it in its own document; everything else belongs to the default project. No other
area writes projects: a resource that disappears simply stops being listed, and a deleted project's resources fall
back to the default project.
"""

import uuid

from ..errors import not_found
from ..lifecycle import iso
from . import databases, domains, droplets, load_balancers, reserved_ips, volumes
from .account import ACCOUNT
from .collection import Collection

PROJECT_DOCS = Collection("projects")
exists, all_, save, delete = PROJECT_DOCS.exists, PROJECT_DOCS.all, PROJECT_DOCS.save, PROJECT_DOCS.delete
ASSIGNMENT_DOCS = Collection("project_resources", key="urn")
PROJECTS = PROJECT_DOCS.kind
ASSIGNMENTS = ASSIGNMENT_DOCS.kind
OWNER_ID = 258992
# URN type -> (API path of one resource, the field that is the URN's id); the documents: `_collection`
RESOURCE_KINDS = {"droplet": ("/v2/droplets/%s", "id"), "volume": ("/v2/volumes/%s", "id"),
                  "dbaas": ("/v2/databases/%s", "id"), "loadbalancer": ("/v2/load_balancers/%s", "id"),
                  "domain": ("/v2/domains/%s", "name"), "floatingip": ("/v2/reserved_ips/%s", "ip")}


def _collection(urn_type):
    """The area collection that holds the resources of a URN type (looked up when used: those areas' models read
    this one)."""
    return {"droplet": droplets.DROPLETS, "volume": volumes.VOLUMES, "dbaas": databases.CLUSTERS,
            "loadbalancer": load_balancers.LOAD_BALANCERS, "domain": domains.DOMAINS,
            "floatingip": reserved_ips.RESERVED_IPS}[urn_type]


# -- reading --------------------------------------------------------------------------------------------------
def default_project(req):
    for project in PROJECT_DOCS.all(req):
        if project.get("is_default"):
            return project
    return None


def find(req, project_id=None):
    """A project (a copy) by id, or the default one (project_id None); 404 if there is none."""
    project = default_project(req) if project_id is None else PROJECT_DOCS.get(req, project_id)
    if project is None:
        raise not_found()
    return dict(project)


def project_id_for(req, urn, created_in=None):
    """The id of the project that holds the resource with this URN."""
    assignment = ASSIGNMENT_DOCS.get(req, urn)
    if assignment and PROJECT_DOCS.exists(req, assignment["project_id"]):
        return assignment["project_id"]
    if created_in and PROJECT_DOCS.exists(req, created_in):
        return created_in
    default = default_project(req)
    return default["id"] if default else None


def assignment(req, urn):
    return ASSIGNMENT_DOCS.get(req, urn)


def snapshot(req):
    """(ids of existing projects, default project id, {urn: project id} of assignments to existing projects): the
    data project_id_for reads, taken once for a loop over many resources."""
    projects = {p["id"] for p in PROJECT_DOCS.all(req)}
    default = next((p["id"] for p in PROJECT_DOCS.all(req) if p.get("is_default")), None)
    assigned = {a["urn"]: a["project_id"] for a in ASSIGNMENT_DOCS.all(req) if a["project_id"] in projects}
    return projects, default, assigned


def resources_of(req, project_id):
    """(urn, doc) of every resource that belongs to the project now.
    A hot loop over every resource: the membership rule of project_id_for, inlined."""
    projects, default, assigned = snapshot(req)
    found = []
    for urn_type, (_, id_field) in RESOURCE_KINDS.items():
        prefix = "do:%s:" % urn_type
        for doc in _collection(urn_type).all(req):
            resource_urn = prefix + str(doc[id_field])
            owner = assigned.get(resource_urn) if assigned else None
            if owner is None:
                created_in = doc.get("project_id")
                owner = created_in if created_in in projects else default
            if owner == project_id:
                found.append((resource_urn, doc))
    return found


def resource(req, urn_type, resource_id):
    """The stored resource of a URN's type and id, or None."""
    return _collection(urn_type).get(req, resource_id)


# -- writing --------------------------------------------------------------------------------------------------
def _doc(name, description, purpose, environment, is_default, now):
    return {"id": str(uuid.uuid4()), "owner_uuid": ACCOUNT["uuid"], "owner_id": OWNER_ID, "name": name,
            "description": description, "purpose": purpose, "environment": environment,
            "is_default": is_default, "created_at": now, "updated_at": now}


def new(req, name, description, purpose, environment):
    """Stores a new project (not the default); returns it."""
    return PROJECT_DOCS.save(req, _doc(name, description, purpose, environment, False, iso(req.now)))


def seed(app):
    """The default project every account has (idempotent)."""
    if not any(p.get("is_default") for p in PROJECT_DOCS.all(app)):
        PROJECT_DOCS.save(app, _doc("Default", "Default project", "Just trying out DigitalOcean", "Development",
                                    True, iso(app.clock())))


def assign(req, urn, project_id):
    ASSIGNMENT_DOCS.save(req, {"urn": urn, "project_id": project_id, "assigned_at": iso(req.now)})


def hand_over_default(req):
    """Another project becomes the default: the resources the old default held are pinned to it, as they stay
    there on the API, and it is the default no more."""
    old = default_project(req)
    if old is None:
        return
    for resource_urn, _ in resources_of(req, old["id"]):
        if not ASSIGNMENT_DOCS.exists(req, resource_urn):
            assign(req, resource_urn, old["id"])
    PROJECT_DOCS.save(req, dict(old, is_default=False, updated_at=iso(req.now)))


def forget(req, urn):
    """A deleted resource whose id can come back (a domain's name) drops its assignment, so that a new resource
    of the same name starts in the default project, as on the API."""
    ASSIGNMENT_DOCS.remove(req, urn)

