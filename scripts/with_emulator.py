#!/usr/bin/env python3
"""Run a command against a fresh emulator: with_emulator.py [emulator options] -- COMMAND ...

Starts `do-emulator` on a free loopback port, exports DIGITALOCEAN_API_URL, DIGITALOCEAN_TOKEN and
DO_EMULATOR_URL to COMMAND, and stops the emulator when COMMAND ends; exits with COMMAND's status.
Emulator options are passed through (default here: --action-seconds 0.2 --rate-limit-per-minute 5000).
"""

import os
import subprocess
import sys

from do_emulator.process import EmulatorProcess


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
    emulator = EmulatorProcess(options)
    try:
        url = emulator.start().url
    except RuntimeError as e:
        sys.exit(str(e))
    try:
        # A real token from the caller's environment is never handed to the emulator.
        env = dict(os.environ, DIGITALOCEAN_API_URL=url, DO_EMULATOR_URL=url, DIGITALOCEAN_TOKEN="emulator-token")
        for name in ("DIGITALOCEAN_ACCESS_TOKEN", "DO_API_TOKEN"):
            env.pop(name, None)
        return subprocess.call(command, env=env)
    finally:
        emulator.stop()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
