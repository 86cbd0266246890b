"""Droplet actions: power state, resize rules, rename, snapshot, backups, ipv6, rebuild, locking while an action
runs, by-tag actions, and the droplet's action history."""

import contextlib

import pytest
from azure.core.exceptions import HttpResponseError

BASE = {"region": "nyc3", "size": "s-1vcpu-1gb", "image": "ubuntu-22-04-x64"}


def make(api, name="act", **fields):
    r = api.post("/v2/droplets", json={**BASE, "name": name, **fields})
    assert r.status_code == 202, r.text
    return r.json()["droplet"]["id"]


def act(api, droplet_id, **body):
    return api.post("/v2/droplets/%d/actions" % droplet_id, json=body)


def done(api, droplet_id, **body):
    r = act(api, droplet_id, **body)
    assert r.status_code == 201, r.text
    action = r.json()["action"]
    assert action["type"] == body["type"] and action["resource_id"] == droplet_id
    assert action["resource_type"] == "droplet" and action["status"] == "completed"
    return action


def droplet(api, droplet_id):
    return api.get("/v2/droplets/%d" % droplet_id).json()["droplet"]


def assert_422(r):
    assert r.status_code == 422, r.text
    assert r.json()["id"] == "unprocessable_entity" and r.json()["message"]


@contextlib.contextmanager
def later(emulator, seconds):
    clock = emulator.app.clock
    emulator.app.clock = lambda: clock() + seconds
    try:
        yield
    finally:
        emulator.app.clock = clock


def test_power_off_on_shutdown_reboot_power_cycle(api):
    d = make(api)
    done(api, d, type="power_off")
    assert droplet(api, d)["status"] == "off"
    done(api, d, type="power_on")
    assert droplet(api, d)["status"] == "active"
    done(api, d, type="shutdown")
    assert droplet(api, d)["status"] == "off"
    done(api, d, type="reboot")
    assert droplet(api, d)["status"] == "active"
    done(api, d, type="power_cycle")
    assert droplet(api, d)["status"] == "active"
    done(api, d, type="password_reset")


@pytest.mark.parametrize("off_first, action_type", [
    (False, "power_on"), (True, "power_off"), (True, "shutdown"), (False, "enable_ipv6"),
    (False, "disable_backups"), (False, "enable_private_networking"),
])
def test_an_action_that_changes_nothing_answers_201_with_an_action_that_completes(emulator, api, off_first,
                                                                                  action_type):
    """The API starts the action and lets it complete (community.digitalocean sends power_on after every create
    with wait: true); it is not refused with a 422."""
    d = make(api, ipv6=True)
    if off_first:
        done(api, d, type="power_off")
    before = droplet(api, d)
    emulator.app.config.action_seconds = 30
    r = act(api, d, type=action_type)
    assert r.status_code == 201, r.text
    action = r.json()["action"]
    assert action["type"] == action_type and action["status"] == "in-progress"
    assert droplet(api, d)["locked"] is True
    with later(emulator, 31):
        finished = api.get("/v2/actions/%d" % action["id"]).json()["action"]
        assert finished["status"] == "completed" and finished["completed_at"]
        after = droplet(api, d)
    assert after["status"] == before["status"] and after["features"] == before["features"]
    assert after["networks"] == before["networks"]


def test_resize_only_when_off(api):
    d = make(api)
    assert_422(act(api, d, type="resize", size="s-2vcpu-4gb"))
    assert droplet(api, d)["size_slug"] == "s-1vcpu-1gb"
    done(api, d, type="power_off")
    assert_422(act(api, d, type="resize", size="no-such-size"))
    assert_422(act(api, d, type="resize", size="s-1vcpu-1gb"))
    assert_422(act(api, d, type="resize"))
    done(api, d, type="resize", size="s-2vcpu-4gb")
    shown = droplet(api, d)
    assert shown["size_slug"] == "s-2vcpu-4gb" and shown["size"]["slug"] == "s-2vcpu-4gb"
    assert shown["memory"] == 4096 and shown["vcpus"] == 2
    assert shown["disk"] == 25  # without disk: true only CPU and memory change
    assert shown["status"] == "off"


def test_resize_with_disk_grows_the_disk_which_then_cannot_shrink(api):
    d = make(api)
    done(api, d, type="power_off")
    r = act(api, d, type="resize", size="s-2vcpu-4gb", disk="yes")
    assert r.status_code == 400
    api.violations.clear()  # 400 is not declared for droplet actions; a non-boolean `disk` is a bad request
    done(api, d, type="resize", size="s-2vcpu-4gb", disk=True)
    assert droplet(api, d)["disk"] == 80
    assert_422(act(api, d, type="resize", size="s-1vcpu-2gb"))
    assert droplet(api, d)["size_slug"] == "s-2vcpu-4gb"


def test_resize_takes_disk_as_the_string_true_or_false(api):
    """python-digitalocean sends `"disk": "true"` (a string) and has for a decade; the API's description says to
    set disk to true and resizes the disk, so the strings "true" and "false" are taken as the booleans."""
    d = make(api)
    done(api, d, type="power_off")
    done(api, d, type="resize", size="s-1vcpu-2gb", disk="false")
    assert droplet(api, d)["disk"] == 25
    done(api, d, type="resize", size="s-2vcpu-4gb", disk="true")
    assert droplet(api, d)["disk"] == 80


def test_rename(api):
    d = make(api)
    done(api, d, type="rename", name="renamed.example.com")
    assert droplet(api, d)["name"] == "renamed.example.com"
    assert_422(act(api, d, type="rename", name="not valid!"))
    assert_422(act(api, d, type="rename"))
    assert droplet(api, d)["name"] == "renamed.example.com"


def test_snapshot_creates_a_droplet_snapshot_usable_as_image(api):
    d = make(api, tags=["snap"])
    action = done(api, d, type="snapshot", name="before-upgrade")
    listed = api.get("/v2/droplets/%d/snapshots" % d).json()
    (snap,) = listed["snapshots"]
    assert snap["name"] == "before-upgrade" and snap["type"] == "snapshot" and snap["regions"] == ["nyc3"]
    assert droplet(api, d)["snapshot_ids"] == [snap["id"]]
    image = api.get("/v2/images/%d" % snap["id"]).json()["image"]
    assert image["type"] == "snapshot" and image["public"] is False
    private = api.get("/v2/images", params={"private": "true"}).json()["images"]
    assert [i["id"] for i in private] == [snap["id"]]
    assert api.get("/v2/actions/%d" % action["id"]).json()["action"]["type"] == "snapshot"
    clone = api.post("/v2/droplets", json={**BASE, "name": "clone", "image": snap["id"]})
    assert clone.status_code == 202
    elsewhere = api.post("/v2/droplets", json={**BASE, "name": "far", "region": "ams3", "image": snap["id"]})
    assert_422(elsewhere)


def test_snapshot_is_listed_by_the_snapshots_area(api):
    d = make(api)
    done(api, d, type="snapshot", name="shared")
    r = api.get("/v2/snapshots", params={"resource_type": "droplet"})
    assert r.status_code == 200
    assert [(s["name"], s["resource_id"]) for s in r.json()["snapshots"]] == [("shared", str(d))]


def test_snapshot_appears_once_its_action_completes(api, emulator):
    d = make(api)
    emulator.app.config.action_seconds = 30
    action = act(api, d, type="snapshot", name="slow").json()["action"]
    assert action["status"] == "in-progress"
    assert api.get("/v2/droplets/%d/snapshots" % d).json()["meta"]["total"] == 0
    with later(emulator, 31):
        assert api.get("/v2/droplets/%d/snapshots" % d).json()["meta"]["total"] == 1
        assert api.get("/v2/actions/%d" % action["id"]).json()["action"]["status"] == "completed"


def test_backups_enable_change_policy_disable(api):
    d = make(api)
    assert_422(act(api, d, type="change_backup_policy", backup_policy={"plan": "weekly", "weekday": "MON"}))
    done(api, d, type="enable_backups", backup_policy={"plan": "daily", "hour": 4})
    shown = droplet(api, d)
    assert "backups" in shown["features"] and shown["next_backup_window"] is not None
    done(api, d, type="change_backup_policy", backup_policy={"plan": "weekly", "weekday": "MON", "hour": 8})
    assert_422(act(api, d, type="change_backup_policy", backup_policy={"plan": "hourly"}))
    done(api, d, type="disable_backups")
    shown = droplet(api, d)
    assert "backups" not in shown["features"] and shown["next_backup_window"] is None


def test_enable_ipv6_adds_a_v6_network(api):
    d = make(api)
    assert droplet(api, d)["networks"]["v6"] == []
    done(api, d, type="enable_ipv6")
    shown = droplet(api, d)
    assert len(shown["networks"]["v6"]) == 1 and "ipv6" in shown["features"]


def test_rebuild_changes_the_image(api):
    d = make(api)
    done(api, d, type="rebuild", image="debian-12-x64")
    assert droplet(api, d)["image"]["slug"] == "debian-12-x64"
    assert_422(act(api, d, type="rebuild", image="no-such-image"))
    assert_422(act(api, d, type="rebuild"))


def test_restore_and_change_kernel_need_something_that_exists(api):
    d = make(api)
    assert_422(act(api, d, type="restore", image=12345))
    assert_422(act(api, d, type="change_kernel", kernel=991))


@pytest.mark.parametrize("body", [{}, {"type": "explode"}, {"type": 7}])
def test_bad_action_type(api, body):
    d = make(api)
    r = api.post("/v2/droplets/%d/actions" % d, json=body)
    assert r.status_code in (400, 422)
    api.violations.clear()  # 400 (a non-string type) is not declared for droplet actions
    assert api.get("/v2/droplets/%d/actions" % d).json()["meta"]["total"] == 1  # only the create


def test_action_on_unknown_droplet_is_404(api):
    r = api.post("/v2/droplets/999999/actions", json={"type": "reboot"})
    assert r.status_code == 404 and r.json()["id"] == "not_found"


def test_droplet_is_locked_while_an_action_runs(api, emulator):
    d = make(api)
    emulator.app.config.action_seconds = 30
    action = act(api, d, type="power_off").json()["action"]
    assert action["status"] == "in-progress" and action["completed_at"] is None
    shown = droplet(api, d)
    assert shown["locked"] is True and shown["status"] == "off"
    assert_422(act(api, d, type="power_on"))
    with later(emulator, 31):
        assert droplet(api, d)["locked"] is False
        finished = api.get("/v2/droplets/%d/actions/%d" % (d, action["id"])).json()["action"]
        assert finished["status"] == "completed" and finished["completed_at"]
        assert act(api, d, type="power_on").status_code == 201


def test_actions_by_tag(api):
    tagged = [make(api, "t-%d" % i, tags=["fleet"]) for i in range(3)]
    other = make(api, "other")
    done(api, tagged[0], type="power_off")
    r = api.post("/v2/droplets/actions", params={"tag_name": "fleet"}, json={"type": "power_off"})
    assert r.status_code == 201, r.text
    started = r.json()["actions"]
    assert sorted(a["resource_id"] for a in started) == sorted(tagged)
    assert all(a["type"] == "power_off" for a in started)
    assert {droplet(api, d)["status"] for d in tagged} == {"off"}
    assert droplet(api, other)["status"] == "active"
    r = api.post("/v2/droplets/actions", params={"tag_name": "fleet"}, json={"type": "snapshot", "name": "nightly"})
    assert r.status_code == 201
    assert all(api.get("/v2/droplets/%d/snapshots" % d).json()["meta"]["total"] == 1 for d in tagged)


def test_actions_by_tag_validate_the_body_and_the_tag(api):
    make(api, "t-1", tags=["fleet"])
    assert_422(api.post("/v2/droplets/actions", params={"tag_name": "fleet"}, json={"type": "resize"}))
    assert_422(api.post("/v2/droplets/actions", params={"tag_name": "fleet"}, json={}))
    r = api.post("/v2/droplets/actions", params={"tag_name": "nobody"}, json={"type": "reboot"})
    assert r.status_code == 422  # reboot is not one of the by-tag types
    r = api.post("/v2/droplets/actions", params={"tag_name": "nobody"}, json={"type": "power_on"})
    assert r.status_code == 404
    api.violations.clear()  # the spec declares no 404 for this operation although an unknown tag has none
    r = api.post("/v2/droplets/actions", json={"type": "power_on"})
    assert r.status_code == 400
    api.violations.clear()  # nor a 400 for the missing tag_name


def test_action_history(api):
    d = make(api)
    other = make(api, "other")
    done(api, d, type="power_off")
    done(api, d, type="power_on")
    history = api.get("/v2/droplets/%d/actions" % d).json()
    assert [a["type"] for a in history["actions"]] == ["power_on", "power_off", "create"]  # most recent first
    paged = api.get("/v2/droplets/%d/actions" % d, params={"per_page": 2, "page": 2}).json()
    assert [a["type"] for a in paged["actions"]] == ["create"] and paged["meta"]["total"] == 3
    first = history["actions"][-1]["id"]
    assert api.get("/v2/droplets/%d/actions/%d" % (d, first)).json()["action"]["id"] == first
    assert api.get("/v2/droplets/%d/actions/%d" % (other, first)).status_code == 404
    assert api.get("/v2/droplets/%d/actions/1" % d).status_code == 404


def test_pydo_droplet_actions(do_client):
    created = do_client.droplets.create(body={**BASE, "names": ["p-1", "p-2"], "tags": ["pyfleet"]})
    d = created["droplets"][0]["id"]
    action = do_client.droplet_actions.post(d, {"type": "power_off"})["action"]
    assert do_client.droplet_actions.get(d, action["id"])["action"]["status"] == "completed"
    assert do_client.droplets.get(d)["droplet"]["status"] == "off"
    do_client.droplet_actions.post(d, {"type": "resize", "size": "s-2vcpu-2gb", "disk": True})
    assert do_client.droplets.get(d)["droplet"]["disk"] == 60
    by_tag = do_client.droplet_actions.post_by_tag({"type": "power_on"}, tag_name="pyfleet")
    assert len(by_tag["actions"]) == 2
    assert do_client.droplet_actions.list(d, per_page=50)["meta"]["total"] == 4
    with pytest.raises(HttpResponseError) as raised:
        do_client.droplet_actions.post(d, {"type": "resize", "size": "s-4vcpu-8gb"})
    assert raised.value.status_code == 422


def test_backup_policies_follow_create_and_actions(api, do_client):
    d = make(api, backups=True, backup_policy={"plan": "weekly", "weekday": "TUE", "hour": 20})
    other = make(api, "no-backups")
    shown = api.get("/v2/droplets/%d/backups/policy" % d).json()["policy"]
    assert shown["backup_enabled"] is True
    assert shown["backup_policy"]["plan"] == "weekly" and shown["backup_policy"]["weekday"] == "TUE"
    assert shown["backup_policy"]["hour"] == 20 and shown["next_backup_window"]["start"]
    done(api, d, type="change_backup_policy", backup_policy={"plan": "daily", "hour": 4})
    assert do_client.droplets.get_backup_policy(d)["policy"]["backup_policy"]["plan"] == "daily"
    policies = do_client.droplets.list_backup_policies(per_page=200)["policies"]
    assert policies[str(d)]["backup_enabled"] is True and policies[str(other)]["backup_enabled"] is False
    done(api, d, type="disable_backups")
    assert api.get("/v2/droplets/%d/backups/policy" % d).json()["policy"]["backup_enabled"] is False
    supported = do_client.droplets.list_supported_backup_policies()["supported_policies"]
    assert {p["name"] for p in supported} == {"daily", "weekly"}
    assert api.get("/v2/droplets/999999/backups/policy").status_code == 404


def test_backup_policy_on_create_needs_backups(api):
    r = api.post("/v2/droplets", json={**BASE, "name": "x", "backup_policy": {"plan": "daily", "hour": 4}})
    assert_422(r)
    assert api.get("/v2/droplets").json()["meta"]["total"] == 0
