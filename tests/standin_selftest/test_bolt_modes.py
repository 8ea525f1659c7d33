"""Mode specifics: signatures and status codes (HTTP); acks and reconnects (Socket Mode)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient

from tests.slack_standin import HttpTransport, Slack, SlackStandin, SocketTransport, WsgiHost

from .conftest import ALICE, SET_CHANNEL


def _app(standin: SlackStandin, retries: list[str | None]) -> App:
    app = App(
        client=WebClient(token=standin.bot_token, base_url=standin.api_url),
        signing_secret=standin.signing_secret,
    )

    @app.command("/set")
    def set_command(ack) -> None:
        ack("ok")

    @app.event("app_mention")
    def mentioned(event, context, request) -> None:
        retries.append(request.headers.get("x-slack-retry-num", [None])[0])

    return app


@pytest.fixture
def retries() -> list[str | None]:
    return []


@pytest.fixture
def http(workspace: SlackStandin, retries: list[str | None]) -> Iterator[HttpTransport]:
    with WsgiHost(SlackRequestHandler(_app(workspace, retries))) as host:
        yield workspace.http_transport(host.url)


@pytest.fixture
def socket(workspace: SlackStandin, retries: list[str | None]) -> Iterator[SocketTransport]:
    # ping_interval: after a server-side close, slack_sdk only reconnects on its next ping check.
    handler = SocketModeHandler(_app(workspace, retries), workspace.app_token, ping_interval=1)
    handler.connect()
    transport = workspace.socket_transport(timeout=5)
    transport.wait_connected(10)
    yield transport
    handler.close()


def test_http_rejects_bad_signatures(http: HttpTransport, workspace: SlackStandin) -> None:
    slack = Slack(workspace, http)
    assert slack.command(ALICE, SET_CHANNEL, "x").body_text == "ok"
    http.forge = True
    forged = slack.command(ALICE, SET_CHANNEL, "x")
    http.forge, http.age_seconds = False, 301
    stale = slack.command(ALICE, SET_CHANNEL, "x")
    unsigned = http.post("command=%2Fset", "application/x-www-form-urlencoded", sign=False)
    for reply in (forged, stale, unsigned):
        assert (reply.status, reply.json) == (401, {"error": "invalid request"})
    assert [e["text"] for e in workspace.ephemerals(ALICE)] == ["ok"]  # only the signed one


def test_http_unhandled_is_404_and_retries_are_visible(
    http: HttpTransport,
    workspace: SlackStandin,
    retries: list[str | None],
) -> None:
    slack = Slack(workspace, http)
    assert slack.command(ALICE, SET_CHANNEL, "x", command="/other").status == 404
    mention = {
        "type": "app_mention",
        "user": ALICE,
        "text": "hi",
        "channel": SET_CHANNEL,
        "ts": workspace.next_ts(),
    }
    assert slack.event(mention, event_id="Ev1").ok
    assert slack.event(mention, event_id="Ev1", retry=1).ok
    workspace.wait_until(lambda: len(retries) == 2, what="both deliveries")
    assert sorted(retries, key=str) == ["1", None]


def test_socket_ack_and_unhandled(socket: SocketTransport, workspace: SlackStandin) -> None:
    slack = Slack(workspace, socket)
    reply = slack.command(ALICE, SET_CHANNEL, "x")
    assert (reply.status, reply.json, reply.message) == (200, {"text": "ok"}, {"text": "ok"})
    socket.timeout = 0.5
    unhandled = slack.command(ALICE, SET_CHANNEL, "x", command="/other")
    assert not unhandled.acked and not unhandled.ok  # Bolt sends no ack at all


def test_socket_reconnects(
    socket: SocketTransport, workspace: SlackStandin, retries: list[str | None]
) -> None:
    slack = Slack(workspace, socket)
    assert workspace.socket.total_connections == 1
    workspace.socket.request_reconnect()
    socket.wait_connected(10, count=2)
    assert slack.command(ALICE, SET_CHANNEL, "x").message == {"text": "ok"}
    workspace.socket.drop_connections()  # no `disconnect` message first: slower to notice
    socket.wait_connected(10, count=3)
    assert slack.command(ALICE, SET_CHANNEL, "x").message == {"text": "ok"}
    assert len(workspace.calls_to("apps.connections.open", ok_only=True)) == 3
    mention = {
        "type": "app_mention",
        "user": ALICE,
        "text": "hi",
        "channel": SET_CHANNEL,
        "ts": workspace.next_ts(),
    }
    assert slack.event(mention, retry=2).ok
    workspace.wait_until(lambda: retries, what="event")
    assert retries == ["2"]
