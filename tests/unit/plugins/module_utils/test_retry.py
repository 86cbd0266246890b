"""The retry decision: what is retried, after how long, and never past the deadline."""

import pytest
from ansible_collections.tide.digitalocean.plugins.module_utils import retry


def always_max():
    return 1.0


def always_zero():
    return 0.0


@pytest.mark.parametrize("status", [None, 429, 500, 502, 503, 504])
def test_transient_failures_are_retried(status):
    assert retry.retry_delay(status, {}, attempt=0, remaining=100, rng=always_max) is not None


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 422])
def test_client_errors_are_never_retried(status):
    assert retry.retry_delay(status, {"retry-after": "1"}, attempt=0, remaining=100) is None


def test_rate_limit_waits_as_long_as_retry_after_says():
    assert retry.retry_delay(429, {"Retry-After": "7"}, attempt=0, remaining=100) == 7.0


def test_rate_limit_without_retry_after_waits_until_ratelimit_reset():
    delay = retry.retry_delay(429, {"ratelimit-reset": "1012"}, attempt=0, remaining=100, now=1000.0)
    assert delay == 12.0


def test_retry_after_wins_over_ratelimit_reset():
    assert retry.rate_limit_delay({"retry-after": "3", "ratelimit-reset": "2000"}, now=1000.0) == 3.0


def test_rate_limit_wait_is_capped():
    assert retry.rate_limit_delay({"retry-after": "3600"}, now=0) == retry.RATE_LIMIT_CAP


def test_rate_limit_without_headers_waits_a_second():
    assert retry.rate_limit_delay({}, now=0) == 1.0


def test_no_retry_when_the_wait_would_pass_the_deadline():
    assert retry.retry_delay(429, {"retry-after": "30"}, attempt=0, remaining=10) is None
    assert retry.retry_delay(503, {}, attempt=10, remaining=1, rng=always_max) is None


def test_server_error_backoff_ceiling_doubles_per_attempt_up_to_the_cap():
    ceilings = [retry.backoff_delay(attempt, rng=always_max) for attempt in range(8)]
    assert ceilings[:5] == [0.5, 1.0, 2.0, 4.0, 8.0]
    assert ceilings[5:] == [retry.BACKOFF_CAP] * 3


def test_backoff_is_jittered_between_a_floor_and_the_ceiling():
    assert retry.backoff_delay(3, rng=always_zero) == retry.MIN_DELAY
    assert retry.backoff_delay(3, rng=lambda: 0.5) == 2.0


def test_deadline_counts_down_on_its_clock():
    now = [100.0]
    deadline = retry.Deadline(5, clock=lambda: now[0])
    assert deadline.remaining() == 5
    now[0] = 104.0
    assert deadline.remaining() == 1 and not deadline.expired()
    now[0] = 106.0
    assert deadline.remaining() == 0 and deadline.expired()


DATE = "Sun, 29 Nov 2026 02:25:54 GMT"
DATE_EPOCH = 1795919154


def test_ratelimit_reset_is_read_against_the_servers_clock_not_ours():
    headers = {"Date": DATE, "ratelimit-reset": str(DATE_EPOCH + 12)}
    for our_clock in (DATE_EPOCH - 100.0, DATE_EPOCH, DATE_EPOCH + 100.0):
        assert retry.rate_limit_delay(headers, now=our_clock) == 12.0


def test_a_reset_already_past_still_waits_a_second_not_a_burst_of_retries():
    assert retry.rate_limit_delay({"ratelimit-reset": "990"}, now=1000.0) == retry.RATE_LIMIT_FLOOR
    assert retry.rate_limit_delay({"retry-after": "0"}, now=1000.0) == retry.RATE_LIMIT_FLOOR


def test_a_spent_budget_holds_the_next_request_until_the_reset():
    spent = {"Date": DATE, "ratelimit-remaining": "0", "ratelimit-reset": str(DATE_EPOCH + 30)}
    assert retry.pace_delay(spent, now=0) == 30.0
    assert retry.pace_delay(dict(spent, **{"ratelimit-remaining": "1"})) == 0.0
    assert retry.pace_delay({"ratelimit-remaining": "0"}) == 0.0  # no reset: nothing to wait for
    assert retry.pace_delay({"ratelimit-remaining": "0", "ratelimit-reset": "900"}, now=1000.0) == 0.0
    assert retry.pace_delay({}) == 0.0
