"""Droplet metrics: synthetic series shaped as the API's answers, for the droplet's lifetime, repeatable, and the
parameters checked."""

import time

import pytest

DROPLET = {"name": "m-1", "region": "nyc3", "size": "s-2vcpu-4gb", "image": "debian-12-x64"}
GAUGES = ["memory_total", "memory_free", "memory_cached", "memory_available", "load_1", "load_5", "load_15",
          "filesystem_size", "filesystem_free"]


@pytest.fixture
def droplet_id(api):
    return api.post("/v2/droplets", json=DROPLET).json()["droplet"]["id"]


def window(emulator, droplet_id, hours=2):
    now = int(time.time())
    return {"host_id": str(droplet_id), "start": str(now - hours * 3600), "end": str(now)}


@pytest.fixture
def aged(emulator):
    """The emulator's clock three hours on, so the droplet has a history."""
    clock = emulator.app.clock
    emulator.app.clock = lambda: clock() + 3 * 3600
    yield
    emulator.app.clock = clock


def test_cpu_is_a_counter_per_mode_since_the_droplet_was_created(api, droplet_id, aged):
    now = int(time.time()) + 3 * 3600
    params = {"host_id": str(droplet_id), "start": str(now - 3600), "end": str(now)}
    r = api.get("/v2/monitoring/metrics/droplet/cpu", params=params)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["status"] == "success" and body["data"]["resultType"] == "matrix"
    modes = {s["metric"]["mode"]: s["values"] for s in body["data"]["result"]}
    assert set(modes) == {"idle", "iowait", "irq", "nice", "softirq", "steal", "system", "user"}
    idle = [float(point[1]) for point in modes["idle"]]
    assert len(idle) in (60, 61) and idle == sorted(idle) and idle[0] > 0
    assert all(s["metric"]["host_id"] == str(droplet_id) for s in body["data"]["result"])
    assert api.get("/v2/monitoring/metrics/droplet/cpu", params=params).json() == body  # repeatable


@pytest.mark.parametrize("metric", GAUGES)
def test_gauges_follow_the_droplet_size(api, droplet_id, aged, metric):
    now = int(time.time()) + 3 * 3600
    r = api.get("/v2/monitoring/metrics/droplet/" + metric,
                params={"host_id": str(droplet_id), "start": str(now - 7200), "end": str(now)})
    assert r.status_code == 200, r.text
    (series,) = r.json()["data"]["result"]
    values = [float(point[1]) for point in series["values"]]
    assert len(values) in (120, 121)  # one a minute
    if metric == "memory_total":
        assert set(values) == {4096 * 1024 * 1024}
    elif metric.startswith("memory_"):
        assert all(0 < v < 4096 * 1024 * 1024 for v in values)
    elif metric == "filesystem_size":
        assert set(values) == {80 * 1024 ** 3} and series["metric"]["mountpoint"] == "/"


def test_bandwidth_per_interface_and_direction(api, droplet_id, aged):
    now = int(time.time()) + 3 * 3600
    params = {"host_id": str(droplet_id), "start": str(now - 600), "end": str(now), "interface": "public",
              "direction": "inbound"}
    r = api.get("/v2/monitoring/metrics/droplet/bandwidth", params=params)
    assert r.status_code == 200 and len(r.json()["data"]["result"][0]["values"]) in (10, 11)
    assert api.get("/v2/monitoring/metrics/droplet/bandwidth", params=dict(params, interface="eth9")).status_code == 400
    api.violations.clear()


def test_nothing_before_the_droplet_existed_and_bad_queries(api, droplet_id):
    now = int(time.time())
    r = api.get("/v2/monitoring/metrics/droplet/load_1",
                params={"host_id": str(droplet_id), "start": str(now - 86400), "end": str(now - 3600)})
    assert r.status_code == 200 and r.json()["data"]["result"] == []
    base = {"host_id": str(droplet_id), "start": str(now - 60), "end": str(now)}
    assert api.get("/v2/monitoring/metrics/droplet/cpu", params=dict(base, host_id="999")).status_code == 404
    assert api.get("/v2/monitoring/metrics/droplet/cpu", params=dict(base, start="yesterday")).status_code == 400
    assert api.get("/v2/monitoring/metrics/droplet/cpu", params=dict(base, start=str(now + 60))).status_code == 400
    assert api.get("/v2/monitoring/metrics/droplet/cpu", params={"start": "1", "end": "2"}).status_code == 400
    api.violations.clear()  # 400/404 are declared as `default` here only


def test_pydo_reads_droplet_metrics(do_client, droplet_id):
    now = int(time.time())
    body = do_client.monitoring.get_droplet_memory_total_metrics(host_id=str(droplet_id), start=str(now - 300),
                                                                 end=str(now))
    assert body["status"] == "success"
