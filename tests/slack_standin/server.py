"""SlackStandin: the Web API over real HTTP on 127.0.0.1, plus response_urls and Socket Mode."""

from __future__ import annotations

import contextlib
import copy
import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from . import api_chat, api_files, api_misc, api_reactions, api_views  # noqa: F401  (register)
from .http_transport import HttpTransport
from .model import ApiError, Call
from .queries import Queries
from .registry import METHODS
from .socket_mode import SocketModeServer, SocketTransport

_JSON_ARGS = ("blocks", "attachments", "view", "metadata")


@dataclass
class _Fault:
    every: int = 0
    times: int = 0
    count: int = 0
    retry_after: int = 1


def parse_args(query: str, raw: bytes, content_type: str) -> dict[str, Any]:
    """Query string + JSON or form body; JSON-in-a-form fields decoded."""
    args: dict[str, Any] = dict(parse_qsl(query, keep_blank_values=True))
    if raw:
        text = raw.decode("utf-8", "replace")
        body: Any = None
        if "json" in content_type:
            try:
                body = json.loads(text)
            except ValueError:
                body = None
        if not isinstance(body, dict):
            body = dict(parse_qsl(text, keep_blank_values=True))
        args.update(body)
    for key in _JSON_ARGS:
        if isinstance(args.get(key), str) and args[key].strip():
            with contextlib.suppress(ValueError):
                args[key] = json.loads(args[key])
    return args


class _Server(ThreadingHTTPServer):
    """Slack's front door takes many connections at once: a listen backlog of 5 (the
    socketserver default) drops the SYNs of a burst, which the client resends after a
    second, so a bot's eight concurrent workers would wait on the stand-in, not on Slack."""

    request_queue_size = 128
    daemon_threads = True


class SlackStandin(Queries):
    """A local Slack: start()/stop() or use as a context manager."""

    def __init__(
        self, *args: Any, signing_secret: str = "standin-signing-secret", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.signing_secret = signing_secret
        self.socket = SocketModeServer(self.app_id)
        self.socket_url = self.socket.issue_url
        self._limits: dict[str, _Fault] = {}
        self._ceiling: tuple[float, float, int] | None = None
        self._posted: deque[tuple[float, str]] = deque()
        self.over_ceiling = 0  # posts answered 429 for going over the ceiling
        self._failures: dict[str, list[str]] = {}
        self.before_answer: Callable[[Call], None] | None = None  # see answering()
        self._http: ThreadingHTTPServer | None = None
        self.latency = 0.0  # seconds added to every Web API call, like a real network
        self.upload_fault: str | None = None  # see break_uploads()
        self._thread: threading.Thread | None = None

    # -- lifecycle -------------------------------------------------------------
    def start(self) -> SlackStandin:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                standin._serve(self)

            do_GET = do_POST

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._http = _Server(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self._http.server_address[1]}/"
        self._thread = threading.Thread(target=self._http.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()
        self.socket.start()
        return self

    def stop(self) -> None:
        self.socket.stop()
        if self._http is not None:
            self._http.shutdown()
            self._http.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._http = self._thread = None

    def __enter__(self) -> SlackStandin:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def api_url(self) -> str:
        """Base URL for WebClient(base_url=...) and SLACK_API_URL."""
        return self.base_url + "api/"

    def http_transport(self, bot_url: str, **kwargs: Any) -> HttpTransport:
        return HttpTransport(bot_url, self.signing_secret, **kwargs)

    def socket_transport(self, timeout: float = 10.0) -> SocketTransport:
        return SocketTransport(self.socket, timeout)

    # -- fault injection ---------------------------------------------------------
    def rate_limit(self, method: str, every: int = 0, times: int = 0, retry_after: int = 1) -> None:
        """HTTP 429 for every `every`-th call to `method`, or for its next `times` calls."""
        with self.lock:
            self._limits[method] = _Fault(every, times if every or times else 1, 0, retry_after)

    def ceiling(self, per_second: float, per_channel: float = 1.0, retry_after: int = 1) -> None:
        """Enforce Slack's posting limits on chat.postMessage: at most `per_second` posts in
        any second of the workspace and `per_channel` in any second of one channel, else 429
        with Retry-After. `per_second=0` lifts it."""
        with self.lock:
            self._ceiling = (per_second, per_channel, retry_after) if per_second else None
            self._posted.clear()

    def _over_ceiling(self, method: str, args: dict[str, Any]) -> int | None:
        if self._ceiling is None or method != "chat.postMessage":
            return None
        per_second, per_channel, retry_after = self._ceiling
        now = time.monotonic()
        while self._posted and self._posted[0][0] <= now - 1:
            self._posted.popleft()
        channel = str(args.get("channel") or "")
        resolved = self.resolve(channel)
        channel = resolved.id if resolved else channel
        in_channel = sum(1 for _, c in self._posted if c == channel)
        if len(self._posted) >= per_second or in_channel >= per_channel:
            self.over_ceiling += 1
            return retry_after
        self._posted.append((now, channel))
        return None

    def fail(self, method: str, error: str = "user_not_found", times: int = 1) -> None:
        """Answer the next `times` calls to `method` with {"ok": false, "error": error}."""
        with self.lock:
            self._failures.setdefault(method, []).extend([error] * times)

    def break_uploads(self, how: str | None) -> None:
        """Make POSTs to upload URLs fail: "error" answers 500, "drop" hangs up unanswered."""
        assert how in (None, "error", "drop"), how
        self.upload_fault = how

    def clear_faults(self) -> None:
        self.upload_fault = None
        with self.lock:
            self._limits.clear()
            self._failures.clear()
            self._ceiling = None

    def _limited(self, method: str) -> int | None:
        rule = self._limits.get(method)
        if rule is None:
            return None
        rule.count += 1
        if rule.times > 0:
            rule.times -= 1
            return rule.retry_after
        if rule.every and rule.count % rule.every == 0:
            return rule.retry_after
        return None

    # -- HTTP ----------------------------------------------------------------------
    def _serve(self, req: BaseHTTPRequestHandler) -> None:
        url = urlsplit(req.path)
        raw = req.rfile.read(int(req.headers.get("Content-Length") or 0))
        ctype = req.headers.get("Content-Type", "")
        if url.path.startswith("/response/"):
            body = parse_args("", raw, "json")
            status, text = self.post_response(url.path.removeprefix("/response/"), body)
            return _send(req, status, text.encode(), "text/plain; charset=utf-8")
        if url.path.startswith("/upload/v1/") and req.command == "POST":
            ticket = url.path.removeprefix("/upload/v1/")
            if self.upload_fault == "drop":
                req.close_connection = True
                return None
            if self.upload_fault == "error":
                return _send(req, 500, b"upload failed", "text/plain; charset=utf-8")
            status, text = api_files.receive_upload(self, ticket, raw, ctype)
            return _send(req, status, text.encode(), "text/plain; charset=utf-8")
        if url.path.startswith("/files-pri/"):
            auth = req.headers.get("Authorization", "")
            token = auth.removeprefix("Bearer ").strip() if auth.startswith("Bearer ") else None
            found = api_files.download(self, self.base_url.rstrip("/") + url.path, token)
            return _send(req, found[0], found[1], found[2])
        if not url.path.startswith("/api/"):
            return _send(req, 404, b"not found", "text/plain")
        if self.latency:
            time.sleep(self.latency)  # simulated round trip to Slack (benchmarks only)
        args = parse_args(url.query, raw, ctype)
        token = args.pop("token", None)
        auth = req.headers.get("Authorization", "")
        if not token and auth.startswith("Bearer "):
            token = auth.removeprefix("Bearer ").strip()
        status, body, headers = self.dispatch(url.path.removeprefix("/api/"), args, token)
        _send(req, status, json.dumps(body).encode(), "application/json; charset=utf-8", headers)

    def dispatch(
        self,
        method: str,
        args: dict[str, Any],
        token: str | None,
    ) -> tuple[int, dict[str, Any], dict[str, str]]:
        """Answer one Web API call: (HTTP status, JSON body, extra headers); records it."""
        status, headers = 200, {}
        recorded = copy.deepcopy(args)
        with self.lock:
            entry = METHODS.get(method)
            error = "unknown_method" if entry is None else self._auth_error(entry.token, token)
            retry_after = None if error else self._limited(method)
            if retry_after is None and not error:
                retry_after = self._over_ceiling(method, args)
            if retry_after is not None:
                status, headers, error = 429, {"Retry-After": str(retry_after)}, "ratelimited"
            elif not error and self._failures.get(method):
                error = self._failures[method].pop(0)
            if error or entry is None:
                body: dict[str, Any] = {"ok": False, "error": error}
            else:
                try:
                    body = {"ok": True, **entry.handler(self, args)}
                except ApiError as e:
                    body = {"ok": False, "error": e.error, **e.extra}
        call = Call(method, recorded, token, time.time(), body.get("error"))
        self.record_call(call)
        if self.before_answer is not None:
            self.before_answer(call)  # done, and not yet answered: a crash here is mid-call
        return status, body, headers

    def _auth_error(self, kind: str, token: str | None) -> str | None:
        if not token:
            return "not_authed"
        if token == (self.app_token if kind == "app" else self.bot_token):
            return None
        known = token in (self.bot_token, self.app_token)
        return "not_allowed_token_type" if known else "invalid_auth"


def _send(
    req: BaseHTTPRequestHandler,
    status: int,
    body: bytes,
    ctype: str,
    headers: dict[str, str] | None = None,
) -> None:
    req.send_response(status)
    req.send_header("Content-Type", ctype)
    req.send_header("Content-Length", str(len(body)))
    for key, value in (headers or {}).items():
        req.send_header(key, value)
    req.end_headers()
    req.wfile.write(body)
