"""Authentication exactly like the modules, and failures that end in one clear line instead of a traceback.

The emulator accepts only conftest.TOKEN, so a request authenticated with anything else (for example the
"Bearer None" of a plugin that ignores the environment) is refused with 401.
"""

import json
import os
import socket
import subprocess

import pytest
from inventory_support import REPO, TOKEN, TOKEN_ENV_VARS, makefile_environment

PLUGIN = "tide.digitalocean.droplets"
WRONG = "wrong-token-0123456789"


@pytest.fixture
def web1(emulator):
    emulator.create_droplets(["web1"], tags=["web"])
    emulator.clear_stats()


@pytest.mark.parametrize("variable", TOKEN_ENV_VARS)
def test_the_token_can_come_from_each_environment_variable_alone(web1, run_inventory, variable):
    env = {name: None for name in TOKEN_ENV_VARS}
    env[variable] = TOKEN

    assert run_inventory({"plugin": PLUGIN}, env=env).hosts == ["web1"]


def test_environment_variables_are_tried_in_the_modules_order(web1, run_inventory):
    first_wins = {"DIGITALOCEAN_TOKEN": TOKEN, "DIGITALOCEAN_ACCESS_TOKEN": WRONG, "DO_API_TOKEN": WRONG}
    second_wins = {"DIGITALOCEAN_TOKEN": None, "DIGITALOCEAN_ACCESS_TOKEN": TOKEN, "DO_API_TOKEN": WRONG}

    assert run_inventory({"plugin": PLUGIN}, env=first_wins).hosts == ["web1"]
    assert run_inventory({"plugin": PLUGIN}, env=second_wins).hosts == ["web1"]


def test_a_token_in_the_config_may_be_a_template_and_wins_over_the_environment(web1, run_inventory):
    config = {"plugin": PLUGIN, "token": "{{ lookup('ansible.builtin.env', 'MY_DO_TOKEN') }}"}

    run = run_inventory(config, env={"DIGITALOCEAN_TOKEN": WRONG, "MY_DO_TOKEN": TOKEN})

    assert run.hosts == ["web1"]


def test_documented_token_variables_mirror_the_modules_fallbacks():
    """Ansible lets the LAST set variable of an option's env list win, so the plugin lists them reversed.

    The plugin's auth options come from the doc fragment tide.digitalocean.auth.plugin; ansible-doc shows them
    as Ansible's configuration system reads them.
    """
    collections = os.environ.get("ANSIBLE_COLLECTIONS_PATH", os.path.join(REPO, ".build", "collections"))
    source = os.path.join(collections, "ansible_collections", "tide", "digitalocean")
    shown = subprocess.run(
        ["ansible-doc", "-t", "inventory", "--json", PLUGIN],
        env=makefile_environment(), capture_output=True, text=True, timeout=120, check=True,
    )
    options = json.loads(shown.stdout)[PLUGIN]["doc"]["options"]
    with open(os.path.join(source, "plugins", "module_utils", "client.py")) as handle:
        client = handle.read()

    documented = [entry["name"] for entry in options["token"]["env"]]
    assert 'TOKEN_ENV_VARS = ("%s")' % '", "'.join(TOKEN_ENV_VARS) in client
    assert documented == list(reversed(TOKEN_ENV_VARS))
    assert [e["name"] for e in options["api_url"]["env"]] == ["DIGITALOCEAN_API_URL"]


def test_no_token_anywhere_fails_before_any_request(web1, emulator, run_inventory):
    run = run_inventory({"plugin": PLUGIN}, env={name: None for name in TOKEN_ENV_VARS})

    assert run.returncode != 0
    assert "no API token: set the token option or one of the environment variables DIGITALOCEAN_TOKEN" in (
        run.plugin_failure()
    )
    assert "Traceback" not in run.stderr
    assert emulator.stats()["total"] == 0


def test_a_bad_token_is_one_line_naming_the_401_and_never_shows_the_token(web1, run_inventory):
    run = run_inventory({"plugin": PLUGIN}, env={"DIGITALOCEAN_TOKEN": WRONG})

    assert run.returncode != 0
    line = run.plugin_failure()
    assert line.startswith("cannot list droplets from http://127.0.0.1:")
    assert "HTTP 401" in line and "unauthorized" in line
    assert WRONG not in run.stderr + run.stdout
    assert "Traceback" not in run.stderr


def test_an_unreachable_api_is_one_line_at_once(run_inventory):
    """A refused connection before any answer is not transient: one line naming the URL, no retries."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    url = "http://127.0.0.1:%d" % closed_port

    run = run_inventory({"plugin": PLUGIN, "timeout": 2}, env={"DIGITALOCEAN_API_URL": url})

    assert run.returncode != 0
    line = run.plugin_failure()
    assert line.startswith("cannot list droplets from %s:" % url)
    assert "refused" in line.lower() and "not retried" in line
    assert "Traceback" not in run.stderr


def test_a_failing_api_is_retried_then_reported_in_one_line(web1, emulator, run_inventory):
    emulator.set_faults({"rates": {"500": 1.0}, "routes": ["GET /v2/droplets"]})

    run = run_inventory({"plugin": PLUGIN, "timeout": 3})

    assert run.returncode != 0
    line = run.plugin_failure()
    assert "droplets.list HTTP 500" in line and "gave up after" in line
    assert emulator.droplet_list_requests() > 1
    assert "Traceback" not in run.stderr


def test_transient_server_errors_are_absorbed_by_the_retries(web1, emulator, run_inventory):
    emulator.set_faults({"rates": {"503": 0.5}, "routes": ["GET /v2/droplets"], "seed": 3})

    run = run_inventory({"plugin": PLUGIN, "tags": ["web"]})

    assert run.hosts == ["web1"]


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ({"plugin": PLUGIN, "tag_match": "some"}, "Invalid value 'some' for config 'tag_match'"),
        ({"plugin": PLUGIN, "tag": "web"}, "unknown option(s) tag; valid options are api_url,"),
        ({"plugin": PLUGIN, "variables": ["do_id", "id"]}, "Invalid value ['do_id', 'id'] for config 'variables'"),
        ("plugin: %s\ntags: [web\n" % PLUGIN, "YAML parsing failed"),
        ({"plugin": PLUGIN, "api_url": "http://203.0.113.7"}, "uses plain http to a non-loopback host"),
    ],
    ids=["bad-choice", "unknown-option", "unknown-variable", "bad-yaml", "plain-http-remote"],
)
def test_a_malformed_config_is_one_line_and_no_request(web1, emulator, run_inventory, config, expected):
    run = run_inventory(config)

    assert run.returncode != 0
    assert expected in run.stderr
    assert "Traceback" not in run.stderr
    assert emulator.stats()["total"] == 0
