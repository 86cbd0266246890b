"""The difference between desired and actual, and the plan changed/diff/check mode all read from."""

import pytest
from ansible_collections.tide.digitalocean.plugins.module_utils import state
from ansible_collections.tide.digitalocean.plugins.module_utils.errors import DigitalOceanError

ACTUAL = {"name": "web-1", "size": "s-1vcpu-1gb", "tags": ["b", "a"], "status": "active"}


def test_unmanaged_fields_are_not_compared():
    assert state.changed_fields(ACTUAL, {"name": "web-1", "size": None, "tags": None}) == {}


def test_lists_compare_regardless_of_order():
    assert state.changed_fields(ACTUAL, {"tags": ["a", "b"]}) == {}


def test_differences_name_before_and_after():
    changes = state.changed_fields(ACTUAL, {"size": "s-2vcpu-2gb", "tags": ["a"]})
    assert changes == {
        "size": {"before": "s-1vcpu-1gb", "after": "s-2vcpu-2gb"},
        "tags": {"before": ["b", "a"], "after": ["a"]},
    }


def test_an_empty_list_is_managed_and_removes_everything():
    assert state.changed_fields(ACTUAL, {"tags": []}) == {"tags": {"before": ["b", "a"], "after": []}}


def test_missing_resource_plans_a_create_whose_after_holds_the_desired_fields():
    plan = state.make_plan("web-1", None, {"name": "web-1", "size": "s", "tags": ["z", "y"], "vpc": None}, True)
    assert plan.action == state.CREATE and plan.changed
    assert plan.diff["before"] == {}
    assert plan.diff["after"] == {"name": "web-1", "size": "s", "tags": ["y", "z"]}


def test_matching_resource_plans_nothing_and_the_diff_is_empty():
    plan = state.make_plan("web-1", ACTUAL, {"size": "s-1vcpu-1gb", "tags": ["a", "b"]}, True)
    assert plan.action == state.NOTHING and not plan.changed
    assert plan.diff["before"] == plan.diff["after"]


def test_update_after_is_actual_with_desired_applied():
    plan = state.make_plan("web-1", ACTUAL, {"size": "s-2vcpu-2gb"}, True)
    assert plan.action == state.UPDATE
    assert plan.after == dict(ACTUAL, size="s-2vcpu-2gb")
    assert plan.before == ACTUAL


def test_absent_on_existing_resource_plans_a_delete_and_on_missing_nothing():
    assert state.make_plan("web-1", ACTUAL, None, False).action == state.DELETE
    assert state.make_plan("web-1", ACTUAL, None, False).diff["after"] == {}
    assert not state.make_plan("web-1", None, None, False).changed


class FakeModule:
    """Only the attributes ResourceState reads; the API is never called by these subclasses."""

    def __init__(self, check_mode):
        self.check_mode = check_mode
        self.api = None


class Things(state.ResourceState):
    """A resource kept in a dict, to run ResourceState's loop without any API."""

    kind = "thing"
    immutable = ("image",)

    def __init__(self, module, store, wanted):
        super().__init__(module)
        self.store = store
        self.wanted = wanted
        self.writes = []

    def identities(self):
        return sorted(self.wanted)

    def find(self):
        return {k: v for k, v in self.store.items() if k in self.wanted}

    def view(self, resource):
        return dict(resource)

    def desired(self, identity):
        return self.wanted[identity]

    def create(self, plans):
        self.writes.append(("create", [p.identity for p in plans]))
        for plan in plans:
            self.store[plan.identity] = dict(plan.after)
        return {p.identity: self.store[p.identity] for p in plans}

    def update(self, plan, resource):
        self.writes.append(("update", plan.identity))
        resource.update({k: v["after"] for k, v in plan.changes.items()})
        return resource

    def delete(self, plan, resource):
        self.writes.append(("delete", plan.identity))
        del self.store[plan.identity]


def test_check_mode_predicts_exactly_what_the_real_run_then_does():
    store = {"a": {"size": 1, "image": "x"}}
    wanted = {"a": {"size": 2, "image": None}, "b": {"size": 1, "image": "x"}}
    checked = Things(FakeModule(check_mode=True), store, wanted)
    check_plans, predicted = checked.run(present=True)
    assert checked.writes == [] and store == {"a": {"size": 1, "image": "x"}}

    real = Things(FakeModule(check_mode=False), store, wanted)
    real_plans, resources = real.run(present=True)
    assert [p.diff for p in check_plans] == [p.diff for p in real_plans]
    assert state.summarize(check_plans) == state.summarize(real_plans)
    assert predicted == {"a": {"size": 2, "image": "x"}, "b": {"size": 1, "image": "x"}}
    assert resources == predicted
    assert real.writes == [("create", ["b"]), ("update", "a")]


def test_second_run_changes_nothing():
    store = {}
    wanted = {"a": {"size": 1, "image": "x"}}
    Things(FakeModule(False), store, wanted).run(True)
    again = Things(FakeModule(False), store, wanted)
    plans, _resources = again.run(True)
    assert state.summarize(plans) == (False, plans[0].diff) and again.writes == []


def test_immutable_difference_is_refused_before_any_write():
    store = {"a": {"size": 1, "image": "x"}}
    wanted = {"a": {"size": 2, "image": "y"}, "b": {"size": 1, "image": "x"}}
    things = Things(FakeModule(False), store, wanted)
    with pytest.raises(
        DigitalOceanError, match="thing a cannot be changed in place: image is 'x', the task asks for 'y'"
    ):
        things.run(True)
    assert things.writes == []


def test_several_identities_give_one_diff_per_changed_resource():
    store = {"a": {"size": 1}}
    plans, _resources = Things(FakeModule(True), store, {"a": {"size": 1}, "b": {"size": 3}}).run(True)
    changed, diffs = state.summarize(plans)
    assert changed and [d["after_header"] for d in diffs] == ["b"]
