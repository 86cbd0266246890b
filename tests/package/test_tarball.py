"""The collection as users get it: `ansible-galaxy collection build`, `ansible-galaxy collection install` of the
tarball into an empty path, the dependencies galaxy.yml declares present in the `ansible` package at versions inside
their ranges, `ansible-doc` for every plugin of the installed copy, and the API-only site (site.yml --limit
localhost, then teardown.yml) run from the installed copy against the emulator. Nothing here reads the checkout's
collection: ANSIBLE_COLLECTIONS_PATH is the install path and the bundled collections only.
"""

import json
import re
import tarfile

import pytest
import yaml
from ansible.galaxy.dependency_resolution.versioning import meets_requirements
from package_support import (
    BUNDLED,
    NAME,
    NAMESPACE,
    NOT_SHIPPED,
    REPO,
    SHIPPED,
    TOKEN,
    VENV_BIN,
    explain,
    git_files,
    recap,
    run,
)

FQCN = re.compile(r"^([a-z0-9_]+)\.([a-z0-9_]+)\.[a-z0-9_]+$")
# Filters and lookups inside templated strings: "x | ns.coll.name", lookup('ns.coll.name', ...)
FQCN_IN_TEMPLATE = re.compile(r"""(?:\|\s*|(?:lookup|query)\(\s*['"])([a-z0-9_]+)\.([a-z0-9_]+)\.[a-z0-9_]+""")
# Plugin types users call, and which files of the installed copy hold them (filters: one YAML doc per filter).
PLUGIN_FILES = {"module": ("plugins/modules", "*.py"), "inventory": ("plugins/inventory", "*.py"),
                "filter": ("plugins/filter", "*.yml")}


def galaxy_yml():
    return yaml.safe_load((REPO / "galaxy.yml").read_text())


def tarball_names(tarball):
    with tarfile.open(tarball) as archive:
        return [m.name[2:] if m.name.startswith("./") else m.name for m in archive.getmembers()]


def test_the_tarball_holds_the_collection_and_none_of_the_development_tooling(tarball):
    names = tarball_names(tarball)
    top = {name.split("/", 1)[0] for name in names}
    assert top == SHIPPED
    assert not top & NOT_SHIPPED
    assert not [n for n in names if "__pycache__" in n or n.endswith((".pyc", ".sqlite", ".retry"))]
    # Every tracked file of what ships is in it (build_ignore removes nothing users need).
    shipped_dirs = ("plugins/", "roles/", "playbooks/", "inventory/", "meta/", "changelogs/", "docs/")
    missing = [p for p in git_files() if p.startswith(shipped_dirs) and p not in names]
    assert missing == []


def test_the_manifest_declares_the_dependencies_of_galaxy_yml(tarball):
    with tarfile.open(tarball) as archive:
        manifest = json.load(archive.extractfile("MANIFEST.json"))
    info = manifest["collection_info"]
    assert (info["namespace"], info["name"], info["version"]) == (NAMESPACE, NAME, galaxy_yml()["version"])
    assert info["dependencies"] == galaxy_yml()["dependencies"]
    assert {"community.general", "ansible.posix", "community.crypto"} <= set(info["dependencies"])


@pytest.mark.parametrize("collection", sorted(galaxy_yml()["dependencies"]))
def test_each_dependency_is_bundled_with_ansible_at_a_version_in_its_range(collection):
    wanted = galaxy_yml()["dependencies"][collection]
    namespace, name = collection.split(".")
    manifest = BUNDLED / namespace / name / "MANIFEST.json"
    assert manifest.is_file(), "%s is not in the ansible package (%s)" % (collection, BUNDLED)
    version = json.loads(manifest.read_text())["collection_info"]["version"]
    assert meets_requirements(version, wanted), "%s %s is outside %s" % (collection, version, wanted)


def collections_called(node, found):
    """Adds (namespace, name) of every FQCN used as a task's module or in a filter/lookup expression."""
    if isinstance(node, dict):
        for key, value in node.items():
            match = FQCN.match(str(key))
            if match:
                found.add(match.groups())
            collections_called(value, found)
    elif isinstance(node, list):
        for item in node:
            collections_called(item, found)
    elif isinstance(node, str):
        found.update(FQCN_IN_TEMPLATE.findall(node))
    return found


def test_every_collection_the_shipped_roles_and_playbooks_call_is_a_declared_dependency(installed):
    found = set()
    for part in ("roles", "playbooks", "inventory"):
        for path in (installed.path / part).rglob("*.yml"):
            for document in yaml.safe_load_all(path.read_text()):
                collections_called(document, found)
    called = {"%s.%s" % c for c in found} - {"ansible.builtin", "ansible.legacy", "%s.%s" % (NAMESPACE, NAME)}
    assert called, "no collection found: the scan is broken"
    assert called <= set(galaxy_yml()["dependencies"])


@pytest.mark.parametrize("plugin_type", sorted(PLUGIN_FILES))
def test_ansible_doc_renders_every_plugin_of_the_installed_copy(installed, plugin_type):
    folder, pattern = PLUGIN_FILES[plugin_type]
    expected = sorted("%s.%s.%s" % (NAMESPACE, NAME, p.stem) for p in (installed.path / folder).glob(pattern))
    assert expected
    doc = [VENV_BIN / "ansible-doc", "-t", plugin_type]

    listed = run([*doc, "--list", "--json", "%s.%s" % (NAMESPACE, NAME)], installed.env, cwd=installed.root)
    assert listed.returncode == 0, explain(listed)
    assert sorted(json.loads(listed.stdout)) == expected

    # Each one comes from the installed copy, not from this checkout.
    files = run([*doc, "--list_files", "%s.%s" % (NAMESPACE, NAME)], installed.env, cwd=installed.root)
    assert files.returncode == 0, explain(files)
    where = dict(line.split()[0::len(line.split()) - 1] for line in files.stdout.splitlines() if line.strip())
    assert sorted(where) == expected
    assert all(path.startswith(str(installed.path) + "/") for path in where.values()), where

    rendered = run([*doc, "--json", *expected], installed.env, cwd=installed.root)
    assert rendered.returncode == 0, explain(rendered)
    assert "[WARNING]" not in rendered.stderr and "ERROR" not in rendered.stderr, rendered.stderr
    docs = json.loads(rendered.stdout)
    assert sorted(docs) == expected
    for name, entry in docs.items():
        assert entry["doc"]["short_description"], name
        assert entry["doc"]["collection"] == "%s.%s" % (NAMESPACE, NAME), name
        if plugin_type == "module":
            assert entry["examples"] and entry["return"], name
    # And the text rendering users read works for each (one call, every plugin of the type).
    text = run(doc + expected, installed.env, cwd=installed.root)
    assert text.returncode == 0, explain(text)
    assert text.stdout.count("> ") >= len(expected)


def test_the_api_only_site_runs_from_the_installed_copy_and_tears_down(installed, emulator, tmp_path):
    env = dict(installed.env, DIGITALOCEAN_TOKEN=TOKEN, DIGITALOCEAN_API_URL=emulator.url,
               ANSIBLE_CONFIG=str(installed.path / "ansible.cfg"))
    playbook = [VENV_BIN / "ansible-playbook", "-i", installed.path / "inventory"]

    site = run([*playbook, installed.path / "playbooks" / "site.yml", "--limit", "localhost"], env, cwd=tmp_path)
    assert site.returncode == 0, explain(site)
    counts = recap(site.stdout)
    assert counts["failed"] == 0 and counts["changed"] > 0, counts
    made = emulator.resources()
    assert sorted(made["droplets"]) == ["tide-web-1", "tide-web-2"]
    assert made["volumes"] == ["tide-web-data"] and made["databases"] == ["tide-db"]
    assert made["load_balancers"] == ["tide-web-lb"] and len(made["reserved_ips"]) == 1
    assert TOKEN not in site.stdout + site.stderr
    assert str(REPO) not in site.stdout + site.stderr

    teardown = run([*playbook, installed.path / "playbooks" / "teardown.yml", "--limit", "localhost"], env,
                   cwd=tmp_path)
    assert teardown.returncode == 0, explain(teardown)
    assert recap(teardown.stdout)["failed"] == 0
    assert emulator.resources() == {kind: [] for kind in made}
