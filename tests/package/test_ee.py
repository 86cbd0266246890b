"""The execution environment: `ansible-builder create` from execution-environment.yml (scripts/ee.py context: the
collection tarballs and wheels it installs offline, then the build context), a real build on the local Debian 12
base image (scripts/ee.py build, cached as tide-ee:<hash of its inputs>), and the API-only site.yml run INSIDE that
image by ansible-runner with docker process isolation, the way AWX runs a job in an execution environment.
"""

import json
import os
import shutil
import subprocess
import sys
import tarfile

import ansible_runner
import pytest
import yaml
from ansible.galaxy.dependency_resolution.versioning import meets_requirements
from package_support import DO_VARIABLES, REPO, TOKEN, explain, run
from test_runner import injected_environment

EE_SCRIPT = REPO / "scripts" / "ee.py"
CONTEXT = REPO / ".build" / "ee" / "context"
BASE_IMAGE = "tide-debian12-systemd:latest"
DEPENDENCIES = yaml.safe_load((REPO / "galaxy.yml").read_text())["dependencies"]


def ee_script(command, timeout):
    done = run([sys.executable, EE_SCRIPT, command], dict(os.environ), cwd=REPO, timeout=timeout)
    assert done.returncode == 0, explain(done)
    return done.stdout.strip().splitlines()[-1]


def docker(*command, timeout=300):
    return subprocess.run(["docker", *command], capture_output=True, text=True, timeout=timeout, check=False)


@pytest.fixture(scope="module")
def context():
    """The build context `ansible-builder create` makes (and the hash naming its image)."""
    return ee_script("context", timeout=600)


@pytest.fixture(scope="module")
def image():
    """tide-ee:<hash>, built unless present (a cold build takes minutes; see README's Tests table)."""
    if docker("image", "inspect", BASE_IMAGE).returncode != 0:
        pytest.fail("the base image %s is missing: run scripts/setup-docker.sh" % BASE_IMAGE)
    return ee_script("build", timeout=1800)


def tarball_manifest(path):
    with tarfile.open(path) as archive:
        return json.load(archive.extractfile("MANIFEST.json"))["collection_info"], archive.getnames()


def test_ansible_builder_create_makes_an_offline_build_context(context):
    containerfile = (CONTEXT / "Containerfile").read_text()
    assert 'ARG EE_BASE_IMAGE="%s"' % BASE_IMAGE in containerfile
    assert 'ARG PKGMGR="/usr/bin/apt-get"' in containerfile
    # ansible-core and ansible-runner, not the `ansible` package; pip offline on the context's wheels.
    assert 'ANSIBLE_INSTALL_REFS="ansible-core>=2.19,<2.20 ansible-runner>=2.4,<3"' in containerfile
    assert "PIP_NO_INDEX=1 PIP_FIND_LINKS=/build/wheels" in containerfile
    assert 'ANSIBLE_GALAXY_CLI_COLLECTION_OPTS="--offline"' in containerfile
    assert "introspect.py introspect" in containerfile

    # The collection and the dependencies galaxy.yml declares, as tarballs the galaxy stage installs.
    requirements = yaml.safe_load((CONTEXT / "_build" / "requirements.yml").read_text())["collections"]
    found = {}
    for entry in requirements:
        assert entry["type"] == "file"
        info, names = tarball_manifest(CONTEXT / "_build" / entry["name"])
        found["%s.%s" % (info["namespace"], info["name"])] = (info["version"], names)
    assert sorted(found) == sorted(["tide.digitalocean", *DEPENDENCIES])
    for collection, wanted in DEPENDENCIES.items():
        assert meets_requirements(found[collection][0], wanted), (collection, found[collection][0], wanted)
    # What ansible-builder's introspection reads from this collection: pydo, and its system packages.
    names = found["tide.digitalocean"][1]
    assert {"meta/execution-environment.yml", "requirements.txt", "bindep.txt", "plugins/modules/droplet.py"} <= set(
        names)
    with tarfile.open(CONTEXT / "_build" / "collections" / "tide-digitalocean.tar.gz") as archive:
        metadata = yaml.safe_load(archive.extractfile("meta/execution-environment.yml"))
        python = archive.extractfile("requirements.txt").read().decode()
    assert metadata["dependencies"] == {"python": "requirements.txt", "system": "bindep.txt"}
    assert "pydo" in python

    # The wheels pip installs from: pydo and its dependencies, ansible-core, ansible-runner, pip itself; no ansible.
    wheels = [p.name.lower() for p in (CONTEXT / "_build" / "wheels").glob("*.whl")]
    for package in ("pip-", "pydo-", "ansible_core-2.19.", "ansible_runner-2.", "azure_core-", "dumb_init-1.2.5-",
                    "bindep-"):
        assert any(w.startswith(package) for w in wheels), package
    assert not any(w.startswith("ansible-") for w in wheels), wheels


def test_the_image_holds_the_collections_and_pydo(image):
    listed = docker("run", "--rm", image, "ansible-galaxy", "collection", "list", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    collections = {}
    for found in json.loads(listed.stdout).values():
        collections.update({name: info["version"] for name, info in found.items()})
    # Only the declared ones (ansible-core's own internal ansible._protomatter aside): not the `ansible` package's.
    assert sorted(c for c in collections if not c.startswith("ansible._")) == sorted(
        ["tide.digitalocean", *DEPENDENCIES])
    for collection, wanted in DEPENDENCIES.items():
        assert meets_requirements(collections[collection], wanted), collection
    checked = docker("run", "--rm", image, "python3", "-c",
                     "import pydo, ansible_runner; from ansible.release import __version__; print(__version__)")
    assert checked.returncode == 0 and checked.stdout.startswith("2.19."), checked.stdout + checked.stderr
    doc = docker("run", "--rm", image, "ansible-doc", "-t", "inventory", "tide.digitalocean.droplets")
    assert doc.returncode == 0 and "tide.digitalocean.droplets" in doc.stdout, doc.stderr
    assert docker("run", "--rm", image, "test", "-e", "/build/wheels").returncode == 1


@pytest.fixture
def job_dir(installed, emulator, tmp_path, monkeypatch):
    """A private data dir as AWX lays it out (test_runner.py's), writable by the image's user (uid 1000)."""
    root = tmp_path / "job"
    shutil.copytree(installed.path / "playbooks", root / "project")
    shutil.copy(installed.path / "ansible.cfg", root / "project" / "ansible.cfg")
    shutil.copytree(installed.path / "inventory", root / "inventory")
    (root / "env").mkdir()
    env = injected_environment({"token": TOKEN, "api_url": emulator.url})
    (root / "env" / "envvars").write_text(yaml.safe_dump(env))
    (root / "env" / "extravars").write_text(yaml.safe_dump({"tide_region": "ams3"}))
    for name in list(os.environ):
        if name.startswith("ANSIBLE_") or name in (*DO_VARIABLES, "PYTHONPATH"):
            monkeypatch.delenv(name)
    os.chmod(tmp_path, 0o755)
    for path in [root, *root.rglob("*")]:
        os.chmod(path, 0o777 if path.is_dir() else 0o666)
    return root


def run_in_ee(job_dir, image, playbook):
    # The emulator listens on the host's 127.0.0.1: the container shares the host's network.
    return ansible_runner.run(private_data_dir=str(job_dir), playbook=playbook, limit="localhost", quiet=True,
                              timeout=900, process_isolation=True, process_isolation_executable="docker",
                              container_image=image, container_options=["--network=host"])


def test_site_and_teardown_run_inside_the_execution_environment(image, job_dir, emulator):
    job = run_in_ee(job_dir, image, "site.yml")
    stdout = (job_dir / "artifacts" / job.config.ident / "stdout").read_text()
    assert (job.status, job.rc) == ("successful", 0), stdout[-6000:]
    # It ran in the container: the collection from the image's /usr/share/ansible, Python from the image.
    assert " ".join(job.config.command[:3]).startswith("docker run"), job.config.command
    events = list(job.events)
    assert not [e for e in events if e["event"] == "runner_on_failed"]
    stats = [e for e in events if e["event"] == "playbook_on_stats"][-1]["event_data"]
    assert stats["changed"].get("localhost", 0) > 0 and not stats["failures"]

    made = emulator.resources()
    assert sorted(made["droplets"]) == ["tide-web-1", "tide-web-2"]
    assert made["volumes"] == ["tide-web-data"] and made["databases"] == ["tide-db"]
    assert made["load_balancers"] == ["tide-web-lb"] and len(made["reserved_ips"]) == 1
    assert {d["region"]["slug"] for d in emulator.listing("droplets", "droplets")} == {"ams3"}
    assert TOKEN not in stdout

    teardown = run_in_ee(job_dir, image, "teardown.yml")
    assert (teardown.status, teardown.rc) == ("successful", 0), teardown.stdout.read()[-6000:]
    assert emulator.resources() == {kind: [] for kind in made}
