"""run_info: the shared main() of the *_info modules (module built, check first, one find, result shape)."""

import json

import pytest
from ansible.module_utils import basic
from ansible.module_utils.common.text.converters import to_bytes
from ansible_collections.tide.digitalocean.plugins.module_utils.errors import DigitalOceanError
from ansible_collections.tide.digitalocean.plugins.module_utils.info import droplet_problem, run_info, uuid_id_problem

SPEC = dict(name=dict(type="str"), id=dict(type="str"))


def run(monkeypatch, capsys, args, find, **kwargs):
    """run_info with ``args`` as the task's options; returns (exit code, result)."""
    args = dict(
        args, token="unit-test-token", api_url="http://127.0.0.1:9", _ansible_check_mode=kwargs.pop("check_mode", False)
    )
    monkeypatch.setattr(basic, "_ANSIBLE_ARGS", to_bytes(json.dumps({"ANSIBLE_MODULE_ARGS": args})))
    monkeypatch.setattr(basic, "_ANSIBLE_PROFILE", "legacy", raising=False)
    with pytest.raises(SystemExit) as exit_info:
        run_info("things", SPEC, find, **kwargs)
    return exit_info.value.code, json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("check_mode", [False, True])
def test_found_items_under_the_key_unchanged(monkeypatch, capsys, check_mode):
    calls = []

    def find(api, params):
        calls.append(params["name"])
        return [{"id": "1", "name": params["name"]}]

    code, result = run(monkeypatch, capsys, {"name": "a"}, find, check_mode=check_mode)
    assert code == 0
    assert result["changed"] is False
    assert result["things"] == [{"id": "1", "name": "a"}]
    assert calls == ["a"]


def test_check_refuses_before_find(monkeypatch, capsys):
    def find(api, params):
        raise AssertionError("find must not run after a refused check")

    code, result = run(monkeypatch, capsys, {"id": "x"}, find, check=lambda params: "id %r is bad" % params["id"])
    assert code == 1
    assert result["failed"] is True
    assert result["msg"] == "id 'x' is bad"


def test_api_error_fails_with_its_fields(monkeypatch, capsys):
    def find(api, params):
        raise DigitalOceanError("boom", status=500, operation="things.list")

    code, result = run(monkeypatch, capsys, {}, find, check=lambda params: None)
    assert code == 1
    assert result["status"] == 500 and result["operation"] == "things.list"
    assert result["changed"] is False


def test_show_and_module_options(monkeypatch, capsys):
    code, result = run(
        monkeypatch,
        capsys,
        {},
        lambda api, params: [{"id": "1"}, {"id": "2"}],
        show=lambda module, item: dict(item, shown=module.no_log),
        mutually_exclusive=[("id", "name")],
    )
    assert code == 0
    assert result["things"] == [{"id": "1", "shown": False}, {"id": "2", "shown": False}]
    code, result = run(
        monkeypatch, capsys, {"id": "1", "name": "a"}, lambda api, params: [], mutually_exclusive=[("id", "name")]
    )
    assert code == 1 and "mutually exclusive" in result["msg"]


def test_uuid_id_problem():
    assert uuid_id_problem({"id": None}, "VPC") is None
    assert uuid_id_problem({"id": "5a4981aa-9653-4bd1-bef5-d6bff52042e4"}, "VPC") is None
    assert uuid_id_problem({"id": "12"}, "VPC") == "id '12' is not a VPC id (a uuid)"


def test_droplet_problem():
    assert droplet_problem({"droplet": None}) is None
    assert droplet_problem({"droplet": "web-1"}) is None
    assert droplet_problem({"droplet": " "}) == "droplet must be a droplet id or name, not an empty string"
