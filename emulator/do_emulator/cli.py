"""do-emulator: serve the DigitalOcean API v2 emulator on loopback."""

import argparse
import errno
import hashlib
import os
import re
import secrets
import signal
import ssl
import sys

from .app import EmulatorApp
from .config import Config
from .server import EmulatorServer, listen
from .store import StateInUse


def parse_args(argv=None):
    p = argparse.ArgumentParser(prog="do-emulator", description=__doc__)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8765, help="0 picks a free port (printed on start)")
    p.add_argument("--state", help="SQLite file that keeps state across restarts (default: in memory)")
    p.add_argument("--action-seconds", type=float, default=1.0,
                   help="how long actions stay in-progress and new droplets stay 'new' (0: at once)")
    p.add_argument("--rate-limit-per-minute", type=int, default=250)
    p.add_argument("--token", action="append", default=[], dest="tokens",
                   help="an accepted bearer token (repeatable); without it any non-empty token is accepted")
    p.add_argument("--backend", choices=["none", "docker"], default="none",
                   help="docker: every droplet is a container (DigitalOcean in a box)")
    p.add_argument("--instance", help="name of this box, on the labels and names of everything it makes "
                   "(default: derived from --state, else random)")
    p.add_argument("--droplet-image", default="tide-droplet:latest", help="image of the droplets' containers")
    p.add_argument("--box-dir", help="where the docker backend keeps volume files (default: beside --state, else "
                   "a temporary directory)")
    p.add_argument("--tls-cert")
    p.add_argument("--tls-key")
    args = p.parse_args(argv)
    if args.instance is None:
        args.instance = ("s" + hashlib.sha1(os.path.abspath(args.state).encode()).hexdigest()[:8] if args.state
                         else "m" + secrets.token_hex(4))
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,19}", args.instance):
        p.error("--instance must be 1-20 lowercase letters, digits or '-'")
    if args.box_dir is None and args.state and args.backend == "docker":
        args.box_dir = os.path.abspath(args.state) + ".box"
    if bool(args.tls_cert) != bool(args.tls_key):
        p.error("--tls-cert and --tls-key go together")
    if args.action_seconds < 0 or args.rate_limit_per_minute < 1:
        p.error("--action-seconds must be >= 0 and --rate-limit-per-minute >= 1")
    return Config(**vars(args))


def fail(message):
    """One line on stderr and exit status 1: what went wrong, without a traceback."""
    print("do-emulator: %s" % message, file=sys.stderr, flush=True)
    return 1


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def main(argv=None):
    config = parse_args(argv)
    signal.signal(signal.SIGTERM, _interrupt)  # until the server runs, SIGTERM stops the start as Ctrl-C does
    try:
        sock = listen(config.host, config.port)
    except OSError as e:
        return fail("cannot listen on %s:%d: %s%s" % (config.host, config.port, e.strerror or e,
                                                      " (choose another --port, or --port 0 for a free one)"
                                                      if e.errno == errno.EADDRINUSE else ""))
    try:
        app = EmulatorApp(config)
    except StateInUse as e:
        sock.close()
        return fail(str(e))
    try:
        try:
            server = EmulatorServer(app, config.host, config.port, config.tls_cert, config.tls_key, sock=sock)
        except (OSError, ssl.SSLError) as e:
            sock.close()
            return fail("cannot serve https with --tls-cert %s --tls-key %s: %s" % (config.tls_cert, config.tls_key, e))

        def stop(signum, frame):  # a terminated emulator cleans up its box as Ctrl-C does
            server.request_stop()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        print("do-emulator listening on %s" % server.url, flush=True)
        try:
            server.serve_forever()
        finally:
            server.server_close()
    finally:
        app.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
