"""The baseline for bench/ack.py and bench/soak.py: a bare slack-bolt app that only acks
`/set`, every button and App Home opens, under the same waitress (8 threads) and Bolt WSGI
adapter as Setbot.

    SLACK_BOT_TOKEN=… SLACK_SIGNING_SECRET=… SLACK_API_URL=… PORT=… python bench/bare_bolt.py
"""

from __future__ import annotations

import os
import re
from typing import Any

from slack_bolt import Ack, App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient
from waitress import serve


def main() -> None:
    token, api = os.environ["SLACK_BOT_TOKEN"], os.environ["SLACK_API_URL"]
    app = App(
        token=token,
        signing_secret=os.environ["SLACK_SIGNING_SECRET"],
        client=WebClient(token=token, base_url=api),
    )

    @app.command("/set")
    def command(ack: Ack) -> None:
        ack()

    @app.action(re.compile(".*"))
    def action(ack: Ack) -> None:
        ack()

    @app.event("app_home_opened")
    def home_opened() -> None:
        """Bolt acks events itself."""

    bolt = SlackRequestHandler(app, path="/slack/events")

    def application(environ: dict[str, Any], start_response: Any) -> Any:
        if environ.get("PATH_INFO") == "/healthz":
            start_response("200 OK", [("Content-Type", "application/json")])
            return [b'{"ok": true}']
        return bolt(environ, start_response)

    serve(application, host="127.0.0.1", port=int(os.environ["PORT"]), threads=8, ident="bare")


if __name__ == "__main__":
    main()
