"""What Slack's answers change in the database: the outbox's one final transaction, and a
delivery worker's for its whole batch."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache

from sqlmodel import Session

from bot.flows import report_back
from bot.services.prompt_plans import replan_for_zone
from bot.services.result import (
    ChartFile,
    ChartRefused,
    ControlMessage,
    FollowUpState,
    Intervention,
    Keep,
    LiveButtons,
    Placed,
    ProgrammeChartFile,
    PromptSent,
    ReportShown,
    TurnThread,
)
from bot.store import (
    repo_follow_ups,
    repo_jobs,
    repo_meetings,
    repo_programmes,
    repo_prompts,
    repo_reports,
    repo_sets,
    repo_turns,
)
from bot.store.repo_prompts import PromptRecord


@dataclass
class WriteBack:
    """What a delivery worker's batch leaves to write, in one transaction at its end (see
    `save_batch`): where Slack put each message, rows done without one, Home refreshes."""

    kept: list[tuple[Keep, Placed]] = field(default_factory=list)
    finished: list[tuple[int, str | None]] = field(default_factory=list)  # (row, error)
    refreshed: list[int] = field(default_factory=list)
    tried: list[int] = field(default_factory=list)  # the rows delivered since `since`
    since: float = field(default_factory=time.monotonic)

    def __bool__(self) -> bool:
        return bool(self.kept or self.finished or self.refreshed)


def save_batch(session: Session, batch: WriteBack, now: datetime) -> None:
    """A batch's write-back: what Slack showed, and its rows done."""
    save(session, batch.kept, now)
    for job_id, error in batch.finished:
        repo_jobs.finish(session=session, job_id=job_id, now=now, error=error)
    for job_id in batch.refreshed:
        repo_jobs.finish_if_claimed(session=session, job_id=job_id, now=now)


def save(session: Session, kept: list[tuple[Keep, Placed]], now: datetime) -> None:
    """Write where Slack put each thing kept: a message's channel and ts, a file's id. The
    prompts sent (a delivery worker's whole batch) are recorded and their rows finished
    together."""
    prompts: list[PromptRecord] = []
    sent: list[int] = []
    for keep, placed in kept:
        if isinstance(keep, ControlMessage):
            repo_meetings.set_control(
                session=session, meeting_id=keep.meeting_id, channel=keep.channel, ts=placed.ts
            )
        elif isinstance(keep, Intervention):
            repo_meetings.set_intervention(
                session=session, meeting_id=keep.meeting_id, ts=placed.ts, text=keep.text
            )
        elif isinstance(keep, TurnThread):
            repo_turns.set_thread(
                session=session, meeting_id=keep.meeting_id, slot=keep.slot, thread_ts=placed.ts
            )
        elif isinstance(keep, PromptSent):
            record = _prompt_sent(session, keep, placed, now)
            if record is not None:
                prompts.append(record)
            sent.append(keep.job_id)
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
        elif isinstance(keep, FollowUpState):
            repo_follow_ups.set_status(
                session=session, follow_up_id=keep.follow_up_id, status=keep.status
            )
        elif isinstance(keep, ProgrammeChartFile):
            lead = repo_programmes.lead_of(
                session=session, programme_id=keep.programme_id, user_id=keep.user
            )
            if lead is not None:
                lead.chart_key, lead.chart_file_id = keep.key, placed.file
                session.add(lead)
        elif isinstance(keep, ChartRefused):
            row = repo_sets.get_set(session=session, set_id=keep.set_id)
            if row is not None:
                row.chart_file_id = ""
                session.add(row)
    repo_prompts.record_prompts(session=session, records=prompts, now=now)
    repo_jobs.finish_sent(session=session, job_ids=sent, now=now)


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
            locale=keep.locale,
        )
        if keep.zone and keep.zone != keep.set_zone:
            # planned in the set's zone; this person lives elsewhere
            replan_for_zone(session, keep.user, keep.zone)


@cache
def _empty_report(welcome: bool) -> str:
    """A new report's data: the same two strings for every prompt and welcome."""
    return report_back.dumps(report_back.Report(welcome=welcome))


def _prompt_sent(
    session: Session, keep: PromptSent, placed: Placed, now: datetime
) -> PromptRecord | None:
    """A prompt, reminder or brief was sent: what the delivery learned, and where the
    message is (to close it cleanly when the meeting starts, or keep the brief up to date).
    A brief is kept here; the rest are returned, to be recorded together."""
    channel = placed.channel
    learned(session, keep, channel, now)
    if keep.kind == "brief":  # never a new report
        repo_meetings.set_brief(
            session=session, meeting_id=keep.meeting_id, channel=channel, ts=placed.ts
        )
        return None
    # start the report (a prompt, a welcome); keep where it is, to close it later
    close = placed.ts and keep.kind in ("prompt", "reminder", "welcome")
    return PromptRecord(
        meeting_id=keep.meeting_id,
        user_id=keep.user,
        channel=channel,
        ts=placed.ts,
        new_report=_empty_report(keep.welcome) if keep.new_report else None,
        kind=keep.kind if close else None,
    )
