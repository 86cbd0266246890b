"""Request counters, read through GET /_emulator/stats: how tests and benchmarks count API requests."""

import threading


class Stats:
    def __init__(self):
        self._lock = threading.Lock()
        self.clear()

    def clear(self):
        with getattr(self, "_lock", threading.Lock()):
            self.total = 0
            self.reads = 0
            self.writes = 0
            self.routes = {}
            self.statuses = {}

    def count(self, method, template, status):
        with self._lock:
            self.total += 1
            if method == "GET":
                self.reads += 1
            else:
                self.writes += 1
            key = "%s %s" % (method, template)
            self.routes[key] = self.routes.get(key, 0) + 1
            self.statuses[str(status)] = self.statuses.get(str(status), 0) + 1

    def snapshot(self):
        with self._lock:
            return {
                "total": self.total,
                "reads": self.reads,
                "writes": self.writes,
                "routes": dict(sorted(self.routes.items())),
                "statuses": dict(sorted(self.statuses.items())),
            }
