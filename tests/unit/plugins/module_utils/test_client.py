"""The client over real HTTP against the emulator: auth on loopback http, errors, retries, deadlines."""

import pytest
from ansible_collections.tide.digitalocean.plugins.module_utils.client import DigitalOceanAPI, check_api_url
from ansible_collections.tide.digitalocean.plugins.module_utils.errors import DigitalOceanError

TOKEN = "unit-test-token"


def test_bearer_token_is_sent_over_plain_http_to_loopback(api, emulator):
    body = api.call("account.get")
    assert "account" in body
    assert emulator.stats()["routes"] == {"GET /v2/account": 1}


@pytest.mark.parametrize("url", ["http://api.example.com", "http://10.0.0.5:8080", "ftp://127.0.0.1", "nonsense"])
def test_token_is_never_sent_in_clear_to_a_network_host(url):
    with pytest.raises(DigitalOceanError, match="api_url"):
        check_api_url(url)


@pytest.mark.parametrize(
    "url", ["https://api.digitalocean.com/", "http://127.0.0.1:8080", "http://[::1]:1", "http://localhost"]
)
def test_https_and_loopback_http_are_accepted(url):
    assert check_api_url(url) == url.rstrip("/")


def test_missing_token_fails_before_any_request(emulator):
    with pytest.raises(DigitalOceanError, match=r"no API token.*DIGITALOCEAN_TOKEN"):
        DigitalOceanAPI("", api_url=emulator.url)
    assert emulator.stats()["total"] == 0


def test_rejected_token_is_one_error_with_status_id_and_request_id(emulator_server, emulator):
    emulator_server.app.config.tokens = ["the-right-one"]
    try:
        api = DigitalOceanAPI("the-wrong-one", api_url=emulator.url)
        with pytest.raises(DigitalOceanError) as caught:
            api.call("account.get")
    finally:
        emulator_server.app.config.tokens = []
    error = caught.value
    assert error.status == 401 and error.error_id == "unauthorized" and error.operation == "account.get"
    assert "the-wrong-one" not in str(error)
    assert api.request_count == 1


def test_unknown_pydo_operation_is_a_clear_error(api):
    with pytest.raises(DigitalOceanError, match=r"pydo has no operation droplets\.frobnicate"):
        api.call("droplets.frobnicate")


def test_transient_failures_are_retried_until_success(api, emulator, sleeps):
    emulator.faults(rates={"429": 0.3, "500": 0.2, "503": 0.2}, drop=0.2, seed=7)
    for _attempt in range(10):
        assert "account" in api.call("account.get")
    attempts = emulator.stats()["routes"]["GET /v2/account"]
    assert attempts > 10
    assert len(sleeps.delays) == api.request_count - 10


def test_rate_limited_call_waits_for_retry_after_then_gives_up_at_the_deadline(emulator):
    emulator.faults(rates={"429": 1.0}, routes=["GET /v2/account"])
    now = [0.0]
    delays = []

    def fake_sleep(seconds):
        delays.append(seconds)
        now[0] += seconds

    api = DigitalOceanAPI(TOKEN, api_url=emulator.url, timeout=5, sleep=fake_sleep, clock=lambda: now[0])
    with pytest.raises(DigitalOceanError) as caught:
        api.call("account.get")
    assert caught.value.status == 429
    retry_after = float(caught.value.headers["retry-after"])
    assert delays and all(delay == min(retry_after, 60) for delay in delays)


def test_persistent_server_errors_give_up_at_the_deadline(emulator):
    emulator.faults(rates={"503": 1.0})
    now = [0.0]

    def fake_sleep(seconds):
        now[0] += seconds

    api = DigitalOceanAPI(TOKEN, api_url=emulator.url, timeout=20, sleep=fake_sleep, clock=lambda: now[0])
    with pytest.raises(DigitalOceanError, match="gave up after") as caught:
        api.call("account.get")
    assert caught.value.status == 503
    assert now[0] <= 20
    assert emulator.stats()["total"] == api.request_count > 2


def test_connection_refused_before_any_answer_fails_at_once_naming_api_url():
    """Issue 10: an api_url where nothing listens took the whole timeout (22 retries) per task."""
    sleeps = []
    api = DigitalOceanAPI(TOKEN, api_url="http://127.0.0.1:9", timeout=60, sleep=sleeps.append)
    with pytest.raises(DigitalOceanError, match=r"cannot reach the API at http://127\.0\.0\.1:9 \(connection refused"):
        api.call("account.get")
    assert api.request_count == 1 and sleeps == []
    assert not api.wrote


def test_connection_refused_after_a_first_answer_is_retried_then_reported():
    now = [0.0]

    def fake_sleep(seconds):
        now[0] += seconds

    api = DigitalOceanAPI(TOKEN, api_url="http://127.0.0.1:9", timeout=10, sleep=fake_sleep, clock=lambda: now[0])
    api.answered = True  # as after a first successful request: the endpoint went away mid-run
    with pytest.raises(DigitalOceanError, match=r"connection to http://127\.0\.0\.1:9 failed") as caught:
        api.call("account.get")
    assert caught.value.status is None
    assert api.request_count > 1 and now[0] <= 10


def test_a_write_that_was_applied_or_may_have_been_is_remembered_a_refused_one_is_not(api, emulator):
    """Issue 10: a batch failing after its first write reported changed: false (fail_from_error reads api.wrote)."""
    body = {"region": "nyc3", "size": "s-1vcpu-1gb", "image": "debian-12-x64"}
    api.call("account.get")
    assert not api.wrote
    with pytest.raises(DigitalOceanError):
        api.write("droplets.create", recover=lambda: None, body=dict(body, name="x_1"))
    assert not api.wrote  # a 422 refusal changed nothing
    api.write("droplets.create", recover=lambda: None, body=dict(body, name="x-1"))
    assert api.wrote


def test_a_local_error_carries_only_the_fields_that_are_known():
    assert DigitalOceanError("size must be positive").to_result() == {}
    error = DigitalOceanError("boom", status=503, operation="droplets.get")
    assert error.to_result() == {"status": 503, "operation": "droplets.get"}
