"""The docs users read and the changelog: `antsibull-docs lint-collection-docs --plugin-docs` clean, the HTML docs
site `make docs` builds (scripts/docs.sh: a page for every module, plugin and role), `antsibull-changelog lint`
clean, and the release the fragments make (on a copy: `antsibull-changelog release` removes the fragments, which is
done once, at release time).
"""

import os
import shutil

import yaml
from package_support import NAME, NAMESPACE, REPO, VENV_BIN, explain, run


def checkout_environment(home):
    """This checkout as the collection (.build/collections), ~/.ansible redirected to `home`."""
    return dict(os.environ, PATH="%s%s%s" % (VENV_BIN, os.pathsep, os.environ.get("PATH", "")),
                ANSIBLE_COLLECTIONS_PATH=str(REPO / ".build" / "collections"), ANSIBLE_HOME=str(home),
                PYTHONDONTWRITEBYTECODE="1")


def test_antsibull_docs_lint_collection_docs_is_clean(tmp_path):
    done = run([VENV_BIN / "antsibull-docs", "lint-collection-docs", "--plugin-docs", "."],
               checkout_environment(tmp_path), cwd=REPO)
    assert done.returncode == 0 and not done.stdout.strip(), explain(done)


def test_make_docs_renders_a_page_for_every_plugin_and_role(tmp_path):
    out = tmp_path / "docs"
    done = run(["bash", REPO / "scripts" / "docs.sh"], dict(checkout_environment(tmp_path / "home"), DOCS_DIR=str(out)),
               cwd=REPO)
    assert done.returncode == 0, explain(done)
    html = out / "build" / "html"
    expected = {"%s_module.html" % p.stem for p in (REPO / "plugins" / "modules").glob("*.py")}
    expected |= {"%s_inventory.html" % p.stem for p in (REPO / "plugins" / "inventory").glob("*.py")}
    expected |= {"%s_filter.html" % p.stem for p in (REPO / "plugins" / "filter").glob("*.yml")}
    expected |= {"%s_role.html" % p.name for p in (REPO / "roles").iterdir()
                 if (p / "meta" / "argument_specs.yml").is_file()}
    pages = {p.name for p in html.glob("*.html")}
    assert expected <= pages, expected - pages
    index = (html / "index.html").read_text()
    assert "%s.%s" % (NAMESPACE, NAME) in index
    droplet = (html / "droplet_module.html").read_text()
    assert "Parameters" in droplet and "Examples" in droplet and "Return Values" in droplet


def test_antsibull_changelog_lint_is_clean_and_the_fragments_make_the_release(tmp_path):
    done = run([VENV_BIN / "antsibull-changelog", "lint"], checkout_environment(tmp_path), cwd=REPO)
    assert done.returncode == 0 and not done.stdout.strip(), explain(done)

    version = yaml.safe_load((REPO / "galaxy.yml").read_text())["version"]
    copy = tmp_path / "collection"
    copy.mkdir()
    shutil.copytree(REPO / "changelogs", copy / "changelogs")
    shutil.copy(REPO / "galaxy.yml", copy / "galaxy.yml")
    shutil.copytree(REPO / "plugins", copy / "plugins")
    released = run([VENV_BIN / "antsibull-changelog", "release", "--version", version], checkout_environment(tmp_path),
                   cwd=copy)
    assert released.returncode == 0, explain(released)
    changelog = (copy / "CHANGELOG.rst").read_text()
    assert "v%s" % version in changelog and "Release Summary" in changelog and "Minor Changes" in changelog
    assert "New Modules" in changelog and "tide.digitalocean.droplet" in changelog
