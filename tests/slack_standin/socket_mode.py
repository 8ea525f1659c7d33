"""Socket Mode: a local WebSocket server speaking Slack's envelope protocol."""

from __future__ import annotations

import json
import secrets
import threading
import time
import uuid
from typing import Any
from urllib.parse import parse_qs, urlsplit

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import Server, ServerConnection, serve

from .reply import NO_ACK, Reply


class SocketModeServer:
    """Hands out ws:// URLs (via apps.connections.open), says hello, sends envelopes, takes acks."""

    def __init__(self, app_id: str = "A0001", ping_interval: float = 0.25) -> None:
        self.app_id = app_id
        # Frequent pings wake slack_sdk's blocking recv (3 s socket timeout) so clients close fast.
        self.ping_interval = ping_interval
        self.port = 0
        self.total_connections = 0
        self.envelopes: list[dict[str, Any]] = []
        self._cond = threading.Condition()
        self._tickets: set[str] = set()
        self._conns: list[ServerConnection] = []
        self._acks: dict[str, dict[str, Any]] = {}
        self._server: Server | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._server = serve(
            self._handle, "127.0.0.1", 0, compression=None, ping_interval=self.ping_interval
        )
        self.port = self._server.socket.getsockname()[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = self._thread = None

    def issue_url(self) -> str:
        """A single-use WebSocket URL, like apps.connections.open gives."""
        ticket = secrets.token_hex(16)
        with self._cond:
            self._tickets.add(ticket)
        return f"ws://127.0.0.1:{self.port}/link/?ticket={ticket}&app_id={self.app_id}"

    @property
    def connected(self) -> int:
        """How many connections are open now."""
        with self._cond:
            return len(self._conns)

    def _handle(self, conn: ServerConnection) -> None:
        query = parse_qs(urlsplit(conn.request.path if conn.request else "").query)
        ticket = query.get("ticket", [""])[0]
        with self._cond:
            valid = ticket in self._tickets
            self._tickets.discard(ticket)
        if not valid:
            conn.close(code=1008, reason="invalid ticket")
            return
        conn.send(json.dumps(self._hello()))
        with self._cond:
            self._conns.append(conn)
            self.total_connections += 1
            self._cond.notify_all()
        try:
            for raw in conn:
                self._on_message(raw)
        except ConnectionClosed:
            pass
        finally:
            with self._cond:
                if conn in self._conns:
                    self._conns.remove(conn)
                self._cond.notify_all()

    def _hello(self) -> dict[str, Any]:
        return {
            "type": "hello",
            "num_connections": self.connected + 1,
            "debug_info": {
                "host": "applink-standin",
                "build_number": 1,
                "approximate_connection_time": 18060,
            },
            "connection_info": {"app_id": self.app_id},
        }

    def _on_message(self, raw: str | bytes) -> None:
        try:
            msg = json.loads(raw)
        except ValueError:
            return
        if isinstance(msg, dict) and "envelope_id" in msg:
            with self._cond:
                self._acks[msg["envelope_id"]] = msg
                self._cond.notify_all()

    def wait_connected(self, timeout: float = 10.0, count: int = 1) -> None:
        """Wait until `count` connections were made in total and one is open."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while not (self.total_connections >= count and self._conns):
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"no Socket Mode connection #{count} within {timeout}s")
                self._cond.wait(left)

    def send(self, envelope: dict[str, Any]) -> None:
        """Send to the newest open connection."""
        with self._cond:
            if not self._conns:
                raise ConnectionError("no Socket Mode client is connected")
            conn = self._conns[-1]
            self.envelopes.append(envelope)
        conn.send(json.dumps(envelope))

    def wait_ack(self, envelope_id: str, timeout: float) -> dict[str, Any] | None:
        deadline = time.monotonic() + timeout
        with self._cond:
            while envelope_id not in self._acks:
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self._cond.wait(left)
            return self._acks.pop(envelope_id)

    def request_reconnect(self, reason: str = "refresh_requested") -> None:
        """Send Slack's `disconnect` message; clients then open a new connection."""
        msg = json.dumps(
            {"type": "disconnect", "reason": reason, "debug_info": {"host": "applink-standin"}}
        )
        with self._cond:
            conns = list(self._conns)
        for conn in conns:
            conn.send(msg)

    def drop_connections(self) -> None:
        """Close every connection from the server side (code 1001, going away)."""
        with self._cond:
            conns = list(self._conns)
        for conn in conns:
            conn.close(code=1001, reason="going away")


class SocketTransport:
    """Delivers payloads to the bot as Socket Mode envelopes and returns its ack as a Reply."""

    def __init__(self, server: SocketModeServer, timeout: float = 10.0) -> None:
        self.server = server
        self.timeout = timeout

    def wait_connected(self, timeout: float = 10.0, count: int = 1) -> None:
        self.server.wait_connected(timeout, count)

    def deliver(
        self,
        kind: str,
        payload: dict[str, Any],
        *,
        retry: int = 0,
        retry_reason: str = "",
        timeout: float | None = None,
    ) -> Reply:
        """kind: slash_commands, interactive or events_api."""
        timeout = self.timeout if timeout is None else timeout
        self.server.wait_connected(timeout)
        envelope: dict[str, Any] = {
            "envelope_id": str(uuid.uuid4()),
            "type": kind,
            "payload": payload,
            "accepts_response_payload": kind != "events_api",
        }
        if kind == "events_api":
            envelope.update(retry_attempt=retry, retry_reason=retry_reason)
        self.server.send(envelope)
        ack = self.server.wait_ack(envelope["envelope_id"], timeout)
        if ack is None:
            return Reply(NO_ACK, {}, f"no ack within {timeout}s", None)
        body = ack.get("payload")
        return Reply(200, {}, "" if body is None else json.dumps(body), body)
