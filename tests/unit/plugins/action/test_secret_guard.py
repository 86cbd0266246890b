"""The secret guard: the scrubber itself, and ansible-playbook -vvv against the emulator printing no secret.

ansible-core hands modules ``_ansible_no_log=true`` when ``no_target_syslog`` is on, even for a task
without ``no_log``, so the modules alone would return passwords that get printed; the action plugins
must remove them. The playbook runs once with and once without ANSIBLE_NO_TARGET_SYSLOG.
"""

import os
import subprocess
import sys

import pytest
from ansible_collections.tide.digitalocean.plugins.plugin_utils.secret_guard import without_secrets
from conftest import REPO, TOKEN, _collection_root

PLAYBOOK = os.path.join(os.path.dirname(os.path.abspath(__file__)), "secrets_playbook.yml")


def test_without_secrets_removes_secret_keys_at_any_depth_and_names_them():
    result = {
        "changed": True,
        "database": {
            "name": "db",
            "connection": {"host": "h", "password": "p", "uri": "postgresql://u:p@h"},
            "users": [
                {"name": "doadmin", "password": "(p not shown) AVNS_x"},
                {"name": "k", "access_key": "k", "access_cert": "c"},
            ],
        },
        "connection": {"host": "h", "password": "p"},
    }
    clean, removed = without_secrets(result)
    assert clean == {
        "changed": True,
        "database": {"name": "db", "connection": {"host": "h"}, "users": [{"name": "doadmin"}, {"name": "k"}]},
        "connection": {"host": "h"},
    }
    assert removed == [
        "connection.password",
        "database.connection.password",
        "database.connection.uri",
        "database.users[0].password",
        "database.users[1].access_cert",
        "database.users[1].access_key",
    ]
    assert result["connection"]["password"] == "p"  # the input is left as it was


def test_without_secrets_leaves_a_clean_result_and_placeholders_alone():
    result = {
        "changed": False,
        "user": {"name": "app", "role": "normal"},
        "diff": {
            "before": {"password": "(current password, not shown)"},
            "after": {"password": "(new password, not shown)"},
        },
        "warnings": ["w"],
    }
    assert without_secrets(result) == (result, [])


def run_playbook(emulator, no_target_syslog):
    env = dict(
        ((name, value) for name, value in os.environ.items() if not name.startswith(("DIGITALOCEAN_", "DO_API"))),
        ANSIBLE_CONFIG=os.path.join(REPO, "ansible.cfg"),
        ANSIBLE_COLLECTIONS_PATH=_collection_root(),
        ANSIBLE_NO_TARGET_SYSLOG="1" if no_target_syslog else "0",
        ANSIBLE_NOCOLOR="1",
        SECRET_GUARD_API_URL=emulator.url,
        SECRET_GUARD_TOKEN=TOKEN,
    )
    playbook = os.path.join(os.path.dirname(sys.executable), "ansible-playbook")
    interpreter = "ansible_python_interpreter=" + sys.executable
    return subprocess.run(
        [playbook, "-vvv", "--diff", "-i", "localhost,", "-c", "local", "-e", interpreter, PLAYBOOK],
        env=env, capture_output=True, text=True, timeout=300, check=False,
    )


@pytest.mark.parametrize("no_target_syslog", [True, False], ids=["no_target_syslog", "default"])
def test_tasks_without_no_log_print_no_secret(emulator, no_target_syslog):
    run = run_playbook(emulator, no_target_syslog)
    output = run.stdout + run.stderr
    assert run.returncode == 0, output[-4000:]
    assert output.count("msg: All assertions passed") == 2

    clusters = emulator.request("GET", "/v2/databases").json()["databases"]
    assert [cluster["name"] for cluster in clusters] == ["secrets-db"]
    users = emulator.request("GET", "/v2/databases/%s/users" % clusters[0]["id"]).json()["users"]
    assert sorted(user["name"] for user in users) == ["doadmin", "secrets-hidden", "secrets-plain"]
    passwords = [user["password"] for user in users]
    assert all(password.startswith("AVNS_") for password in passwords)
    assert "AVNS_" not in output
    for password in passwords:
        assert password not in output
    assert "postgresql://" not in output
    if no_target_syslog:
        # The guard, not the module, removed the cluster's password and told the user.
        assert "left out of the result because the task does not set no_log: true" in output
