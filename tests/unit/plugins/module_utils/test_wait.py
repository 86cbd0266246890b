"""The waiting loop: its poll schedule (a fake clock), the cap between polls, the deadline."""

import math

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


def test_returns_the_first_value_that_satisfies_the_predicate_polling_once_a_second_from_one_second():
    values = iter(["new", "new", "active"])
    fake = FakeTime()
    assert wait.wait_until(lambda: next(values), lambda v: v == "active", 60, "x", fake.sleep, fake.clock) == "active"
    assert fake.sleeps == [1.0, 1.0, 1.0]


def test_at_once_polls_before_sleeping():
    """A deletion is often done by the time its request returns: no second spent on it then."""
    fake, polls = FakeTime(), []
    wait.wait_until(action_of(0.0, fake, polls), lambda v: v == "completed", 60, "x", fake.sleep, fake.clock,
                    at_once=True)
    assert polls == [0.0] and fake.sleeps == []
    fake, polls = FakeTime(), []
    wait.wait_until(action_of(1.5, fake, polls), lambda v: v == "completed", 60, "x", fake.sleep, fake.clock,
                    at_once=True)
    assert polls == [0.0, 1.0, 2.0]


def action_of(seconds, fake, polls, poll_seconds=0.0):
    """A poll of an action that completes ``seconds`` after the first poll; each poll takes ``poll_seconds``."""

    def poll():
        polls.append(fake.now)
        status = "completed" if fake.now >= seconds else "in-progress"
        fake.now += poll_seconds
        return status

    return poll


@pytest.mark.parametrize("poll_seconds", [0.0, 0.3])
def test_a_two_second_action_is_seen_at_two_seconds_with_two_polls(poll_seconds):
    """No poll at 0 (the request that started the action just returned); the time a poll takes is not added to
    the schedule."""
    fake, polls = FakeTime(), []
    poll = action_of(2.0, fake, polls, poll_seconds)
    wait.wait_until(poll, lambda v: v == "completed", 60, "x", fake.sleep, fake.clock)
    assert polls == [1.0, 2.0]


def geometric_poll_times(limit):
    """The schedule before steady polls: 0.5 s after the first poll, x1.5 each time, at most 10 s apart."""
    times, now, delay = [0.0], 0.0, 0.5
    while now < limit:
        now += delay
        times.append(now)
        delay = min(10.0, delay * 1.5)
    return times


def polls_to_see(seconds, times):
    return next(i for i, t in enumerate(times) if t >= seconds) + 1


def test_no_action_length_costs_more_polls_than_the_geometric_schedule():
    """Up to 3 s an action is seen at the next whole second; after that exactly when the geometric schedule
    (from 0) saw it; always with fewer polls: the first is at 1 s."""
    geometric = geometric_poll_times(700)
    steady = [wait.poll_time(k) for k in range(1, len(geometric) + 5)]
    for tenth in range(1, 6000):
        seconds = tenth / 10.0
        assert polls_to_see(seconds, steady) < polls_to_see(seconds, geometric), seconds
        seen = steady[polls_to_see(seconds, steady) - 1]
        if seconds <= 3:
            assert seen == math.ceil(seconds), seconds
        else:
            assert seen == geometric[polls_to_see(seconds, geometric) - 1], seconds


def test_the_schedule_is_steady_then_geometric():
    assert [round(wait.poll_time(k), 3) for k in range(9)] == [0, 1, 2, 3, 4.062, 6.594, 10.391, 16.086, 24.629]
    fake, polls = FakeTime(), []
    wait.wait_until(action_of(30.0, fake, polls), lambda v: v == "completed", 300, "x", fake.sleep, fake.clock)
    assert len(polls) == 9 and round(polls[-1], 3) == 34.629  # a DigitalOcean droplet create: seen as before


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
