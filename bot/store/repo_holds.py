"""Slack's Retry-After, kept where every worker of every replica sees it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from bot.store.tables import SlackHold


def hold(*, session: Session, team_id: str, method: str, until: datetime) -> None:
    """Nobody calls `method` for `team_id` before `until`; a later hold already kept wins.
    One upsert, so two replicas told 429 at once both land."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(SlackHold).values(team_id=team_id, method=method, until=until)
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["team_id", "method"],
            set_={"until": statement.excluded.until},
            where=col(SlackHold.until) < statement.excluded.until,
        )
    )


def holds_of(*, session: Session, team_id: str, now: datetime) -> dict[str, datetime]:
    """The workspace's methods held back at `now`, and until when."""
    rows = session.exec(
        select(SlackHold).where(SlackHold.team_id == team_id, col(SlackHold.until) > now)
    )
    return {row.method: row.until for row in rows}
