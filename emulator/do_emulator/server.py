"""The HTTP side: uvicorn (with the httptools parser) serves an ASGI adapter that hands every request to
EmulatorApp.handle, on the event loop without a backend, else on a worker thread (see EmulatorServer.inline).

HTTP/1.1 parsing, keep-alive, pipelining, chunked request bodies, `Expect: 100-continue`, HEAD and TLS are
uvicorn's job. This module only sets the limits and speaks DigitalOcean's error shape where uvicorn would answer in
plain text: a malformed request is a 400, a request line longer than MAX_URL a 414, request headers over
MAX_HEADER_BYTES a 431, a body over MAX_BODY a 413, a body that stops arriving for BODY_TIMEOUT a 408; each of
these closes the connection. A connection that sends nothing for `idle_timeout` seconds (before its first request
or between requests) is closed, and one that takes longer than HEAD_TIMEOUT to send a request's head too.

`EmulatorServer` keeps the small surface the tests, benchmarks and the command line use: `url`, `app`,
`serve_forever()` (on the calling thread), `shutdown()` (from another thread) and `server_close()`.
"""

import asyncio
import json
import socket
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import httptools
import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from .app import Dropped

MAX_URL = 8 * 1024
MAX_HEADER_BYTES = 64 * 1024
MAX_BODY = 1024 * 1024
HEAD_TIMEOUT = 10.0
BODY_TIMEOUT = 10.0
IDLE_TIMEOUT = 75  # seconds a keep-alive connection may sit idle (nginx's default)
WORKERS = 16  # threads that run EmulatorApp.handle (the store serialises writes; reads are short)
ABORT = "do_emulator.abort"  # the scope extension that closes the connection without an answer


def listen(host, port):
    """A listening TCP socket; OSError (say, EADDRINUSE) if the address cannot be had."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY only on accepted sockets that say so, and uvicorn writes a
    # response's head and body separately (with Nagle on, a keep-alive client's delayed ACK holds the body ~40 ms).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(2048)
    except OSError:
        sock.close()
        raise
    sock.setblocking(False)
    return sock


def error_bytes(status, error_id, message, headers=()):
    body = json.dumps({"id": error_id, "message": message, "request_id": str(uuid.uuid4())}).encode()
    head = [b"content-type: application/json; charset=utf-8", b"content-length: %d" % len(body), *headers]
    return body, head


class _TooLarge(Exception):
    def __init__(self, status, error_id, message):
        super().__init__(message)
        self.status, self.error_id, self.message = status, error_id, message


_REASONS = {400: b"Bad Request", 408: b"Request Timeout", 413: b"Content Too Large", 414: b"URI Too Long",
            431: b"Request Header Fields Too Large"}


class _Protocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with the emulator's limits, timeouts and JSON answers to broken requests."""

    head_timeout = HEAD_TIMEOUT  # set per server (EmulatorServer makes a subclass)
    _head_timer = None

    def connection_made(self, transport):
        super().connection_made(transport)
        # uvicorn arms its keep-alive timer only after a response; a connection that never sends a request is
        # closed after the same idle time.
        self.timeout_keep_alive_task = self.loop.call_later(self.timeout_keep_alive, self.timeout_keep_alive_handler)

    def connection_lost(self, exc):
        self._cancel_head_timer()
        super().connection_lost(exc)

    def data_received(self, data):
        self._unset_keepalive_if_required()
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            pass  # no protocol upgrades here: the request is answered as it is
        except httptools.HttpParserError as e:
            cause = e.__context__
            if isinstance(cause, _TooLarge):
                self._refuse(cause.status, cause.error_id, cause.message)
            else:
                self._refuse(400, "bad_request", "The request is not valid HTTP/1.1.")

    def on_message_begin(self):
        super().on_message_begin()
        self._head_bytes = 0
        self._cancel_head_timer()
        self._head_timer = self.loop.call_later(self.head_timeout, self._head_timeout)
        self.scope["extensions"] = {ABORT: self.transport.abort}

    def on_url(self, url):
        super().on_url(url)
        if len(self.url) > MAX_URL:
            raise _TooLarge(414, "uri_too_long", "The request line is longer than %d bytes." % MAX_URL)

    def on_header(self, name, value):
        self._head_bytes += len(name) + len(value) + 4
        if self._head_bytes > MAX_HEADER_BYTES:
            raise _TooLarge(431, "request_header_fields_too_large",
                            "The request headers are larger than %d bytes." % MAX_HEADER_BYTES)
        super().on_header(name, value)

    def on_headers_complete(self):
        self._cancel_head_timer()
        super().on_headers_complete()

    def shutdown(self):
        """The server stops: an idle connection is cut at once (closing a TLS one politely would wait for the
        client's close_notify, up to uvicorn's graceful-shutdown timeout); a busy one closes after its response."""
        if (self.cycle is None or self.cycle.response_complete) and not self.transport.get_write_buffer_size():
            self.transport.abort()
        else:
            super().shutdown()

    def _cancel_head_timer(self):
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_timeout(self):
        self._head_timer = None
        if not self.transport.is_closing():
            self.transport.close()

    def _refuse(self, status, error_id, message):
        if self.transport.is_closing():
            return
        body, head = error_bytes(status, error_id, message, [b"connection: close"])
        status_line = b"HTTP/1.1 %d %s\r\n" % (status, _REASONS[status])
        self.transport.write(status_line + b"\r\n".join(head) + b"\r\n\r\n" + body)
        self.transport.close()


class _Uvicorn(uvicorn.Server):
    def capture_signals(self):
        """Signals are the command line's business (it sets should_exit); uvicorn installs no handlers."""
        return _NoSignals()


class _NoSignals:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


class _Adapter:
    """The ASGI application: collects the body within the limits, runs EmulatorApp.handle on a worker thread and
    sends its Response (or closes the connection without an answer for a dropped-connection fault)."""

    def __init__(self, server):
        self.server = server

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return
        headers = {}
        for name, value in scope["headers"]:
            headers[name.decode("latin-1")] = value.decode("latin-1")
        body = b""
        if "content-length" in headers or "transfer-encoding" in headers:  # else there is no body to wait for
            body = await self._body(scope, receive, send, headers)
            if body is None:
                return
        server = self.server
        app = server.app
        args = (scope["method"], scope["raw_path"].decode("latin-1"), scope["query_string"].decode("latin-1"),
                headers, body, "%s://%s" % ("https" if server.tls else "http", headers.get("host") or server.netloc))
        try:
            if server.inline and not app.faults.latency:
                response = app.handle(*args)
            else:
                response = await asyncio.get_running_loop().run_in_executor(server.executor, app.handle, *args)
        except Dropped:
            scope["extensions"][ABORT]()
            await asyncio.sleep(0)  # uvicorn learns that the connection is gone and sends nothing either
            return
        except Exception as e:  # noqa: BLE001  (the admin API, a backend) still answers in the API's error shape
            return await self._refuse(send, 500, "server_error", "Server Error: %s" % type(e).__name__, close=False)
        payload = response.encoded()
        out = {}
        if payload:
            out["content-type"] = "application/json; charset=utf-8"
        out["content-length"] = str(len(payload))
        for name, value in response.headers.items():
            out[name.lower()] = str(value)
        await send({"type": "http.response.start", "status": response.status,
                    "headers": [(k.encode("latin-1"), v.encode("latin-1")) for k, v in out.items()]})
        await send({"type": "http.response.body", "body": payload})

    async def _body(self, scope, receive, send, headers):
        """The request body, or None once the request has been answered (413, 408) or the client has gone."""
        try:
            declared = int(headers.get("content-length") or 0)
        except ValueError:
            declared = 0  # httptools refuses a bad Content-Length before the request gets here
        if declared > MAX_BODY:
            await self._refuse(send, 413, "request_entity_too_large",
                               "The request body is larger than %d bytes." % MAX_BODY)
            return None
        loop = asyncio.get_running_loop()
        task = asyncio.current_task()
        body = b""
        while True:
            expired = []
            timer = loop.call_later(self.server.body_timeout, _expire, expired, task)
            try:
                message = await receive()
            except asyncio.CancelledError:
                if not expired:
                    raise
                await self._refuse(send, 408, "request_timeout", "The request body did not arrive in time.")
                return None
            finally:
                timer.cancel()
            if message["type"] == "http.disconnect":
                return None
            body += message.get("body", b"")
            if len(body) > MAX_BODY:
                await self._refuse(send, 413, "request_entity_too_large",
                                   "The request body is larger than %d bytes." % MAX_BODY)
                return None
            if not message.get("more_body", False):
                return body

    @staticmethod
    async def _refuse(send, status, error_id, message, close=True):
        body, head = error_bytes(status, error_id, message, [b"connection: close"] if close else [])
        await send({"type": "http.response.start", "status": status,
                    "headers": [tuple(line.split(b": ", 1)) for line in head]})
        await send({"type": "http.response.body", "body": body})


def _expire(expired, task):
    expired.append(True)
    task.cancel()


class EmulatorServer:
    def __init__(self, app, host="127.0.0.1", port=0, tls_cert=None, tls_key=None, sock=None,
                 idle_timeout=IDLE_TIMEOUT, head_timeout=HEAD_TIMEOUT, body_timeout=BODY_TIMEOUT):
        self.app = app
        self.body_timeout = body_timeout
        self.tls = bool(tls_cert)
        self.socket = sock if sock is not None else listen(host, port)
        self.server_address = self.socket.getsockname()[:2]
        self.executor = ThreadPoolExecutor(WORKERS, thread_name_prefix="do-emulator")
        # Without a backend every request is short CPU work under the store's lock, so it runs on the event loop
        # (a thread hop costs more than most requests); a backend that runs commands (docker) and injected latency
        # run on the worker threads, so that the loop keeps accepting and parsing meanwhile.
        self.inline = getattr(app.backend, "name", None) == "none"
        protocol = type("Protocol", (_Protocol,), {"head_timeout": head_timeout})
        config = uvicorn.Config(
            _Adapter(self), http=protocol, ws="none", lifespan="off", interface="asgi3",
            log_config=None, log_level="error", access_log=False, server_header=False, proxy_headers=False,
            timeout_keep_alive=idle_timeout, timeout_graceful_shutdown=5,
            ssl_certfile=tls_cert, ssl_keyfile=tls_key,
        )
        config.load()  # a bad certificate or key fails here, before anything is served
        self._uvicorn = _Uvicorn(config)
        self._serving = threading.Event()
        self._stopped = threading.Event()

    @property
    def netloc(self):
        host, port = self.server_address
        return "%s:%d" % ("[%s]" % host if ":" in host else host, port)

    @property
    def url(self):
        return "%s://%s" % ("https" if self.tls else "http", self.netloc)

    def serve_forever(self, poll_interval=None):
        """Serves until shutdown() (or should_exit); poll_interval is accepted for http.server's signature."""
        self._serving.set()
        try:
            self._uvicorn.run(sockets=[self.socket])
        finally:
            self._stopped.set()

    def request_stop(self):
        """Asks serve_forever to return (safe from a signal handler)."""
        self._uvicorn.should_exit = True

    def shutdown(self):
        """Stops serve_forever (running on another thread) and waits until it has returned."""
        self.request_stop()
        if self._serving.is_set():
            self._stopped.wait(30)

    def server_close(self):
        self.executor.shutdown(wait=False)
        try:
            self.socket.close()
        except OSError:
            pass
