"""A live turn's timer fell due: "one minute left" or "time is up" in the turn's thread,
and the control message brought up to date; nothing if the turn has moved on. The minute
refresh (timer_tick) only updates the control message's time left and books the next one;
one that comes late (Slack held us back) is skipped, never queued up behind the next."""

from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta

from sqlmodel import Session

from bot.blocks import meeting as views
from bot.flows import meeting_codec
from bot.services import lookups, meeting_render
from bot.services.meeting_rows import TICK as TICK_EVERY
from bot.services.meeting_rows import tick_job
from bot.services.result import Done, Post
from bot.store import repo_jobs, repo_meetings, repo_sets, repo_turns
from bot.store.tables import DueJob

log = logging.getLogger("setbot.due")

TIMERS = ("timer_warn", "timer_over", "timer_tick")
TICK = "timer_tick"
LATE = timedelta(seconds=50)  # a refresh this late is skipped: the next one is due soon


def timer_notice(session: Session, job: DueJob, now: datetime) -> Done:
    """The notice, if the turn is still the one timed."""
    payload = json.loads(job.payload or "{}")
    meeting = repo_meetings.get_meeting(session=session, meeting_id=job.meeting_id or 0)
    row = repo_sets.get_set(session=session, set_id=meeting.set_id) if meeting else None
    if meeting is None or row is None:
        return Done()
    state = meeting_codec.loads(meeting.state)
    if not state.live or state.paused or state.slot != payload.get("slot"):
        log.info("timer %s no longer applies", job.key)
        return Done()
    thread = None
    if state.speaker:
        thread = repo_turns.current_thread(
            session=session, meeting_id=meeting.id or 0, user_id=state.speaker
        )
    members = repo_sets.list_members(session=session, set_id=row.id or 0)
    reports = lookups.reports_of(session, meeting.id or 0)
    reported = lookups.reported_members(reports)
    info = lookups.meeting_info(row, meeting, meeting.version, members, reported)
    scene = meeting_render.Scene(row, meeting, info, state, now, reports)
    if job.kind == TICK:
        left = state.seconds_left(now)
        if left is not None and left <= 0:  # "time is up" shows: nothing left to count down
            return Done.only(*meeting_render.control(scene))
        count = int(payload.get("count", 1))
        nxt = tick_job(meeting.id or 0, meeting.version, count + 1, now + TICK_EVERY, payload)
        # One chain a meeting: a change of turn since booked its own (meeting_rows).
        if not repo_jobs.has_pending(session=session, meeting_id=meeting.id or 0, kind=TICK):
            repo_jobs.add_many(session=session, meeting_id=meeting.id or 0, jobs=[nxt])
        if now - job.due_at > LATE:
            log.info("minute refresh %s came late: skipped", job.key)
            return Done()
        return Done.only(*meeting_render.control(scene))
    kind = job.kind.removeprefix("timer_")
    notice = Post(row.channel_id, views.notice(state, kind), thread_ts=thread)
    return Done.only(notice, *meeting_render.control(scene))
