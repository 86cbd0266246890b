"""Unit-test fixtures: the collection on sys.path, and a real emulator over HTTP on a free loopback port.

Tests that involve an HTTP exchange talk to the emulator (do_emulator, in this process, on its own
thread); pure decision functions are tested directly.
"""

import os
import sys
import threading

import pytest
import requests

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _collection_root():
    """The directory holding ``ansible_collections``: the repo's own parents, else the Makefile's link."""
    parts = REPO.split(os.sep)
    if len(parts) > 3 and parts[-3] == "ansible_collections":
        return os.sep.join(parts[:-3])
    return os.path.join(REPO, ".build", "collections")


sys.path.insert(0, _collection_root())

from do_emulator.app import EmulatorApp
from do_emulator.config import Config
from do_emulator.server import EmulatorServer

TOKEN = "unit-test-token"


def start_server(app):
    """Serve ``app`` on a free loopback port, on its own thread."""
    server = EmulatorServer(app, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    return server


def stop_server(server):
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def emulator_server():
    server = start_server(EmulatorApp(Config(port=0, action_seconds=0, rate_limit_per_minute=1000000)))
    yield server
    stop_server(server)


@pytest.fixture
def serve_emulator():
    """``serve_emulator(app)``: another emulator, configured by the test, for this test only."""
    servers = []

    def serve(app):
        servers.append(start_server(app))
        return servers[-1]

    yield serve
    for server in servers:
        stop_server(server)


class Emulator:
    """The admin side of the emulator: reset, stats and faults."""

    def __init__(self, server):
        self.server = server
        self.url = server.url

    def reset(self):
        requests.post(self.url + "/_emulator/reset", timeout=10).raise_for_status()
        requests.delete(self.url + "/_emulator/faults", timeout=10).raise_for_status()
        requests.delete(self.url + "/_emulator/stats", timeout=10).raise_for_status()

    def stats(self):
        return requests.get(self.url + "/_emulator/stats", timeout=10).json()

    def zero_stats(self):
        requests.delete(self.url + "/_emulator/stats", timeout=10).raise_for_status()

    def faults(self, **spec):
        requests.put(self.url + "/_emulator/faults", json=spec, timeout=10).raise_for_status()

    def clear_faults(self):
        requests.delete(self.url + "/_emulator/faults", timeout=10).raise_for_status()

    def request(self, method, path, **kwargs):
        """A raw API request (with the token), for setting up state without our client."""
        headers = {"Authorization": "Bearer " + TOKEN}
        return requests.request(method, self.url + path, headers=headers, timeout=30, **kwargs)


@pytest.fixture
def emulator(emulator_server):
    """A clean emulator per test: state, stats and faults reset."""
    emu = Emulator(emulator_server)
    emu.reset()
    yield emu
    emu.clear_faults()


class RecordingSleep:
    """Stands in for time.sleep: records the delays the code asked for and returns at once."""

    def __init__(self):
        self.delays = []

    def __call__(self, seconds):
        self.delays.append(seconds)


@pytest.fixture
def sleeps():
    return RecordingSleep()


@pytest.fixture
def api(emulator, sleeps):
    """Our DigitalOceanAPI against the emulator; retries do not actually sleep."""
    from ansible_collections.tide.digitalocean.plugins.module_utils.client import DigitalOceanAPI

    return DigitalOceanAPI(TOKEN, api_url=emulator.url, timeout=30, sleep=sleeps)
