"""Sets and their members."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, delete, literal_column
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bot.flows.set_life import SetStatus, columns_of
from bot.flows.setup import SetConfig
from bot.store import core_reads
from bot.store.tables import LearningSet, Membership

ACTIVE = columns_of(SetStatus.ACTIVE)[0]  # a suspended set is "active" too: it keeps its channel
CLOSED = columns_of(SetStatus.CLOSED)[0]


class ChannelTaken(Exception):
    """The channel already has an active set (the unique index said so)."""


# The reads every command makes, built once: building a statement costs more than running it.
_ACTIVE_SET = select(LearningSet).where(
    LearningSet.team_id == bindparam("team"),
    LearningSet.channel_id == bindparam("channel"),
    # The status is written into the SQL, not bound: a bound value makes SQLite plan the
    # query afresh on every run, to learn whether the partial unique index applies.
    LearningSet.status == literal_column(f"'{ACTIVE}'"),
)
_MEMBERS = (
    select(Membership.user_id)
    .where(Membership.set_id == bindparam("set_id"))
    .order_by(col(Membership.joined_at), col(Membership.id))
)


def get_active_set(*, session: Session, team_id: str, channel_id: str) -> LearningSet | None:
    params = {"team": team_id, "channel": channel_id}
    return core_reads.first(session, LearningSet, _ACTIVE_SET, params)


def last_closed_set(*, session: Session, team_id: str, channel_id: str) -> LearningSet | None:
    return session.exec(
        select(LearningSet)
        .where(
            LearningSet.team_id == team_id,
            LearningSet.channel_id == channel_id,
            LearningSet.status == CLOSED,
        )
        .order_by(col(LearningSet.closed_at).desc(), col(LearningSet.id).desc())
    ).first()


def sets_of_member(*, session: Session, user_id: str) -> list[LearningSet]:
    """The sets a user belongs to, open ones first, then by name."""
    rows = session.exec(
        select(LearningSet)
        .join(Membership, col(Membership.set_id) == col(LearningSet.id))
        .where(Membership.user_id == user_id)
    )
    return sorted(rows, key=lambda r: (r.status != ACTIVE, r.name.lower(), r.id or 0))


def sets_facilitated(*, session: Session, user_id: str) -> list[LearningSet]:
    """Sets whose facilitator (coach) is this user, open ones first."""
    rows = session.exec(select(LearningSet).where(LearningSet.facilitator_id == user_id))
    return sorted(rows, key=lambda r: (r.status != ACTIVE, r.name.lower(), r.id or 0))


def get_set(*, session: Session, set_id: int) -> LearningSet | None:
    return session.get(LearningSet, set_id)


def apply_config(row: LearningSet, config: SetConfig) -> None:
    row.name = config.name
    row.theme = config.theme
    row.facilitator_id = config.facilitator
    row.rotating = config.rotating
    row.cadence = config.cadence.value
    row.weekday = config.weekday
    row.meeting_time = config.at.strftime("%H:%M")
    row.timezone = config.timezone
    row.first_date = config.first_date
    row.meeting_minutes = config.meeting_minutes
    row.meeting_count = config.meeting_count
    row.prompt_lead_hours = config.lead_hours
    row.reminder_hours = config.reminder_hours
    row.ground_rules = config.ground_rules


def create_set(
    *,
    session: Session,
    team_id: str,
    channel_id: str,
    config: SetConfig,
    created_by: str,
    now: datetime,
) -> LearningSet:
    """Insert a set and its members; ChannelTaken if the channel has one already."""
    row = LearningSet(
        team_id=team_id,
        channel_id=channel_id,
        created_by=created_by,
        created_at=now,
        updated_at=now,
        name="",
        facilitator_id="",
        cadence="",
        weekday=0,
        meeting_time="",
        timezone="",
        first_date=config.first_date,
        meeting_minutes=0,
        prompt_lead_hours=0,
        ground_rules="",
    )
    apply_config(row, config)
    try:
        # A savepoint, so a lost race for the channel leaves the session usable.
        with session.begin_nested():
            session.add(row)
    except IntegrityError as error:
        raise ChannelTaken(channel_id) from error
    add_members(session=session, set_id=row.id or 0, user_ids=config.members, now=now)
    return row


def update_set(*, session: Session, row: LearningSet, config: SetConfig, now: datetime) -> None:
    """Save new settings; members are replaced by the form's list."""
    apply_config(row, config)
    row.updated_at = now
    session.add(row)
    current = set(list_members(session=session, set_id=row.id or 0))
    wanted = set(config.members)
    for user in current - wanted:
        remove_member(session=session, set_id=row.id or 0, user_id=user)
    add_members(session=session, set_id=row.id or 0, user_ids=config.members, now=now)


def list_members(*, session: Session, set_id: int) -> list[str]:
    """Member ids in the order they joined."""
    return list(core_reads.rows(session, _MEMBERS, {"set_id": set_id}).scalars())


def members_of_sets(*, session: Session, set_ids: list[int]) -> dict[int, list[str]]:
    """Several sets' members in the order they joined, in one query."""
    if not set_ids:
        return {}
    found: dict[int, list[str]] = {}
    for set_id, user in session.exec(
        select(Membership.set_id, Membership.user_id)
        .where(col(Membership.set_id).in_(set_ids))
        .order_by(col(Membership.joined_at), col(Membership.id))
    ):
        found.setdefault(set_id, []).append(user)
    return found


def add_members(
    *, session: Session, set_id: int, user_ids: tuple[str, ...] | list[str], now: datetime
) -> list[str]:
    """Add those not yet members; returns who was added."""
    existing = set(list_members(session=session, set_id=set_id))
    added = [u for u in dict.fromkeys(user_ids) if u not in existing]
    for user in added:
        session.add(Membership(set_id=set_id, user_id=user, joined_at=now))
    session.flush()
    return added


def remove_member(*, session: Session, set_id: int, user_id: str) -> bool:
    result = session.execute(
        delete(Membership).where(
            col(Membership.set_id) == set_id, col(Membership.user_id) == user_id
        )
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]
