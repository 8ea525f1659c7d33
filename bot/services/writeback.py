"""What Slack's answers change in the database: the outbox's one final transaction."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot.flows import report_back
from bot.services.prompt_plans import replan_for_zone
from bot.services.result import (
    ChartFile,
    ChartRefused,
    ControlMessage,
    Keep,
    LiveButtons,
    Placed,
    PromptSent,
    ReportShown,
    TurnThread,
)
from bot.store import repo_jobs, repo_meetings, repo_reports, repo_sets


def save(session: Session, kept: list[tuple[Keep, Placed]], now: datetime) -> None:
    """Write where Slack put each thing kept: a message's channel and ts, a file's id."""
    for keep, placed in kept:
        if isinstance(keep, ControlMessage):
            repo_meetings.set_control(
                session=session, meeting_id=keep.meeting_id, channel=keep.channel, ts=placed.ts
            )
        elif isinstance(keep, TurnThread):
            repo_meetings.set_thread(
                session=session, meeting_id=keep.meeting_id, slot=keep.slot, thread_ts=placed.ts
            )
        elif isinstance(keep, PromptSent):
            _prompt_sent(session, keep, placed, now)
        elif isinstance(keep, ReportShown):
            repo_reports.report_shown(
                session=session,
                meeting_id=keep.meeting_id,
                user_id=keep.user,
                channel=placed.channel,
                ts=placed.ts,
            )
        elif isinstance(keep, LiveButtons):
            repo_reports.keep_live(
                session=session,
                meeting_id=keep.meeting_id,
                user_id=keep.user,
                kind=keep.kind,
                ts=placed.ts,
            )
        elif isinstance(keep, ChartFile):
            row = repo_sets.get_set(session=session, set_id=keep.set_id)
            if row is not None:
                row.chart_key, row.chart_file_id = keep.key, placed.file
                session.add(row)
        elif isinstance(keep, ChartRefused):
            row = repo_sets.get_set(session=session, set_id=keep.set_id)
            if row is not None:
                row.chart_file_id = ""
                session.add(row)


def learned(session: Session, keep: PromptSent, channel: str | None, now: datetime) -> None:
    """What a delivery learned of its person (DM channel, time zone), kept whether or not
    its message went out this time."""
    learned_dm = channel if channel and channel != keep.known_dm else None
    if learned_dm or keep.zone:
        repo_reports.remember_user(
            session=session,
            team_id=keep.team,
            user_id=keep.user,
            now=now,
            dm_channel=learned_dm,
            tz=keep.zone,
        )
        if keep.zone and keep.zone != keep.set_zone:
            # planned in the set's zone; this person lives elsewhere
            replan_for_zone(session, keep.user, keep.zone)


def _prompt_sent(session: Session, keep: PromptSent, placed: Placed, now: datetime) -> None:
    """A prompt, reminder or brief was sent: what the delivery learned, where the message
    is (to close it cleanly when the meeting starts, or keep the brief up to date), and
    its row done."""
    channel = placed.channel
    learned(session, keep, channel, now)
    data = report_back.dumps(report_back.Report(welcome=keep.welcome)) if keep.new_report else None
    if keep.kind == "brief":  # never a new report
        repo_meetings.set_brief(
            session=session, meeting_id=keep.meeting_id, channel=channel, ts=placed.ts
        )
    else:  # start the report (a prompt, a welcome); keep where it is, to close it later
        close = placed.ts and keep.kind in ("prompt", "reminder", "welcome")
        repo_reports.record_prompt(
            session=session,
            meeting_id=keep.meeting_id,
            user_id=keep.user,
            now=now,
            channel=channel,
            ts=placed.ts,
            new_report=data,
            kind=keep.kind if close else None,
        )
    repo_jobs.finish_sent(session=session, job_id=keep.job_id, now=now)
