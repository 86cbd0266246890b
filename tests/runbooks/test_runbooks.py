"""The runbooks' playbooks (docs/runbooks/*.yml) run against an API-only emulator, and each runbook's markdown
holds its playbook verbatim: the commands a user follows at 3 a.m. cannot rot unnoticed."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from do_emulator.process import running

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "backend"))

from box_support import playbook_env

RUNBOOKS = ROOT / "docs" / "runbooks"
TOKEN = "runbook-token"


@pytest.fixture(scope="module")
def emulator():
    with running("--action-seconds", "0", "--token", TOKEN) as process:
        yield process


def api(emulator, method, path, body=None, expect=200):
    response = requests.request(method, emulator.url + path, json=body, timeout=60,
                                headers={"Authorization": "Bearer " + TOKEN})
    assert response.status_code == expect, response.text
    return response.json() if response.content else None


def playbook(emulator, name, *extra):
    done = subprocess.run(["ansible-playbook", "-i", "inventory/localhost.yml", "docs/runbooks/%s" % name, *extra],
                          cwd=ROOT, env=playbook_env(emulator.url, TOKEN), capture_output=True, text=True,
                          timeout=600, check=False)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
    return done.stdout


def changed(output):
    return int(re.search(r"localhost\s+: ok=\d+\s+changed=(\d+)", output).group(1))


def droplets_named(emulator, name):
    return [d for d in api(emulator, "GET", "/v2/droplets?per_page=200")["droplets"] if d["name"] == name]


@pytest.mark.parametrize("runbook, play", [("region-migration.md", "region-migration.yml"),
                                           ("locked-out.md", "locked-out.yml")])
def test_the_markdown_holds_its_playbook_verbatim(runbook, play):
    assert (RUNBOOKS / play).read_text() in (RUNBOOKS / runbook).read_text(), \
        "docs/runbooks/%s must quote docs/runbooks/%s unchanged" % (runbook, play)


def test_region_migration_moves_a_droplet_through_a_transferred_snapshot(emulator):
    api(emulator, "POST", "/v2/droplets", {"name": "rb-web", "region": "nyc3", "size": "s-1vcpu-1gb",
                                           "image": "debian-12-x64"}, expect=202)
    args = ["-e", "migrate_droplet=rb-web", "-e", "migrate_from=nyc3", "-e", "migrate_to=ams3"]
    playbook(emulator, "region-migration.yml", *args)

    snapshot = next(s for s in api(emulator, "GET", "/v2/snapshots?resource_type=droplet")["snapshots"]
                    if s["name"] == "rb-web-to-ams3")
    assert sorted(snapshot["regions"]) == ["ams3", "nyc3"]
    by_region = {d["region"]["slug"]: d for d in droplets_named(emulator, "rb-web")}
    assert set(by_region) == {"nyc3", "ams3"}
    assert by_region["nyc3"]["status"] == "off"
    assert by_region["ams3"]["status"] == "active" and str(by_region["ams3"]["image"]["id"]) == snapshot["id"]

    assert changed(playbook(emulator, "region-migration.yml", *args)) == 0  # a rerun finds every step done


def test_locked_out_shows_the_droplet_and_power_cycles_it(emulator):
    created = api(emulator, "POST", "/v2/droplets", {"name": "rb-locked", "region": "fra1", "size": "s-1vcpu-1gb",
                                                     "image": "debian-12-x64"}, expect=202)["droplet"]
    output = playbook(emulator, "locked-out.yml", "-e", "locked_droplet=rb-locked", "-e", "locked_region=fra1")
    assert "id: %d" % created["id"] in output and changed(output) == 0
    output = playbook(emulator, "locked-out.yml", "-e", "locked_droplet=rb-locked", "-e", "locked_region=fra1",
                      "-e", "power_cycle=true")
    assert changed(output) == 2  # off, then on
    assert droplets_named(emulator, "rb-locked")[0]["status"] == "active"
    actions = [a["type"] for a in api(emulator, "GET", "/v2/droplets/%d/actions" % created["id"])["actions"]]
    assert "power_off" in actions and "power_on" in actions
