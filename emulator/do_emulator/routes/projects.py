"""Projects: /v2/projects (list, create), get/PUT/PATCH/DELETE by id and as `default`, and project resources.

Exactly one project is the default; it is seeded and can be replaced (is_default: true on another project) but
not deleted. Membership is derived (see models/projects.py): resources never assigned belong to the default
project, so the areas that own droplets, volumes, ... never write here. When another project becomes the default,
the resources the old default held are pinned to it, as they stay there on the API.
"""


from ..errors import ApiError, bad_request, conflict, unprocessable
from ..http import created, no_content, ok
from ..input_checks import field
from ..lifecycle import iso
from ..models import projects
from ..models.projects import RESOURCE_KINDS
from ..pagination import paginate
from ..router import route

seed = projects.seed
PURPOSES = ("Just trying out DigitalOcean", "Class project / Educational purposes", "Website or blog",
            "Web Application", "Service or API", "Mobile Application", "Machine learning / AI / Data processing",
            "IoT", "Operational / Developer tooling")
ENVIRONMENTS = ("Development", "Staging", "Production")
LIMITS = {"name": 175, "description": 255, "purpose": 255}
# URN types clients also send: godo and Terraform name a reserved IP do:reservedip:<ip>, which the Projects API
# takes and shows under its old name.
URN_ALIASES = {"reservedip": "floatingip"}


def precondition_failed(message):
    return ApiError(412, "precondition_failed", message)


def _load(req):
    return projects.find(req, req.params.get("project_id"))


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
    if any(p["name"] == name and p["id"] != own_id for p in projects.all_(req)):
        raise conflict("a project named %s already exists" % name)


def _update(req, project, changes):
    if "name" in changes:
        _check_unique_name(req, changes["name"], project["id"])
    if changes.get("is_default") is False and project["is_default"]:
        raise unprocessable("The default project stays the default until another project is made the default")
    if changes.get("is_default") and not project["is_default"]:
        projects.hand_over_default(req)
    project.update(changes, updated_at=iso(req.now))
    projects.save(req, project)
    return ok({"project": project})


# -- resources ------------------------------------------------------------------------------------------------
def _present_resource(req, resource_urn, doc, status="ok"):
    _, urn_type, resource_id = resource_urn.split(":", 2)
    assignment = projects.assignment(req, resource_urn)
    assigned_at = assignment["assigned_at"] if assignment else doc.get("created_at")
    shown = {"urn": resource_urn, "links": {"self": req.base_url + RESOURCE_KINDS[urn_type][0] % resource_id},
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
    doc = projects.resource(req, urn_type, parts[2].lower() if urn_type == "domain" else parts[2])
    if doc is None:
        raise unprocessable("The resource %s could not be found" % resource_urn)
    return "do:%s:%s" % (urn_type, doc[RESOURCE_KINDS[urn_type][1]]), doc


def _list_resources(req):
    project = _load(req)
    found = projects.resources_of(req, project["id"])
    return ok(paginate(req, found, "resources", present=lambda r: _present_resource(req, r[0], r[1])))


def _assign(req):
    project = _load(req)
    urns = field(req.json(), "resources", list, required=True)
    statuses = {}
    for given_urn in urns:
        resource_urn, doc = _resource_doc(req, given_urn)
        if projects.project_id_for(req, resource_urn, doc.get("project_id")) == project["id"]:
            statuses[resource_urn] = "already_assigned"
            continue
        projects.assign(req, resource_urn, project["id"])
        statuses[resource_urn] = "assigned"
    return ok({"resources": [_present_resource(req, u, d, statuses.get(u, "ok"))
                             for u, d in projects.resources_of(req, project["id"])]})


# -- routes ---------------------------------------------------------------------------------------------------
projects.PROJECT_DOCS.serve("/v2/projects/{project_id}", "project", "projects", methods=("list",))


@route("POST", "/v2/projects")
def create_project(req):
    changes = _attributes(req.json(), required=("name", "purpose"))
    _check_unique_name(req, changes["name"])
    project = projects.new(req, changes["name"], changes.get("description", ""), changes["purpose"],
                           changes.get("environment", "Development"))
    if changes.get("is_default"):
        projects.hand_over_default(req)
        project["is_default"] = True
        projects.save(req, project)
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
    if projects.resources_of(req, project["id"]):
        raise precondition_failed("cannot delete a project with resources. move or remove the resources first")
    projects.delete(req, project)
    return no_content()


@route("GET", "/v2/projects/default/resources")
@route("GET", "/v2/projects/{project_id}/resources")
def list_project_resources(req):
    return _list_resources(req)


@route("POST", "/v2/projects/default/resources")
@route("POST", "/v2/projects/{project_id}/resources")
def assign_project_resources(req):
    return _assign(req)
