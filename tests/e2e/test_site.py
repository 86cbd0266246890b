"""site.yml end to end on DigitalOcean in a box: provision through the API, configure the droplets over SSH,
verify from outside; then teardown.yml removes every resource and with them every container, network and volume
file of the box. The tests run in order and share one box."""

import os
import re
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


def served_by(url, count=8):
    """(droplet names, visit counts) of `count` requests through the load balancer."""
    names, visits = set(), []
    for _request in range(count):
        try:
            page = requests.get(url, timeout=5)
        except requests.RequestException:
            names.add(None)
            continue
        names.add(page.headers.get("X-Served-By"))
        found = re.search(r'id="visits">(\d+)<', page.text)
        visits.append(int(found.group(1)) if found else None)
    return names, visits


def until(condition, timeout=60):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline
        time.sleep(1)


def test_the_load_balancer_reaches_the_app_on_every_droplet_which_reads_postgresql(site):
    lb = site.box.api("GET", "/v2/load_balancers", expect=200)["load_balancers"][0]
    # tide-web-1 was rebooted by an earlier test: the health check takes it back after two good checks.
    until(lambda: served_by("http://%s/" % lb["ip"])[0] == set(WEB), timeout=30)
    names, visits = served_by("http://%s/" % lb["ip"])
    assert names == set(WEB)
    assert None not in visits and visits == sorted(visits) and visits[-1] > visits[0]  # rows written and counted
    loopback = site.box.describe()["load_balancers"][lb["id"]]["loopback"]["80"]
    assert requests.get("http://%s/" % loopback, timeout=5).headers["X-Served-By"] in WEB


def test_a_droplet_whose_app_stops_leaves_the_rotation(site):
    lb = site.box.api("GET", "/v2/load_balancers", expect=200)["load_balancers"][0]
    stopped = droplets(site)["tide-web-1"]["id"]
    pm2 = "su - nodeapp -c 'pm2 %s sample-app'"
    site.box.sh(stopped, pm2 % "stop")
    try:
        # Two failed checks three seconds apart (the site's health check), and a margin.
        until(lambda: served_by("http://%s/" % lb["ip"])[0] == {"tide-web-2"}, timeout=30)
    finally:
        site.box.sh(stopped, pm2 % "start")
    until(lambda: served_by("http://%s/" % lb["ip"])[0] == set(WEB), timeout=30)


def test_a_droplet_outside_the_database_firewall_cannot_connect(site):
    cluster = site.box.api("GET", "/v2/databases", expect=200)["databases"][0]
    uri = cluster["private_connection"]["uri"] + "&connect_timeout=3"
    web = droplets(site)["tide-web-2"]["id"]
    outsider = site.box.create_droplet("tide-outsider", region="nyc3")["id"]
    try:
        site.box.wait_booted(outsider)
        probe = 'psql "$PGURI" -X -q -t -A -c "select 1"'
        admitted = site.box.sh(web, "PGURI='%s'; %s" % (uri, probe), check=False)
        assert admitted.stdout.strip() == "1", admitted.stderr
        refused = site.box.sh(outsider, "PGURI='%s'; %s" % (uri, probe), check=False)
        assert refused.returncode != 0 and "timeout" in refused.stderr.lower()
    finally:
        site.box.api("DELETE", "/v2/droplets/%d" % outsider, expect=204)


def test_teardown_leaves_no_container_network_or_volume_file(site):
    box_dir = site.box.describe()["box_dir"]
    site.playbook("teardown.yml", "teardown-first.log")
    assert site.box.leftovers() == []
    assert loop_devices_of(box_dir) == []
    assert os.listdir(os.path.join(box_dir, "volumes")) == []
    for kind in ("droplets", "volumes", "firewalls", "databases", "load_balancers"):
        assert not site.box.api("GET", "/v2/%s" % kind, expect=200)[kind]
    again = site.recap(site.playbook("teardown.yml", "teardown-second.log"))
    assert again["localhost"]["changed"] == 0
