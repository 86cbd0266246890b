# -*- coding: utf-8 -*-
# Copyright: tide.digitalocean contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The pydo client and the only place that performs API calls.

``DigitalOceanAPI`` wraps ``pydo.Client`` and gives modules two verbs:

* ``api.call("droplets.get", droplet_id=1)`` for reads and idempotent writes
  (DELETE, tag assignment, ...). Retries 429/5xx/connection errors (see ``retry``),
  returns the decoded body (``None`` for 204), raises ``DigitalOceanError``.
  ``missing_ok=True`` turns a 404 into ``None`` (a DELETE whose first, ambiguous
  attempt already succeeded answers 404 on the retry).
  A refused connection (or an unresolvable host) before any request of the task got an answer fails at once
  with a message naming ``api_url``: nothing listens there, retrying for the whole timeout would not help.
  After a first answer the same failure is a hiccup and is retried.
* ``api.write("droplets.create", recover=lookup, body={...})`` for POSTs that create
  something or start an action. A failure that may have happened after the API applied
  the write (5xx, 429, dropped connection) is never retried blindly: ``recover()`` is
  called first and, if it returns anything but ``None``, that value is returned as the
  result of the write. Only when ``recover()`` returns ``None`` is the POST sent again.

``api_from_options(option)`` builds the client from the four auth options (``token``, ``api_url``,
``timeout``, ``validate_certs``) wherever they come from: a module's params, an inventory plugin's options.

pydo quirks handled here once: azure-core's bearer-token policy refuses plain http
(we send the header ourselves and allow http only to loopback hosts), azure-core's own
retry policy is switched off (ours is deadline-bound and create-aware), and operations
that return the error body for a 404 instead of raising are detected by status code.

Importing this file imports neither pydo nor azure-core: they are loaded on the first request (a task that fails
its input checks never pays for them), and then only the operations the task calls (``PydoClient``).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import importlib.util
import ipaddress
import time

from ansible.module_utils.six.moves.urllib.parse import urlparse
from ansible_collections.tide.digitalocean.plugins.module_utils.errors import (
    DigitalOceanError,
    error_from_response,
)
from ansible_collections.tide.digitalocean.plugins.module_utils.retry import (
    Deadline,
    pace_delay,
    retry_delay,
)

DEFAULT_API_URL = "https://api.digitalocean.com"
TOKEN_ENV_VARS = ("DIGITALOCEAN_TOKEN", "DIGITALOCEAN_ACCESS_TOKEN", "DO_API_TOKEN")
API_URL_ENV_VAR = "DIGITALOCEAN_API_URL"


def missing_pydo():
    """None when pydo and azure-core are installed, else what is missing (found without importing them)."""
    missing = [name for name in ("pydo", "azure.core") if _find_spec(name) is None]
    return ", ".join(missing) or None


def _find_spec(name):
    try:
        return importlib.util.find_spec(name)
    except ImportError:  # the parent package (azure) is missing
        return None


def _bearer_token_policy(token):
    """An azure-core policy adding ``Authorization: Bearer <token>`` to every request (https or loopback http)."""
    from azure.core.pipeline.policies import SansIOHTTPPolicy

    class BearerTokenHeaderPolicy(SansIOHTTPPolicy):
        def on_request(self, request):
            request.http_request.headers["Authorization"] = "Bearer %s" % token

    return BearerTokenHeaderPolicy()


class PydoClient:
    """pydo for one endpoint: ``operation("droplets.get")`` returns the callable, as ``client.droplets.get``.

    pydo's pipeline and operations loaded one operation at a time (``pydo_operations``, a small part of the
    memory and time of ``import pydo``); when pydo's files are not laid out as that loader expects, or it cannot
    load an operation, ``pydo.Client`` (built once, on that first need). Either way azure-core's retries are off
    (ours are deadline-bound and create-aware) and the token goes in our own header policy (azure-core's refuses
    plain http). ``operation`` returns None for an operation pydo does not have.
    """

    def __init__(self, api_url, token, validate_certs):
        from ansible_collections.tide.digitalocean.plugins.module_utils.pydo_operations import (
            LayoutError,
            PydoOperations,
        )

        self._layout_error = LayoutError
        self._api_url = api_url
        self._token = token
        self._validate_certs = validate_certs
        self.whole = None
        try:
            self.parts = PydoOperations(api_url, **self._options())
        except LayoutError:
            self.parts = None

    def _options(self):
        from azure.core.pipeline.policies import RetryPolicy

        return dict(
            authentication_policy=_bearer_token_policy(self._token),
            retry_policy=RetryPolicy.no_retries(),
            connection_verify=self._validate_certs,
        )

    def operation(self, operation):
        if self.parts is not None:
            try:
                return self.parts.operation(operation)
            except self._layout_error:
                pass
        if self.whole is None:
            import pydo

            self.whole = pydo.Client(self._token, endpoint=self._api_url, **self._options())
        group, _dot, name = operation.partition(".")
        return getattr(getattr(self.whole, group, None), name, None)


def is_loopback_host(host):
    if not host:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_api_url(api_url):
    """Return ``api_url`` without a trailing slash, or raise if it is unusable.

    https is always accepted; plain http only for a loopback host (127.0.0.0/8, ::1,
    localhost), so the token never travels unencrypted over a network.
    """
    parsed = urlparse(api_url or "")
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise DigitalOceanError("api_url must be an http(s) URL such as %s, got %r" % (DEFAULT_API_URL, api_url))
    if parsed.scheme == "http" and not is_loopback_host(parsed.hostname):
        raise DigitalOceanError(
            "api_url %s uses plain http to a non-loopback host; the token would travel unencrypted. "
            "Use https (plain http is accepted only for 127.0.0.1, ::1 and localhost)." % api_url
        )
    return api_url.rstrip("/")


UNREACHABLE = (
    ("connection refused", "connection refused"),
    ("name or service not known", "the host name does not resolve"),
    ("nodename nor servname", "the host name does not resolve"),
    ("failed to resolve", "the host name does not resolve"),
    ("no address associated", "the host name does not resolve"),
    ("network is unreachable", "network is unreachable"),
)


def is_unreachable(exc):
    """Why nothing can answer at the URL (refused, unresolvable host, no route), or None for other failures
    (a timeout, a connection dropped mid-answer), judged from the exception and the ones it wraps."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, ConnectionRefusedError):
            return "connection refused"
        text = str(exc).lower()
        for phrase, reason in UNREACHABLE:
            if phrase in text:
                return reason
        exc = getattr(exc, "inner_exception", None) or exc.__cause__ or exc.__context__
    return None


def is_read(operation):
    """True for operations that only read (``droplets.get``, ``databases.list_clusters``, ``actions.get``)."""
    name = operation.partition(".")[2]
    return name.startswith(("get", "list"))


def _capture(pipeline_response, body, headers):
    """pydo ``cls=`` hook: keep the status code and headers next to the body."""
    response = pipeline_response.http_response
    return response.status_code, body, dict(response.headers)


def _decode_error_body(response):
    try:
        return response.json()
    except ValueError:  # an error page that is not JSON; the status still tells the story
        return None


class DigitalOceanAPI:
    """A pydo client with deadline-bound retries and one error type.

    Args:
        token: API token (required, never logged).
        api_url: base URL, e.g. ``https://api.digitalocean.com`` or ``http://127.0.0.1:8080``.
        timeout: seconds one logical call may take, retries and rate-limit waits included;
            also the per-request socket timeout.
        validate_certs: verify TLS certificates.
        sleep, clock: injectable for tests.
    """

    def __init__(
        self, token, api_url=DEFAULT_API_URL, timeout=60, validate_certs=True, sleep=time.sleep, clock=time.monotonic
    ):
        if missing_pydo():
            raise DigitalOceanError(
                "the pydo Python package (and its dependency azure-core) is required on the host that runs "
                "this module: pip install pydo (missing: %s)" % missing_pydo()
            )
        if not token:
            raise DigitalOceanError(
                "no API token: set the token option or one of the environment variables %s" % ", ".join(TOKEN_ENV_VARS)
            )
        self.api_url = check_api_url(api_url)
        self.timeout = timeout
        self._sleep = sleep
        self._clock = clock
        self.request_count = 0
        # Set after a response saying the rate-limit budget is spent: no request before then (see _hold).
        self._hold_until = None
        # True once any request got an HTTP answer: a refused connection before that means a wrong api_url
        # (fail at once), after it a hiccup (retried).
        self.answered = False
        # True once a write may have changed something (see _note_write): a task failing later reports changed.
        self.wrote = False
        # Set by DigitalOceanModule: in check mode a missing referenced resource is assumed (see lookup.assume).
        self.check_mode = False
        self.assumptions = []
        self._token = token
        self._validate_certs = validate_certs
        self._pydo = None
        # Where what one task learned may be kept for the next ones (catalogue.py); None keeps nothing.
        self.cache_dir = None

    def cache_key(self):
        """Names what is kept for this endpoint and token (a one-way digest: the token is not recoverable)."""
        return hashlib.sha256(("%s\n%s" % (self.api_url, self._token)).encode("utf-8")).hexdigest()[:20]

    @property
    def pydo(self):
        """The ``PydoClient`` for this endpoint, built on the first request, then reused."""
        if self._pydo is None:
            try:
                self._pydo = PydoClient(self.api_url, self._token, self._validate_certs)
            except ImportError as exc:  # pydo and azure-core are there (checked first), one of theirs is not
                raise DigitalOceanError(
                    "pydo cannot be loaded on the host that runs this module (%s): pip install pydo" % exc,
                    permanent=True,
                ) from exc
        return self._pydo

    def _operation(self, operation):
        method = self.pydo.operation(operation)
        if method is None:
            raise DigitalOceanError("pydo has no operation %s" % operation, permanent=True)
        return method

    def _once(self, operation, deadline, kwargs):
        """One HTTP exchange. Returns the body or raises DigitalOceanError."""
        from azure.core.exceptions import AzureError, DecodeError, HttpResponseError

        method = self._operation(operation)
        socket_timeout = max(1.0, min(float(self.timeout), deadline.remaining()))
        self.request_count += 1
        try:
            status, body, headers = method(
                cls=_capture, connection_timeout=socket_timeout, read_timeout=socket_timeout, **kwargs
            )
        except DecodeError as exc:
            raise DigitalOceanError(
                "the API sent a response that is not valid JSON: %s" % exc, operation=operation
            ) from exc
        except HttpResponseError as exc:
            response = exc.response
            if response is None:
                raise DigitalOceanError(str(exc), operation=operation) from exc
            headers = dict(response.headers)
            self._note_budget(headers)
            self.answered = True
            self._note_write(operation, response.status_code)
            raise error_from_response(response.status_code, _decode_error_body(response), headers, operation) from exc
        except AzureError as exc:
            unreachable = not self.answered and is_unreachable(exc)
            if unreachable:
                raise DigitalOceanError(
                    "cannot reach the API at %s (%s): nothing answers there. Check api_url (or %s) and that the "
                    "endpoint is up; not retried, because no request of this task has reached it yet."
                    % (self.api_url, unreachable, API_URL_ENV_VAR),
                    operation=operation,
                    permanent=True,
                ) from exc
            self._note_write(operation, None)
            raise DigitalOceanError(
                "connection to %s failed: %s" % (self.api_url, exc),
                operation=operation,
                permanent="CERTIFICATE_VERIFY_FAILED" in str(exc),
            ) from exc
        self._note_budget(headers)
        self.answered = True
        self._note_write(operation, status)
        if status >= 400:
            # pydo returns (instead of raising) the error body for the 404s it declares.
            raise error_from_response(status, body, headers, operation)
        return body

    def _note_budget(self, headers):
        """After a response saying the rate-limit budget is spent, hold the next request until it is back."""
        hold = pace_delay(headers)
        self._hold_until = self._clock() + hold if hold > 0 else None

    def _hold(self, deadline):
        """Wait out a spent budget before a request, unless that would pass the deadline (the request is then
        sent and its 429 handled as usual)."""
        if self._hold_until is None:
            return
        hold = self._hold_until - self._clock()
        self._hold_until = None
        if 0 < hold < deadline.remaining():
            self._sleep(hold)

    def _note_write(self, operation, status):
        """Remember that a write may have been applied: it succeeded, or failed in a way that may come after
        the change (no answer, 429, 5xx); a refused write (other 4xx) changed nothing."""
        if is_read(operation):
            return
        if status is None or status < 400 or status == 429 or status >= 500:
            self.wrote = True

    def _attempts(self, operation, kwargs, recover=None):
        deadline = Deadline(self.timeout, clock=self._clock)
        retries = 0
        while True:
            self._hold(deadline)
            try:
                return self._once(operation, deadline, kwargs)
            except DigitalOceanError as error:
                if error.permanent:
                    raise
                delay = retry_delay(error.status, error.headers, retries, deadline.remaining())
                if delay is None:
                    if retries and (error.status is None or error.status >= 429):
                        error.message += " (gave up after %d attempts within the %ss timeout)" % (
                            retries + 1,
                            self.timeout,
                        )
                    raise
                self._sleep(delay)
                self._hold_until = None  # that wait was the rate limit's own (retry-after)
                retries += 1
                if recover is not None:
                    recovered = recover()
                    if recovered is not None:
                        return recovered

    def call(self, operation, missing_ok=False, **kwargs):
        """Run a read or an idempotent write with retries; see the module docstring."""
        try:
            return self._attempts(operation, kwargs)
        except DigitalOceanError as error:
            if missing_ok and error.not_found:
                return None
            raise

    def write(self, operation, recover, **kwargs):
        """Run a non-idempotent POST; after an ambiguous failure ask ``recover()`` before resending.

        ``recover`` takes no arguments and returns ``None`` when the write did not take
        effect, or the value to use as the write's result when it did (for a create: the
        resource found by its identity, shaped like the create's response).
        """
        return self._attempts(operation, kwargs, recover=recover)


def api_from_options(option):
    """The ``DigitalOceanAPI`` for the auth options; ``option(name)`` returns the value of option ``name``.

    A module passes ``module.params.get``; an inventory plugin a function that reads (and templates) its own
    options. Environment fallbacks are the caller's: the argument spec (modules) or the documented ``env``
    entries (plugins) both list ``TOKEN_ENV_VARS`` and ``API_URL_ENV_VAR``. Raises DigitalOceanError for a
    missing token, an unusable api_url or a missing pydo.
    """
    return DigitalOceanAPI(
        token=option("token"),
        api_url=option("api_url"),
        timeout=option("timeout"),
        validate_certs=option("validate_certs"),
    )
