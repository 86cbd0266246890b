"""DigitalOcean's per-token request budget: a sliding window of one minute.

Only tokens the emulator accepts are tracked (a refused one is answered with a full budget and forgotten), a
window with no request in the last minute is swept away, and at most MAX_TRACKED tokens are tracked at once (the
least recently used one is forgotten first), so a flood of distinct tokens costs bounded memory.
"""

import math
import threading
from collections import OrderedDict, deque


class RateLimiter:
    WINDOW = 60.0
    MAX_TRACKED = 10000
    SWEEP_EVERY = 10.0  # seconds between sweeps of idle windows

    def __init__(self, per_minute, clock):
        self.limit = per_minute
        self.clock = clock
        self._lock = threading.Lock()
        self.reset()

    def admit(self, token):
        """Counts one request. Returns (admitted, headers); headers go on the response either way."""
        with self._lock:
            now = self.clock()
            if now >= self._next_sweep:
                self._sweep(now)
            window = self._windows.get(token)
            if window is None:
                window = self._windows[token] = deque()
                if len(self._windows) > self.MAX_TRACKED:
                    self._windows.popitem(last=False)
            else:
                self._windows.move_to_end(token)
            while window and window[0] <= now - self.WINDOW:
                window.popleft()
            admitted = len(window) < self.limit
            if admitted:
                window.append(now)
            reset_at = (window[0] if window else now) + self.WINDOW
            headers = {
                "ratelimit-limit": str(self.limit),
                "ratelimit-remaining": str(max(0, self.limit - len(window))),
                "ratelimit-reset": str(math.ceil(reset_at)),
            }
            if not admitted:
                headers["retry-after"] = str(max(1, math.ceil(reset_at - now)))
            return admitted, headers

    def headers_for_unknown(self):
        """The headers for a request whose token is refused: a full budget, nothing tracked."""
        return {"ratelimit-limit": str(self.limit), "ratelimit-remaining": str(self.limit),
                "ratelimit-reset": str(math.ceil(self.clock() + self.WINDOW))}

    def _sweep(self, now):
        idle = [t for t, window in self._windows.items() if not window or window[-1] <= now - self.WINDOW]
        for token in idle:
            del self._windows[token]
        self._next_sweep = now + self.SWEEP_EVERY

    def tracked(self):
        """How many tokens have a window now."""
        return len(self._windows)

    def reset(self):
        with self._lock:
            self._windows = OrderedDict()
            self._next_sweep = 0.0
