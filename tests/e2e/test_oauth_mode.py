"""Many workspaces: HTTP mode with Slack's OAuth install, installations kept in the database."""

from __future__ import annotations

import urllib.parse
from pathlib import Path
from wsgiref.util import setup_testing_defaults

import yaml

from bot import config
from bot.__main__ import wire
from bot.app import BOT_SCOPES
from bot.store.engine import make_engine
from bot.store.migrate import upgrade
from bot.web import wsgi_app

ROOT = Path(__file__).resolve().parents[2]


def get(app, path: str, query: str = "") -> tuple[str, dict[str, str], str]:
    environ: dict = {"PATH_INFO": path, "QUERY_STRING": query, "REQUEST_METHOD": "GET"}
    setup_testing_defaults(environ)
    seen: dict = {}

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        seen["status"], seen["headers"] = status, dict(headers)

    body = b"".join(app(environ, start_response)).decode()
    return seen["status"], seen["headers"], body


def oauth_app(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'setbot.db'}"
    settings = config.load(
        env={
            "SLACK_SIGNING_SECRET": "secret",
            "SLACK_CLIENT_ID": "111.222",
            "SLACK_CLIENT_SECRET": "client-secret",
            "SLACK_STATE_SECRET": "state-secret",
            "DATABASE_URL": url,
        },
        dotenv=False,
    )
    assert settings.mode == config.Mode.OAUTH
    upgrade(url)
    engine = make_engine(url)
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
