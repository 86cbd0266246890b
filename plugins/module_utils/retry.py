# -*- coding: utf-8 -*-
# Copyright: tide.digitalocean contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The single decision "retry or not, and after how long".

Pure functions plus a small ``Deadline``; ``client.DigitalOceanAPI`` is the only caller
that sleeps on these decisions. Rules:

* 429: wait until ``retry-after`` (seconds) or ``ratelimit-reset`` (epoch seconds) says
  the budget is back, at least ``RATE_LIMIT_FLOOR`` (a retry sooner would only be refused again) and at most
  ``RATE_LIMIT_CAP`` seconds. ``ratelimit-reset`` is read against the server's clock (the response's ``Date``),
  so a local clock running ahead does not turn the wait into a burst of refused retries.
* before a 429: a response saying the budget is spent (``ratelimit-remaining: 0``) holds the next request
  until ``ratelimit-reset`` (``pace_delay``), so a task that uses up the budget waits instead of collecting 429s.
* 5xx and connection errors (status None): jittered exponential backoff
  ("full jitter": uniform between 0 and min(cap, base * 2**attempt)).
* anything else (4xx): never retried, the caller sees the error at once.
* every wait is bounded by the deadline derived from the module's ``timeout``; when the
  next wait would pass it, the caller gives up with the last error.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import random
import time
from email.utils import parsedate_to_datetime

BACKOFF_BASE = 0.5
BACKOFF_CAP = 8.0
RATE_LIMIT_CAP = 60.0
RATE_LIMIT_FLOOR = 1.0
MIN_DELAY = 0.05


class Deadline:
    """A point in time ``seconds`` from now on a monotonic clock."""

    def __init__(self, seconds, clock=time.monotonic):
        self._clock = clock
        self.seconds = seconds
        self._end = clock() + seconds

    def remaining(self):
        return max(0.0, self._end - self._clock())

    def expired(self):
        return self.remaining() <= 0


def is_retryable(status):
    """True for failures worth another attempt: no response at all, 429, or a 5xx."""
    return status is None or status == 429 or 500 <= status < 600


def backoff_delay(attempt, rng=random.random, base=BACKOFF_BASE, cap=BACKOFF_CAP):
    """Seconds to wait before attempt number ``attempt + 1`` (``attempt`` counts from 0)."""
    ceiling = min(cap, base * (2 ** min(attempt, 30)))
    return max(MIN_DELAY, rng() * ceiling)


def _header(headers, name):
    for key, value in (headers or {}).items():
        if key.lower() == name:
            return value
    return None


def server_time(headers, now=None):
    """The server's clock when it answered: the ``Date`` header (whole seconds, so never ahead of it), else
    ``now`` (default: our clock)."""
    date = _header(headers, "date")
    if date:
        try:
            return parsedate_to_datetime(date).timestamp()
        except (TypeError, ValueError, IndexError, OverflowError):
            pass
    return time.time() if now is None else now


def _until_reset(headers, now):
    """Seconds from the response to its ``ratelimit-reset`` (on the server's clock), or None without one."""
    reset = _header(headers, "ratelimit-reset")
    if reset is None:
        return None
    try:
        return float(reset) - server_time(headers, now)
    except (TypeError, ValueError):
        return None


def rate_limit_delay(headers, now=None, cap=RATE_LIMIT_CAP):
    """Seconds until the rate limit lets us in again, from a 429's headers.

    ``retry-after`` (delta seconds) wins over ``ratelimit-reset`` (epoch seconds). Without either header we
    wait one second. The result is between ``RATE_LIMIT_FLOOR`` and ``cap``.
    """
    delay = None
    retry_after = _header(headers, "retry-after")
    if retry_after is not None:
        try:
            delay = float(retry_after)
        except (TypeError, ValueError):
            delay = None
    if delay is None:
        delay = _until_reset(headers, now)
    if delay is None:
        delay = 1.0
    return min(cap, max(RATE_LIMIT_FLOOR, delay))


def pace_delay(headers, now=None, cap=RATE_LIMIT_CAP):
    """Seconds to hold the next request after a response: until ``ratelimit-reset`` when
    ``ratelimit-remaining`` says the budget is spent, else 0 (also when the headers are missing or unreadable).
    """
    remaining = _header(headers, "ratelimit-remaining")
    try:
        if remaining is None or int(remaining) > 0:
            return 0.0
    except (TypeError, ValueError):
        return 0.0
    delay = _until_reset(headers, now)
    return 0.0 if delay is None else min(cap, max(0.0, delay))


def retry_delay(status, headers, attempt, remaining, rng=random.random, now=None):
    """How long to wait before retrying a failed call, or None to stop.

    Args:
        status: the HTTP status of the failure, None for a connection error.
        headers: the failed response's headers (ignored for connection errors).
        attempt: how many retries were already made (0 for the first failure).
        remaining: seconds left before the deadline.
    """
    if not is_retryable(status):
        return None
    if status == 429:
        delay = rate_limit_delay(headers, now=now)
    else:
        delay = backoff_delay(attempt, rng=rng)
    if delay >= remaining:
        return None
    return delay
