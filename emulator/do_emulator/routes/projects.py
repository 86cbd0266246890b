"""Projects: /v2/projects (list, create), get/PUT/PATCH/DELETE by id and as `default`, and project resources.

Exactly one project is the default; it is seeded and can be replaced (is_default: true on another project) but
not deleted. Membership is derived (see project_membership): resources never assigned belong to the default
project, so the areas that own droplets, volumes, ... never write here. When another project becomes the default,
the resources the old default held are pinned to it, as they stay there on the API.
"""

import uuid

from .. import project_membership as membership
from ..errors import ApiError, bad_request, conflict, not_found, unprocessable
from ..http import created, no_content, ok
from ..input_checks import field
from ..lifecycle import iso
from ..pagination import paginate
from ..router import route
from .account import ACCOUNT

KIND = membership.PROJECTS
ASSIGNMENTS = membership.ASSIGNMENTS
OWNER_ID = 258992
PURPOSES = ("Just trying out DigitalOcean", "Class project / Educational purposes", "Website or blog",
            "Web Application", "Service or API", "Mobile Application", "Machine learning / AI / Data processing",
            "IoT", "Operational / Developer tooling")
ENVIRONMENTS = ("Development", "Staging", "Production")
LIMITS = {"name": 175, "description": 255, "purpose": 255}
# URN type -> (store kind, API path of one resource, the field that is the URN's id)
RESOURCE_KINDS = {"droplet": ("droplets", "/v2/droplets/%s", "id"), "volume": ("volumes", "/v2/volumes/%s", "id"),
                  "dbaas": ("databases", "/v2/databases/%s", "id"),
                  "loadbalancer": ("load_balancers", "/v2/load_balancers/%s", "id"),
                  "domain": ("domains", "/v2/domains/%s", "name"),
                  "floatingip": ("reserved_ips", "/v2/reserved_ips/%s", "ip")}
# URN types clients also send: godo and Terraform name a reserved IP do:reservedip:<ip>, which the Projects API
# takes and shows under its old name.
URN_ALIASES = {"reservedip": "floatingip"}


def precondition_failed(message):
    return ApiError(412, "precondition_failed", message)


def seed(app):
    if not any(p.get("is_default") for p in app.store.all(KIND)):
        now = iso(app.clock())
        app.store.put(KIND, _new("Default", "Default project", "Just trying out DigitalOcean", "Development",
                                 True, now))


def _new(name, description, purpose, environment, is_default, now):
    return {"id": str(uuid.uuid4()), "owner_uuid": ACCOUNT["uuid"], "owner_id": OWNER_ID, "name": name,
            "description": description, "purpose": purpose, "environment": environment,
            "is_default": is_default, "created_at": now, "updated_at": now}


def _load(req):
    project_id = req.params.get("project_id")
    project = membership.default_project(req) if project_id is None else req.store.get(KIND, project_id)
    if project is None:
        raise not_found()
    return dict(project)


# -- attributes -----------------------------------------------------------------------------------------------
def _attributes(body, required):
    """The project attributes a body sets; `required` lists those it must carry."""
    changes = {}
    for name in ("name", "description", "purpose", "environment"):
        value = field(body, name, str, required=name in required)
        if value is None:
            continue
        if name in LIMITS and len(value) > LIMITS[name]:
            raise unprocessable("%s is limited to %d characters" % (name, LIMITS[name]))
        changes[name] = value
    if "name" in changes and not changes["name"].strip():
        raise unprocessable("name is required")
    if "purpose" in changes:
        if not changes["purpose"].strip():
            raise unprocessable("purpose is required")
        if changes["purpose"] not in PURPOSES and not changes["purpose"].startswith("Other: "):
            changes["purpose"] = "Other: " + changes["purpose"]
    if "environment" in changes and changes["environment"] not in ENVIRONMENTS:
        raise unprocessable("environment must be one of %s" % ", ".join(ENVIRONMENTS))
    is_default = field(body, "is_default", bool, required="is_default" in required)
    if is_default is not None:
        changes["is_default"] = is_default
    return changes


def _check_unique_name(req, name, own_id=None):
    if any(p["name"] == name and p["id"] != own_id for p in req.store.all(KIND)):
        raise conflict("a project named %s already exists" % name)


def _update(req, project, changes):
    if "name" in changes:
        _check_unique_name(req, changes["name"], project["id"])
    if changes.get("is_default") is False and project["is_default"]:
        raise unprocessable("The default project stays the default until another project is made the default")
    if changes.get("is_default") and not project["is_default"]:
        _hand_over_default(req, project["id"])
    project.update(changes, updated_at=iso(req.now))
    req.store.put(KIND, project)
    return ok({"project": project})


def _hand_over_default(req, new_default_id):
    old = membership.default_project(req)
    if old is None:
        return
    for resource_urn, _ in _resources_of(req, old["id"]):
        if not req.store.exists(ASSIGNMENTS, resource_urn):
            req.store.put(ASSIGNMENTS, {"urn": resource_urn, "project_id": old["id"], "assigned_at": iso(req.now)},
                          key=resource_urn)
    old = dict(old, is_default=False, updated_at=iso(req.now))
    req.store.put(KIND, old)


# -- resources ------------------------------------------------------------------------------------------------
def _resources_of(req, project_id):
    """(urn, doc) of every resource that belongs to the project now.
    A hot loop over every resource: the membership rule of project_membership, inlined."""
    projects, default, assigned = membership.snapshot(req)
    found = []
    for urn_type, (kind, _, id_field) in RESOURCE_KINDS.items():
        prefix = "do:%s:" % urn_type
        for doc in req.store.all(kind):
            resource_urn = prefix + str(doc[id_field])
            owner = assigned.get(resource_urn) if assigned else None
            if owner is None:
                created_in = doc.get("project_id")
                owner = created_in if created_in in projects else default
            if owner == project_id:
                found.append((resource_urn, doc))
    return found


def _present_resource(req, resource_urn, doc, status="ok"):
    _, urn_type, resource_id = resource_urn.split(":", 2)
    assignment = req.store.get(ASSIGNMENTS, resource_urn)
    assigned_at = assignment["assigned_at"] if assignment else doc.get("created_at")
    shown = {"urn": resource_urn, "links": {"self": req.base_url + RESOURCE_KINDS[urn_type][1] % resource_id},
             "status": status}
    if isinstance(assigned_at, str):
        shown["assigned_at"] = assigned_at
    return shown


def _resource_doc(req, resource_urn):
    """(canonical urn, stored doc) of a URN a client sent, or 422."""
    if not isinstance(resource_urn, str):
        raise bad_request("resources must be an array of URN strings")
    parts = resource_urn.split(":", 2)
    if len(parts) != 3 or parts[0] != "do" or not parts[2]:
        raise unprocessable("%r is not a URN of the form do:<type>:<id>" % resource_urn)
    urn_type = URN_ALIASES.get(parts[1], parts[1])
    if urn_type not in RESOURCE_KINDS:
        raise unprocessable("resources of type %s cannot be assigned here; supported: %s"
                            % (parts[1], ", ".join(RESOURCE_KINDS)))
    kind = RESOURCE_KINDS[urn_type][0]
    doc = req.store.get(kind, parts[2].lower() if urn_type == "domain" else parts[2])
    if doc is None:
        raise unprocessable("The resource %s could not be found" % resource_urn)
    return "do:%s:%s" % (urn_type, doc[RESOURCE_KINDS[urn_type][2]]), doc


def _list_resources(req):
    project = _load(req)
    found = _resources_of(req, project["id"])
    return ok(paginate(req, found, "resources", present=lambda r: _present_resource(req, r[0], r[1])))


def _assign(req):
    project = _load(req)
    urns = field(req.json(), "resources", list, required=True)
    statuses = {}
    for given_urn in urns:
        resource_urn, doc = _resource_doc(req, given_urn)
        if membership.project_id_for(req, resource_urn, doc.get("project_id")) == project["id"]:
            statuses[resource_urn] = "already_assigned"
            continue
        req.store.put(ASSIGNMENTS, {"urn": resource_urn, "project_id": project["id"], "assigned_at": iso(req.now)},
                      key=resource_urn)
        statuses[resource_urn] = "assigned"
    return ok({"resources": [_present_resource(req, u, d, statuses.get(u, "ok"))
                             for u, d in _resources_of(req, project["id"])]})


# -- routes ---------------------------------------------------------------------------------------------------
@route("GET", "/v2/projects")
def list_projects(req):
    return ok(paginate(req, req.store.all(KIND), "projects"))


@route("POST", "/v2/projects")
def create_project(req):
    changes = _attributes(req.json(), required=("name", "purpose"))
    _check_unique_name(req, changes["name"])
    project = _new(changes["name"], changes.get("description", ""), changes["purpose"],
                   changes.get("environment", "Development"), False, iso(req.now))
    req.store.put(KIND, project)
    if changes.get("is_default"):
        _hand_over_default(req, project["id"])
        project["is_default"] = True
        req.store.put(KIND, project)
    return created({"project": project})


@route("GET", "/v2/projects/default")
@route("GET", "/v2/projects/{project_id}")
def get_project(req):
    return ok({"project": _load(req)})


@route("PUT", "/v2/projects/default")
@route("PUT", "/v2/projects/{project_id}")
def replace_project(req):
    """All attributes must be sent."""
    project = _load(req)
    return _update(req, project, _attributes(req.json(), required=("name", "description", "purpose",
                                                                   "environment", "is_default")))


@route("PATCH", "/v2/projects/default")
@route("PATCH", "/v2/projects/{project_id}")
def patch_project(req):
    """At least one attribute must be sent."""
    project = _load(req)
    changes = _attributes(req.json(), required=())
    if not changes:
        raise unprocessable("At least one of name, description, purpose, environment or is_default is required")
    return _update(req, project, changes)


@route("DELETE", "/v2/projects/{project_id}")
def delete_project(req):
    project = _load(req)
    if project["is_default"]:
        raise precondition_failed("cannot delete the default project. make another project the default first")
    if _resources_of(req, project["id"]):
        raise precondition_failed("cannot delete a project with resources. move or remove the resources first")
    req.store.delete(KIND, project["id"])
    return no_content()


@route("GET", "/v2/projects/default/resources")
@route("GET", "/v2/projects/{project_id}/resources")
def list_project_resources(req):
    return _list_resources(req)


@route("POST", "/v2/projects/default/resources")
@route("POST", "/v2/projects/{project_id}/resources")
def assign_project_resources(req):
    return _assign(req)
