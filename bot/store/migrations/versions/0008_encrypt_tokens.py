"""Slack tokens encrypted at rest (OAuth installs).

The token columns of slack_sdk's tables (migration 0002) widen to hold a Fernet token, and
the tokens already stored are sealed with the newest key in SETBOT_ENCRYPTION_KEY (read
from the environment; `python -m bot` has loaded .env by then). Sealed values are left
alone. Without a key the tokens stay as they are and the migration still succeeds: a
deployment without OAuth has neither; `python -m bot rotate-key` seals them later.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.store.repo_tokens import TOKEN_COLUMNS, rewrite_tokens
from bot.store.token_crypto import ENV_NAME, cipher, decrypt, encrypt, is_encrypted, parse_keys

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PLAIN_LENGTH = 200  # slack_sdk's String(200)
SEALED_LENGTH = 1000  # a 200-character token sealed is 356 characters


def _resize(length: int, existing: int) -> None:
    for table, columns in TOKEN_COLUMNS.items():
        with op.batch_alter_table(table) as batch:
            for column in columns:
                batch.alter_column(
                    column,
                    type_=sa.String(length),
                    existing_type=sa.String(existing),
                    existing_nullable=True,
                )


def upgrade() -> None:
    _resize(SEALED_LENGTH, PLAIN_LENGTH)
    keys = parse_keys(os.environ.get(ENV_NAME))
    if keys:
        box = cipher(keys)
        rewrite_tokens(connection=op.get_bind(), change=lambda value: encrypt(box, value))


def downgrade() -> None:
    keys = parse_keys(os.environ.get(ENV_NAME))
    box = cipher(keys) if keys else None

    def opened(value: str) -> str:
        if not is_encrypted(value):
            return value
        if box is None:
            raise RuntimeError(f"{ENV_NAME} is not set: it is needed to decrypt the Slack tokens")
        return decrypt(box, value)  # UnreadableToken: nothing is written

    rewrite_tokens(connection=op.get_bind(), change=opened)
    _resize(PLAIN_LENGTH, SEALED_LENGTH)
