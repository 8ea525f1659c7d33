"""HttpTransport signs requests the way Slack does (checked with slack_sdk's verifier)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import pytest
from slack_sdk.signature import SignatureVerifier

from tests.slack_standin import HttpTransport, signature

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"


class _Capture(BaseHTTPRequestHandler):
    seen: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"])).decode()
        self.seen.append({"path": self.path, "headers": dict(self.headers), "body": body})
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"ok": true}')

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def capture() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Capture)
    _Capture.seen = []
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _Capture.seen
    server.shutdown()
    server.server_close()


def _valid(request: dict[str, Any]) -> bool:
    headers = request["headers"]
    return SignatureVerifier(SECRET).is_valid(
        request["body"], headers["X-Slack-Request-Timestamp"], headers["X-Slack-Signature"]
    )


def test_signature_matches_slack_docs_example() -> None:
    body = (
        "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8P"
        "SS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-co"
        "llect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700"
        "885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10"
        "d2c447fce8b6703c"
    )
    assert signature(SECRET, "1531420618", body) == (
        "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
    )


def test_signed_forged_and_stale(capture: tuple[str, list[dict[str, Any]]]) -> None:
    url, seen = capture
    transport = HttpTransport(url, SECRET)
    reply = transport.deliver("slash_commands", {"command": "/set", "text": "help"})
    assert reply.ok and reply.json == {"ok": True}
    transport.deliver("slash_commands", {"command": "/set"}, forge=True)
    transport.deliver("slash_commands", {"command": "/set"}, age_seconds=301)
    assert [_valid(r) for r in seen] == [True, False, False]
    assert seen[0]["path"] == "/slack/events"
    assert seen[0]["headers"]["Content-Type"] == "application/x-www-form-urlencoded"


def test_kinds_and_retry_headers(capture: tuple[str, list[dict[str, Any]]]) -> None:
    url, seen = capture
    transport = HttpTransport(url, SECRET)
    transport.deliver("interactive", {"type": "block_actions"})
    transport.deliver("events_api", {"type": "event_callback"}, retry=2)
    assert seen[0]["body"].startswith("payload=%7B")
    assert seen[1]["headers"]["Content-Type"] == "application/json"
    assert seen[1]["headers"]["X-Slack-Retry-Num"] == "2"
    assert seen[1]["headers"]["X-Slack-Retry-Reason"] == "http_timeout"
    assert all(_valid(r) for r in seen)
