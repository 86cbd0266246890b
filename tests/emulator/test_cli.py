"""The `do-emulator` command: its first line names the URL, a port in use or a state file another emulator holds is
said in one line (no traceback), and SIGTERM stops it cleanly."""

import signal
import socket
import subprocess
import sys

import pytest
import requests

from do_emulator.process import EmulatorProcess, running

COMMAND = [sys.executable, "-m", "do_emulator", "--host", "127.0.0.1", "--action-seconds", "0"]


def start(*args):
    process = subprocess.Popen([*COMMAND, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = process.stdout.readline()
    return process, line


def stop(process):
    process.send_signal(signal.SIGTERM)
    try:
        return process.wait(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()


def test_the_first_line_names_the_url_and_sigterm_stops_it_cleanly():
    process, line = start("--port", "0")
    try:
        assert line.startswith("do-emulator listening on http://127.0.0.1:")
        url = line.split("listening on", 1)[1].strip()
        assert requests.get(url + "/_emulator/health", timeout=10).json()["status"] == "ok"
    finally:
        status = stop(process)
    assert status == 0
    assert process.stderr.read() == ""


def test_a_port_in_use_is_one_line_without_a_traceback():
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    port = taken.getsockname()[1]
    try:
        result = subprocess.run([*COMMAND, "--port", str(port)], capture_output=True, text=True, timeout=60,
                                check=False)
    finally:
        taken.close()
    assert result.returncode == 1 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("do-emulator: cannot listen on 127.0.0.1:%d: " % port)
    assert "in use" in lines[0] and "Traceback" not in result.stderr


def test_a_second_emulator_on_the_same_state_file_is_refused_and_the_first_keeps_serving(tmp_path):
    state = str(tmp_path / "state.sqlite")
    first, line = start("--port", "0", "--state", state)
    try:
        url = line.split("listening on", 1)[1].strip()
        headers = {"Authorization": "Bearer t"}
        assert requests.post(url + "/v2/tags", json={"name": "kept"}, headers=headers, timeout=10).status_code == 201
        second = subprocess.run([*COMMAND, "--port", "0", "--state", state], capture_output=True, text=True,
                                timeout=60, check=False)
        assert second.returncode == 1 and second.stdout == ""
        lines = second.stderr.strip().splitlines()
        assert len(lines) == 1, second.stderr
        assert lines[0] == ("do-emulator: the state file %s is in use by another emulator: stop that one first, or "
                            "give another --state" % state)
        assert requests.post(url + "/v2/tags", json={"name": "after"}, headers=headers, timeout=10).status_code == 201
    finally:
        assert stop(first) == 0
    third, line = start("--port", "0", "--state", state)  # the lock went with the first process
    try:
        url = line.split("listening on", 1)[1].strip()
        names = [t["name"] for t in requests.get(url + "/v2/tags", headers=headers, timeout=10).json()["tags"]]
        assert names == ["kept", "after"]
    finally:
        stop(third)


def test_an_unreadable_tls_certificate_is_one_line(tmp_path):
    cert = tmp_path / "cert.pem"
    cert.write_text("not a certificate")
    result = subprocess.run([*COMMAND, "--port", "0", "--tls-cert", str(cert), "--tls-key", str(cert)],
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 1 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("do-emulator: cannot serve https with --tls-cert "), result.stderr


def test_running_starts_an_emulator_for_the_block_and_stops_it():
    with running("--action-seconds", "0", "--token", "t") as emulator:
        assert emulator.url == "http://127.0.0.1:%d" % emulator.port
        r = requests.get(emulator.url + "/v2/account", headers={"Authorization": "Bearer t"}, timeout=10)
        assert r.status_code == 200
    assert emulator.process.returncode == 0


def test_running_says_why_the_emulator_did_not_start(tmp_path):
    state = tmp_path / "held.sqlite"
    with running("--state", str(state)), pytest.raises(RuntimeError, match="did not start"):
        EmulatorProcess(["--state", str(state)]).start()
