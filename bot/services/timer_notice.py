"""A live turn's timer fell due: "one minute left" or "time is up" in the turn's thread,
and the control message brought up to date; nothing if the turn has moved on."""

from __future__ import annotations

import json
import logging
from datetime import datetime

from sqlmodel import Session

from bot.blocks import meeting as views
from bot.flows import meeting_codec
from bot.services import lookups, meeting_render
from bot.services.result import Done, Post
from bot.store import repo_meetings, repo_sets
from bot.store.tables import DueJob

log = logging.getLogger("setbot.due")

TIMERS = ("timer_warn", "timer_over")


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
        thread = repo_meetings.current_thread(
            session=session, meeting_id=meeting.id or 0, user_id=state.speaker
        )
    members = repo_sets.list_members(session=session, set_id=row.id or 0)
    reports = lookups.reports_of(session, meeting.id or 0)
    reported = lookups.reported_members(reports)
    info = lookups.meeting_info(row, meeting, meeting.version, members, reported)
    scene = meeting_render.Scene(row, meeting, info, state, now, reports)
    kind = job.kind.removeprefix("timer_")
    notice = Post(row.channel_id, views.notice(state, kind), thread_ts=thread)
    return Done.only(notice, *meeting_render.control(scene))
