"""Tags: the add/remove difference, reconciling any resource type, and creating tags the account lacks."""

from ansible_collections.tide.digitalocean.plugins.module_utils import tags


def test_tag_changes_are_sorted_and_none_means_no_tags():
    assert tags.tag_changes(["b", "a", "x"], ["x", "d", "c"]) == (["c", "d"], ["a", "b"])
    assert tags.tag_changes(None, ["a"]) == (["a"], [])
    assert tags.tag_changes(["a"], None) == ([], ["a"])
    assert tags.tag_changes(["a"], ["a"]) == ([], [])


def droplet(emulator, tag_names):
    body = {"name": "t-1", "region": "nyc3", "size": "s-1vcpu-1gb", "image": "debian-12-x64", "tags": tag_names}
    return emulator.request("POST", "/v2/droplets", json=body).json()["droplet"]["id"]


def tags_of(emulator, droplet_id):
    return sorted(emulator.request("GET", "/v2/droplets/%s" % droplet_id).json()["droplet"]["tags"])


def test_reconcile_adds_creating_missing_tags_and_removes_the_others(api, emulator):
    droplet_id = droplet(emulator, ["a", "b"])
    emulator.zero_stats()
    assert tags.reconcile_tags(api, "droplet", droplet_id, ["a", "b"], ["b", "c"]) == (["c"], ["a"])
    assert tags_of(emulator, droplet_id) == ["b", "c"]
    routes = emulator.stats()["routes"]
    assert routes["POST /v2/tags"] == 1  # "c" did not exist
    assert routes["DELETE /v2/tags/{tag_id}/resources"] == 1


def test_reconcile_is_idempotent(api, emulator):
    droplet_id = droplet(emulator, ["a"])
    tags.reconcile_tags(api, "droplet", droplet_id, [], ["a", "z"])
    tags.reconcile_tags(api, "droplet", droplet_id, ["a", "z"], [])
    tags.reconcile_tags(api, "droplet", droplet_id, ["a", "z"], [])
    assert tags_of(emulator, droplet_id) == []


def test_ensure_tags_creates_only_those_the_account_lacks(api, emulator):
    droplet(emulator, ["have"])
    emulator.zero_stats()
    tags.ensure_tags(api, ["new", "have", "new"])
    assert emulator.stats()["routes"] == {"GET /v2/tags/{tag_id}": 2, "POST /v2/tags": 1}
    assert tags.get_tag(api, "new")["name"] == "new"
    assert tags.get_tag(api, "never") is None


def test_creating_a_tag_after_an_ambiguous_failure_does_not_post_twice(api, emulator):
    emulator.faults(after_write=1.0, routes=["POST /v2/tags"], rates={"500": 1.0})
    tags.create_tag(api, "once")
    emulator.clear_faults()
    assert emulator.stats()["routes"]["POST /v2/tags"] == 1
    assert tags.get_tag(api, "once") is not None
