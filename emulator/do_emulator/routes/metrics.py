"""Droplet metrics (/v2/monitoring/metrics/droplet/...): synthetic series shaped as the API's Prometheus-style
answers ({"status": "success", "data": {"resultType": "matrix", "result": [{"metric": {...}, "values": [[ts,
"value"], ...]}]}}).

Nothing is measured: the values are a deterministic function of the droplet and the time (the same query gives
the same answer), sized by the droplet's own memory, disk and vCPUs, and only for the time it existed. `host_id`
must be a droplet of the account (404 otherwise), `start` and `end` UNIX timestamps with start <= end (400); the
step is 60 s, widened so that a series has at most MAX_POINTS points.
"""

import math
import zlib
from datetime import datetime, timezone

from ..errors import bad_request, not_found
from ..http import ok
from ..models import droplets
from ..router import route

MAX_POINTS = 1000
STEP = 60
MIB = 1024 * 1024
CPU_MODES = ("idle", "iowait", "irq", "nice", "softirq", "steal", "system", "user")
CPU_SHARE = {"idle": 0.86, "iowait": 0.01, "irq": 0.0, "nice": 0.0, "softirq": 0.005, "steal": 0.002,
             "system": 0.04, "user": 0.083}


def _timestamp(req, name):
    raw = req.arg(name)
    if raw in (None, ""):
        raise bad_request("%s is required (a UNIX timestamp)" % name)
    try:
        return int(float(raw))
    except (ValueError, OverflowError):
        raise bad_request("%s must be a UNIX timestamp" % name) from None


def _window(req):
    """(droplet, [timestamps]) for the query; the timestamps lie in the droplet's lifetime."""
    host_id = req.arg("host_id")
    if host_id in (None, ""):
        raise bad_request("host_id is required")
    droplet = droplets.get(req, host_id) if str(host_id).isdigit() else None
    if droplet is None:
        raise not_found("The Droplet %s could not be found." % host_id)
    start, end = _timestamp(req, "start"), _timestamp(req, "end")
    if start > end:
        raise bad_request("start must not be after end")
    created = datetime.strptime(droplet["created_at"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    start, end = max(start, int(created.timestamp())), min(end, int(req.now))
    step = STEP * max(1, math.ceil((end - start) / STEP / MAX_POINTS)) if end > start else STEP
    first = -(-start // step) * step
    return droplet, list(range(first, end + 1, step))


def _wave(droplet_id, name, ts):
    """A repeatable number in [0, 1) that drifts slowly with time."""
    phase = (zlib.crc32(("%s %s" % (droplet_id, name)).encode()) % 1000) / 1000.0
    return 0.5 + 0.45 * math.sin(ts / 1800.0 + phase * 6.283)


def _series(labels, values):
    return {"metric": labels, "values": [[ts, _text(v)] for ts, v in values]}


def _text(value):
    return ("%.2f" % value).rstrip("0").rstrip(".") if isinstance(value, float) else str(value)


def _answer(result):
    return ok({"status": "success", "data": {"resultType": "matrix", "result": result}})


def _gauge(req, name, of):
    droplet, times = _window(req)
    labels = {"host_id": str(droplet["id"])}
    return _answer([_series(labels, [(ts, of(droplet, ts)) for ts in times])] if times else [])


@route("GET", "/v2/monitoring/metrics/droplet/cpu")
def droplet_cpu(req):
    """Cumulative CPU seconds per mode since the droplet was created (a counter, as node_exporter's)."""
    droplet, times = _window(req)
    created = datetime.strptime(droplet["created_at"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    born = created.timestamp()
    result = []
    for mode in CPU_MODES:
        values = [(ts, (ts - born) * droplet["vcpus"] * CPU_SHARE[mode]) for ts in times]
        result.append(_series({"host_id": str(droplet["id"]), "mode": mode}, values))
    return _answer(result if times else [])


@route("GET", "/v2/monitoring/metrics/droplet/memory_total")
def droplet_memory_total(req):
    return _gauge(req, "memory_total", lambda d, ts: d["memory"] * MIB)


@route("GET", "/v2/monitoring/metrics/droplet/memory_free")
def droplet_memory_free(req):
    return _gauge(req, "memory_free", lambda d, ts: int(d["memory"] * MIB * 0.2 * _wave(d["id"], "free", ts)))


@route("GET", "/v2/monitoring/metrics/droplet/memory_cached")
def droplet_memory_cached(req):
    return _gauge(req, "memory_cached", lambda d, ts: int(d["memory"] * MIB * 0.3 * _wave(d["id"], "cache", ts)))


@route("GET", "/v2/monitoring/metrics/droplet/memory_available")
def droplet_memory_available(req):
    return _gauge(req, "memory_available",
                  lambda d, ts: int(d["memory"] * MIB * (0.35 + 0.3 * _wave(d["id"], "available", ts))))


@route("GET", "/v2/monitoring/metrics/droplet/load_1")
def droplet_load_1(req):
    return _gauge(req, "load_1", lambda d, ts: round(d["vcpus"] * 0.4 * _wave(d["id"], "load1", ts), 2))


@route("GET", "/v2/monitoring/metrics/droplet/load_5")
def droplet_load_5(req):
    return _gauge(req, "load_5", lambda d, ts: round(d["vcpus"] * 0.35 * _wave(d["id"], "load5", ts), 2))


@route("GET", "/v2/monitoring/metrics/droplet/load_15")
def droplet_load_15(req):
    return _gauge(req, "load_15", lambda d, ts: round(d["vcpus"] * 0.3 * _wave(d["id"], "load15", ts), 2))


def _filesystem(req, of):
    droplet, times = _window(req)
    labels = {"device": "/dev/vda1", "fstype": "ext4", "host_id": str(droplet["id"]), "mountpoint": "/"}
    return _answer([_series(labels, [(ts, of(droplet, ts)) for ts in times])] if times else [])


@route("GET", "/v2/monitoring/metrics/droplet/filesystem_size")
def droplet_filesystem_size(req):
    return _filesystem(req, lambda d, ts: d["disk"] * 1024 * MIB)


@route("GET", "/v2/monitoring/metrics/droplet/filesystem_free")
def droplet_filesystem_free(req):
    return _filesystem(req, lambda d, ts: int(d["disk"] * 1024 * MIB * (0.7 + 0.05 * _wave(d["id"], "fs", ts))))


@route("GET", "/v2/monitoring/metrics/droplet/bandwidth")
def droplet_bandwidth(req):
    """Megabits per second on the public or private interface, inbound or outbound."""
    interface, direction = req.arg("interface"), req.arg("direction")
    if interface not in ("public", "private"):
        raise bad_request("interface must be public or private")
    if direction not in ("inbound", "outbound"):
        raise bad_request("direction must be inbound or outbound")
    key = "%s-%s" % (interface, direction)
    scale = 2.0 if interface == "public" else 0.5
    return _gauge(req, "bandwidth", lambda d, ts: round(scale * _wave(d["id"], key, ts), 4))
