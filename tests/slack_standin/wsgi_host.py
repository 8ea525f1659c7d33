"""Serve a WSGI app (e.g. Bolt's SlackRequestHandler) on 127.0.0.1, random port, in a thread."""

from __future__ import annotations

import threading
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class WsgiHost:
    """start()/stop() or `with WsgiHost(app) as host: host.url`."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self._server: WSGIServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        assert self._server is not None, "not started"
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> WsgiHost:
        self._server = make_server("127.0.0.1", 0, self.app, _ThreadingWSGIServer, _QuietHandler)
        serve = self._server.serve_forever
        self._thread = threading.Thread(target=serve, args=(0.05,), daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = self._thread = None

    def __enter__(self) -> WsgiHost:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
