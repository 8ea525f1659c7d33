"""Meetings in people's calendars: **Add to my calendar** DMs the set's planned meetings as
an `.ics` file and remembers who added it; when a meeting moves or is called off, each of
them gets the changed events again (same UID, higher SEQUENCE; METHOD:CANCEL)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import Session

from bot.blocks import ics
from bot.blocks.text import escape, plural, slack_date
from bot.flows.set_life import SetStatus
from bot.services.core import Deps, DomainError, use_case
from bot.services.guards import life_status
from bot.services.result import Done, Upload, UploadFile
from bot.store import repo_calendar, repo_meetings, repo_sets
from bot.store.tables import LearningSet, Meeting

OPEN_ENDED_SHOWN = 12  # an open-ended set's file holds its next 12 meetings
MOST = 52
NOT_SENT = "Slack wouldn't take the calendar file just now. Press Add to my calendar again."


def _of(row: LearningSet) -> ics.CalendarSet:
    link = ics.channel_link(row.team_id, row.channel_id)
    return ics.CalendarSet(row.name, link, row.timezone, row.meeting_minutes)


def _events(row: LearningSet, meetings: Sequence[Meeting]) -> list[ics.CalendarMeeting]:
    return [
        ics.CalendarMeeting(
            ics.uid(row.team_id, row.id or 0, m.id or 0, m.calendar_key),
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
    added = repo_calendar.subscribed(session=session, set_id=row.id or 0)
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
    added: Sequence[Meeting] = (),
) -> list[Upload]:
    """Meetings moved, called off (or `dropped` from the plan, their rows gone) or newly
    `added` to it: the SEQUENCE of those that changed goes up, and everyone who added the
    set's calendar gets the changed events (nobody else hears of it this way)."""
    for meeting in (*moved, *cancelled):
        meeting.calendar_sequence += 1
        session.add(meeting)
    session.flush()
    people = subscribers(session, row)
    called_off = [*_events(row, cancelled), *dropped]
    if not people or not (moved or called_off or added):
        return []
    files: list[UploadFile] = []
    lines: list[str] = []
    if moved or added:
        content = ics.build(_of(row), _events(row, [*moved, *added]), now)
        what = "moved meetings" if not added else "new meetings" if not moved else "changes"
        files.append(_file(row, content, what))
        lines += [f"Meeting {m.number} moves to {slack_date(m.scheduled_at)}." for m in moved]
        if added:
            lines.append(
                f"{plural(len(added), 'new meeting')}, from {slack_date(added[0].scheduled_at)}."
            )
    if called_off:
        content = ics.build(_of(row), called_off, now, cancel=True)
        files.append(UploadFile(f"cancelled-{ics.filename(row.name)}", row.name, content))
        if len(called_off) > 3:
            first = min(called_off, key=lambda m: m.starts)
            many = plural(len(called_off), "meeting")
            lines.append(f"{many} from {slack_date(first.starts)} are cancelled.")
        else:
            lines += [
                f"Meeting {m.number} ({slack_date(m.starts)}) is cancelled." for m in called_off
            ]
    said = " ".join(lines)
    comment = f"📅 *{escape(row.name)}*: {said} Open the file to update your calendar."
    # Pressing Add to my calendar again would not remove a cancelled event: say what changed.
    unsent = (
        f"Slack wouldn't take the calendar update for *{escape(row.name)}*: {said} "
        "Please change your calendar by hand."
    )
    return [Upload(user, tuple(files), comment, unsent) for user in people]


Planned = dict[int, ics.CalendarMeeting]


def planned(session: Session, row: LearningSet) -> Planned:
    """The set's meetings still to come, as its calendar shows them, read before a change:
    `since` then tells the calendars what the change moved, dropped or added."""
    return {
        m.id or 0: ics.CalendarMeeting(
            ics.uid(row.team_id, row.id or 0, m.id or 0, m.calendar_key),
            m.number,
            m.scheduled_at,
            m.calendar_sequence + 1,  # as cancelled, if the change drops it
        )
        for m in repo_meetings.scheduled_meetings(session=session, set_id=row.id or 0)
    }


def since(session: Session, row: LearningSet, before: Planned, now: datetime) -> list[Upload]:
    """What a change of the plan (settings, suspend, reactivate, close) did to the meetings
    `before` it, for those who added the set's calendar."""
    after = repo_meetings.scheduled_meetings(session=session, set_id=row.id or 0)
    moved = [m for m in after if m.id in before and before[m.id].starts != m.scheduled_at]
    added = [m for m in after if m.id not in before]
    kept = {m.id for m in after}
    dropped = [event for i, event in before.items() if i not in kept]
    return changed(session, row, moved, [], now, dropped, added)


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
            upcoming = [
                m
                for m in repo_meetings.scheduled_meetings(session=session, set_id=row.id or 0)
                if m.scheduled_at > now
            ]
            upcoming = upcoming[: OPEN_ENDED_SHOWN if not row.meeting_count else MOST]
            if not upcoming:
                raise DomainError(
                    f"*{escape(row.name)}* has no meetings planned yet, so there's nothing to "
                    "add. Its facilitator plans them with `/set settings`."
                )
            repo_calendar.subscribe(session=session, set_id=row.id or 0, user_id=user, now=now)
            content = ics.build(_of(row), _events(row, upcoming), now)
            name = row.name
        count = plural(len(upcoming), "meeting")
        more = (
            " The set is open-ended: these are its next 12; add the calendar again later for "
            "the ones after."
            if not row.meeting_count and len(upcoming) == OPEN_ENDED_SHOWN
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
