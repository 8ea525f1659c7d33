"""Builds the Bolt app for the chosen mode and registers every handler."""

from __future__ import annotations

import logging
from concurrent.futures import Executor
from typing import Any

from slack_bolt import App
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Engine

from bot.config import Mode, Settings
from bot.handlers import actions, commands, errors, events, home, messages, middleware, views
from bot.installations import EncryptedInstallationStore, redact_slack_tokens_in_logs
from bot.services import Services

BOT_SCOPES = (
    "app_mentions:read",
    "channels:history",
    "channels:read",
    "chat:write",
    "commands",
    "files:write",
    "groups:history",
    "groups:read",
    "im:history",
    "im:write",
    "reactions:read",
    "users:read",
)


def web_client(api_url: str, token: str | None = None) -> WebClient:
    """A Web API client on `api_url` that retries passing faults. A 429 is not retried
    here: it reaches `PacedGateway`, which holds the workspace back for every worker."""
    return WebClient(
        token=token,
        base_url=api_url,
        timeout=15,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=2),
            ServerErrorRetryHandler(max_retry_count=2),
        ],
    )


class _SameTokenTwice(logging.Filter):
    """Bolt reads SLACK_BOT_TOKEN from the environment by itself and, since our client is
    given too (carrying that very token, on SLACK_API_URL), warns on every start that the
    token goes unused. Nothing is wrong: drop that one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != warning_client_prioritized_and_token_skipped()


def build_app(
    settings: Settings, services: Services, engine: Engine, executor: Executor | None = None
) -> App:
    """The Bolt app; in OAuth mode tokens come from the installation store per team.

    `executor` runs listeners after their ack (Bolt's default: a thread pool).
    """
    logger = logging.getLogger("setbot.bolt")
    if not any(isinstance(f, _SameTokenTwice) for f in logger.filters):
        logger.addFilter(_SameTokenTwice())
    # Listeners run before Bolt answers Slack: an ack costs what precedes it, not Bolt's
    # 10 ms polls for it; what follows the ack runs on `services.outbox.executor`.
    extra: dict[str, Any] = {"process_before_response": True}
    if executor is not None:
        extra["listener_executor"] = executor
        services.outbox.executor = executor
    if settings.mode == Mode.OAUTH:
        redact_slack_tokens_in_logs()
        installations = EncryptedInstallationStore(
            SQLAlchemyInstallationStore(
                client_id=settings.client_id or "", engine=engine, logger=logger
            ),
            settings.encryption_keys,
        )
        states = SQLAlchemyOAuthStateStore(expiration_seconds=600, engine=engine, logger=logger)
        app = App(
            signing_secret=settings.signing_secret,
            client=web_client(settings.api_url),
            logger=logger,
            oauth_settings=OAuthSettings(
                client_id=settings.client_id,
                client_secret=settings.client_secret,
                scopes=list(BOT_SCOPES),
                installation_store=installations,
                state_store=states,
            ),
            **extra,
        )
    else:
        app = App(
            signing_secret=settings.signing_secret or "",
            client=web_client(settings.api_url, settings.bot_token),
            logger=logger,
            request_verification_enabled=settings.mode == Mode.HTTP,
            token_verification_enabled=True,
            **extra,
        )
    middleware.register(app, services)
    commands.register(app, services)
    actions.register(app, services)
    views.register(app, services)
    events.register(app, services)
    messages.register(app, services)
    home.register(app, services)
    errors.register(app, services)
    return app
