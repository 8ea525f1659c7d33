"""The HTTP front: Bolt's WSGI adapter at /slack/events, plus /healthz, under waitress."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from sqlalchemy import Engine

from bot.services import turns
from bot.store.engine import check_database

EVENTS_PATH = "/slack/events"


def wsgi_app(app: App, engine: Engine) -> Callable[..., Iterable[bytes]]:
    """Route /healthz ourselves; everything else (events, OAuth pages) goes to Bolt."""
    bolt = SlackRequestHandler(app, path=EVENTS_PATH)

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == "/healthz":
            healthy = check_database(engine)
            status = "200 OK" if healthy else "503 Service Unavailable"
            body = b'{"ok": true}' if healthy else b'{"ok": false, "database": "unreachable"}'
            start_response(status, [("Content-Type", "application/json")])
            return [body]
        # Listeners run before the ack; one computes at a time, in arrival order (turns.py)
        with turns.REQUESTS.turn():
            return bolt(environ, start_response)

    return application


def serve(app: App, engine: Engine, port: int, host: str = "0.0.0.0") -> None:
    """Serve until interrupted (waitress: a production WSGI server, threaded)."""
    from waitress import serve as waitress_serve

    waitress_serve(wsgi_app(app, engine), host=host, port=port, threads=8, ident="setbot")
