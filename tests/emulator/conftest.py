"""Fixtures for the emulator's contract tests: an in-process emulator on a free loopback port, a raw HTTP client
and a pydo client, both of which check EVERY response they get against the official OpenAPI description.
A test fails if any response it received violated the spec."""

import threading

import pydo
import pytest
import requests
from azure.core.pipeline.policies import SansIOHTTPPolicy
from spec_contract import SpecContract

from do_emulator.app import EmulatorApp
from do_emulator.config import Config
from do_emulator.server import EmulatorServer

TOKEN = "contract-test-token"


@pytest.fixture(scope="session")
def contract():
    return SpecContract()


@pytest.fixture(scope="session")
def emulator_server():
    app = EmulatorApp(Config(port=0, action_seconds=0, rate_limit_per_minute=100000))
    server = EmulatorServer(app, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def emulator(emulator_server):
    """A clean emulator for each test (state, stats and faults reset; action_seconds 0 unless a test changes it)."""
    app = emulator_server.app
    requests.post(emulator_server.url + "/_emulator/reset", timeout=10).raise_for_status()
    app.config.action_seconds = 0
    yield emulator_server
    app.config.action_seconds = 0


class ContractSession(requests.Session):
    """requests.Session against the emulator that records every spec violation it sees."""

    def __init__(self, base_url, contract, token=TOKEN):
        super().__init__()
        self.base_url = base_url
        self.contract = contract
        self.violations = []
        if token:
            self.headers["Authorization"] = "Bearer " + token

    def request(self, method, url, *args, **kwargs):
        kwargs.setdefault("timeout", 30)
        response = super().request(method, self.base_url + url if url.startswith("/") else url, *args, **kwargs)
        path = requests.utils.urlparse(response.url).path
        self.violations += self.contract.violations(method, path, response.status_code, response.headers,
                                                    response.content)
        return response


@pytest.fixture
def api(emulator, contract):
    session = ContractSession(emulator.url, contract)
    yield session
    assert session.violations == [], "\n".join(session.violations)


@pytest.fixture
def anonymous_api(emulator, contract):
    session = ContractSession(emulator.url, contract, token=None)
    yield session
    assert session.violations == [], "\n".join(session.violations)


class _PlainHttpBearer(SansIOHTTPPolicy):
    """pydo's own bearer policy refuses plain http; the emulator listens on loopback http."""

    def __init__(self, token):
        self._token = token

    def on_request(self, request):
        request.http_request.headers["Authorization"] = "Bearer " + self._token


@pytest.fixture
def do_client(emulator, contract):
    """pydo.Client against the emulator; every response it receives is checked against the spec."""
    violations = []

    def check(pipeline_response):
        http_request = pipeline_response.http_request
        http_response = pipeline_response.http_response
        path = requests.utils.urlparse(http_request.url).path
        violations.extend(contract.violations(http_request.method, path, http_response.status_code,
                                              dict(http_response.headers), http_response.body()))

    client = pydo.Client(TOKEN, endpoint=emulator.url, authentication_policy=_PlainHttpBearer(TOKEN),
                         raw_response_hook=check, retry_total=0)
    yield client
    assert violations == [], "\n".join(violations)


@pytest.fixture
def stats(emulator):
    def read():
        return requests.get(emulator.url + "/_emulator/stats", timeout=10).json()

    return read
