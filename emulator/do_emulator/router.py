"""Maps METHOD + path to a handler. Templates are the OpenAPI paths ("/v2/droplets/{droplet_id}"), so stats
and contract tests speak the spec's language. A literal segment wins over a parameter
("/v2/droplets/actions" before "/v2/droplets/{droplet_id}")."""

_ROUTES = []
METHOD_ORDER = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")


def route(method, template):
    """Registers the decorated function as the handler of METHOD template."""

    def register(handler):
        _ROUTES.append((method.upper(), template, handler))
        return handler

    return register


class Route:
    def __init__(self, method, template, handler):
        self.method = method
        self.template = template
        self.handler = handler
        self.segments = template.strip("/").split("/")
        self.literals = sum(1 for s in self.segments if not s.startswith("{"))

    def match(self, segments):
        params = {}
        for pattern, value in zip(self.segments, segments):
            if pattern.startswith("{"):
                if not value:
                    return None
                params[pattern[1:-1]] = value
            elif pattern != value:
                return None
        return params


class Router:
    def __init__(self, routes=None):
        self._by_shape = {}
        for method, template, handler in routes if routes is not None else _ROUTES:
            r = Route(method, template, handler)
            self._by_shape.setdefault((method, len(r.segments)), []).append(r)
        for candidates in self._by_shape.values():
            candidates.sort(key=lambda r: -r.literals)

    def match(self, method, path):
        """Returns (route, params) or (None, None)."""
        segments = path.strip("/").split("/")
        for r in self._by_shape.get((method, len(segments)), ()):
            params = r.match(segments)
            if params is not None:
                return r, params
        return None, None

    def allowed(self, path):
        """The methods some route serves for this path (for a 405's Allow header), in a stable order."""
        segments = path.strip("/").split("/")
        found = {method for (method, length), candidates in self._by_shape.items() if length == len(segments)
                 for r in candidates if r.match(segments) is not None}
        return sorted(found, key=lambda m: (METHOD_ORDER.index(m) if m in METHOD_ORDER else len(METHOD_ORDER), m))

    def templates(self):
        return sorted(
            (r.method, r.template) for candidates in self._by_shape.values() for r in candidates
        )
