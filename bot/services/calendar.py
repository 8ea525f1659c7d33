"""Meetings in people's calendars: **Add to my calendar** DMs the set's planned meetings as
an `.ics` file and remembers who added it; when a meeting moves or is called off, each of
them gets the changed events again (same UID, higher SEQUENCE; METHOD:CANCEL)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import Session, select

from bot.blocks import ics
from bot.blocks.text import escape, plural, slack_date
from bot.flows.set_life import SetStatus
from bot.services.core import Deps, DomainError, use_case
from bot.services.guards import life_status
from bot.services.result import Done, Upload, UploadFile
from bot.store import repo_meetings, repo_sets
from bot.store.tables import CalendarSubscriber, LearningSet, Meeting

OPEN_ENDED_SHOWN = 12  # an open-ended set's file holds its next 12 meetings
MOST = 52
NOT_SENT = "Slack wouldn't take the calendar file just now. Press Add to my calendar again."


def _of(row: LearningSet) -> ics.CalendarSet:
    link = ics.channel_link(row.team_id, row.channel_id)
    return ics.CalendarSet(row.name, link, row.timezone, row.meeting_minutes)


def _events(row: LearningSet, meetings: Sequence[Meeting]) -> list[ics.CalendarMeeting]:
    return [
        ics.CalendarMeeting(
            ics.uid(row.team_id, row.id or 0, m.id or 0),
            m.number,
            m.scheduled_at,
            m.calendar_sequence,
        )
        for m in meetings
    ]


def _file(row: LearningSet, content: bytes, what: str) -> UploadFile:
    return UploadFile(ics.filename(row.name), f"{row.name}: {what}", content)


def subscribers(session: Session, row: LearningSet) -> list[str]:
    """Who added the set's calendar and is still in the set (or facilitates it)."""
    added = session.exec(
        select(CalendarSubscriber.user_id).where(CalendarSubscriber.set_id == row.id)
    ).all()
    people = set(repo_sets.list_members(session=session, set_id=row.id or 0))
    people.add(row.facilitator_id)
    return sorted(u for u in added if u in people)


def changed(
    session: Session,
    row: LearningSet,
    moved: Sequence[Meeting],
    cancelled: Sequence[Meeting],
    now: datetime,
    dropped: Sequence[ics.CalendarMeeting] = (),
) -> list[Upload]:
    """Meetings moved or called off (or `dropped` from the plan, their rows gone): their
    SEQUENCE goes up, and everyone who added the set's calendar gets the changed events
    (nobody else hears of it this way)."""
    for meeting in (*moved, *cancelled):
        meeting.calendar_sequence += 1
        session.add(meeting)
    session.flush()
    people = subscribers(session, row)
    called_off = [*_events(row, cancelled), *dropped]
    if not people or not (moved or called_off):
        return []
    files: list[UploadFile] = []
    lines: list[str] = []
    if moved:
        content = ics.build(_of(row), _events(row, moved), now)
        files.append(_file(row, content, "moved meetings"))
        lines += [f"Meeting {m.number} moves to {slack_date(m.scheduled_at)}." for m in moved]
    if called_off:
        content = ics.build(_of(row), called_off, now, cancel=True)
        files.append(UploadFile(f"cancelled-{ics.filename(row.name)}", row.name, content))
        lines += [f"Meeting {m.number} ({slack_date(m.starts)}) is cancelled." for m in called_off]
    comment = (
        f"📅 *{escape(row.name)}*: " + " ".join(lines) + " Open the file to update your calendar."
    )
    return [Upload(user, tuple(files), comment, NOT_SENT) for user in people]


class CalendarService:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    @use_case
    def send(self, team: str, user: str, value: str) -> Done:
        """**Add to my calendar**: the planned meetings as a file in the person's DM."""
        if not value.isdigit():
            raise DomainError("That button has expired. Open App Home for the set's calendar.")
        now = self.deps.clock()
        with self.deps.session() as session:
            row = repo_sets.get_set(session=session, set_id=int(value))
            if row is None or row.team_id != team:
                raise DomainError("That set no longer exists.")
            members = repo_sets.list_members(session=session, set_id=row.id or 0)
            if user not in members and user != row.facilitator_id:
                raise DomainError(
                    f"You're not in *{escape(row.name)}* any more, so there's no calendar to add."
                )
            if life_status(row) == SetStatus.CLOSED:
                raise DomainError(f"*{escape(row.name)}* has closed: it has no meetings to add.")
            planned = [
                m
                for m in repo_meetings.scheduled_meetings(session=session, set_id=row.id or 0)
                if m.scheduled_at > now
            ]
            planned = planned[: OPEN_ENDED_SHOWN if not row.meeting_count else MOST]
            if not planned:
                raise DomainError(
                    f"*{escape(row.name)}* has no meetings planned yet, so there's nothing to "
                    "add. Its facilitator plans them with `/set settings`."
                )
            if session.get(CalendarSubscriber, (row.id, user)) is None:
                session.add(CalendarSubscriber(set_id=row.id or 0, user_id=user, added_at=now))
            content = ics.build(_of(row), _events(row, planned), now)
            name = row.name
        count = plural(len(planned), "meeting")
        more = (
            " The set is open-ended: these are its next 12; add the calendar again later for "
            "the ones after."
            if not row.meeting_count and len(planned) == OPEN_ENDED_SHOWN
            else ""
        )
        comment = (
            f"📅 *{escape(name)}*: {count}. Open the file to add them to your calendar; if one "
            f"moves or is cancelled, I'll send you the change.{more}"
        )
        upload = Upload(user, (_file(row, content, count),), comment, NOT_SENT)
        return Done.say(
            f"I've sent {count} of *{escape(name)}* to our DM as a calendar file.", upload
        )
