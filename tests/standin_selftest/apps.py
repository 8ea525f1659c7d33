"""Run a Bolt app against the stand-in over signed HTTP or Socket Mode."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient

from tests.slack_standin import Slack, SlackStandin, WsgiHost

MODES = ["http", "socket"]


def new_app(standin: SlackStandin) -> App:
    client = WebClient(token=standin.bot_token, base_url=standin.api_url)
    return App(client=client, signing_secret=standin.signing_secret)


@contextmanager
def running(app: App, standin: SlackStandin, mode: str) -> Iterator[Slack]:
    """A Slack driver whose requests reach `app` over `mode` ("http" or "socket")."""
    if mode == "http":
        with WsgiHost(SlackRequestHandler(app)) as host:
            yield Slack(standin, standin.http_transport(host.url))
        return
    handler = SocketModeHandler(app, standin.app_token)
    handler.connect()
    try:
        transport = standin.socket_transport()
        transport.wait_connected(10)
        yield Slack(standin, transport)
    finally:
        handler.close()
