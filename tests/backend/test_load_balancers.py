"""Load balancers in the box: an HAProxy container on the public network and the VPC, forwarding to the droplets
behind it (by tag, following the tag), taking a droplet whose app stops out of rotation by the health check, and
reachable from a browser through a port on 127.0.0.1."""

import time

import requests
from box_support import REGION, docker

APP = ("import http.server, socket\n"
       "class Handler(http.server.BaseHTTPRequestHandler):\n"
       "    def do_GET(self):\n"
       "        body = socket.gethostname().encode()\n"
       "        self.send_response(200)\n"
       "        self.send_header('Content-Length', str(len(body)))\n"
       "        self.end_headers()\n"
       "        self.wfile.write(body)\n"
       "    def log_message(self, *args):\n"
       "        pass\n"
       "http.server.ThreadingHTTPServer(('0.0.0.0', 8080), Handler).serve_forever()\n")
CHECK = {"protocol": "http", "port": 8080, "path": "/", "check_interval_seconds": 3, "response_timeout_seconds": 3,
         "unhealthy_threshold": 2, "healthy_threshold": 2}


def answers(url, count=12):
    """The droplet names that answered `count` requests (None for a failed request)."""
    seen = set()
    for _request in range(count):
        try:
            response = requests.get(url, timeout=5)
            seen.add(response.text if response.status_code == 200 else None)
        except requests.RequestException:
            seen.add(None)
    return seen


def until(condition, timeout=60, every=1.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(every)
    return False


def test_load_balancer_spreads_over_healthy_droplets_and_drops_a_failing_one(box):
    web = [box.create_droplet("box-lb-%d" % i, tags=["lbweb"])["id"] for i in (1, 2)]
    for droplet_id in web:
        docker("exec", "-d", box.container(droplet_id), "python3", "-c", APP)
    body = {"name": "box-lb", "region": REGION, "tag": "lbweb", "health_check": CHECK,
            "forwarding_rules": [{"entry_protocol": "http", "entry_port": 80, "target_protocol": "http",
                                  "target_port": 8080}]}
    lb = box.api("POST", "/v2/load_balancers", body, expect=202)["load_balancer"]
    lb = box.api("GET", "/v2/load_balancers/%s" % lb["id"], expect=200)["load_balancer"]
    assert lb["status"] == "active" and lb["ip"].startswith("198.1")
    url = "http://%s/" % lb["ip"]
    assert until(lambda: answers(url) == {"box-lb-1", "box-lb-2"}), answers(url)

    loopback = box.describe()["load_balancers"][lb["id"]]["loopback"]["80"]
    assert loopback.startswith("127.0.0.1:")
    assert requests.get("http://%s/" % loopback, timeout=5).text in ("box-lb-1", "box-lb-2")

    # The load balancer's firewall: the controller sits on the box's public network (198.18.0.0/15).
    for firewall, admitted in (({"deny": ["cidr:198.18.0.0/15"]}, False), ({"allow": ["ip:203.0.113.7"]}, False),
                               ({"allow": ["cidr:198.18.0.0/15"], "deny": ["ip:203.0.113.7"]}, True)):
        box.api("PUT", "/v2/load_balancers/%s" % lb["id"], dict(body, firewall=firewall), expect=200)
        wanted = {"box-lb-1", "box-lb-2"} if admitted else {None}
        assert until(lambda wanted=wanted: answers(url, 4) == wanted, timeout=20), (firewall, answers(url, 4))

    health = box.describe()["load_balancers"][lb["id"]]["droplets"]
    assert health == {str(web[0]): "healthy", str(web[1]): "healthy"}

    docker("exec", box.container(web[0]), "pkill", "-f", "http.server")
    # Out of rotation after two failed checks three seconds apart, and shown so in the box's admin view.
    assert until(lambda: answers(url) == {"box-lb-2"}, timeout=30), answers(url)
    health = box.describe()["load_balancers"][lb["id"]]["droplets"]
    assert health == {str(web[0]): "unhealthy", str(web[1]): "healthy"}


def test_load_balancer_follows_its_tag_and_goes_with_its_container(box):
    first = box.create_droplet("box-tagged-1", tags=["lbtag"])["id"]
    docker("exec", "-d", box.container(first), "python3", "-c", APP)
    body = {"name": "box-lb-tag", "region": REGION, "tag": "lbtag", "health_check": CHECK,
            "forwarding_rules": [{"entry_protocol": "tcp", "entry_port": 8000, "target_protocol": "tcp",
                                  "target_port": 8080}]}
    lb = box.api("POST", "/v2/load_balancers", body, expect=202)["load_balancer"]
    url = "http://%s:8000/" % box.api("GET", "/v2/load_balancers/%s" % lb["id"], expect=200)["load_balancer"]["ip"]
    assert until(lambda: answers(url) == {"box-tagged-1"}), answers(url)

    second = box.create_droplet("box-tagged-2", tags=["lbtag"])["id"]  # joins by its tag
    docker("exec", "-d", box.container(second), "python3", "-c", APP)
    assert until(lambda: answers(url) == {"box-tagged-1", "box-tagged-2"}), answers(url)
    box.api("DELETE", "/v2/droplets/%d" % first, expect=204)
    assert until(lambda: answers(url) == {"box-tagged-2"}), answers(url)

    container = box.describe()["load_balancers"][lb["id"]]["container"]
    box.api("DELETE", "/v2/load_balancers/%s" % lb["id"], expect=204)
    assert docker("inspect", container, check=False).returncode != 0
