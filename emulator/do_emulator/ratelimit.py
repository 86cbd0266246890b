"""DigitalOcean's per-token request budget: a sliding window of one minute."""

import math
from collections import deque


class RateLimiter:
    WINDOW = 60.0

    def __init__(self, per_minute, clock):
        self.limit = per_minute
        self.clock = clock
        self._windows = {}

    def admit(self, token):
        """Counts one request. Returns (admitted, headers); headers go on the response either way."""
        now = self.clock()
        window = self._windows.setdefault(token, deque())
        while window and window[0] <= now - self.WINDOW:
            window.popleft()
        admitted = len(window) < self.limit
        if admitted:
            window.append(now)
        oldest = window[0] if window else now
        reset_at = oldest + self.WINDOW
        headers = {
            "ratelimit-limit": str(self.limit),
            "ratelimit-remaining": str(max(0, self.limit - len(window))),
            "ratelimit-reset": str(math.ceil(reset_at)),
        }
        if not admitted:
            headers["retry-after"] = str(max(1, math.ceil(reset_at - now)))
        return admitted, headers

    def reset(self):
        self._windows.clear()
