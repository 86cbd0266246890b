"""Checks an HTTP exchange against the official DigitalOcean OpenAPI description in ../shared.

`SpecContract.violations(method, path, status, headers, body)` finds the operation the concrete path belongs to
(matching templates itself, literal segments first, independently of the emulator's router), picks the declared
response for the status (or `default`), and returns a list of human-readable violations: an undeclared
status, a missing or mistyped declared header, a body that does not validate against the response schema.
"""

import json
import os
from pathlib import Path

from openapi_schema_validator import OAS30Validator


def shared_dir():
    configured = os.environ.get("TIDE_SHARED_DIR")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[3] / "shared"


class SpecContract:
    def __init__(self, spec_path=None):
        path = Path(spec_path) if spec_path else shared_dir() / "digitalocean-openapi.json"
        with open(path) as f:
            self.spec = json.load(f)
        self.components = self.spec["components"]
        self._templates = {}
        for template in self.spec["paths"]:
            segments = template.strip("/").split("/")
            self._templates.setdefault(len(segments), []).append((template, segments))
        for candidates in self._templates.values():
            candidates.sort(key=lambda t: -sum(1 for s in t[1] if not s.startswith("{")))
        self._validators = {}

    def template_for(self, method, path):
        segments = path.split("?", 1)[0].strip("/").split("/")
        for template, pattern in self._templates.get(len(segments), ()):
            if method.lower() not in self.spec["paths"][template]:
                continue
            if all(p.startswith("{") or p == s for p, s in zip(pattern, segments)):
                return template
        return None

    def _deref(self, obj):
        while isinstance(obj, dict) and "$ref" in obj:
            node = self.spec
            for part in obj["$ref"].lstrip("#/").split("/"):
                node = node[part]
            obj = node
        return obj

    def _validator(self, schema_key, schema):
        v = self._validators.get(schema_key)
        if v is None:
            # Local "#/components/..." references resolve against this root, which carries the components.
            v = OAS30Validator({"allOf": [schema], "components": self.components})
            self._validators[schema_key] = v
        return v

    def violations(self, method, path, status, headers, body):
        method = method.upper()
        template = self.template_for(method, path)
        where = "%s %s -> %s" % (method, path, status)
        if template is None:
            return ["%s: no such operation in the spec" % where]
        operation = self.spec["paths"][template][method.lower()]
        responses = operation.get("responses", {})
        declared = responses.get(str(status)) or responses.get("default")
        if declared is None:
            return ["%s: status %s is not declared for %s %s" % (where, status, method, template)]
        response = self._deref(declared)
        found = []
        lower_headers = {k.lower(): v for k, v in headers.items()}
        for name, header in (response.get("headers") or {}).items():
            header = self._deref(header)
            value = lower_headers.get(name.lower())
            if value is None:
                found.append("%s: header %s missing" % (where, name))
            elif (header.get("schema") or {}).get("type") == "integer" and not value.lstrip("-").isdigit():
                found.append("%s: header %s=%r is not an integer" % (where, name, value))
        content = (response.get("content") or {}).get("application/json")
        if content is None:
            if body not in (None, b"", ""):
                found.append("%s: the spec declares no body, got %r" % (where, body[:200]))
            return found
        if isinstance(body, (bytes, str)):
            try:
                body = json.loads(body) if body else None
            except ValueError:
                return [*found, "%s: body is not JSON: %r" % (where, body[:200])]
        schema = content.get("schema")
        if schema is None:
            return found
        key = (template, method, str(status) if str(status) in responses else "default")
        for error in sorted(self._validator(key, schema).iter_errors(body), key=lambda e: list(e.absolute_path)):
            found.append("%s: %s at %s" % (where, error.message[:300], "/".join(map(str, error.absolute_path)) or "."))
        return found
