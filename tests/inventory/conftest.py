"""Fixtures for the inventory plugin's tests: one `do-emulator` process on a free loopback port for the session
(reset before each test), droplets created through its API, and `ansible-inventory` run as a subprocess with the
Makefile's environment (PATH, ANSIBLE_COLLECTIONS_PATH, ANSIBLE_CONFIG), the way a user or AWX runs it.
"""

import subprocess

import pytest
import yaml
from inventory_support import TOKEN, Emulator, InventoryRun, makefile_environment

from do_emulator.process import running


@pytest.fixture(scope="session")
def emulator_process():
    with running("--action-seconds", "0", "--rate-limit-per-minute", "1000000", "--token", TOKEN) as process:
        yield Emulator(process.url)


@pytest.fixture
def emulator(emulator_process):
    """The session's emulator with fresh state, no faults and zeroed stats."""
    emulator_process.reset()
    return emulator_process


@pytest.fixture
def run_inventory(emulator, tmp_path):
    """run_inventory(config, env=None, filename="test.do.yml", args=("--list",)) -> InventoryRun.

    The config (a dict, or raw text) is written to `filename`; the emulator's URL and token come from the
    environment unless `env` overrides them (a value of None removes the variable).
    """

    def run(config, env=None, filename="test.do.yml", args=("--list",)):
        path = tmp_path / filename
        path.write_text(config if isinstance(config, str) else yaml.safe_dump(config))
        environment = makefile_environment()
        environment.update(DIGITALOCEAN_API_URL=emulator.url, DIGITALOCEAN_TOKEN=TOKEN)
        for name, value in (env or {}).items():
            if value is None:
                environment.pop(name, None)
            else:
                environment[name] = value
        completed = subprocess.run(
            ["ansible-inventory", "-i", str(path), *args],
            env=environment, capture_output=True, text=True, timeout=300, check=False,
        )
        return InventoryRun(completed.returncode, completed.stdout, completed.stderr)

    return run
