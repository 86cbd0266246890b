"""Actions on any resource kind: started once even when the answer is lost, then waited for."""

import pytest
from ansible_collections.tide.digitalocean.plugins.module_utils.actions import ACTION_KINDS, ActionKind, Actions
from ansible_collections.tide.digitalocean.plugins.module_utils.errors import DigitalOceanError

AMBIGUOUS = [{"rates": {"500": 1.0}}, {"drop": 1.0}]


@pytest.fixture
def slow_actions(emulator_server):
    """Call it to make the actions started from then on take 0.3 s (resources are created ready before)."""

    def slow():
        emulator_server.app.config.action_seconds = 0.3

    yield slow
    emulator_server.app.config.action_seconds = 0


def droplet(emulator, name="a-1"):
    body = {"name": name, "region": "nyc3", "size": "s-1vcpu-1gb", "image": "debian-12-x64"}
    return emulator.request("POST", "/v2/droplets", json=body).json()["droplet"]["id"]


def volume(emulator):
    body = {"name": "v-1", "region": "nyc3", "size_gigabytes": 10}
    return emulator.request("POST", "/v2/volumes", json=body).json()["volume"]["id"]


def attached(droplet_id):
    return lambda v: droplet_id in (v.get("droplet_ids") or [])


def test_a_volume_action_runs_and_is_waited_for(api, emulator, slow_actions):
    droplet_id, volume_id = droplet(emulator), volume(emulator)
    slow_actions()
    Actions(api, "volume", wait_timeout=30).run(
        volume_id, "attach", attached(droplet_id), droplet_id=droplet_id, region="nyc3"
    )
    shown = emulator.request("GET", "/v2/volumes/%s" % volume_id).json()["volume"]
    assert shown["droplet_ids"] == [droplet_id]
    actions = emulator.request("GET", "/v2/volumes/%s/actions" % volume_id).json()["actions"]
    assert [(a["type"], a["status"]) for a in actions] == [("attach_volume", "completed")]


@pytest.mark.parametrize("fault", AMBIGUOUS)
def test_a_volume_action_applied_before_the_failure_is_not_sent_again(api, emulator, fault):
    droplet_id, volume_id = droplet(emulator), volume(emulator)
    emulator.faults(after_write=1.0, routes=["POST /v2/volumes/{volume_id}/actions"], **fault)
    Actions(api, "volume", wait_timeout=30).run(
        volume_id, "attach", attached(droplet_id), droplet_id=droplet_id, region="nyc3"
    )
    emulator.clear_faults()
    assert emulator.stats()["routes"]["POST /v2/volumes/{volume_id}/actions"] == 1
    assert emulator.request("GET", "/v2/volumes/%s" % volume_id).json()["volume"]["droplet_ids"] == [droplet_id]


@pytest.mark.parametrize("fault", AMBIGUOUS)
def test_an_action_still_in_progress_after_the_failure_is_taken_as_the_outcome(api, emulator, fault, slow_actions):
    droplet_id = droplet(emulator)
    slow_actions()
    emulator.faults(after_write=1.0, routes=["POST /v2/droplets/{droplet_id}/actions"], **fault)
    actions = Actions(api, "droplet", wait_timeout=30)
    action_id = actions.start(droplet_id, "power_off", lambda d: False)
    emulator.clear_faults()
    assert action_id is not None
    assert emulator.stats()["routes"]["POST /v2/droplets/{droplet_id}/actions"] == 1


def test_run_many_starts_every_action_then_waits_for_all(api, emulator):
    ids = [droplet(emulator, "m-%d" % i) for i in range(3)]
    Actions(api, "droplet", wait_timeout=30).run_many(ids, "power_off", lambda d: d.get("status") == "off")
    statuses = [emulator.request("GET", "/v2/droplets/%s" % i).json()["droplet"]["status"] for i in ids]
    assert statuses == ["off", "off", "off"]


def test_an_errored_action_fails_the_wait(api, emulator, monkeypatch):
    droplet_id = droplet(emulator)
    actions = Actions(api, "droplet", wait_timeout=30)
    original = api.call

    def errored(operation, **kwargs):
        body = original(operation, **kwargs)
        if operation == "actions.get":
            body["action"]["status"] = "errored"
        return body

    monkeypatch.setattr(api, "call", errored)
    with pytest.raises(DigitalOceanError, match=r"errored"):
        actions.run(droplet_id, "power_off", lambda d: False)


class RecordingAPI:
    """Records the operations an Actions helper calls; answers like the API would."""

    def __init__(self, resource, in_progress=()):
        self.calls = []
        self.resource = resource
        self.in_progress = list(in_progress)

    def call(self, operation, **kwargs):
        self.calls.append((operation, kwargs))
        if operation.endswith(".list"):
            return {"actions": [{"id": 5, "type": t, "status": "in-progress"} for t in self.in_progress]}
        return {operation.split(".")[0].rstrip("s"): self.resource}

    def write(self, operation, recover, **kwargs):
        self.calls.append((operation, kwargs))
        return recover()


@pytest.mark.parametrize(
    "kind, get_operation, id_argument",
    [("reserved_ip", "reserved_ips.get", "reserved_ip"), ("image", "images.get", "image_id")],
)
def test_other_kinds_use_their_own_operations(kind, get_operation, id_argument):
    api = RecordingAPI({"id": 1}, in_progress=["assign"])
    assert ACTION_KINDS[kind].get == get_operation
    action_id = Actions(api, kind, wait_timeout=1).start("203.0.113.1", "assign", lambda r: False, droplet_id=7)
    assert action_id == 5
    post, listing = api.calls
    assert post == (ACTION_KINDS[kind].post, {id_argument: "203.0.113.1", "body": {"type": "assign", "droplet_id": 7}})
    assert listing == (ACTION_KINDS[kind].list, {id_argument: "203.0.113.1"})


def test_a_resource_that_shows_the_result_means_nothing_to_wait_for():
    api = RecordingAPI({"status": "off"})
    kind = ActionKind("things.act", "things.actions", "things.get", "thing_id", "thing")
    assert Actions(api, kind, wait_timeout=1).start(3, "power_off", lambda r: r["status"] == "off") is None
    assert [operation for operation, _kwargs in api.calls] == ["things.act", "things.actions", "things.get"]


@pytest.mark.parametrize("fault", AMBIGUOUS)
def test_after_an_ambiguous_failure_the_running_action_is_waited_for_even_if_the_result_shows(
    api, emulator, fault, slow_actions
):
    """The race of issue 10: power_off answered 500/dropped after the API applied it; the droplet already reads
    "off" but the action still holds it, so the next action (resize) would get 422 "pending event"."""
    droplet_id = droplet(emulator)
    slow_actions()
    emulator.faults(after_write=1.0, routes=["POST /v2/droplets/{droplet_id}/actions"], **fault)
    actions = Actions(api, "droplet", wait_timeout=30)
    actions.run(droplet_id, "power_off", lambda d: d.get("status") == "off")
    emulator.clear_faults()
    listed = emulator.request("GET", "/v2/droplets/%s/actions" % droplet_id).json()["actions"]
    assert [a["status"] for a in listed if a["type"] == "power_off"] == ["completed"]
    emulator.zero_stats()
    actions.run(droplet_id, "resize", lambda d: d.get("size_slug") == "s-2vcpu-2gb", size="s-2vcpu-2gb", disk=False)
    assert emulator.stats()["routes"]["POST /v2/droplets/{droplet_id}/actions"] == 1


def test_a_pending_event_is_waited_out_not_fatal(api, emulator, slow_actions):
    droplet_id, volume_id = droplet(emulator), volume(emulator)
    slow_actions()
    started = emulator.request("POST", "/v2/droplets/%s/actions" % droplet_id, json={"type": "power_off"})
    assert started.status_code == 201
    Actions(api, "volume", wait_timeout=30).run(
        volume_id, "attach", attached(droplet_id), droplet_id=droplet_id, region="nyc3"
    )
    assert emulator.request("GET", "/v2/volumes/%s" % volume_id).json()["volume"]["droplet_ids"] == [droplet_id]
    assert emulator.stats()["statuses"].get("422", 0) >= 1


def test_a_pending_event_that_outlasts_wait_timeout_fails_clearly(api, emulator, slow_actions, monkeypatch):
    droplet_id = droplet(emulator)
    emulator.request("POST", "/v2/droplets/%s/actions" % droplet_id, json={"type": "power_off"})
    api_call = api.call

    def busy(operation, **kwargs):
        if operation == "droplet_actions.post":
            raise DigitalOceanError("Droplet already has a pending event.", status=422, error_id="unprocessable_entity")
        return api_call(operation, **kwargs)

    monkeypatch.setattr(api, "write", lambda operation, recover, **kwargs: busy(operation, **kwargs))
    with pytest.raises(DigitalOceanError, match=r"pending event.*still busy after waiting 0s"):
        Actions(api, "droplet", wait_timeout=0, sleep=lambda s: None).run(droplet_id, "power_on", lambda d: False)
