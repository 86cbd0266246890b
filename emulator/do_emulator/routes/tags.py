"""Tags: /v2/tags and tagging resources through /v2/tags/{tag_id}/resources.

A tag document holds only its canonical name. Which resources carry a tag is not stored with the tag: every
taggable resource keeps a "tags" list of names, and a tag's resource counts are derived from those lists when
read. Assigning a tag writes the resource's "tags" list through `set_resource_tag`, the single cross-area write
the other areas accept (droplets, volumes, volume snapshots, database clusters).
"""

import re
from urllib.parse import unquote

from ..errors import bad_request, not_found, unprocessable
from ..http import created, no_content, ok
from ..pagination import paginate
from ..router import route

KIND = "tags"
NAME_PATTERN = re.compile(r"^[a-zA-Z0-9_\-:]+$")
MAX_NAME = 255
MAX_PER_RESOURCE = 1000  # the emulator's bound (the API documents none): a longer list is a 422
MAX_RESOURCES = 1000  # resources in one POST/DELETE /v2/tags/{tag_id}/resources

# resource_type of POST /v2/tags/{tag}/resources -> (store kind, key of the counts in tag.resources, URI path)
TAGGABLE = {
    "droplet": ("droplets", "droplets", "droplets"),
    "volume": ("volumes", "volumes", "volumes"),
    "volume_snapshot": ("snapshots", "volume_snapshots", "snapshots"),
    "database": ("databases", "databases", "databases"),
}


def check_name(name):
    """A valid tag name, as given; else 422 (the 400 the spec declares for POST /v2/tags has an error shape unlike
    every other error of the API, so invalid names get the API's usual unprocessable_entity)."""
    if not isinstance(name, str) or not name:
        raise unprocessable("tag name must be a non-empty string")
    if len(name) > MAX_NAME or not NAME_PATTERN.match(name):
        raise unprocessable("tag name %r must be 1 to 255 letters, numbers, colons, dashes and underscores" % name)
    return name


def check_names(names, field="tags"):
    """A list of valid tag names (None means none); duplicates dropped, order kept; at most MAX_PER_RESOURCE."""
    if names is None:
        return []
    if not isinstance(names, list):
        raise bad_request("%s must be an array of strings" % field)
    checked = list(dict.fromkeys(check_name(n) for n in names))
    if len(checked) > MAX_PER_RESOURCE:
        raise unprocessable("%s: a resource can carry at most %d tags" % (field, MAX_PER_RESOURCE))
    return checked


def canonical(req, name):
    """The stored tag whose name matches case-insensitively (tag names are case stable), or None."""
    doc = req.store.get(KIND, name)
    if doc is not None:
        return doc
    lowered = name.lower()
    for tag in req.store.all(KIND):
        if tag["name"].lower() == lowered:
            return tag
    return None


def ensure(req, names):
    """Creates the tags that do not exist yet; returns the names in their canonical capitalization. Linear: the
    stored tags are read once, whatever the number of names."""
    if not names:
        return []
    by_lower = {}
    for tag in req.store.all(KIND):
        by_lower.setdefault(tag["name"].lower(), tag["name"])
    result = []
    for name in names:
        known = by_lower.get(name.lower())
        if known is None:
            req.store.put(KIND, {"name": name}, key=name)
            known = by_lower[name.lower()] = name
        result.append(known)
    return list(dict.fromkeys(result))


def set_resource_tag(req, kind, key, name, tagged):
    """Adds (tagged=True) or removes a tag on one stored resource of any taggable kind; False if it does not exist.
    The one place another area's "tags" list is written."""
    doc = req.store.get(kind, key)
    if doc is None:
        return False
    tags = list(doc.get("tags") or [])
    if tagged and name not in tags:
        tags.append(name)
    elif not tagged and name in tags:
        tags.remove(name)
    else:
        return True
    doc["tags"] = tags
    req.store.put(kind, doc, key=key)
    return True


def _counts(req):
    """{tag name: {resources key: (count, last tagged uri)}} over every taggable kind."""
    counts = {}
    for resource_type, (kind, section, uri_path) in TAGGABLE.items():
        for doc in req.store.all(kind):
            names = doc.get("tags")
            if not names:
                continue
            if resource_type == "volume_snapshot" and doc.get("resource_type") != "volume":
                continue
            uri = "%s/v2/%s/%s" % (req.base_url, uri_path, doc.get("id"))
            for name in names:
                per_tag = counts.setdefault(name, {})
                count, _ = per_tag.get(section, (0, None))
                per_tag[section] = (count + 1, uri)
    return counts


def present(tag, counts):
    per_kind = counts.get(tag["name"], {})
    resources = {"count": sum(c for c, _ in per_kind.values())}
    last = None
    for section in ("droplets", "databases", "volumes", "volume_snapshots"):
        count, uri = per_kind.get(section, (0, None))
        resources[section] = {"count": count}
        if uri:
            resources[section]["last_tagged_uri"] = uri
            last = uri
    if last:
        resources["last_tagged_uri"] = last
    return {"name": tag["name"], "resources": resources}


def _find(req, tag_id):
    tag = canonical(req, unquote(tag_id))
    if tag is None:
        raise not_found()
    return tag


@route("GET", "/v2/tags")
def list_tags(req):
    counts = _counts(req)
    return ok(paginate(req, req.store.all(KIND), "tags", present=lambda t: present(t, counts)))


@route("POST", "/v2/tags")
def create_tag(req):
    name = ensure(req, [check_name(req.json().get("name"))])[0]
    return created({"tag": present({"name": name}, _counts(req))})


@route("GET", "/v2/tags/{tag_id}")
def get_tag(req):
    return ok({"tag": present(_find(req, req.params["tag_id"]), _counts(req))})


@route("DELETE", "/v2/tags/{tag_id}")
def delete_tag(req):
    tag = _find(req, req.params["tag_id"])
    for kind, _, _ in TAGGABLE.values():
        for doc in req.store.all(kind):
            if tag["name"] in (doc.get("tags") or ()):
                set_resource_tag(req, kind, doc["id"], tag["name"], False)
    req.store.delete(KIND, tag["name"])
    return no_content()


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
        checked.append((TAGGABLE[resource_type][0], str(item["resource_id"]), resource_type))
    return checked


def _tag_resources(req, tagged):
    tag = _find(req, req.params["tag_id"])
    for kind, key, resource_type in _resources(req):
        doc = req.store.get(kind, key)
        if doc is None or (resource_type == "volume_snapshot" and doc.get("resource_type") != "volume"):
            raise not_found("The %s %s could not be found." % (resource_type, key))
        set_resource_tag(req, kind, key, tag["name"], tagged)
    return no_content()


@route("POST", "/v2/tags/{tag_id}/resources")
def tag_resources(req):
    return _tag_resources(req, True)


@route("DELETE", "/v2/tags/{tag_id}/resources")
def untag_resources(req):
    return _tag_resources(req, False)
