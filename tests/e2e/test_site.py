"""site.yml end to end on DigitalOcean in a box: provision through the API, configure the droplets over SSH,
verify from outside; then teardown.yml removes every resource and with them every container, network and volume
file of the box. The tests run in order and share one box."""

import os
import socket
import time

import requests
from box_support import loop_devices_of

WEB = ("tide-web-1", "tide-web-2")
VOLUME_MOUNT = "/mnt/tide-web-data"


def droplets(site):
    found = site.box.api("GET", "/v2/droplets?tag_name=web&per_page=200", expect=200)["droplets"]
    return {d["name"]: d for d in found}


def test_site_runs_end_to_end_and_a_rerun_changes_nothing(site):
    first = site.recap(site.playbook("site.yml", "site-first.log"))
    assert set(first) == {"localhost", *WEB}
    assert all(counts["failed"] == 0 and counts["unreachable"] == 0 for counts in first.values())
    second = site.recap(site.playbook("site.yml", "site-second.log"))
    assert {host: counts["changed"] for host, counts in second.items()} == {"localhost": 0, WEB[0]: 0, WEB[1]: 0}


def test_the_app_answers_through_nginx_on_every_web_droplet(site):
    found = droplets(site)
    assert sorted(found) == list(WEB)
    for name, droplet in found.items():
        page = requests.get("http://%s/" % site.box.address(droplet, "public"), timeout=10)
        assert page.status_code == 200
        assert page.headers["Server"].startswith("nginx")
        assert page.headers["X-Served-By"] == name  # set by the app itself, behind nginx
        assert 'id="droplet">%s<' % name in page.text


def test_the_volume_is_mounted_and_its_data_survives_a_reboot_action(site):
    droplet = droplets(site)["tide-web-1"]
    box = site.box
    assert box.sh(droplet["id"], "findmnt -n -o SOURCE %s" % VOLUME_MOUNT).stdout.strip() == \
        "/dev/disk/by-id/scsi-0DO_Volume_tide-web-data"
    box.sh(droplet["id"], "echo survives > %s/proof && sync" % VOLUME_MOUNT)
    action = box.action(droplet["id"], "reboot")["action"]
    deadline = time.monotonic() + 60
    while box.api("GET", "/v2/actions/%d" % action["id"], expect=200)["action"]["status"] != "completed":
        assert time.monotonic() < deadline
        time.sleep(0.5)
    box.wait_booted(droplet["id"])
    assert box.sh(droplet["id"], "cat %s/proof" % VOLUME_MOUNT).stdout.strip() == "survives"
    # The app came back on its own after the reboot (PM2's unit), behind nginx.
    deadline = time.monotonic() + 60
    while True:
        try:
            if requests.get("http://%s/" % box.address(droplet, "public"), timeout=5).status_code == 200:
                break
        except requests.RequestException:
            pass
        assert time.monotonic() < deadline, "the app did not come back after the reboot"
        time.sleep(1)


def test_the_cloud_firewall_refuses_a_port_it_does_not_open(site):
    droplet = droplets(site)["tide-web-2"]
    public = site.box.address(droplet, "public")
    assert site.box.sh(droplet["id"], "ss -ltn | grep -q ':3000 '", check=False).returncode == 0  # the app listens
    with socket.create_connection((public, 80), timeout=5):
        pass
    try:
        socket.create_connection((public, 3000), timeout=3).close()
        raise AssertionError("port 3000 answered although the cloud firewall does not open it")
    except OSError:
        pass


def test_teardown_leaves_no_container_network_or_volume_file(site):
    box_dir = site.box.describe()["box_dir"]
    site.playbook("teardown.yml", "teardown-first.log")
    assert site.box.leftovers() == []
    assert loop_devices_of(box_dir) == []
    assert os.listdir(os.path.join(box_dir, "volumes")) == []
    for kind in ("droplets", "volumes", "firewalls", "databases"):
        assert not site.box.api("GET", "/v2/%s" % kind, expect=200)[kind]
    again = site.recap(site.playbook("teardown.yml", "teardown-second.log"))
    assert again["localhost"]["changed"] == 0
