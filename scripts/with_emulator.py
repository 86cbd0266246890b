#!/usr/bin/env python3
"""Run a command against a fresh emulator: with_emulator.py [emulator options] -- COMMAND ...

Starts `do-emulator` on a free loopback port, exports DIGITALOCEAN_API_URL, DIGITALOCEAN_TOKEN and
DO_EMULATOR_URL to COMMAND, and stops the emulator when COMMAND ends; exits with COMMAND's status.
Emulator options are passed through (default here: --action-seconds 0.2 --rate-limit-per-minute 5000).
"""

import os
import subprocess
import sys


def main(argv):
    if "--" not in argv:
        sys.exit(__doc__)
    split = argv.index("--")
    options, command = argv[:split], argv[split + 1:]
    if not command:
        sys.exit(__doc__)
    if "--action-seconds" not in options:
        options += ["--action-seconds", "0.2"]
    if "--rate-limit-per-minute" not in options:
        options += ["--rate-limit-per-minute", "5000"]
    emulator = subprocess.Popen(
        [sys.executable, "-m", "do_emulator", "--host", "127.0.0.1", "--port", "0", *options],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        line = emulator.stdout.readline()
        if "listening on" not in line:
            sys.exit("the emulator did not start: %r" % line)
        url = line.split("listening on", 1)[1].strip()
        # A real token from the caller's environment is never handed to the emulator.
        env = dict(os.environ, DIGITALOCEAN_API_URL=url, DO_EMULATOR_URL=url, DIGITALOCEAN_TOKEN="emulator-token")
        for name in ("DIGITALOCEAN_ACCESS_TOKEN", "DO_API_TOKEN"):
            env.pop(name, None)
        return subprocess.call(command, env=env)
    finally:
        emulator.terminate()
        try:
            emulator.wait(timeout=10)
        except subprocess.TimeoutExpired:
            emulator.kill()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
