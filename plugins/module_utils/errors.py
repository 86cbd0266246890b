# -*- coding: utf-8 -*-
# Copyright: tide.digitalocean contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one error type every API failure becomes.

Modules catch ``DigitalOceanError`` (and only it) around their work and hand it to
``DigitalOceanModule.fail_from_error``; nothing else in the collection needs to know
whether a failure came from an HTTP status, a body pydo returned instead of raising,
or a broken connection.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class DigitalOceanError(Exception):
    """A failed API call or a refused input.

    Attributes:
        status: HTTP status (int), or None when no response arrived (connection error,
            timeout, input refused before any request).
        error_id: DigitalOcean's error id from the body, e.g. ``not_found``,
            ``unprocessable_entity``, ``too_many_requests``; None if unknown.
        message: human readable text, safe to show (never contains the token).
        request_id: DigitalOcean's request id when the API sent one (quote it to support).
        operation: the pydo operation that failed, e.g. ``droplets.create``.
        headers: the failed response's headers (``{}`` without a response); the retry
            decision reads ``retry-after``/``ratelimit-reset`` from them.
        permanent: True when retrying cannot help even without a status (TLS verification).
    """

    def __init__(
        self, message, status=None, error_id=None, request_id=None, operation=None, headers=None, permanent=False
    ):
        super(DigitalOceanError, self).__init__(message)
        self.message = message
        self.status = status
        self.error_id = error_id
        self.request_id = request_id
        self.operation = operation
        self.headers = headers or {}
        self.permanent = permanent

    @property
    def not_found(self):
        return self.status == 404

    def to_result(self):
        """The fields a module puts next to ``msg`` when it fails: those that are known (a refused input has
        none of them, a connection error no status), never a row of nulls."""
        fields = {
            "status": self.status,
            "error_id": self.error_id,
            "request_id": self.request_id,
            "operation": self.operation,
        }
        return dict((key, value) for key, value in fields.items() if value is not None)

    def __str__(self):
        parts = []
        if self.operation:
            parts.append(self.operation)
        if self.status is not None:
            parts.append("HTTP %s" % self.status)
        if self.error_id:
            parts.append(self.error_id)
        prefix = " ".join(parts)
        text = "%s: %s" % (prefix, self.message) if prefix else self.message
        if self.request_id:
            text += " (request_id %s)" % self.request_id
        return text


def error_from_response(status, body, headers=None, operation=None):
    """Build the error for an HTTP response with status >= 400 (body already decoded, may be None)."""
    headers = headers or {}
    error_id = None
    message = None
    request_id = None
    if isinstance(body, dict):
        error_id = body.get("id")
        message = body.get("message")
        request_id = body.get("request_id")
    if not request_id:
        request_id = headers.get("x-request-id") or headers.get("X-Request-Id")
    if not message:
        message = "the API answered HTTP %s without an error message" % status
    return DigitalOceanError(
        message, status=status, error_id=error_id, request_id=request_id, operation=operation, headers=headers
    )
