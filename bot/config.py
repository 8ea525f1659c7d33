"""Settings from the environment (and `.env`), validated once at start.

A missing or malformed value raises `ConfigError` whose message is one line naming the
variable and what to do; `python -m bot` prints it and exits instead of a traceback.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from urllib.parse import urlparse

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from bot.store.engine import default_database_url, normalize_url
from bot.store.token_crypto import ENV_NAME as KEY_ENV
from bot.store.token_crypto import NEW_KEY_HINT, BadKey, parse_keys

SLACK_API_DEFAULT = "https://slack.com/api/"
ENV_HINT = "Set it in .env (see .env.example) or in the environment."


class ConfigError(Exception):
    """A setting is missing or wrong; the message says which and what to do."""


class Mode(StrEnum):
    SOCKET = "socket"  # one workspace, Socket Mode
    HTTP = "http"  # one workspace, Slack posts to /slack/events
    OAUTH = "oauth"  # many workspaces, HTTP with Slack's OAuth install flow


@dataclass(frozen=True)
class Settings:
    mode: Mode
    bot_token: str | None
    signing_secret: str | None
    app_token: str | None
    port: int
    api_url: str
    database_url: str
    client_id: str | None = None
    client_secret: str | None = None
    state_secret: str | None = None
    log_level: str = "INFO"
    post_rate: float = 5.0  # chat.postMessage per second per workspace (SETBOT_POST_RATE)
    encryption_keys: tuple[str, ...] = ()  # Fernet keys, newest first (SETBOT_ENCRYPTION_KEY)


def _get(env: Mapping[str, str], name: str) -> str | None:
    value = env.get(name, "").strip()
    return value or None


def _require(env: Mapping[str, str], name: str, what: str, prefix: str = "") -> str:
    value = _get(env, name)
    if value is None:
        raise ConfigError(f"{name} is missing: {what}. {ENV_HINT}")
    if prefix and not value.startswith(prefix):
        raise ConfigError(f"{name} must start with '{prefix}': {what}. {ENV_HINT}")
    return value


def _port(env: Mapping[str, str]) -> int:
    raw = _get(env, "PORT") or "3000"
    if not raw.isdigit() or not 1 <= int(raw) <= 65535:
        raise ConfigError(f"PORT must be a number from 1 to 65535 (got '{raw[:20]}').")
    return int(raw)


def _api_url(env: Mapping[str, str]) -> str:
    raw = _get(env, "SLACK_API_URL") or SLACK_API_DEFAULT
    parsed = urlparse(raw)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ConfigError(
            f"SLACK_API_URL must be an http(s) URL such as {SLACK_API_DEFAULT} (got '{raw[:60]}')."
        )
    return raw if raw.endswith("/") else raw + "/"


def _database_url(env: Mapping[str, str]) -> str:
    raw = _get(env, "DATABASE_URL") or default_database_url()
    try:
        backend = make_url(normalize_url(raw)).get_backend_name()
    except ArgumentError:
        backend = ""
    if backend not in ("sqlite", "postgresql"):
        raise ConfigError(
            "DATABASE_URL must be a SQLite or PostgreSQL URL, e.g. sqlite:///setbot.db or "
            "postgresql://user:password@host/dbname; leave it unset for the SQLite default."
        )
    return raw


def _log_level(env: Mapping[str, str]) -> str:
    level = (_get(env, "LOG_LEVEL") or "INFO").upper()
    if level not in ("DEBUG", "INFO", "WARNING", "ERROR"):
        raise ConfigError(f"LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR (got '{level[:20]}').")
    return level


def _post_rate(env: Mapping[str, str]) -> float:
    raw = _get(env, "SETBOT_POST_RATE") or "5"
    try:
        rate = float(raw)
    except ValueError:
        rate = 0.0
    if not 0.1 <= rate <= 1000:
        raise ConfigError(
            f"SETBOT_POST_RATE must be messages per second per workspace, from 0.1 to 1000 "
            f"(got '{raw[:20]}'); leave it unset for 5."
        )
    return rate


def _encryption_keys(env: Mapping[str, str]) -> tuple[str, ...]:
    try:
        return parse_keys(_get(env, KEY_ENV))
    except BadKey as error:
        raise ConfigError(str(error)) from None


def require_encryption_keys(settings: Settings) -> tuple[str, ...]:
    """The token keys, or ConfigError saying how to make one (OAuth and `rotate-key`)."""
    if not settings.encryption_keys:
        raise ConfigError(
            f"{KEY_ENV} is missing: OAuth mode stores Slack tokens encrypted; {NEW_KEY_HINT}. "
            f"{ENV_HINT}"
        )
    return settings.encryption_keys


def load(env: Mapping[str, str] | None = None, dotenv: bool = True) -> Settings:
    """Read and check every setting; raise ConfigError on the first problem."""
    if env is None:
        if dotenv:
            from dotenv import load_dotenv

            load_dotenv(override=False)
        env = os.environ
    base = _base(env)
    bot_what = "the Bot User OAuth Token (xoxb-…) from your Slack app's OAuth & Permissions page"
    secret_what = "the Signing Secret from your Slack app's Basic Information page"
    if _get(env, "SLACK_CLIENT_ID") and not _get(env, "SLACK_APP_TOKEN"):
        return replace(
            base,
            mode=Mode.OAUTH,
            signing_secret=_require(env, "SLACK_SIGNING_SECRET", secret_what),
            client_id=_require(env, "SLACK_CLIENT_ID", "your app's Client ID"),
            client_secret=_require(env, "SLACK_CLIENT_SECRET", "your app's Client Secret"),
            state_secret=_require(
                env, "SLACK_STATE_SECRET", "any long random string, used to sign OAuth state"
            ),
            encryption_keys=require_encryption_keys(base),
        )
    bot_token = _require(env, "SLACK_BOT_TOKEN", bot_what, prefix="xox")
    if _get(env, "SLACK_APP_TOKEN"):
        app_what = "an App-Level Token with connections:write (Basic Information page)"
        return replace(
            base,
            mode=Mode.SOCKET,
            bot_token=bot_token,
            signing_secret=_get(env, "SLACK_SIGNING_SECRET"),
            app_token=_require(env, "SLACK_APP_TOKEN", app_what, prefix="xapp-"),
        )
    http_what = (
        f"{secret_what}, for HTTP mode (Slack posts to /slack/events); for Socket Mode, set "
        "SLACK_APP_TOKEN (an App-Level Token, xapp-…) instead"
    )
    return replace(
        base,
        bot_token=bot_token,
        signing_secret=_require(env, "SLACK_SIGNING_SECRET", http_what),
    )


def load_database_only(env: Mapping[str, str] | None = None) -> Settings:
    """What `migrate` and `rotate-key` need: the database, logging and the token keys."""
    if env is None:
        from dotenv import load_dotenv

        load_dotenv(override=False)
        env = os.environ
    return Settings(
        mode=Mode.HTTP,
        bot_token=None,
        signing_secret=None,
        app_token=None,
        port=3000,
        api_url=SLACK_API_DEFAULT,
        database_url=_database_url(env),
        log_level=_log_level(env),
        encryption_keys=_encryption_keys(env),
    )


def _base(env: Mapping[str, str]) -> Settings:
    """The settings every mode shares, in HTTP mode with no credentials yet."""
    return Settings(
        mode=Mode.HTTP,
        bot_token=None,
        signing_secret=None,
        app_token=None,
        port=_port(env),
        api_url=_api_url(env),
        database_url=_database_url(env),
        log_level=_log_level(env),
        post_rate=_post_rate(env),
        encryption_keys=_encryption_keys(env),
    )
