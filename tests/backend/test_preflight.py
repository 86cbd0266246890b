"""playbooks/preflight.yml on the box: a canary droplet checks, from inside the region, the endpoints a site needs.
The endpoints are small HTTP servers of this test on the box's public network (the host holds its gateway
address): one the region's egress reaches, one it does not (the emulator's geo block sends it to a third server
that answers 451). The play fails naming the region and the endpoint, passes without it, reports SMTP blocked, and
leaves no canary behind either way."""

import http.server
import ipaddress
import json
import socket
import subprocess
import threading
from pathlib import Path

import pytest
import requests
from box_support import LABEL, REGION, docker, playbook_env

ROOT = Path(__file__).resolve().parents[2]
IP_FREEBIND = 15  # linux/in.h: bind to the gateway address before its bridge exists (it comes with the canary)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def server_bind(self):
        self.socket.setsockopt(socket.IPPROTO_IP, IP_FREEBIND, 1)
        super().server_bind()


def serve(address, status):
    """An HTTP server on address (a port of its own) answering every GET with status; returns (url, server)."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = b"geo-blocked\n" if status == 451 else b"ok\n"
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = _Server((address, 0), Handler)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True).start()
    return "%s:%d" % (address, server.server_address[1]), server


@pytest.fixture
def endpoints(box):
    """{"open", "blocked", "answer"}: address:port of three servers on the box's public gateway, the blocked one
    geo-blocked for REGION (sent to the answer, which says 451)."""
    reserved = box.api("POST", "/v2/reserved_ips", {"region": REGION}, expect=202)["reserved_ip"]["ip"]
    box.api("DELETE", "/v2/reserved_ips/%s" % reserved, expect=204)
    gateway = str(ipaddress.ip_network(reserved + "/20", strict=False)[1])
    servers = {name: serve(gateway, status) for name, status in (("open", 200), ("blocked", 200), ("answer", 451))}
    blocks = {"answer": servers["answer"][0], "regions": {REGION: [servers["blocked"][0]]}}
    response = requests.put(box.url + "/_emulator/box/geo_blocks", json=blocks, timeout=60)
    assert response.status_code == 200, response.text
    yield {name: server[0] for name, server in servers.items()}
    for _address, server in servers.values():
        server.shutdown()
        server.server_close()


def preflight(box, tmp_path, endpoints, inventories=(), **extra):
    """ansible-playbook playbooks/preflight.yml as a user runs it; returns (return code, output)."""
    settings = {"tide_ssh_private_key": str(tmp_path / "ssh" / "tide_ed25519"), "preflight_regions": [REGION],
                "preflight_endpoints": endpoints, "preflight_timeout": 3,
                "preflight_smtp_host": endpoints[0]["url"].split("//")[1].split(":")[0],
                "preflight_services": [{"name": "memcached", "ports": [11211]},
                                       {"name": "keepalived", "multicast": True}], **extra}
    (tmp_path / "preflight.json").write_text(json.dumps(settings))
    more = [argument for inventory in inventories for argument in ("-i", str(inventory))]
    done = subprocess.run(["ansible-playbook", "-i", "inventory/localhost.yml", *more, "playbooks/preflight.yml",
                           "-e", "@%s" % (tmp_path / "preflight.json")],
                          cwd=ROOT, env=playbook_env(box.url), capture_output=True, text=True, timeout=900, check=False)
    output = done.stdout + done.stderr
    (tmp_path / "preflight.log").write_text(output)
    return done.returncode, output


def assert_no_canary(box):
    assert box.api("GET", "/v2/droplets?tag_name=preflight", expect=200)["droplets"] == []
    containers = docker("ps", "-aq", "--filter", "label=%s=%s" % (LABEL, box.instance),
                        "--filter", "label=tide.emulator.droplet").stdout.split()
    assert containers == [], "the canary's container is left"


def test_a_geo_blocked_endpoint_fails_the_play_naming_region_and_endpoint(box, endpoints, tmp_path):
    open_url, blocked_url = "http://%s/" % endpoints["open"], "http://%s/health" % endpoints["blocked"]
    code, output = preflight(box, tmp_path, [{"url": open_url}, {"url": blocked_url, "expect": 200}])
    assert code != 0, output[-4000:]
    assert "Geo-blocked: %s answered 451" % blocked_url in output and "from region %s" % REGION in output, \
        output[-4000:]
    assert "Try other regions" in output
    table = [line for line in output.splitlines() if REGION in line and "http://" in line]
    assert any(open_url in line and "200 ok" in line for line in table), table
    assert any(blocked_url in line and "451 GEO-BLOCKED" in line for line in table), table
    assert_no_canary(box)


def test_an_open_endpoint_passes_and_smtp_is_reported_blocked(box, endpoints, tmp_path):
    open_url = "http://%s/" % endpoints["open"]
    code, output = preflight(box, tmp_path, [{"url": open_url}])
    assert code == 0, output[-4000:]
    assert "%s: 25 blocked (timeout), 465 blocked (timeout), 587 blocked (timeout)" % REGION in output, output[-4000:]
    assert "HTTPS mail API" in output
    assert "WARNING: memcached" in output and "11211" in output
    assert "WARNING: keepalived" in output and "multicast" in output
    assert_no_canary(box)


def test_a_canary_that_ssh_cannot_reach_fails_the_play_and_is_deleted(box, endpoints, tmp_path, ssh_key):
    wrong_key, _public = ssh_key  # not the key the canary was given
    code, output = preflight(box, tmp_path, [{"url": "http://%s/" % endpoints["open"]}],
                             preflight_ssh_private_key=wrong_key, preflight_ssh_timeout=10)
    assert code != 0, output[-4000:]
    assert "Preflight could not check %s" % REGION in output and "the canaries are deleted" in output, output[-4000:]
    assert_no_canary(box)


def test_checks_run_from_an_existing_host_which_is_kept(box, endpoints, tmp_path, ssh_key):
    private_key, public_key = ssh_key
    key = box.api("POST", "/v2/account/keys", {"name": "existing", "public_key": public_key}, expect=201)["ssh_key"]
    web = box.create_droplet("existing-web", ssh_keys=[key["id"]])
    box.wait_booted(web["id"])
    inventory = tmp_path / "existing.yml"
    inventory.write_text(json.dumps({"all": {"hosts": {"existing-web": {
        "ansible_host": box.address(box.droplet(web["id"]), "public"), "ansible_user": "root",
        "ansible_ssh_private_key_file": private_key, "ansible_python_interpreter": "/usr/bin/python3",
        "ansible_ssh_common_args": "-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null"}}}}))
    open_url = "http://%s/" % endpoints["open"]
    code, output = preflight(box, tmp_path, [{"url": open_url}], inventories=[inventory],
                             preflight_from_hosts=["existing-web"])
    assert code == 0, output[-4000:]
    assert any("existing-web" in line and open_url in line and "200 ok" in line for line in output.splitlines())
    assert "existing-web: 25 blocked (timeout)" in output, output[-4000:]
    # No canary was made (the only droplet is the existing one), and the existing host was used, not deleted.
    droplets = box.api("GET", "/v2/droplets", expect=200)["droplets"]
    assert [(d["name"], d["status"]) for d in droplets] == [("existing-web", "active")]
    assert "preflight-" not in output
