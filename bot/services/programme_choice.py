"""A set's programme, chosen in the set form or with `/set programme join`/`leave`: the
choices (this workspace's programmes only), and the move told in the set's channel."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from bot.blocks.form_inputs import VALUE
from bot.blocks.programme_form import NO_PROGRAMME
from bot.blocks.text import escape, mention, mentions
from bot.services.result import Post
from bot.store import repo_programmes
from bot.store.tables import LearningSet


def choices(session: Session, team: str) -> list[tuple[int, str]]:
    return [(p.id or 0, p.name) for p in repo_programmes.of_team(session=session, team_id=team)]


def chosen(session: Session, team: str, values: dict[str, Any]) -> tuple[bool, int | None]:
    """(whether the form chose, the programme chosen). A value naming no programme of this
    workspace (stale, or forged) chooses nothing: the set stays where it is."""
    entry = (values.get("programme") or {}).get(VALUE)
    if entry is None:
        return False, None
    raw = str((entry.get("selected_option") or {}).get("value") or NO_PROGRAMME)
    if raw == NO_PROGRAMME:
        return True, None
    found = repo_programmes.get(session=session, programme_id=int(raw)) if raw.isdigit() else None
    if found is None or found.team_id != team:
        return False, None
    return True, found.id


def move(session: Session, row: LearningSet, to: int | None, user: str) -> Post | None:
    """Put the set in programme `to` (None: in none); what the channel is told, or None
    when nothing changed."""
    if row.programme_id == to:
        return None
    was = repo_programmes.get(session=session, programme_id=row.programme_id or 0)
    row.programme_id = to
    session.add(row)
    session.flush()
    if to is None:
        name = was.name if was else ""
        return Post(
            row.channel_id,
            f"📚 {mention(user)} took *{escape(row.name)}* out of the programme "
            f"*{escape(name)}*: its leads no longer see this set.",
        )
    programme = repo_programmes.get(session=session, programme_id=to)
    leads = repo_programmes.leads(session=session, programme_id=to)
    return Post(
        row.channel_id,
        f"📚 {mention(user)} added *{escape(row.name)}* to the programme "
        f"*{escape(programme.name if programme else '')}*. Its leads ({mentions(leads)}) see "
        "the set's health and the learning you mark shareable; never your reports, "
        "reflections or actions.",
    )
