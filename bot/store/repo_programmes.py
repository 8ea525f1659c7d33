"""Programmes of a workspace, their leads and their sets."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session, col, select

from bot.store.tables import Learning, LearningSet, Meeting, Membership, SlackUser
from bot.store.tables_programme import Programme, ProgrammeLead


def name_key(name: str) -> str:
    """What makes two names the same programme: case and outer spaces don't."""
    return " ".join(name.split()).casefold()[:80]


def create(
    *,
    session: Session,
    team_id: str,
    name: str,
    leads: list[str],
    by: str,
    end_date: date | None,
    digest_weekday: int,
    digest_hour: int,
    follow_up_days: int,
    now: datetime,
) -> Programme:
    row = Programme(
        team_id=team_id,
        name=name,
        name_key=name_key(name),
        end_date=end_date,
        digest_weekday=digest_weekday,
        digest_hour=digest_hour,
        follow_up_days=follow_up_days,
        created_by=by,
        created_at=now,
    )
    session.add(row)
    session.flush()
    for user in dict.fromkeys(leads):
        session.add(ProgrammeLead(programme_id=row.id or 0, user_id=user))
    session.flush()
    return row


def by_name(*, session: Session, team_id: str, name: str) -> Programme | None:
    query = select(Programme).where(
        Programme.team_id == team_id, Programme.name_key == name_key(name)
    )
    return session.exec(query).first()


def get(*, session: Session, programme_id: int) -> Programme | None:
    return session.get(Programme, programme_id)


def of_team(*, session: Session, team_id: str) -> list[Programme]:
    query = select(Programme).where(Programme.team_id == team_id).order_by(col(Programme.name_key))
    return list(session.exec(query))


def leads(*, session: Session, programme_id: int) -> list[str]:
    query = select(ProgrammeLead.user_id).where(ProgrammeLead.programme_id == programme_id)
    return sorted(session.exec(query).all())


def led_by(
    *, session: Session, user_id: str, team_id: str | None = None
) -> list[tuple[Programme, ProgrammeLead]]:
    """The programmes `user_id` leads (in `team_id`, when given), by name."""
    query = (
        select(Programme, ProgrammeLead)
        .join(ProgrammeLead, col(ProgrammeLead.programme_id) == col(Programme.id))
        .where(ProgrammeLead.user_id == user_id)
        .order_by(col(Programme.name_key))
    )
    if team_id is not None:
        query = query.where(Programme.team_id == team_id)
    return [(p, lead) for p, lead in session.exec(query)]


def sets_of_programmes(
    *, session: Session, programme_ids: list[int]
) -> dict[int, list[LearningSet]]:
    """The sets of several programmes in one query: programme id → its sets."""
    if not programme_ids:
        return {}
    found: dict[int, list[LearningSet]] = {pid: [] for pid in programme_ids}
    query = select(LearningSet).where(col(LearningSet.programme_id).in_(programme_ids))
    for row in session.exec(query.order_by(col(LearningSet.id))):
        found[row.programme_id or 0].append(row)
    return found


def lead_of(*, session: Session, programme_id: int, user_id: str) -> ProgrammeLead | None:
    return session.get(ProgrammeLead, (programme_id, user_id))


def sets_of(*, session: Session, programme_id: int) -> list[LearningSet]:
    query = (
        select(LearningSet)
        .where(LearningSet.programme_id == programme_id)
        .order_by(col(LearningSet.id))
    )
    return list(session.exec(query))


def shared_learnings(
    *, session: Session, programme_ids: list[int], limit: int = 500
) -> list[tuple[int, str, int, Learning]]:
    """The learnings their authors marked shareable, in the programmes' sets, newest first:
    (programme id, set name, meeting number, learning). Nothing else of a set's record."""
    if not programme_ids:
        return []
    query = (
        select(LearningSet.programme_id, LearningSet.name, Meeting.number, Learning)
        .join(Learning, col(Learning.set_id) == col(LearningSet.id))
        .join(Meeting, col(Meeting.id) == col(Learning.meeting_id))
        .where(col(LearningSet.programme_id).in_(programme_ids), Learning.shareable == True)  # noqa: E712
        .order_by(col(Learning.updated_at).desc(), col(Learning.id).desc())
        .limit(limit)
    )
    return [(pid or 0, name, number, item) for pid, name, number, item in session.exec(query)]


def locales(*, session: Session, programme_ids: list[int]) -> list[str | None]:
    """The Slack locales known for the members of the programmes' sets."""
    if not programme_ids:
        return []
    query = (
        select(SlackUser.locale)
        .join(Membership, col(Membership.user_id) == col(SlackUser.user_id))
        .join(LearningSet, col(LearningSet.id) == col(Membership.set_id))
        .where(
            col(LearningSet.programme_id).in_(programme_ids),
            col(SlackUser.team_id) == col(LearningSet.team_id),
        )
        .distinct()
    )
    return list(session.exec(query).all())
