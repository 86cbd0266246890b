"""One emulator instance: state, routes and the behaviour every request shares (auth, rate limit, faults,
stats, error bodies). The HTTP server only moves bytes; `EmulatorApp.handle` decides everything."""

import time
import uuid

from . import backends, routes
from .config import Config
from .errors import ApiError, not_found, server_error, too_many_requests, unauthorized
from .faults import DROP, Faults
from .http import Request, Response, parse_json_object
from .ratelimit import RateLimiter
from .router import Router
from .stats import Stats
from .store import Store

ADMIN_PREFIX = "/_emulator/"


class Dropped(Exception):
    """The connection is to be closed without an answer (an injected fault)."""


class EmulatorApp:
    def __init__(self, config=None, clock=time.time):
        self.config = config or Config()
        self.clock = clock
        self.store = Store(self.config.state)
        routes.load_all()
        self.router = Router()
        self.stats = Stats()
        self.faults = Faults()
        self.ratelimit = RateLimiter(self.config.rate_limit_per_minute, clock)
        self.backend = backends.create(self.config)
        routes.seed_all(self)
        self.backend.sync(self.store)  # with --state, the box is found again (and made whole)

    def close(self):
        self.backend.close()

    # -- the request path -------------------------------------------------------------------------------------
    def handle(self, method, path, query_string, headers, body, base_url):
        """Returns a Response, or raises Dropped."""
        method = method.upper()
        if path.startswith(ADMIN_PREFIX):
            return self._admin(method, path[len(ADMIN_PREFIX):].strip("/"), body)

        req = Request(method, path, query_string, headers, body, base_url, self)
        matched, params = self.router.match(method, path)
        template = matched.template if matched else "(unmatched) " + path
        limit_headers = {}
        try:
            token = self._bearer_token(req)
            admitted, limit_headers = self.ratelimit.admit(token or "(anonymous)")
            if not admitted:
                raise too_many_requests(limit_headers["retry-after"])
            if not token or (self.config.tokens and token not in self.config.tokens):
                raise unauthorized()
            fault = self.faults.draw(method, template) if matched else None
            if self.faults.latency:
                time.sleep(self.faults.latency)
            if fault and not fault.after_write:
                self._strike(fault)
            if matched is None:
                raise not_found()
            req.params = params
            with self.store.transaction():
                response = matched.handler(req)
            if method != "GET":
                self.backend.sync(self.store, req.box_events)
            if fault:
                self._strike(fault)
        except ApiError as e:
            response = Response(e.status, {"id": e.error_id, "message": e.message, "request_id": str(uuid.uuid4())},
                                e.headers)
        except Dropped:
            self.stats.count(method, template, "dropped")
            raise
        except Exception as e:  # noqa: BLE001  a handler bug still answers in DigitalOcean's error shape
            response = Response(500, {"id": "server_error", "message": "Server Error: %s" % type(e).__name__,
                                      "request_id": str(uuid.uuid4())})
        response.headers.update(limit_headers)
        self.stats.count(method, template, response.status)
        return response

    @staticmethod
    def _bearer_token(req):
        scheme, _, token = req.headers.get("authorization", "").partition(" ")
        return token.strip() if scheme.lower() == "bearer" else ""

    @staticmethod
    def _strike(fault):
        if fault.kind == DROP:
            raise Dropped()
        if fault.kind == 429:
            raise too_many_requests(1)
        raise server_error(fault.kind)

    # -- the admin API (not part of DigitalOcean's) -------------------------------------------------------------
    def _admin(self, method, name, body):
        try:
            if (method, name) == ("GET", "health"):
                return Response(200, {"status": "ok", "routes": len(self.router.templates())})
            if (method, name) == ("GET", "stats"):
                return Response(200, self.stats.snapshot())
            if (method, name) == ("DELETE", "stats"):
                self.stats.clear()
                return Response(204)
            if (method, name) == ("POST", "reset"):
                with self.store.lock:
                    self.store.reset()
                    self.stats.clear()
                    self.faults.clear()
                    self.ratelimit.reset()
                    routes.seed_all(self)
                self.backend.reset()
                return Response(204)
            if (method, name) == ("GET", "box"):
                return Response(200, self.backend.describe())
            if (method, name) == ("GET", "faults"):
                return Response(200, self.faults.spec)
            if (method, name) == ("PUT", "faults"):
                self.faults.configure(parse_json_object(body))
                return Response(200, self.faults.spec)
            if (method, name) == ("DELETE", "faults"):
                self.faults.clear()
                return Response(204)
            raise not_found()
        except ApiError as e:
            return Response(e.status, {"id": e.error_id, "message": e.message, "request_id": str(uuid.uuid4())})
