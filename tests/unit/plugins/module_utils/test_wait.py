"""The waiting loop: polls with growing delays and stops at the deadline."""

import pytest
from ansible_collections.tide.digitalocean.plugins.module_utils import wait
from ansible_collections.tide.digitalocean.plugins.module_utils.errors import DigitalOceanError


class FakeTime:
    def __init__(self):
        self.now = 0.0
        self.sleeps = []

    def clock(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


def test_returns_the_first_value_that_satisfies_the_predicate():
    values = iter(["new", "new", "new", "active"])
    fake = FakeTime()
    assert wait.wait_until(lambda: next(values), lambda v: v == "active", 60, "x", fake.sleep, fake.clock) == "active"
    assert fake.sleeps == [0.5, 0.75, 1.125]


def test_delay_between_polls_is_capped():
    fake = FakeTime()
    polls = iter(range(100))
    wait.wait_until(lambda: next(polls), lambda v: v == 20, 1000, "x", fake.sleep, fake.clock)
    assert max(fake.sleeps) == wait.MAX_DELAY


def test_timeout_names_what_was_awaited_and_never_sleeps_past_the_deadline():
    fake = FakeTime()
    with pytest.raises(DigitalOceanError, match="timed out after 5s waiting for droplet web-1"):
        wait.wait_until(lambda: "new", lambda v: False, 5, "droplet web-1", fake.sleep, fake.clock)
    assert fake.now == 5
