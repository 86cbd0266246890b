"""Tags: /v2/tags and tagging resources through /v2/tags/{tag_id}/resources. The tag record, its derived counts
and the one write to another area's "tags" list are models/tags.py's."""

from ..errors import bad_request, not_found, unprocessable
from ..http import created, no_content, ok
from ..models import tags
from ..models.tags import TAGGABLE, check_name, counts, present
from ..pagination import paginate
from ..router import route

MAX_RESOURCES = 1000  # resources in one POST/DELETE /v2/tags/{tag_id}/resources


@route("GET", "/v2/tags")
def list_tags(req):
    tag_counts = counts(req)  # once for the page, not once per tag
    return ok(paginate(req, tags.TAGS.all(req), "tags", present=lambda t: present(t, tag_counts)))


tags.TAGS.serve("/v2/tags/{tag_id}", "tag", "tags", lambda req, t: present(t, counts(req)), delete=tags.delete,
                methods=("get", "delete"))


@route("POST", "/v2/tags")
def create_tag(req):
    name = tags.ensure(req, [check_name(req.json().get("name"))])[0]
    return created({"tag": present({"name": name}, counts(req))})


def _resources(req):
    resources = req.json().get("resources")
    if not isinstance(resources, list) or not resources:
        raise bad_request("resources must be a non-empty array of {resource_id, resource_type}")
    if len(resources) > MAX_RESOURCES:
        raise unprocessable("at most %d resources can be tagged in one request" % MAX_RESOURCES)
    checked = []
    for item in resources:
        if not isinstance(item, dict) or not isinstance(item.get("resource_id"), (str, int)) \
                or isinstance(item.get("resource_id"), bool) or not isinstance(item.get("resource_type"), str):
            raise bad_request("every resource needs a resource_id and a resource_type (a string)")
        resource_type = item["resource_type"]
        if resource_type not in TAGGABLE:
            raise unprocessable("resource_type must be one of %s" % ", ".join(sorted(TAGGABLE)))
        checked.append((resource_type, str(item["resource_id"])))
    return checked


def _tag_resources(req, tagged):
    tag = tags.TAGS.find(req, req.params["tag_id"])
    for resource_type, key in _resources(req):
        doc = tags.tagged_resource(req, resource_type, key)
        if doc is None:
            raise not_found("The %s %s could not be found." % (resource_type, key))
        tags.set_resource_tag(req, resource_type, doc, tag["name"], tagged)
    return no_content()


@route("POST", "/v2/tags/{tag_id}/resources")
def tag_resources(req):
    return _tag_resources(req, True)


@route("DELETE", "/v2/tags/{tag_id}/resources")
def untag_resources(req):
    return _tag_resources(req, False)
