"""Finding a channel's set and checking who may do what, with the reason when not."""

from __future__ import annotations

from sqlmodel import Session

from bot.blocks.text import escape, mention, slack_date
from bot.flows import rota
from bot.flows.set_life import SetStatus, status_of
from bot.services.core import DomainError
from bot.store import repo_sets
from bot.store.tables import LearningSet

NO_SET = "This channel has no set yet. Create one with `/set create`."


def require_set(session: Session, team: str, channel: str) -> LearningSet:
    """The channel's open set; a closed one is read-only, so it is refused with why."""
    row = repo_sets.get_active_set(session=session, team_id=team, channel_id=channel)
    if row is None:
        closed = repo_sets.last_closed_set(session=session, team_id=team, channel_id=channel)
        if closed is not None:
            raise DomainError(closed_message(closed))
        raise DomainError(NO_SET)
    return row


def any_set(session: Session, team: str, channel: str) -> LearningSet:
    """The channel's open set, else its most recently closed one (for read-only uses)."""
    row = repo_sets.get_active_set(session=session, team_id=team, channel_id=channel)
    row = row or repo_sets.last_closed_set(session=session, team_id=team, channel_id=channel)
    if row is None:
        raise DomainError(NO_SET)
    return row


def set_by_id(session: Session, team: str, set_id: int) -> LearningSet:
    """A set a button names, if it is this workspace's."""
    row = repo_sets.get_set(session=session, set_id=set_id)
    if row is None or row.team_id != team:
        raise DomainError("That set no longer exists.")
    return row


def closed_message(row: LearningSet) -> str:
    when = f" on {slack_date(row.closed_at, '{date_long}')}" if row.closed_at else ""
    return (
        f"*{escape(row.name)}* closed{when}, so it is read-only. `/set status`, `/set export` "
        "and `/set forget-me` still work; `/set create` starts a new set here."
    )


def life_status(row: LearningSet) -> SetStatus:
    """Where the set is in its life."""
    return status_of(row.status, row.suspended)


def require_running_calendar(row: LearningSet) -> None:
    if row.suspended:
        raise DomainError(
            f"*{escape(row.name)}* is suspended, so its calendar is stopped. The facilitator "
            "restarts it with `/set reactivate`."
        )


def rota_of(row: LearningSet, members: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """The set's facilitation rota, kept in step with its members."""
    # Until the first meeting moves it on, the rota starts with the facilitator the form chose.
    return rota.sync(tuple(row.rota.split()) or (row.facilitator_id,), members)


def require_facilitator(row: LearningSet, user: str, doing: str) -> None:
    if user != row.facilitator_id:
        raise DomainError(
            f"Only the set's facilitator, {mention(row.facilitator_id)}, can {doing}."
        )


def set_people(row: LearningSet, members: list[str] | tuple[str, ...]) -> list[str]:
    """Everyone whose Home shows this set: its members and its facilitator."""
    return list(dict.fromkeys([*members, row.facilitator_id]))
