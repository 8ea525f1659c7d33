"""Report-backs, the bot's knowledge of Slack users, and days away."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from sqlalchemy import bindparam
from sqlmodel import Session, col, select

from bot.flows.meeting_state import Phase
from bot.store.repo_meetings import LIVE
from bot.store.tables import Away, LearningSet, Meeting, Report, SlackUser

OPEN_PHASES = (Phase.SCHEDULED.value, *LIVE)  # a report-back may still change


def get_report(
    *, session: Session, meeting_id: int, user_id: str, lock: bool = False
) -> Report | None:
    """The member's report-back row; with `lock`, held until commit (PostgreSQL row lock)."""
    query = select(Report).where(Report.meeting_id == meeting_id, Report.user_id == user_id)
    return session.exec(query.with_for_update() if lock else query).first()


def save_report(
    *,
    session: Session,
    meeting_id: int,
    user_id: str,
    data: str,
    complete: bool,
    now: datetime,
    dm_channel: str | None = None,
) -> Report:
    row = get_report(session=session, meeting_id=meeting_id, user_id=user_id)
    if row is None:
        row = Report(meeting_id=meeting_id, user_id=user_id, updated_at=now)
    row.data, row.updated_at = data, now
    if complete and not row.complete:
        row.submitted_at = now
    row.complete = complete
    if dm_channel:
        row.dm_channel = dm_channel
    session.add(row)
    session.flush()
    return row


def start_report(
    *,
    session: Session,
    meeting_id: int,
    user_id: str,
    data: str,
    now: datetime,
    dm_channel: str | None,
) -> None:
    """An empty report-back, where the member has none yet (a form may have come first)."""
    row = get_report(session=session, meeting_id=meeting_id, user_id=user_id)
    if row is None:
        row = Report(meeting_id=meeting_id, user_id=user_id, data=data, updated_at=now)
    elif row.dm_channel or not dm_channel:
        return
    row.dm_channel = dm_channel
    session.add(row)
    session.flush()


def prompt_sent(
    *, session: Session, meeting_id: int, user_id: str, kind: str, ts: str, channel: str
) -> None:
    """Where the member's prompt (or reminder) is, to close it cleanly later."""
    row = get_report(session=session, meeting_id=meeting_id, user_id=user_id)
    if row is None:
        return
    if kind == "reminder":
        row.reminder_ts = ts
    else:
        row.prompt_ts = ts
    row.dm_channel = row.dm_channel or channel
    session.add(row)


def report_shown(*, session: Session, meeting_id: int, user_id: str, channel: str, ts: str) -> None:
    """Where the message showing the member's report is, to update it in place."""
    row = get_report(session=session, meeting_id=meeting_id, user_id=user_id)
    if row is not None:
        row.shown_ts, row.dm_channel = ts, channel or row.dm_channel
        session.add(row)


def live_messages(report: Report) -> list[tuple[str, str]]:
    """The report's other DM messages with live buttons, as (kind, ts)."""
    return [
        (kind, ts)
        for kind, _, ts in (entry.partition(":") for entry in report.live_ts.split())
        if ts
    ]


def keep_live(*, session: Session, meeting_id: int, user_id: str, kind: str, ts: str) -> None:
    """One more message whose buttons close with the meeting (locked: two write-backs at
    once both keep theirs)."""
    row = get_report(session=session, meeting_id=meeting_id, user_id=user_id, lock=True)
    if row is not None and ts:
        row.live_ts = " ".join([*row.live_ts.split(), f"{kind}:{ts}"])
        session.add(row)


def drop_live(report: Report, keep: Callable[[str, str], bool]) -> None:
    """Forget the live messages `keep(kind, ts)` says no (their buttons were closed)."""
    report.live_ts = " ".join(f"{k}:{t}" for k, t in live_messages(report) if keep(k, t))


def reports_of_user(*, session: Session, user_id: str, meeting_ids: list[int]) -> dict[int, Report]:
    """A member's report-backs for several meetings, by meeting, in one query."""
    if not meeting_ids:
        return {}
    rows = session.exec(
        select(Report).where(Report.user_id == user_id, col(Report.meeting_id).in_(meeting_ids))
    )
    return {row.meeting_id: row for row in rows}


def reporters_of_meetings(*, session: Session, meeting_ids: list[int]) -> dict[int, set[str]]:
    """Who has a complete report-back for each of these meetings: one query."""
    found: dict[int, set[str]] = {}
    if not meeting_ids:
        return found
    for meeting_id, user in session.exec(
        select(Report.meeting_id, Report.user_id).where(
            col(Report.meeting_id).in_(meeting_ids),
            Report.complete == True,  # noqa: E712
        )
    ):
        found.setdefault(meeting_id, set()).add(user)
    return found


_REPORTS = select(Report).where(Report.meeting_id == bindparam("meeting_id"))  # built once


def reports_for(*, session: Session, meeting_id: int) -> list[Report]:
    return list(session.exec(_REPORTS, params={"meeting_id": meeting_id}))


def open_reports(*, session: Session, user_id: str) -> list[tuple[Report, Meeting, LearningSet]]:
    """The member's report-backs (and welcomes) of meetings not over yet, with their meeting
    and set, earliest meeting first: what a DM of theirs may be about."""
    rows = session.exec(
        select(Report, Meeting, LearningSet)
        .join(Meeting, col(Meeting.id) == col(Report.meeting_id))
        .join(LearningSet, col(LearningSet.id) == col(Meeting.set_id))
        .where(Report.user_id == user_id, col(Meeting.phase).in_(OPEN_PHASES))
        .order_by(col(Meeting.scheduled_at))
    )
    return [(report, meeting, row) for report, meeting, row in rows]


def find_slack_user(*, session: Session, team_id: str, user_id: str) -> SlackUser | None:
    return session.exec(
        select(SlackUser).where(SlackUser.team_id == team_id, SlackUser.user_id == user_id)
    ).first()


def slack_user(*, session: Session, team_id: str, user_id: str, now: datetime) -> SlackUser:
    """The bot's record of a Slack user, created on first use."""
    row = session.exec(
        select(SlackUser).where(SlackUser.team_id == team_id, SlackUser.user_id == user_id)
    ).first()
    if row is None:
        row = SlackUser(team_id=team_id, user_id=user_id, updated_at=now)
        session.add(row)
        session.flush()
    return row


def remember_user(
    *,
    session: Session,
    team_id: str,
    user_id: str,
    now: datetime,
    dm_channel: str | None = None,
    tz: str | None = None,
    locale: str | None = None,
) -> SlackUser:
    """Keep what Slack told about a user (their DM with the bot, time zone, locale)."""
    row = find_slack_user(session=session, team_id=team_id, user_id=user_id)
    if row is None:
        row = SlackUser(team_id=team_id, user_id=user_id)
    row.dm_channel = dm_channel or row.dm_channel
    row.tz = tz or row.tz
    row.locale = locale or row.locale
    row.updated_at = now
    session.add(row)
    session.flush()
    return row


def known_zones(*, session: Session, team_id: str, user_ids: list[str]) -> dict[str, str | None]:
    rows = session.exec(
        select(SlackUser.user_id, SlackUser.tz).where(
            SlackUser.team_id == team_id, col(SlackUser.user_id).in_(user_ids)
        )
    )
    zones: dict[str, str | None] = dict.fromkeys(user_ids)
    zones.update(dict(rows.all()))
    return zones


def add_away(
    *,
    session: Session,
    set_id: int,
    user_id: str,
    first_day: date,
    last_day: date,
    now: datetime,
) -> None:
    session.add(
        Away(set_id=set_id, user_id=user_id, first_day=first_day, last_day=last_day, created_at=now)
    )
    session.flush()


def aways_of_set(*, session: Session, set_id: int) -> list[tuple[str, date, date]]:
    """Every (member, first day, last day) away the set's members have given."""
    rows = session.exec(select(Away).where(Away.set_id == set_id))
    return [(row.user_id, row.first_day, row.last_day) for row in rows]


def away_on(*, session: Session, set_id: int, day: date) -> set[str]:
    """Members who said they're away on `day`."""
    rows = session.exec(
        select(Away.user_id).where(
            Away.set_id == set_id, col(Away.first_day) <= day, col(Away.last_day) >= day
        )
    )
    return set(rows)


def slack_users(*, session: Session, team_id: str, user_ids: list[str]) -> dict[str, SlackUser]:
    """The bot's records of several Slack users of a workspace, by user id, in one query."""
    if not user_ids:
        return {}
    rows = session.exec(
        select(SlackUser).where(SlackUser.team_id == team_id, col(SlackUser.user_id).in_(user_ids))
    )
    return {row.user_id: row for row in rows}
