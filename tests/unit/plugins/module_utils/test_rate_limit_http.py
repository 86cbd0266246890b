"""The client under a small rate limit (the emulator's window shortened to 2 s to keep the test fast)."""

import time

import pytest
import requests
from ansible_collections.tide.digitalocean.plugins.module_utils.client import DigitalOceanAPI

from do_emulator.app import EmulatorApp
from do_emulator.config import Config

TOKEN = "unit-test-token"
LIMIT = 2
WINDOW = 2.0


@pytest.fixture
def limited(serve_emulator):
    app = EmulatorApp(Config(port=0, action_seconds=0, rate_limit_per_minute=LIMIT))
    app.ratelimit.WINDOW = WINDOW
    return serve_emulator(app)


def client(server, sleeps):
    def sleep(seconds):
        sleeps.append(seconds)
        time.sleep(seconds)

    return DigitalOceanAPI(TOKEN, api_url=server.url, timeout=30, sleep=sleep)


def statuses(server):
    return requests.get(server.url + "/_emulator/stats", timeout=10).json()["statuses"]


def test_a_task_that_spends_the_budget_waits_for_the_reset_instead_of_collecting_429s(limited):
    sleeps = []
    api = client(limited, sleeps)
    for _call in range(LIMIT * 2 + 1):
        assert api.call("account.get")["account"]
    assert statuses(limited) == {"200": LIMIT * 2 + 1}
    # Each hold is the reset (whole seconds, rounded up) less the response's Date (whole seconds, which uvicorn
    # refreshes about once a second, later under load): at most the window plus those two seconds.
    assert len(sleeps) == 2 and all(0 < s <= WINDOW + 2 for s in sleeps)


def test_a_429_waits_for_the_budget_once_then_succeeds(limited):
    """Another task spent the budget: one refused request, one wait, then the answer."""
    spender, sleeps = client(limited, []), []
    for _call in range(LIMIT):
        spender.call("account.get")
    assert client(limited, sleeps).call("account.get")["account"]
    assert statuses(limited) == {"200": LIMIT + 1, "429": 1}
    assert len(sleeps) == 1 and sleeps[0] >= 1.0
