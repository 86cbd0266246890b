"""GET /v2/actions and /v2/actions/{action_id}: every action of the account, with its status derived from time."""

BASE = {"region": "fra1", "size": "s-1vcpu-1gb", "image": "debian-12-x64"}


def test_actions_list_every_action_with_pagination(api):
    r = api.post("/v2/droplets", json={**BASE, "names": ["a-1", "a-2", "a-3"]})
    ids = [d["id"] for d in r.json()["droplets"]]
    api.post("/v2/droplets/%d/actions" % ids[0], json={"type": "reboot"})
    listed = api.get("/v2/actions").json()
    assert listed["meta"]["total"] == 4
    assert [a["type"] for a in listed["actions"]] == ["reboot", "create", "create", "create"]  # most recent first
    assert all(a["region_slug"] == "fra1" and a["region"]["slug"] == "fra1" for a in listed["actions"])
    page = api.get("/v2/actions", params={"per_page": 3, "page": 2}).json()
    assert [(a["type"], a["resource_id"]) for a in page["actions"]] == [("create", ids[0])]
    assert set(page["links"]["pages"]) == {"first", "prev"}


def test_action_status_follows_the_clock(api, emulator):
    emulator.app.config.action_seconds = 20
    r = api.post("/v2/droplets", json={**BASE, "name": "slow"})
    action_id = r.json()["links"]["actions"][0]["id"]
    action = api.get("/v2/actions/%d" % action_id).json()["action"]
    assert action["status"] == "in-progress" and action["completed_at"] is None
    clock = emulator.app.clock
    emulator.app.clock = lambda: clock() + 21
    try:
        action = api.get("/v2/actions/%d" % action_id).json()["action"]
    finally:
        emulator.app.clock = clock
    assert action["status"] == "completed" and action["completed_at"] >= action["started_at"]


def test_unknown_action_is_404(api):
    for path in ("/v2/actions/12345", "/v2/actions/not-a-number"):
        r = api.get(path)
        assert r.status_code == 404 and r.json()["id"] == "not_found"


def test_bad_pagination_is_400(api):
    assert api.get("/v2/actions", params={"per_page": 500}).status_code == 400


def test_pydo_actions(do_client):
    created = do_client.droplets.create(body={**BASE, "name": "pydo"})
    action_id = created["links"]["actions"][0]["id"]
    assert do_client.actions.get(action_id)["action"]["type"] == "create"
    assert [a["id"] for a in do_client.actions.list(per_page=200)["actions"]] == [action_id]
    assert do_client.actions.get(1)["id"] == "not_found"  # pydo returns a declared 404 body instead of raising
