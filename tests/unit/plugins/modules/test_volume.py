"""The volume module's pure checks: names the API would refuse, the list form's items, null vs a missing key."""

import pytest
from ansible_collections.tide.digitalocean.plugins.modules.volume import name_problem, specs_problem, volume_specs


@pytest.mark.parametrize("name", ["a", "web-data", "d1", "a" + "b" * 63])
def test_names_the_api_takes_pass(name):
    assert name_problem(name) is None


@pytest.mark.parametrize("name", ["", "Bad_Name", "1data", "-data", "data.1", "a" + "b" * 64, None])
def test_names_the_api_refuses_are_named(name):
    assert "%r is not a valid volume name" % (name,) in name_problem(name)


def single(**params):
    return dict(dict(name="web-data", volumes=None, droplet=None), **params)


def test_the_single_form_manages_the_attachment_only_when_droplet_is_given_even_as_null():
    assert volume_specs(single(), {"name": "web-data"}) == [("web-data", False, None)]
    assert volume_specs(single(), {"name": "web-data", "droplet": None}) == [("web-data", True, None)]
    assert volume_specs(single(droplet="web-1"), {"name": "web-data", "droplet": "web-1"}) == [
        ("web-data", True, "web-1")
    ]


def test_the_list_form_reads_null_and_missing_droplet_keys_per_item_in_order():
    validated = [
        {"name": "d-1", "droplet": "w-1"},
        {"name": "d-2", "droplet": None},
        {"name": "d-3", "droplet": None},
    ]
    raw = {"volumes": [{"name": "d-1", "droplet": "w-1"}, {"name": "d-2", "droplet": None}, {"name": "d-3"}]}
    specs = volume_specs(dict(name=None, volumes=validated, droplet=None), raw)
    assert specs == [("d-1", True, "w-1"), ("d-2", True, None), ("d-3", False, None)]


def test_duplicates_bad_names_and_an_empty_list_are_refused():
    assert specs_problem([]) == "volumes must not be empty"
    twice = [("d-1", False, None), ("d-2", False, None), ("d-1", True, "w")]
    assert specs_problem(twice) == "volumes lists d-1 more than once"
    problem = specs_problem([("d-1", False, None), ("Bad", False, None)])
    assert problem.startswith("'Bad' is not a valid volume name")
    assert specs_problem([("d-1", False, None), ("d-2", True, "w-2")]) is None


def test_deleting_does_not_judge_names_only_duplicates():
    assert specs_problem([("Old_Name", False, None)], present=False) is None
    assert specs_problem([("x", False, None), ("x", False, None)], present=False) == "volumes lists x more than once"
