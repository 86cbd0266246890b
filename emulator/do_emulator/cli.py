"""do-emulator: serve the DigitalOcean API v2 emulator on loopback."""

import argparse
import sys

from .app import EmulatorApp
from .config import Config
from .server import EmulatorServer


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
    p.add_argument("--backend", choices=["none", "docker"], default="none")
    p.add_argument("--tls-cert")
    p.add_argument("--tls-key")
    args = p.parse_args(argv)
    if args.backend == "docker":
        p.error("--backend docker is reserved for a later release; use --backend none")
    if bool(args.tls_cert) != bool(args.tls_key):
        p.error("--tls-cert and --tls-key go together")
    if args.action_seconds < 0 or args.rate_limit_per_minute < 1:
        p.error("--action-seconds must be >= 0 and --rate-limit-per-minute >= 1")
    return Config(**vars(args))


def main(argv=None):
    config = parse_args(argv)
    server = EmulatorServer(EmulatorApp(config), config.host, config.port, config.tls_cert, config.tls_key)
    print("do-emulator listening on %s" % server.url, flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
