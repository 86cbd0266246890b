"""Tags: the "tags" kind, and tagging resources of other areas.

A tag document holds only its canonical name. Which resources carry a tag is not stored with the tag: every
taggable resource keeps a "tags" list of names, and a tag's resource counts are derived from those lists when
read. `set_resource_tag` is the one place another area's "tags" list is written (droplets, volumes, volume
snapshots, database clusters), through that area's collection.
"""

import re
from urllib.parse import unquote

from ..errors import bad_request, unprocessable
from . import databases, droplets, snapshots, volumes
from .collection import Collection


def _lookup(req, tag_id):
    """A path's tag, matched case-insensitively."""
    tag = canonical(req, unquote(tag_id))
    return dict(tag) if tag is not None else None


TAGS = Collection("tags", key="name", lookup=_lookup)
KIND = TAGS.kind
exists = TAGS.exists
NAME_PATTERN = re.compile(r"^[a-zA-Z0-9_\-:]+$")
MAX_NAME = 255
MAX_PER_RESOURCE = 1000  # the emulator's bound (the API documents none): a longer list is a 422

# resource_type of POST /v2/tags/{tag}/resources -> (key of the counts in tag.resources, URI path)
TAGGABLE = {
    "droplet": ("droplets", "droplets"),
    "volume": ("volumes", "volumes"),
    "volume_snapshot": ("volume_snapshots", "snapshots"),
    "database": ("databases", "databases"),
}


def collection(resource_type):
    """The collection of a taggable resource type."""
    return {"droplet": droplets.DROPLETS, "volume": volumes.VOLUMES, "volume_snapshot": snapshots.SNAPSHOTS,
            "database": databases.CLUSTERS}[resource_type]


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
    doc = TAGS.get(req, name)
    if doc is not None:
        return doc
    lowered = name.lower()
    for tag in TAGS.all(req):
        if tag["name"].lower() == lowered:
            return tag
    return None


def ensure(req, names):
    """Creates the tags that do not exist yet; returns the names in their canonical capitalization. Linear: the
    stored tags are read once, whatever the number of names."""
    if not names:
        return []
    by_lower = {}
    for tag in TAGS.all(req):
        by_lower.setdefault(tag["name"].lower(), tag["name"])
    result = []
    for name in names:
        known = by_lower.get(name.lower())
        if known is None:
            TAGS.save(req, {"name": name})
            known = by_lower[name.lower()] = name
        result.append(known)
    return list(dict.fromkeys(result))


def ensure_valid(req, names):
    """The tag names a request gives for a resource, validated; tags that do not exist yet are created, as the API
    does for tags on a resource."""
    return ensure(req, check_names(names))


def tagged_resource(req, resource_type, key):
    """The stored resource (a private copy) a tag request names, or None."""
    doc = collection(resource_type).get(req, key)
    if doc is None or (resource_type == "volume_snapshot" and doc.get("resource_type") != "volume"):
        return None
    return doc


def set_resource_tag(req, resource_type, doc, name, tagged):
    """Adds (tagged=True) or removes a tag on one stored resource (a private copy) of a taggable type."""
    tags = list(doc.get("tags") or [])
    if tagged and name not in tags:
        tags.append(name)
    elif not tagged and name in tags:
        tags.remove(name)
    else:
        return
    doc["tags"] = tags
    collection(resource_type).save(req, doc)


def counts(req):
    """{tag name: {resources key: (count, last tagged uri)}} over every taggable kind."""
    found = {}
    for resource_type, (section, uri_path) in TAGGABLE.items():
        for doc in collection(resource_type).all(req):
            names = doc.get("tags")
            if not names:
                continue
            if resource_type == "volume_snapshot" and doc.get("resource_type") != "volume":
                continue
            uri = "%s/v2/%s/%s" % (req.base_url, uri_path, doc.get("id"))
            for name in names:
                per_tag = found.setdefault(name, {})
                count, _ = per_tag.get(section, (0, None))
                per_tag[section] = (count + 1, uri)
    return found


def present(tag, tag_counts):
    per_kind = tag_counts.get(tag["name"], {})
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


def delete(req, tag):
    """Deletes a tag and takes it off every resource that carries it."""
    for resource_type in TAGGABLE:
        kind = collection(resource_type)
        for doc in kind.all(req):
            if tag["name"] in (doc.get("tags") or ()):
                set_resource_tag(req, resource_type, kind.get(req, doc[kind.key]), tag["name"], False)
    TAGS.delete(req, tag)
