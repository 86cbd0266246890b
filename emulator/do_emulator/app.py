"""One emulator instance: state, routes and the behaviour every request shares (auth, rate limit, faults,
stats, error bodies). The HTTP server only moves bytes; `EmulatorApp.handle` decides everything."""

import time
import uuid

from . import backends, routes
from .backends import box_state
from .config import Config
from .errors import ApiError, bad_request, method_not_allowed, not_found, server_error, too_many_requests, unauthorized
from .faults import DROP, Faults
from .http import Request, Response, parse_json_object
from .ratelimit import RateLimiter
from .router import METHOD_ORDER, Router
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
        try:
            self.backend.close()
        finally:
            self.store.close()

    # -- the request path -------------------------------------------------------------------------------------
    def handle(self, method, path, query_string, headers, body, base_url):
        """Returns a Response, or raises Dropped. HEAD is served as GET (the server sends no body)."""
        method = method.upper()
        if method == "HEAD":
            method = "GET"
        if path.startswith(ADMIN_PREFIX):
            return self._admin(method, path[len(ADMIN_PREFIX):].strip("/"), body)

        req = Request(method, path, query_string, headers, body, base_url, self)
        matched, params = self.router.match(method, path)
        template = matched.template if matched else "(unmatched) " + path
        limit_headers = {}
        try:
            token = self._bearer_token(req)
            if not token or (self.config.tokens and token not in self.config.tokens):
                limit_headers = self.ratelimit.headers_for_unknown()  # a refused token is not tracked
                raise unauthorized()
            admitted, limit_headers = self.ratelimit.admit(token)
            if not admitted:
                raise too_many_requests(limit_headers["retry-after"])
            fault = self.faults.draw(method, template) if matched else None
            if self.faults.latency:
                time.sleep(self.faults.latency)
            if fault and not fault.after_write:
                self._strike(fault)
            if matched is None:
                allowed = self.router.allowed(path)
                if allowed:
                    raise method_not_allowed(allowed)
                raise not_found()
            req.params = params
            with self.store.transaction():
                response = matched.handler(req)
            if method != "GET":
                self.backend.sync(self.store, req.box_events)
            if fault:
                self._strike(fault)
        except ApiError as e:
            response = error_response(e)
        except Dropped:
            self.stats.count(method, template, "dropped")
            raise
        except Exception as e:  # noqa: BLE001  a handler bug still answers in DigitalOcean's error shape
            response = error_response(server_error(500, "Server Error: %s" % type(e).__name__))
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
        handlers = {
            ("GET", "health"): lambda: Response(200, {"status": "ok", "routes": len(self.router.templates())}),
            ("GET", "stats"): lambda: Response(200, self.stats.snapshot()),
            ("DELETE", "stats"): self._clear_stats,
            ("POST", "reset"): self._reset,
            ("GET", "box"): lambda: Response(200, self.backend.describe()),
            ("GET", "box/geo_blocks"): self._geo_blocks,
            ("PUT", "box/geo_blocks"): lambda: self._set_geo_blocks(parse_json_object(body)),
            ("DELETE", "box/geo_blocks"): lambda: self._set_geo_blocks({}),
            ("GET", "faults"): lambda: Response(200, self.faults.spec),
            ("PUT", "faults"): lambda: self._set_faults(body),
            ("DELETE", "faults"): self._clear_faults,
        }
        try:
            handler = handlers.get((method, name))
            if handler is None:
                allowed = [m for m in METHOD_ORDER if (m, name) in handlers]
                raise method_not_allowed(allowed) if allowed else not_found()
            return handler()
        except ApiError as e:
            return error_response(e)

    def _clear_stats(self):
        self.stats.clear()
        return Response(204)

    def _reset(self):
        with self.store.lock:
            self.store.reset()
            self.stats.clear()
            self.faults.clear()
            self.ratelimit.reset()
            routes.seed_all(self)
        self.backend.reset()
        return Response(204)

    def _set_faults(self, body):
        self.faults.configure(parse_json_object(body))
        return Response(200, self.faults.spec)

    def _geo_blocks(self):
        with self.store.lock:
            stored = self.store.get(box_state.GEO_KIND, box_state.GEO_KEY)
        return Response(200, {k: v for k, v in (stored or {"answer": None, "regions": {}}).items() if k != "id"})

    def _set_geo_blocks(self, body):
        """Makes the egress of a region's droplets look geo-blocked (the docker backend; a record otherwise)."""
        try:
            blocks = box_state.geo_blocks(body)
        except ValueError as e:
            raise bad_request("geo_blocks: %s" % e) from None
        with self.store.transaction():
            self.store.put(box_state.GEO_KIND, blocks)
        self.backend.sync(self.store)
        return self._geo_blocks() if body else Response(204)

    def _clear_faults(self):
        self.faults.clear()
        return Response(204)


def error_response(error):
    """DigitalOcean's error body for an ApiError."""
    return Response(error.status, {"id": error.error_id, "message": error.message, "request_id": str(uuid.uuid4())},
                    error.headers)
