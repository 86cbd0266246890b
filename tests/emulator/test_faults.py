"""Under injected faults (30% 5xx/429, dropped connections, half of the write faults striking after the write was
applied) a well-behaved client converges: it retries reads, looks a resource up by name before retrying a create,
and checks the state before retrying an action. Afterwards the state is exactly what was asked for: no duplicate
droplets, every action completed."""

import time

import requests

TOKEN = "fault-test-token"
BASE = {"region": "sfo3", "size": "s-1vcpu-1gb", "image": "ubuntu-24-04-x64", "tags": ["faulty"]}
FAULTS = {"rates": {"429": 0.1, "500": 0.1, "503": 0.1}, "drop": 0.1, "after_write": 0.5, "seed": 20240501}
RETRYABLE = {429, 500, 502, 503, 504}
MAX_ATTEMPTS = 60


class Client:
    """What our modules do against the real API, reduced to the retry rules."""

    def __init__(self, url):
        self.url = url
        self.session = requests.Session()
        self.session.headers["Authorization"] = "Bearer " + TOKEN
        self.attempts = 0
        self.lost_creates = 0  # creates that failed on the wire although the droplets were made

    def send(self, method, path, **kwargs):
        """One attempt: the response, or None when the connection was dropped."""
        self.attempts += 1
        try:
            return self.session.request(method, self.url + path, timeout=10, **kwargs)
        except requests.ConnectionError:
            self.session.close()  # the connection is gone; the next attempt opens a new one
            return None

    @staticmethod
    def pause(response):
        # Honours retry-after, capped so that the test stays fast.
        wait = float(response.headers.get("retry-after", 0.01)) if response is not None else 0.01
        time.sleep(min(wait, 0.02))

    def read(self, path, **params):
        for _attempt in range(MAX_ATTEMPTS):
            r = self.send("GET", path, params=params)
            if r is not None and r.status_code not in RETRYABLE:
                assert r.status_code == 200, r.text
                return r.json()
            self.pause(r)
        raise AssertionError("GET %s never succeeded" % path)

    def all_droplets(self, **params):
        found, page = [], 1
        while True:
            body = self.read("/v2/droplets", per_page=200, page=page, **params)
            found += body["droplets"]
            if "next" not in body.get("links", {}).get("pages", {}):
                return found
            page += 1

    def create(self, names):
        """Creates droplets for `names` (one multi-create request, retried for the names still missing)."""
        missing = list(names)
        for _attempt in range(MAX_ATTEMPTS):
            body = {**BASE, "names": missing} if len(missing) > 1 else {**BASE, "name": missing[0]}
            r = self.send("POST", "/v2/droplets", json=body)
            if r is not None and r.status_code == 202:
                return
            assert r is None or r.status_code in RETRYABLE, r.text
            self.pause(r)
            existing = {d["name"] for d in self.all_droplets(tag_name="faulty")}
            if existing.issuperset(missing):
                self.lost_creates += 1
            missing = [n for n in missing if n not in existing]
            if not missing:
                return
        raise AssertionError("create of %s never succeeded" % names)

    def power_off(self, droplet_id):
        """Powers a droplet off; a retry first checks whether the lost attempt already did it."""
        for _attempt in range(MAX_ATTEMPTS):
            droplet = self.read("/v2/droplets/%d" % droplet_id)["droplet"]
            if droplet["status"] == "off":
                return
            if droplet["locked"] or droplet["status"] == "new":
                time.sleep(0.02)
                continue
            r = self.send("POST", "/v2/droplets/%d/actions" % droplet_id, json={"type": "power_off"})
            if r is not None and r.status_code == 201:
                return
            assert r is None or r.status_code in RETRYABLE, r.text
            self.pause(r)
        raise AssertionError("power_off of %d never succeeded" % droplet_id)

    def delete(self, droplet_id):
        for _attempt in range(MAX_ATTEMPTS):
            r = self.send("DELETE", "/v2/droplets/%d" % droplet_id)
            if r is not None and r.status_code in (204, 404):  # 404: a lost attempt already deleted it
                return
            assert r is None or r.status_code in RETRYABLE, r.text
            self.pause(r)
        raise AssertionError("delete of %d never succeeded" % droplet_id)


def test_retrying_client_converges_under_faults(emulator):
    emulator.app.config.action_seconds = 0.05
    client = Client(emulator.url)
    assert requests.put(emulator.url + "/_emulator/faults", json=FAULTS, timeout=10).status_code == 200

    wanted = ["node-%02d" % i for i in range(1, 31)]
    for start in range(0, 20, 10):
        client.create(wanted[start:start + 10])
    for name in wanted[20:]:
        client.create([name])
    by_name = {d["name"]: d["id"] for d in client.all_droplets(tag_name="faulty")}
    to_stop = [by_name[n] for n in wanted[:10]]
    to_delete = [by_name[n] for n in wanted[-5:]]
    for droplet_id in to_stop:
        client.power_off(droplet_id)
    for droplet_id in to_delete:
        client.delete(droplet_id)

    stats = requests.get(emulator.url + "/_emulator/stats", timeout=10).json()
    assert requests.delete(emulator.url + "/_emulator/faults", timeout=10).status_code == 204
    injected = {s: n for s, n in stats["statuses"].items() if s in ("429", "500", "503", "dropped")}
    assert set(injected) == {"429", "500", "503", "dropped"}, stats["statuses"]
    assert client.attempts > stats["statuses"].get("202", 0) + len(to_stop) + len(to_delete)
    assert client.lost_creates > 0  # a blind retry would have duplicated these

    time.sleep(0.1)  # the last actions complete
    droplets = client.all_droplets()
    names = [d["name"] for d in droplets]
    assert sorted(names) == sorted(wanted[:-5]), "duplicates or missing droplets: %s" % sorted(names)
    assert {d["id"]: d["status"] for d in droplets if d["id"] in to_stop} == {i: "off" for i in to_stop}
    assert all(d["status"] == "active" for d in droplets if d["id"] not in to_stop)
    assert not any(d["locked"] for d in droplets)
    actions = client.read("/v2/actions", per_page=200)["actions"]
    assert {a["status"] for a in actions} == {"completed"}
    creates = [a for a in actions if a["type"] == "create"]
    assert len(creates) == len(wanted)  # one create per droplet: no retry created a second one
    assert sorted(a["resource_id"] for a in actions if a["type"] == "power_off") == sorted(to_stop)
    tag = client.read("/v2/tags/faulty")["tag"]
    assert tag["resources"]["droplets"]["count"] == len(wanted) - 5
