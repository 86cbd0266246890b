"""vpc and tag: input refused before any request, and which resource kinds the tag module reads."""

import pytest
from ansible_collections.tide.digitalocean.plugins.modules import tag, vpc


def vpc_params(**overrides):
    params = {"name": "app", "id": None, "region": "nyc3", "ip_range": None, "description": None}
    params.update(overrides)
    return params


@pytest.mark.parametrize(
    "overrides, problem",
    [
        ({"name": "my app"}, "letters, digits, dashes and periods"),
        ({"id": "123"}, "is not a VPC id"),
        ({"description": "x" * 256}, "at most 255"),
        ({"ip_range": "10.10.0.1/20"}, "host bits set"),
        ({"ip_range": "10.10.0.0"}, None),
        ({"ip_range": "8.8.8.0/24"}, "private IPv4"),
        ({"ip_range": "fd00::/64"}, "private IPv4"),
        ({"ip_range": "10.10.0.0/20", "id": "5a4981aa-9653-4bd1-bef5-d6bff52042e4"}, None),
    ],
)
def test_vpc_input_problems(overrides, problem):
    problems = vpc.input_problems(vpc_params(**overrides))
    if problem is None:
        assert problems == []
    else:
        assert len(problems) == 1 and problem in problems[0]


def entry(kind, name=None, resource_id=None, region=None, state="present"):
    return {"kind": kind, "name": name, "id": resource_id, "region": region, "state": state}


@pytest.mark.parametrize(
    "resources, problem",
    [
        ([entry("droplet", name="web-1"), entry("droplet", resource_id="42")], None),
        ([entry("droplet", resource_id="web-1")], "a droplet id is a number"),
        ([entry("volume", resource_id="42")], "a volume id is a uuid"),
        ([entry("image", name="snap")], "a image is given by id"),
        ([entry("volume_snapshot", resource_id="8fa70202-873f-11e6-8b68-000f533176b1")], None),
        ([entry("database", name="db", region="nyc3")], "region applies to droplet and volume names only"),
        ([entry("droplet", name="a"), entry("droplet", name="a", state="absent")], "both present and absent"),
    ],
)
def test_tag_input_problems(resources, problem):
    problems = tag.input_problems({"name": "web", "resources": resources})
    if problem is None:
        assert problems == []
    else:
        assert len(problems) == 1 and problem in problems[0]


def test_tag_name_is_checked():
    assert tag.input_problems({"name": "web tier", "resources": []})


class FakeModule:
    def __init__(self, resources, purge):
        self.params = {"name": "web", "resources": resources, "purge_resources": purge, "state": "present"}
        self.api = None
        self.check_mode = False


def test_purge_reads_only_kinds_that_carry_the_tag():
    """Counts the API gives as 0 are skipped; a kind without a count (images in the emulator) is read."""
    state = tag.TagState(FakeModule([entry("volume", name="v")], purge=True))
    counts = {"count": 2, "droplets": {"count": 2}, "volumes": {"count": 0}, "databases": {"count": 0},
              "volume_snapshots": {"count": 0}}
    full, tagged_only = state.kinds_to_read({"name": "web", "resources": counts})
    assert full == {"volume"}
    assert tagged_only == {"droplet", "image"}


def test_without_purge_only_named_kinds_are_read():
    state = tag.TagState(FakeModule([entry("droplet", name="a")], purge=False))
    assert state.kinds_to_read({"name": "web", "resources": {"count": 5}}) == ({"droplet"}, set())


class FakeAPI:
    """Answers droplets.list with the droplets given, counting requests."""

    def __init__(self, droplets):
        self.droplets = droplets
        self.requests = 0

    def call(self, operation, **kwargs):
        self.requests += 1
        assert operation == "droplets.list"
        return {"droplets": [d for d in self.droplets if kwargs.get("name") in (None, d["name"])]}


def test_droplet_id_or_none():
    from ansible_collections.tide.digitalocean.plugins.module_utils.droplets import droplet_id_or_none

    api = FakeAPI([{"id": 7, "name": "web-1", "region": {"slug": "nyc3"}}])
    assert droplet_id_or_none(api, "42") == 42 and api.requests == 0
    assert droplet_id_or_none(api, "web-1") == 7 and api.requests == 1
    assert droplet_id_or_none(api, "web-2") is None
    assert droplet_id_or_none(api, "web-1", region="sfo3") is None
