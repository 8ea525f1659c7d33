"""Many workspaces: HTTP mode with Slack's OAuth install, installations kept in the database."""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import logging
import threading
import time
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from wsgiref.util import setup_testing_defaults

import pytest
import yaml
from cryptography.fernet import Fernet
from sqlalchemy import text

from bot import config
from bot.__main__ import oauth_clients, wire
from bot.app import BOT_SCOPES
from bot.store.engine import make_engine
from bot.store.migrate import upgrade
from bot.web import wsgi_app

ROOT = Path(__file__).resolve().parents[2]
KEY = Fernet.generate_key().decode()
SIGNING_SECRET = "secret"
BOT_TOKEN = "xoxb-4444-5555-installedbytheoauthflow"
USER_TOKEN = "xoxp-4444-5555-6666-theinstallersowntoken"


def get(app, path: str, query: str = "", cookie: str = "") -> tuple[str, dict[str, str], str]:
    environ: dict = {"PATH_INFO": path, "QUERY_STRING": query, "REQUEST_METHOD": "GET"}
    if cookie:
        environ["HTTP_COOKIE"] = cookie
    setup_testing_defaults(environ)
    seen: dict = {}

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        seen["status"], seen["headers"] = status, dict(headers)

    body = b"".join(app(environ, start_response)).decode()
    return seen["status"], seen["headers"], body


def post_event(app, body: dict[str, Any]) -> str:
    """A signed Events API request, as Slack sends it."""
    raw = json.dumps(body).encode()
    stamp = str(int(time.time()))
    signed = hmac.new(SIGNING_SECRET.encode(), f"v0:{stamp}:".encode() + raw, hashlib.sha256)
    environ: dict = {
        "PATH_INFO": "/slack/events",
        "REQUEST_METHOD": "POST",
        "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": str(len(raw)),
        "HTTP_X_SLACK_REQUEST_TIMESTAMP": stamp,
        "HTTP_X_SLACK_SIGNATURE": "v0=" + signed.hexdigest(),
        "wsgi.input": io.BytesIO(raw),
    }
    setup_testing_defaults(environ)
    seen: dict = {}

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        seen["status"] = status

    b"".join(app(environ, start_response))
    return seen["status"]


def oauth_settings(tmp_path: Path, api_url: str | None = None) -> config.Settings:
    env = {
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_CLIENT_ID": "111.222",
        "SLACK_CLIENT_SECRET": "client-secret",
        "SLACK_STATE_SECRET": "state-secret",
        "SETBOT_ENCRYPTION_KEY": KEY,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'setbot.db'}",
    }
    if api_url:
        env["SLACK_API_URL"] = api_url
    settings = config.load(env=env, dotenv=False)
    assert settings.mode == config.Mode.OAUTH
    return settings


def oauth_app(tmp_path: Path):
    settings = oauth_settings(tmp_path)
    upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    app, _ = wire(settings, engine)
    return wsgi_app(app, engine)


def test_install_page_sends_admins_to_slack_with_our_scopes(tmp_path: Path) -> None:
    app = oauth_app(tmp_path)
    status, headers, body = get(app, "/slack/install")
    assert status.startswith("200") or status.startswith("302")
    link = headers.get("Location") or body
    assert "slack.com/oauth/v2/authorize" in link and "client_id=111.222" in link
    scopes = urllib.parse.unquote(link.split("scope=")[1].split("&")[0])
    assert set(scopes.split(",")) == set(BOT_SCOPES)


def test_a_callback_with_a_forged_state_is_refused_plainly(tmp_path: Path) -> None:
    app = oauth_app(tmp_path)
    status, _, body = get(app, "/slack/oauth_redirect", "code=abc&state=forged")
    assert status.startswith("400") and "Traceback" not in body


def test_health_is_served_in_oauth_mode(tmp_path: Path) -> None:
    status, _, body = get(oauth_app(tmp_path), "/healthz")
    assert status.startswith("200") and '"ok": true' in body


def test_the_manifest_asks_for_exactly_the_scopes_the_bot_requests() -> None:
    manifest = yaml.safe_load((ROOT / "manifest.yml").read_text())
    assert set(manifest["oauth_config"]["scopes"]["bot"]) == set(BOT_SCOPES)


# ---- a whole install: Slack's side of the OAuth exchange, and the tokens it hands over ----


class SlackOAuth(ThreadingHTTPServer):
    """Slack's Web API as far as an install needs it: oauth.v2.access hands over the tokens,
    auth.test says whose a token is. Every other method answers ok. Records the tokens
    it was called with."""

    def __init__(self) -> None:
        self.bearers: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                server.bearers.append(self.headers.get("Authorization", ""))
                body = server.answer(self.path.rsplit("/", 1)[-1])
                raw = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        super().__init__(("127.0.0.1", 0), Handler)

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/api/"

    def answer(self, method: str) -> dict[str, Any]:
        if method == "oauth.v2.access":
            return {
                "ok": True,
                "app_id": "A111",
                "authed_user": {"id": "U111", "scope": "", "access_token": USER_TOKEN},
                "scope": ",".join(BOT_SCOPES),
                "token_type": "bot",
                "access_token": BOT_TOKEN,
                "bot_user_id": "UBOT",
                "team": {"id": "T111", "name": "Acme"},
                "enterprise": None,
                "is_enterprise_install": False,
            }
        if method == "auth.test":
            return {"ok": True, "team_id": "T111", "user_id": "UBOT", "bot_id": "B111"}
        return {"ok": True}


@pytest.fixture
def slack_oauth() -> Iterator[SlackOAuth]:
    server = SlackOAuth()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_an_install_keeps_its_tokens_encrypted_and_out_of_the_logs(
    tmp_path: Path, slack_oauth: SlackOAuth, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    settings = oauth_settings(tmp_path, slack_oauth.api_url)
    upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    try:
        bolt, _ = wire(settings, engine)
        app = wsgi_app(bolt, engine)

        status, headers, body = get(app, "/slack/install")
        link = headers.get("Location") or body
        state = urllib.parse.parse_qs(link.split("?", 1)[1].split('"')[0])["state"][0]
        cookie = f"slack-app-oauth-state={state}"
        status, _, body = get(app, "/slack/oauth_redirect", f"code=c0de&state={state}", cookie)
        assert status.startswith("200"), body

        with engine.connect() as connection:
            stored = connection.execute(
                text("SELECT bot_token, user_token FROM slack_installations")
            ).one()
            bot_row = connection.execute(text("SELECT bot_token FROM slack_bots")).one()
        for cell in (*stored, *bot_row):
            assert cell.startswith("gAAAAA") and "xox" not in cell

        # The tokens come back plain where they are used: Bolt's authorize and our clients.
        assert oauth_clients(bolt, settings.api_url)("T111").token == BOT_TOKEN
        status = post_event(
            app,
            {
                "type": "event_callback",
                "team_id": "T111",
                "api_app_id": "A111",
                "event_id": "Ev111",
                "event_time": int(time.time()),
                "event": {"type": "channel_created", "channel": {"id": "C111"}},
            },
        )
        assert status.startswith(("200", "404"))
        assert f"Bearer {BOT_TOKEN}" in slack_oauth.bearers
    finally:
        engine.dispose()

    logged = [(record.getMessage(), str(record.args), record.exc_text) for record in caplog.records]
    assert any("oauth.v2.access" in message for message, *_ in logged)  # DEBUG was on
    for token in (BOT_TOKEN, USER_TOKEN, "client-secret"):
        assert token not in caplog.text
        assert not any(token in part for entry in logged for part in entry if part)
