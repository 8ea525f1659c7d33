"""`python -m bot`: the one composition root.

python -m bot              run the bot (migrations applied first)
python -m bot migrate      apply database migrations and exit
python -m bot rotate-key   re-encrypt every stored Slack token (OAuth) with the newest key
                           in SETBOT_ENCRYPTION_KEY; tokens stored unencrypted are sealed too
python -m bot new-key      print a fresh key for SETBOT_ENCRYPTION_KEY
python -m bot --help       this, and every setting
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from concurrent.futures import Executor
from datetime import datetime

from slack_bolt import App
from slack_bolt.error import BoltError
from slack_sdk import WebClient
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from bot import config, scheduler, web
from bot.app import build_app, web_client
from bot.services import Services, build_services
from bot.services.core import utcnow
from bot.services.gateway import WebGateway
from bot.store.engine import make_engine
from bot.store.migrate import upgrade
from bot.store.repo_tokens import check_tokens, rewrite_tokens
from bot.store.token_crypto import UnreadableToken, cipher, new_key, reencrypt

log = logging.getLogger("setbot")
USAGE = "usage: python -m bot [run | migrate | rotate-key | new-key | --help]"
COMMANDS = ("run", "migrate", "rotate-key", "new-key")
HELP = f"""Setbot: action learning sets, facilitated inside Slack.

{USAGE}

  run          run the bot (the default): migrations first, then HTTP or Socket Mode
  migrate      apply the database migrations and exit
  rotate-key   re-encrypt the stored Slack tokens (OAuth) with the newest key
  new-key      print a fresh key for SETBOT_ENCRYPTION_KEY

Settings (environment variables, or a .env file in this folder):
  SLACK_BOT_TOKEN        the Bot User OAuth Token, xoxb-… (one workspace)
  SLACK_SIGNING_SECRET   the Signing Secret (HTTP mode and OAuth)
  SLACK_APP_TOKEN        an App-Level Token, xapp-…: Socket Mode instead of HTTP
  SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET
                         OAuth: install into many workspaces (with SETBOT_ENCRYPTION_KEY)
  SETBOT_ENCRYPTION_KEY  Fernet key(s) for tokens at rest, newest first (OAuth)
  DATABASE_URL           sqlite:///setbot.db (the default) or postgresql://…
  PORT                   HTTP port (3000); Slack posts to /slack/events
  SLACK_API_URL          the Web API's base URL (https://slack.com/api/)
  SETBOT_POST_RATE       messages per second per workspace (5)
  LOG_LEVEL              INFO (the default), DEBUG, WARNING…
"""


def fail(message: str, doing: str = "start") -> int:
    print(f"Setbot can't {doing}: {message}", file=sys.stderr)
    return 2


def client_factory(settings: config.Settings) -> Callable[[str], WebClient]:
    """Team id → Web API client. One workspace: one client. OAuth: filled in by `wire`."""
    shared = web_client(settings.api_url, settings.bot_token)
    return lambda _team: shared


def oauth_clients(app: App, api_url: str) -> Callable[[str], WebClient]:
    def client_for(team: str) -> WebClient:
        store = app.installation_store
        installation = store.find_installation(enterprise_id=None, team_id=team) if store else None
        token = installation.bot_token if installation else None
        return web_client(api_url, token)

    return client_for


def wire(
    settings: config.Settings,
    engine: Engine,
    clock: Callable[[], datetime] = utcnow,
    executor: Executor | None = None,
) -> tuple[App, Services]:
    """Build services and the Bolt app; in OAuth mode clients come from installations."""
    holder: dict[str, Callable[[str], WebClient]] = {"clients": client_factory(settings)}
    services = build_services(
        engine, lambda team: WebGateway(holder["clients"](team)), clock, settings.post_rate
    )
    app = build_app(settings, services, engine, executor)
    if settings.mode == config.Mode.OAUTH:
        holder["clients"] = oauth_clients(app, settings.api_url)
    return app, services


def rotate_key(engine: Engine, keys: tuple[str, ...]) -> int:
    """Seal every stored token with the newest key, in one transaction. If no key opens one
    of them, nothing is written: a wrong key never costs a token."""
    box = cipher(keys)
    try:
        with engine.begin() as connection:
            plain = check_tokens(connection=connection, box=box).plain
            count = rewrite_tokens(connection=connection, change=lambda v: reencrypt(box, v))
    except UnreadableToken as error:
        return fail(str(error), "rotate the key")
    unsealed = f" ({plain} of them were stored unencrypted)" if plain else ""
    print(f"Re-encrypted {count} Slack tokens with the newest key{unsealed}.")
    return 0


def stored_tokens_problem(engine: Engine, keys: tuple[str, ...]) -> str | None:
    """Why the bot can't use the stored tokens (OAuth), checked before it serves anyone."""
    with engine.connect() as connection:
        found = check_tokens(connection=connection, box=cipher(keys))
    if found.unreadable:
        return str(UnreadableToken())
    if found.plain:
        log.warning(
            "%d Slack tokens are stored unencrypted: run `python -m bot rotate-key`", found.plain
        )
    return None


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "run"
    if command in ("-h", "--help", "help"):
        print(HELP)
        return 0
    if command not in COMMANDS:
        print(USAGE, file=sys.stderr)
        return 2
    if command == "new-key":
        print(new_key())
        return 0
    doing = "rotate the key" if command == "rotate-key" else "start"
    try:
        settings = config.load() if command == "run" else config.load_database_only()
        if command == "rotate-key":
            config.require_encryption_keys(settings)
    except config.ConfigError as error:
        return fail(str(error), doing)
    logging.basicConfig(
        level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    # APScheduler says "Running job …" and "executed successfully" every wake-up (5 s) at
    # INFO: noise in an operator's log. Its warnings (a missed run) still show.
    quiet = max(logging.getLevelName(settings.log_level), logging.WARNING)
    logging.getLogger("apscheduler").setLevel(quiet)
    try:
        upgrade(settings.database_url)
    except SQLAlchemyError as error:
        return fail(
            f"the database at DATABASE_URL is not usable: {error.__class__.__name__}: "
            f"{str(error).splitlines()[0][:200]}",
            doing,
        )
    if command == "migrate":
        print("Database is up to date.")
        return 0
    engine = make_engine(settings.database_url)
    if command == "rotate-key":
        try:
            return rotate_key(engine, settings.encryption_keys)
        finally:
            engine.dispose()
    if settings.mode == config.Mode.OAUTH and (
        problem := stored_tokens_problem(engine, settings.encryption_keys)
    ):
        engine.dispose()
        return fail(problem)
    try:
        app, services = wire(settings, engine)
    except BoltError as error:
        return fail(f"Slack refused the credentials ({str(error)[:200]}). Check SLACK_BOT_TOKEN.")
    except OSError as error:  # auth.test at start: Slack (or SLACK_API_URL) unreachable
        engine.dispose()
        reason = getattr(error, "reason", None) or error
        return fail(
            f"Slack's Web API at {settings.api_url} did not answer ({str(reason)[:200]}). "
            "Check SLACK_API_URL and this machine's network."
        )
    scheduler.start(services.due.run)
    if settings.mode == config.Mode.SOCKET:
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        log.info("Setbot running in Socket Mode")
        SocketModeHandler(app, settings.app_token).start()
    else:
        log.info(
            "Setbot listening on port %s at %s (%s mode)",
            settings.port,
            web.EVENTS_PATH,
            settings.mode.value,
        )
        web.serve(app, engine, settings.port)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
