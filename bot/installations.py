"""OAuth installs with their Slack tokens encrypted at rest, and kept out of the logs.

`EncryptedInstallationStore` wraps slack_sdk's SQLAlchemyInstallationStore: the same tables
(migration 0002), the same queries, but every token is sealed before it is saved and opened
after it is found, so Bolt, the OAuth flow and token rotation only ever see plain tokens and
the database only ever holds sealed ones. It lives here, not in bot/store, because the store
sees no slack_sdk.
"""

from __future__ import annotations

import copy
import logging
import re
from collections.abc import Callable, Sequence
from typing import TypeVar

from slack_sdk.oauth.installation_store import Bot, Installation, InstallationStore
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore

from bot.store.token_crypto import cipher, decrypt, encrypt

INSTALLATION_TOKENS = ("bot_token", "bot_refresh_token", "user_token", "user_refresh_token")
BOT_TOKENS = ("bot_token", "bot_refresh_token")

Record = TypeVar("Record", Installation, Bot)


def _with_tokens(record: Record, fields: tuple[str, ...], change: Callable[[str], str]) -> Record:
    changed = copy.copy(record)  # the caller's object keeps its plain tokens
    for field in fields:
        value = getattr(record, field)
        if value is not None:
            setattr(changed, field, change(value))
    return changed


class EncryptedInstallationStore(InstallationStore):
    """slack_sdk's SQL store with the tokens sealed: `keys[0]` seals, any of `keys` opens.

    A token none of the keys opens raises UnreadableToken: the row is left alone, never
    deleted or overwritten.
    """

    def __init__(self, inner: SQLAlchemyInstallationStore, keys: Sequence[str]) -> None:
        self.inner = inner
        self._box = cipher(keys)

    @property
    def logger(self) -> logging.Logger:
        return self.inner.logger

    def _seal(self, value: str) -> str:
        return encrypt(self._box, value)

    def _open(self, value: str) -> str:
        return decrypt(self._box, value)

    def save(self, installation: Installation) -> None:
        # The inner save writes the bot row too, from this (sealed) installation.
        self.inner.save(_with_tokens(installation, INSTALLATION_TOKENS, self._seal))

    def save_bot(self, bot: Bot) -> None:
        self.inner.save_bot(_with_tokens(bot, BOT_TOKENS, self._seal))

    def find_bot(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None = False,
    ) -> Bot | None:
        bot = self.inner.find_bot(
            enterprise_id=enterprise_id,
            team_id=team_id,
            is_enterprise_install=is_enterprise_install,
        )
        return _with_tokens(bot, BOT_TOKENS, self._open) if bot else None

    def find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        installation = self.inner.find_installation(
            enterprise_id=enterprise_id,
            team_id=team_id,
            user_id=user_id,
            is_enterprise_install=is_enterprise_install,
        )
        if installation is None:
            return None
        return _with_tokens(installation, INSTALLATION_TOKENS, self._open)

    def delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        self.inner.delete_bot(enterprise_id=enterprise_id, team_id=team_id)

    def delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        self.inner.delete_installation(
            enterprise_id=enterprise_id, team_id=team_id, user_id=user_id
        )


# ---- tokens out of the logs ----

# slack_sdk logs every request's parameters and every response's body at DEBUG: the OAuth
# exchange (oauth.v2.access) answers with the new tokens, and token rotation sends one.
SLACK_TOKEN = re.compile(r"\bxox[a-z](?:\.xox[a-z])?-[A-Za-z0-9-]+")
CLIENT_SECRET = re.compile(r"""(['"]client_secret['"]\s*:\s*['"])[^'"]*""")
SLACK_SDK_LOGGERS = ("slack_sdk.web.base_client", "slack_sdk.web.internal_utils")


class RedactSlackTokens(logging.Filter):
    """Replaces Slack tokens and the client secret in a record's message with "[redacted]"."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "xox" in message or "client_secret" in message:
            message = SLACK_TOKEN.sub("[redacted]", message)
            record.msg, record.args = CLIENT_SECRET.sub(r"\1[redacted]", message), None
        return True


def redact_slack_tokens_in_logs() -> None:
    """Filter slack_sdk's Web API loggers (a logger's filter sees only its own records,
    not its children's, hence the exact names). Safe to repeat."""
    for name in SLACK_SDK_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(known, RedactSlackTokens) for known in logger.filters):
            logger.addFilter(RedactSlackTokens())
