"""Fixtures for the package tests: the collection built into a tarball once per session, that tarball installed with
`ansible-galaxy collection install` into an empty path (offline: Galaxy is unreachable, so --no-deps, and the
dependencies come from the `ansible` package's bundled collections), and one emulator for the session.
"""

from types import SimpleNamespace

import pytest
from package_support import NAME, NAMESPACE, REPO, TOKEN, VENV_BIN, Emulator, explain, installed_environment, run

from do_emulator.process import running


@pytest.fixture(scope="session")
def tarball(tmp_path_factory):
    """The tarball `ansible-galaxy collection build` makes from this checkout (build_ignore applied)."""
    output = tmp_path_factory.mktemp("build")
    home = tmp_path_factory.mktemp("ansible-home")
    built = run([VENV_BIN / "ansible-galaxy", "collection", "build", "--output-path", output, REPO],
                installed_environment(output, home), cwd=output)
    assert built.returncode == 0, explain(built)
    found = list(output.glob("%s-%s-*.tar.gz" % (NAMESPACE, NAME)))
    assert len(found) == 1, found
    return found[0]


@pytest.fixture(scope="session")
def installed(tarball, tmp_path_factory):
    """The tarball installed into an empty collections path: an object with root (the collections path),
    path (.../ansible_collections/tide/digitalocean), home (ANSIBLE_HOME) and env (installed_environment)."""
    root = tmp_path_factory.mktemp("collections")
    home = tmp_path_factory.mktemp("ansible-home")
    env = installed_environment(root, home)
    done = run([VENV_BIN / "ansible-galaxy", "collection", "install", "--offline", "--no-deps", "-p", root, tarball],
               env, cwd=root)
    assert done.returncode == 0, explain(done)
    path = root / "ansible_collections" / NAMESPACE / NAME
    assert (path / "MANIFEST.json").is_file(), explain(done)
    return SimpleNamespace(root=root, path=path, home=home, env=env)


@pytest.fixture(scope="session")
def emulator_process():
    with running("--action-seconds", "0", "--rate-limit-per-minute", "1000000", "--token", TOKEN) as process:
        yield Emulator(process.url)


@pytest.fixture
def emulator(emulator_process):
    """The session's emulator with an empty account and no faults."""
    emulator_process.reset()
    return emulator_process
