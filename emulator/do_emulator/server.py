"""The HTTP side: a threaded HTTP/1.1 server (keep-alive) that hands every request to EmulatorApp.handle."""

import socket
import ssl
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .app import Dropped


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body leave in separate writes; with Nagle's algorithm on, a keep-alive client's delayed ACK
    # holds every response back ~40 ms.
    disable_nagle_algorithm = True
    server_version = "do-emulator"
    sys_version = ""

    def log_message(self, *args):  # quiet: tests and benchmarks read stats, not access logs
        pass

    def _dispatch(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        path, _, query = self.path.partition("?")
        scheme = "https" if self.server.tls else "http"
        base_url = "%s://%s" % (scheme, self.headers.get("Host") or "%s:%d" % self.server.server_address[:2])
        app = self.server.app
        try:
            response = app.handle(self.command, path, query, dict(self.headers.items()), body, base_url)
        except Dropped:
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return
        payload = response.encoded()
        self.send_response(response.status)
        if payload:
            self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if payload and self.command != "HEAD":
            self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _dispatch

    def __getattr__(self, name):  # any other method reaches the app too, which answers 405 or 404
        if name.startswith("do_"):
            return self._dispatch
        raise AttributeError(name)


class EmulatorServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, app, host, port, tls_cert=None, tls_key=None):
        super().__init__((host, port), _Handler)
        self.app = app
        self.tls = bool(tls_cert)
        if tls_cert:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(tls_cert, tls_key)
            self.socket = context.wrap_socket(self.socket, server_side=True)

    @property
    def url(self):
        host, port = self.server_address[:2]
        return "%s://%s:%d" % ("https" if self.tls else "http", host, port)
