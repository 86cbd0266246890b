"""Deleting several droplets by one tag: only a tag that exactly the droplets to delete carry is ever chosen."""

from ansible_collections.tide.digitalocean.plugins.modules.droplet import tag_of_exactly


def droplet(droplet_id, *tags):
    return {"id": droplet_id, "name": "d-%d" % droplet_id, "tags": list(tags)}


def test_the_tag_only_the_doomed_droplets_carry_is_chosen_over_tags_they_share_with_others():
    doomed = [droplet(1, "batch", "web", "bulk"), droplet(2, "web", "bulk", "batch")]
    listing = [*doomed, droplet(3, "batch"), droplet(4, "web", "other")]
    assert tag_of_exactly(listing, doomed) == "bulk"


def test_no_tag_when_every_shared_tag_is_also_on_a_droplet_not_named():
    doomed = [droplet(1, "batch", "web"), droplet(2, "batch", "web")]
    listing = [*doomed, droplet(3, "batch"), droplet(4, "web")]
    assert tag_of_exactly(listing, doomed) is None


def test_no_tag_when_the_doomed_droplets_share_none():
    doomed = [droplet(1, "a"), droplet(2, "b"), droplet(3)]
    assert tag_of_exactly(doomed, doomed) is None


def test_a_tag_on_only_some_of_the_doomed_droplets_is_not_chosen():
    doomed = [droplet(1, "web", "x"), droplet(2, "web")]
    listing = [*doomed, droplet(3, "web")]
    assert tag_of_exactly(listing, doomed) is None


def test_tags_differing_only_in_case_count_as_the_same_tag():
    doomed = [droplet(1, "Bulk"), droplet(2, "bulk")]
    assert tag_of_exactly(doomed, doomed) == "Bulk"
    assert tag_of_exactly([*doomed, droplet(3, "BULK")], doomed) is None


def test_nothing_to_delete_has_no_tag():
    assert tag_of_exactly([droplet(1, "a")], []) is None
