"""The HTTP layer (uvicorn underneath): whatever arrives on the socket gets an answer in DigitalOcean's JSON error
shape or a closed connection, never a hang, an HTML page, a thread per connection or bytes of one request read as
the next. A server with short timeouts of its own makes the timeouts testable."""

import json
import socket
import threading
import time

import pytest
import requests

from do_emulator.app import EmulatorApp
from do_emulator.config import Config
from do_emulator.server import MAX_BODY, EmulatorServer

TOKEN = "http-test-token"
DROPLET = {"name": "h-1", "region": "nyc3", "size": "s-1vcpu-1gb", "image": "debian-12-x64"}


@pytest.fixture(scope="module")
def server():
    app = EmulatorApp(Config(port=0, action_seconds=0, rate_limit_per_minute=10 ** 6))
    srv = EmulatorServer(app, "127.0.0.1", 0, idle_timeout=1, head_timeout=1, body_timeout=1)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


@pytest.fixture
def fresh(server):
    requests.post(server.url + "/_emulator/reset", timeout=10).raise_for_status()
    return server


class Connection:
    """A raw socket to the server with a read buffer (responses to pipelined requests arrive together)."""

    def __init__(self, server):
        self.sock = socket.create_connection(server.server_address, timeout=10)
        self.buffer = b""

    def sendall(self, data):
        self.sock.sendall(data)

    def settimeout(self, seconds):
        self.sock.settimeout(seconds)

    def recv(self, size):
        if self.buffer:
            data, self.buffer = self.buffer[:size], self.buffer[size:]
            return data
        return self.sock.recv(size)

    def close(self):
        self.sock.close()


def connect(server):
    return Connection(server)


def read_response(conn):
    """(status, headers, body) of the next response, or None if the server closed the connection first."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, rest = data.split(b"\r\n\r\n", 1)
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.lower(): v.strip() for k, v in (line.split(":", 1) for line in lines[1:] if ":" in line)}
    length = int(headers.get("content-length", 0))
    while len(rest) < length:
        chunk = conn.recv(65536)
        if not chunk:
            break
        rest += chunk
    conn.buffer = rest[length:] + conn.buffer
    return status, headers, rest[:length]


def closed_by_server(sock, within=5):
    sock.settimeout(within)
    try:
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                return True
    except (socket.timeout, TimeoutError):
        return False
    except ConnectionResetError:
        return True


def assert_json_error(response, status, error_id):
    assert response is not None, "the server closed the connection without an answer"
    got_status, headers, body = response
    assert got_status == status, body
    assert headers["content-type"].startswith("application/json")
    error = json.loads(body)
    assert error["id"] == error_id and error["message"] and error["request_id"]


def request_bytes(method, path, body=b"", headers=()):
    lines = ["%s %s HTTP/1.1" % (method, path), "Host: emulator", "Authorization: Bearer " + TOKEN, *headers]
    if body and not any(h.lower().startswith(("content-length", "transfer-encoding")) for h in headers):
        lines.append("Content-Length: %d" % len(body))
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


@pytest.mark.parametrize("length", ["abc", "-1", "1x", "99999999999999999999999"])
def test_a_content_length_that_is_no_number_is_a_400_and_the_connection_closes(fresh, length):
    sock = connect(fresh)
    sock.sendall(request_bytes("POST", "/v2/tags", b'{"name": "x"}', ["Content-Length: " + length]))
    assert_json_error(read_response(sock), 400, "bad_request")
    assert closed_by_server(sock)


def test_a_body_shorter_than_its_content_length_is_a_408_after_the_body_timeout(fresh):
    sock = connect(fresh)
    sock.sendall(request_bytes("POST", "/v2/tags", b'{"name": "x"}', ["Content-Length: 100"]))
    assert_json_error(read_response(sock), 408, "request_timeout")
    assert closed_by_server(sock)
    assert requests.get(fresh.url + "/v2/tags", headers={"Authorization": "Bearer t"}, timeout=10).json()["tags"] == []


def test_a_chunked_body_is_read_as_the_body_and_the_next_request_follows(fresh):
    body = json.dumps({"name": "chunked-tag"}).encode()
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in (body[:5], body[5:])) + b"0\r\n\r\n"
    sock = connect(fresh)
    sock.sendall(request_bytes("POST", "/v2/tags", chunked, ["Transfer-Encoding: chunked"])
                 + request_bytes("GET", "/v2/tags/chunked-tag"))
    status, created = read_response(sock)[::2]
    assert status == 201 and json.loads(created)["tag"]["name"] == "chunked-tag"
    status, got = read_response(sock)[::2]
    assert status == 200 and json.loads(got)["tag"]["name"] == "chunked-tag"


def test_pipelined_requests_are_answered_in_order(fresh):
    sock = connect(fresh)
    sock.sendall(b"".join(request_bytes("POST", "/v2/tags", json.dumps({"name": "p%d" % n}).encode())
                          for n in range(5)))
    names = [json.loads(read_response(sock)[2])["tag"]["name"] for _request in range(5)]
    assert names == ["p0", "p1", "p2", "p3", "p4"]


@pytest.mark.parametrize("garbage", [b"HELLO\r\n\r\n", b"GET\r\n\r\n", b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",
                                     b"GET / HTTP/9.9\r\n\r\n", b"CONNECTX /v2/account HTTP/1.1\r\nHost: x\r\n\r\n",
                                     b"GET /v2/account HTTP/1.1\r\nBad Header\r\n\r\n"])
def test_garbage_is_a_400_json_and_the_connection_closes(fresh, garbage):
    sock = connect(fresh)
    sock.sendall(garbage)
    assert_json_error(read_response(sock), 400, "bad_request")
    assert closed_by_server(sock)


def test_a_request_line_over_8_kib_is_a_414_json(fresh):
    sock = connect(fresh)
    sock.sendall(request_bytes("GET", "/v2/tags/" + "a" * 9000))
    assert_json_error(read_response(sock), 414, "uri_too_long")
    assert closed_by_server(sock)


def test_request_headers_over_64_kib_are_a_431_json(fresh):
    sock = connect(fresh)
    sock.sendall(request_bytes("GET", "/v2/account", headers=["X-Filler-%d: %s" % (n, "f" * 1000) for n in range(70)]))
    assert_json_error(read_response(sock), 431, "request_header_fields_too_large")
    assert closed_by_server(sock)


def test_a_body_larger_than_a_mebibyte_is_a_413_and_nothing_is_stored(fresh):
    body = json.dumps({**DROPLET, "user_data": "x" * MAX_BODY})
    r = requests.post(fresh.url + "/v2/droplets", data=body, headers={"Authorization": "Bearer t"}, timeout=30)
    assert r.status_code == 413 and r.json()["id"] == "request_entity_too_large"
    sock = connect(fresh)
    chunks = b"%x\r\n%s\r\n" % (MAX_BODY // 2, b"x" * (MAX_BODY // 2))
    sock.sendall(request_bytes("POST", "/v2/droplets", chunks * 3 + b"0\r\n\r\n", ["Transfer-Encoding: chunked"]))
    assert_json_error(read_response(sock), 413, "request_entity_too_large")
    listed = requests.get(fresh.url + "/v2/droplets", headers={"Authorization": "Bearer t"}, timeout=10).json()
    assert listed["meta"]["total"] == 0


def test_idle_connections_cost_no_thread_and_are_closed_after_the_idle_timeout(fresh):
    threads = threading.active_count()
    idle = [connect(fresh) for _connection in range(300)]
    try:
        r = requests.get(fresh.url + "/v2/account", headers={"Authorization": "Bearer t"}, timeout=5)
        assert r.status_code == 200
        assert threading.active_count() <= threads + 2
        time.sleep(1.5)
        assert all(closed_by_server(sock, within=5) for sock in idle)
    finally:
        for sock in idle:
            sock.close()


def test_a_keep_alive_connection_idle_past_the_timeout_is_closed_by_the_server(fresh):
    sock = connect(fresh)
    sock.sendall(request_bytes("GET", "/v2/account"))
    assert read_response(sock)[0] == 200
    assert closed_by_server(sock, within=5)


def test_a_request_head_sent_too_slowly_is_cut_off(fresh):
    sock = connect(fresh)
    sock.sendall(b"GET /v2/account HTTP/1.1\r\nHost: x\r\n")
    for _header in range(3):  # something arrives every half second, never the end of the head
        time.sleep(0.5)
        try:
            sock.sendall(b"X-Slow: 1\r\n")
        except OSError:
            break
    assert closed_by_server(sock, within=5)


def test_a_dropped_connection_fault_closes_without_sending_a_byte(fresh):
    requests.put(fresh.url + "/_emulator/faults", json={"drop": 1.0}, timeout=10).raise_for_status()
    try:
        sock = connect(fresh)
        sock.sendall(request_bytes("GET", "/v2/account"))
        assert read_response(sock) is None
    finally:
        requests.delete(fresh.url + "/_emulator/faults", timeout=10).raise_for_status()
    assert requests.get(fresh.url + "/_emulator/stats", timeout=10).json()["statuses"]["dropped"] == 1


def test_a_latency_fault_delays_one_request_without_holding_up_the_others(fresh):
    requests.put(fresh.url + "/_emulator/faults", json={"latency_ms": 600, "routes": ["POST /v2/tags"]},
                 timeout=10).raise_for_status()
    try:
        slow = threading.Thread(target=requests.post, args=(fresh.url + "/v2/tags",),
                                kwargs={"json": {"name": "slow"}, "headers": {"Authorization": "Bearer t"},
                                        "timeout": 10})
        slow.start()
        time.sleep(0.1)
        r = requests.get(fresh.url + "/_emulator/health", timeout=10)
        assert r.status_code == 200 and slow.is_alive()
        slow.join()
    finally:
        requests.delete(fresh.url + "/_emulator/faults", timeout=10).raise_for_status()


def test_an_exception_outside_the_api_routes_is_a_500_in_the_error_shape(fresh, monkeypatch):
    def broken():
        raise RuntimeError("the backend broke")

    monkeypatch.setattr(fresh.app.backend, "describe", broken)
    r = requests.get(fresh.url + "/_emulator/box", timeout=10)
    assert r.status_code == 500 and r.json()["id"] == "server_error"
    assert requests.get(fresh.url + "/_emulator/health", timeout=10).status_code == 200
