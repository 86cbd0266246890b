"""Fixtures for the docker backend's tests: one box (a `do-emulator --backend docker` process) for the session,
reset before each test, and checked at the end to have left no container, network or loop device behind."""

import os
import subprocess
import tempfile

import pytest
from box_support import IMAGE, Box, loop_devices_of


@pytest.fixture(scope="session")
def box_process():
    if subprocess.run(["docker", "image", "inspect", IMAGE], capture_output=True, check=False).returncode != 0:
        pytest.fail("the droplet image %s is missing: run scripts/setup-docker.sh" % IMAGE)
    box = Box().start()
    box_dir = box.describe()["box_dir"]
    yield box
    box.stop()
    assert box.leftovers() == [], "the stopped box left containers or networks behind"
    assert loop_devices_of(box_dir) == []
    assert not os.path.exists(box_dir)


@pytest.fixture
def box(box_process):
    box_process.reset()
    return box_process


@pytest.fixture
def ssh_key(tmp_path_factory):
    """A throw-away key pair: (private key path, public key line)."""
    directory = tmp_path_factory.mktemp("ssh")
    path = str(directory / "id_ed25519")
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "box-test", "-f", path], check=True)
    with open(path + ".pub") as f:
        return path, f.read().strip()


@pytest.fixture
def state_file():
    with tempfile.TemporaryDirectory(prefix="box-state-") as directory:
        yield os.path.join(directory, "state.sqlite")
