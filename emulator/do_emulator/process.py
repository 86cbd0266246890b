"""`running()`: a `do-emulator` process on a free loopback port, for the tests, benchmarks and scripts that need
one (scripts/with_emulator.py, the inventory tests, the box tests, the benchmarks).

    from do_emulator.process import running

    with running("--action-seconds", "0", "--token", "t") as emulator:
        requests.get(emulator.url + "/v2/account", headers={"Authorization": "Bearer t"})

The process is started with the given command-line options on 127.0.0.1 and port 0; the first line it prints
names its URL. On leaving the block it gets SIGTERM (so a docker box is cleaned up as on Ctrl-C) and, if it has not
stopped after `stop_timeout` seconds, SIGKILL.
"""

import subprocess
import sys
from contextlib import contextmanager
from urllib.parse import urlsplit


class EmulatorProcess:
    def __init__(self, options=(), python=None, env=None, stop_timeout=10):
        self.options = [str(o) for o in options]
        self.python = python or sys.executable
        self.env = env
        self.stop_timeout = stop_timeout
        self.process = None
        self.url = None

    @property
    def pid(self):
        return self.process.pid

    @property
    def host(self):
        return urlsplit(self.url).hostname

    @property
    def port(self):
        return urlsplit(self.url).port

    def start(self):
        command = [self.python, "-m", "do_emulator", "--host", "127.0.0.1", "--port", "0", *self.options]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=self.env)
        line = self.process.stdout.readline()
        if "listening on" not in line:
            self.process.kill()
            self.process.wait()
            raise RuntimeError("the emulator did not start (exit status %s): %r" % (self.process.returncode, line))
        self.url = line.split("listening on", 1)[1].strip()
        return self

    def stop(self):
        """SIGTERM, then SIGKILL after stop_timeout seconds; returns the exit status."""
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=self.stop_timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process.stdout.close()
        return self.process.returncode


@contextmanager
def running(*options, **kwargs):
    """A started EmulatorProcess for the block (see the module's docstring); kwargs go to EmulatorProcess."""
    emulator = EmulatorProcess(options, **kwargs).start()
    try:
        yield emulator
    finally:
        emulator.stop()
