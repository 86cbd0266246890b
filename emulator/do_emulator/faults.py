"""Injected failures, set through PUT /_emulator/faults:

    {"rates": {"429": 0.1, "500": 0.05, "503": 0.05},  # probability of each status, per request
     "drop": 0.05,            # probability of closing the connection without an answer
     "latency_ms": 0,         # added to every matching request
     "routes": ["POST /v2/droplets", "/v2/volumes"],  # optional: "METHOD template" or a path-template prefix
     "after_write": 0.5,      # share of faults on writes that strike AFTER the write was applied
     "seed": 1}               # optional, for a repeatable sequence

A fault after a write is the dangerous kind: the client sees an error or a dropped connection although the
resource exists, which is exactly where a blind retry would create a duplicate.
"""

import random

from .errors import bad_request

DROP = "drop"


class Fault:
    def __init__(self, kind, after_write):
        self.kind = kind  # an HTTP status (int) or DROP
        self.after_write = after_write


class Faults:
    def __init__(self):
        self.clear()

    def clear(self):
        self.spec = {}
        self._rates = []
        self._drop = 0.0
        self.latency = 0.0
        self._routes = []
        self._after_write = 0.0
        self._random = random.Random()

    def configure(self, spec):
        rates = spec.get("rates", {})
        if not isinstance(rates, dict):
            raise bad_request("rates must be an object of status: probability")
        parsed = []
        for status, p in rates.items():
            if str(status) not in ("429", "500", "502", "503", "504"):
                raise bad_request("fault status must be one of 429, 500, 502, 503, 504")
            parsed.append((int(status), _probability(p, "rates.%s" % status)))
        drop = _probability(spec.get("drop", 0), "drop")
        after_write = _probability(spec.get("after_write", 0), "after_write")
        if sum(p for _, p in parsed) + drop > 1:
            raise bad_request("the fault probabilities add up to more than 1")
        routes = spec.get("routes") or []
        if not isinstance(routes, list) or not all(isinstance(r, str) for r in routes):
            raise bad_request("routes must be a list of strings")
        latency = spec.get("latency_ms", 0)
        if not isinstance(latency, (int, float)) or latency < 0:
            raise bad_request("latency_ms must be a non-negative number")
        self.clear()
        self.spec = spec
        self._rates, self._drop, self._after_write, self._routes = parsed, drop, after_write, routes
        self.latency = latency / 1000.0
        self._random = random.Random(spec.get("seed"))

    def applies(self, method, template):
        if not self._routes:
            return True
        key = "%s %s" % (method, template)
        return any(key == r or template.startswith(r) or r == method for r in self._routes)

    def draw(self, method, template):
        """The fault for this request, or None."""
        if not (self._rates or self._drop) or not self.applies(method, template):
            return None
        roll = self._random.random()
        kind = None
        for status, p in self._rates:
            if roll < p:
                kind = status
                break
            roll -= p
        else:
            if roll < self._drop:
                kind = DROP
        if kind is None:
            return None
        after = method != "GET" and self._random.random() < self._after_write
        return Fault(kind, after)


def _probability(value, name):
    if not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise bad_request("%s must be a probability between 0 and 1" % name)
    return float(value)
