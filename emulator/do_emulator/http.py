"""The request a handler sees and the response it returns, independent of the HTTP server."""

import json
from urllib.parse import parse_qs

from .errors import bad_request

MAX_DEPTH = 32  # the spec's deepest request bodies are a few levels deep


def parse_json_object(raw):
    """The JSON object a request body holds ({} for an empty body): the one place where every body is read.

    `null` is taken as absent, at every depth (a member whose value is null is dropped), as the API does: a client
    may send `"backup_restore": null` or `"names": null` for an option it does not use. Not JSON, a value that is
    not an object, NaN/Infinity or nesting deeper than MAX_DEPTH is a 400.
    """
    if not raw or not raw.strip():
        return {}
    try:
        value = json.loads(raw, parse_constant=_no_constant, parse_float=_finite_float)
    except (ValueError, RecursionError):
        raise bad_request("The request body is not valid JSON.") from None
    if not isinstance(value, dict):
        raise bad_request("The request body must be a JSON object.")
    return _without_nulls(value, 1)


def _no_constant(name):
    raise ValueError("%s is not JSON" % name)


def _finite_float(text):
    value = float(text)
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError("%s is out of range" % text)
    return value


def _without_nulls(value, depth):
    if depth > MAX_DEPTH:
        raise bad_request("The request body is nested more than %d levels deep." % MAX_DEPTH)
    if isinstance(value, dict):
        return {k: _without_nulls(v, depth + 1) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v, depth + 1) for v in value]
    return value


class Request:
    def __init__(self, method, path, query_string, headers, body, base_url, app):
        self.method = method
        self.path = path
        self.query = parse_qs(query_string, keep_blank_values=True)
        self.query_string = query_string
        self.headers = {k.lower(): v for k, v in headers.items()}
        self.body = body
        self.base_url = base_url
        self.app = app
        self.params = {}  # path parameters, filled by the router
        self.box_events = []  # (kind, droplet id) the backend acts on once the request committed
        self._json = None

    @property
    def store(self):
        return self.app.store

    def box_event(self, kind, droplet_id):
        """Tells the backend what the stored state cannot show: a reboot, a power_on, a resize, a rebuild."""
        self.box_events.append((kind, int(droplet_id)))

    @property
    def now(self):
        return self.app.clock()

    def json(self):
        """The JSON body as a dict ({} when empty, null members dropped: see parse_json_object)."""
        if self._json is None:
            self._json = parse_json_object(self.body)
        return self._json

    def arg(self, name, default=None):
        values = self.query.get(name)
        return values[-1] if values else default

    def int_arg(self, name, default, minimum=None, maximum=None):
        raw = self.arg(name)
        if raw is None or raw == "":
            return default
        try:
            value = int(raw)
        except ValueError:
            raise bad_request("%s must be an integer" % name) from None
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            if maximum is None:
                raise bad_request("%s must be at least %d" % (name, minimum))
            raise bad_request("%s must be between %d and %d" % (name, minimum, maximum))
        return value


class Response:
    def __init__(self, status=200, body=None, headers=None):
        self.status = status
        self.body = body
        self.headers = dict(headers or {})

    def encoded(self):
        if self.body is None:
            return b""
        return json.dumps(self.body, separators=(",", ":")).encode()


def ok(body):
    return Response(200, body)


def created(body):
    return Response(201, body)


def accepted(body=None):
    return Response(202, body)


def no_content():
    return Response(204)
