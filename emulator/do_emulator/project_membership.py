"""Which project a resource belongs to, derived when read.

An explicit assignment (POST /v2/projects/{project_id}/resources) is stored in "project_resources" keyed by the
resource's URN; a resource created with a `project_id` (databases, load balancers) keeps it in its own document;
everything else belongs to the default project. No other area writes projects: a resource that disappears simply
stops being listed, and a deleted project's resources fall back to the default project.
"""

PROJECTS = "projects"
ASSIGNMENTS = "project_resources"


def default_project(req):
    for project in req.store.all(PROJECTS):
        if project.get("is_default"):
            return project
    return None


def project_id_for(req, urn, created_in=None):
    """The id of the project that holds the resource with this URN."""
    assignment = req.store.get(ASSIGNMENTS, urn)
    if assignment and req.store.exists(PROJECTS, assignment["project_id"]):
        return assignment["project_id"]
    if created_in and req.store.exists(PROJECTS, created_in):
        return created_in
    default = default_project(req)
    return default["id"] if default else None


def forget(req, urn):
    """A deleted resource whose id can come back (a domain's name) drops its assignment, so that a new resource
    of the same name starts in the default project, as on the API."""
    req.store.delete(ASSIGNMENTS, urn)


def snapshot(req):
    """(ids of existing projects, default project id, {urn: project id} of assignments to existing projects): the
    data project_id_for reads, taken once for a loop over many resources."""
    projects = {p["id"] for p in req.store.all(PROJECTS)}
    default = next((p["id"] for p in req.store.all(PROJECTS) if p.get("is_default")), None)
    assigned = {a["urn"]: a["project_id"] for a in req.store.all(ASSIGNMENTS) if a["project_id"] in projects}
    return projects, default, assigned
