"""Every Slack token in slack_sdk's OAuth tables (migration 0002), read and rewritten in bulk:
for `rotate-key`, the check at start and migration 0008. Plain SQL on the column names, so
the store still sees no slack_sdk."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from cryptography.fernet import MultiFernet
from sqlalchemy import Connection

from bot.store.token_crypto import UnreadableToken, decrypt, is_encrypted

TOKEN_COLUMNS: dict[str, tuple[str, ...]] = {
    "slack_installations": ("bot_token", "bot_refresh_token", "user_token", "user_refresh_token"),
    "slack_bots": ("bot_token", "bot_refresh_token"),
}


@dataclass(frozen=True)
class StoredToken:
    table: str
    row_id: int
    column: str
    value: str


@dataclass(frozen=True)
class TokenCheck:
    """How the stored tokens stand against a set of keys."""

    readable: int  # sealed, and one of the keys opens them
    unreadable: int  # sealed, and none of the keys opens them
    plain: int  # stored before encryption (rotate-key seals them)


def _table(name: str) -> sa.TableClause:
    return sa.table(name, sa.column("id"), *(sa.column(column) for column in TOKEN_COLUMNS[name]))


def stored_tokens(*, connection: Connection) -> list[StoredToken]:
    """Every token value that is not NULL, table by table, row by row."""
    found: list[StoredToken] = []
    for name, columns in TOKEN_COLUMNS.items():
        table = _table(name)
        for row in connection.execute(sa.select(table).order_by(table.c.id)).mappings():
            found.extend(
                StoredToken(name, row["id"], column, row[column])
                for column in columns
                if row[column] is not None
            )
    return found


def rewrite_tokens(*, connection: Connection, change: Callable[[str], str]) -> int:
    """Pass every stored token through `change` and keep what differs; returns how many did.

    Every new value is worked out before the first write, so a `change` that raises (a token
    no key opens) leaves every row as it was, whatever the transaction does next.
    """
    updates: dict[tuple[str, int], dict[str, str]] = {}
    for token in stored_tokens(connection=connection):
        new = change(token.value)
        if new != token.value:
            updates.setdefault((token.table, token.row_id), {})[token.column] = new
    for (name, row_id), values in updates.items():
        table = _table(name)
        connection.execute(sa.update(table).where(table.c.id == row_id).values(values))
    return sum(len(values) for values in updates.values())


def check_tokens(*, connection: Connection, box: MultiFernet) -> TokenCheck:
    """Try every stored token against the keys in `box`; nothing is written."""
    readable = unreadable = plain = 0
    for token in stored_tokens(connection=connection):
        if not is_encrypted(token.value):
            plain += 1
            continue
        try:
            decrypt(box, token.value)
            readable += 1
        except UnreadableToken:
            unreadable += 1
    return TokenCheck(readable, unreadable, plain)
