"""A droplet of the docker backend is a machine: a container with the API's addresses, root's SSH key, its user
data run at first boot, its size's memory and CPUs, and a status that follows the container."""

import ipaddress
import subprocess
import time

from box_support import REGION, docker

CLOUD_CONFIG = """#cloud-config
write_files:
  - path: /etc/tide-box-test.conf
    content: |
      written by cloud-config
    permissions: "0640"
runcmd:
  - echo runcmd-ran-$(hostname)
"""


def ssh(key, address, command, attempts=60):
    """Runs a command over real SSH, retrying while sshd is still starting."""
    args = ["ssh", "-i", key, "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no", "-o",
            "UserKnownHostsFile=/dev/null", "-o", "ConnectTimeout=5", "root@" + address, command]
    for _attempt in range(attempts):
        done = subprocess.run(args, capture_output=True, text=True, timeout=60, check=False)
        if done.returncode == 0:
            return done.stdout.strip()
        time.sleep(1)
    raise AssertionError("ssh root@%s failed: %s" % (address, done.stderr))


def test_droplet_is_a_container_reachable_by_ssh_on_the_api_addresses(box, ssh_key):
    key_path, public_key = ssh_key
    key = box.api("POST", "/v2/account/keys", {"name": "box-test", "public_key": public_key}, expect=201)
    droplet = box.create_droplet("box-web-1", ssh_keys=[key["ssh_key"]["id"]], user_data=CLOUD_CONFIG)
    droplet = box.droplet(droplet["id"])
    assert droplet["status"] == "active"
    public, private = box.address(droplet, "public"), box.address(droplet, "private")
    assert ipaddress.ip_address(public) in ipaddress.ip_network("198.18.0.0/15")
    vpc = box.api("GET", "/v2/vpcs/%s" % droplet["vpc_uuid"], expect=200)["vpc"]
    assert ipaddress.ip_address(private) in ipaddress.ip_network(vpc["ip_range"])

    addresses = box.sh(droplet["id"], "ip -4 -o addr show dev eth0; ip -4 -o addr show dev eth1").stdout
    assert " %s/20 " % public in addresses.splitlines()[0]
    assert " %s/" % private in addresses.splitlines()[1]
    # Real SSH from this machine to the public address, with the key given at create.
    assert ssh(key_path, public, "hostname") == "box-web-1"
    # User data ran once, at first boot, logged as cloud-init logs it.
    assert ssh(key_path, public, "cloud-init status --wait").endswith("done")
    log = box.sh(droplet["id"], "cat /var/log/cloud-init-output.log").stdout
    assert "runcmd-ran-box-web-1" in log
    assert box.sh(droplet["id"], "stat -c %a /etc/tide-box-test.conf").stdout.strip() == "640"


def test_power_actions_stop_start_and_restart_the_container(box):
    droplet = box.create_droplet("box-power")
    droplet_id = droplet["id"]
    assert box.inspect(droplet_id)["State"]["Running"]

    box.action(droplet_id, "power_off")
    assert not box.inspect(droplet_id)["State"]["Running"]
    assert box.droplet(droplet_id)["status"] == "off"

    box.action(droplet_id, "power_on")
    assert box.inspect(droplet_id)["State"]["Running"]
    assert box.droplet(droplet_id)["status"] == "active"

    started = box.inspect(droplet_id)["State"]["StartedAt"]
    box.action(droplet_id, "reboot")
    after = box.inspect(droplet_id)["State"]
    assert after["Running"] and after["StartedAt"] != started

    box.action(droplet_id, "power_cycle")
    assert box.inspect(droplet_id)["State"]["StartedAt"] != after["StartedAt"]


def test_a_container_that_died_is_off_until_powered_on(box):
    droplet_id = box.create_droplet("box-dies")["id"]
    docker("kill", box.container(droplet_id))
    time.sleep(1.1)  # the backend reads the containers' state at most once a second
    assert box.droplet(droplet_id)["status"] == "off"
    box.action(droplet_id, "power_on")
    assert box.inspect(droplet_id)["State"]["Running"]
    assert box.droplet(droplet_id)["status"] == "active"


def test_resize_gives_the_container_the_new_size(box):
    droplet_id = box.create_droplet("box-resize", size="s-1vcpu-1gb")["id"]
    limits = box.inspect(droplet_id)["HostConfig"]
    assert limits["Memory"] == 1024 * 2 ** 20 and limits["NanoCpus"] == 10 ** 9
    box.action(droplet_id, "power_off")
    box.action(droplet_id, "resize", size="s-2vcpu-2gb")
    limits = box.inspect(droplet_id)["HostConfig"]
    assert limits["Memory"] == 2048 * 2 ** 20 and limits["NanoCpus"] == 2 * 10 ** 9
    box.action(droplet_id, "power_on")
    assert box.inspect(droplet_id)["State"]["Running"]


def test_delete_removes_the_container_and_its_networks_with_the_last_droplet(box):
    first = box.create_droplet("box-del-1")["id"]
    second = box.create_droplet("box-del-2")["id"]
    networks = set(box.describe()["networks"])
    assert len(networks) == 2  # the public network and the default VPC's
    box.api("DELETE", "/v2/droplets/%d" % first, expect=204)
    assert docker("inspect", box.container(first), check=False).returncode != 0
    assert set(box.describe()["networks"]) == networks
    box.api("DELETE", "/v2/droplets?tag_name=gone", expect=404)
    box.api("DELETE", "/v2/droplets/%d" % second, expect=204)
    assert box.leftovers() == []


def test_a_vpc_range_the_host_routes_is_refused_before_anything_is_stored(box):
    routes = subprocess.run(["ip", "-4", "route", "show"], capture_output=True, text=True, check=True).stdout
    private = [ipaddress.ip_network(line.split()[0]) for line in routes.splitlines()
               if line and line.split()[0] != "default" and ipaddress.ip_network(line.split()[0]).is_private
               and 16 <= ipaddress.ip_network(line.split()[0]).prefixlen <= 28]
    assert private, "this machine has no private route to collide with (docker0 should be one): %s" % routes
    vpc = box.api("POST", "/v2/vpcs", {"name": "clash", "region": REGION, "ip_range": str(private[0])},
                  expect=201)["vpc"]
    answer = box.api("POST", "/v2/droplets", {"name": "box-clash", "region": REGION, "size": "s-1vcpu-1gb",
                                              "image": "debian-12-x64", "vpc_uuid": vpc["id"]}, expect=422)
    assert "already routes" in answer["message"]
    assert box.api("GET", "/v2/droplets", expect=200)["droplets"] == []
    assert box.leftovers() == []
