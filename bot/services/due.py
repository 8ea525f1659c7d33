"""Delivering work that fell due: the database decides what is due, this sends it."""

from __future__ import annotations

import json
import os
import socket
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from slack_sdk.errors import SlackApiError

from bot.blocks import meeting as views
from bot.flows import meeting_codec
from bot.services.core import Deps, DomainError, log, post
from bot.services.meeting_effects import show_control
from bot.services.meetings import meeting_info
from bot.services.prompts import Delivery, PromptDelivery
from bot.store import repo_jobs, repo_meetings, repo_sets
from bot.store.tables import DueJob

MAX_ATTEMPTS = 5
WORKER = f"{socket.gethostname()}:{os.getpid()}"


class DueWork:
    """Claims due rows and delivers them with a few workers, off the request path."""

    def __init__(self, deps: Deps, workers: int = 4) -> None:
        self.deps = deps
        self.prompts = PromptDelivery(deps)
        self.workers = workers

    def run(self) -> int:
        """Deliver every job due now; returns how many were handled.

        Each worker claims one row at a time, so a claim is never older than one delivery
        (429 waits included) and another process never mistakes it for a lost one.
        """
        with ThreadPoolExecutor(self.workers, thread_name_prefix="due") as pool:
            return sum(pool.map(lambda _: self._work(), range(self.workers)))

    def _work(self) -> int:
        handled = 0
        while True:
            with self.deps.session() as session:
                jobs = repo_jobs.claim_due(
                    session=session, now=self.deps.clock(), worker=WORKER, limit=1
                )
            if not jobs:
                return handled
            self._deliver(jobs[0])
            handled += 1

    def _deliver(self, job: DueJob) -> None:
        now = self.deps.clock()
        error: str | None = None
        try:
            outcome = self._dispatch(job)
        except (SlackApiError, DomainError, OSError) as failure:
            self._retry(job, str(failure))
            return
        if outcome in (Delivery.DEFERRED, Delivery.RECORDED):
            return
        if outcome == Delivery.UNREACHABLE:
            error = "unreachable"
        with self.deps.session() as session:
            repo_jobs.finish(session=session, job_id=job.id or 0, now=now, error=error)

    def _dispatch(self, job: DueJob) -> Delivery:
        if job.kind in ("timer_warn", "timer_over"):
            self._timer(job)
            return Delivery.DONE
        payload = json.loads(job.payload or "{}")
        return self.prompts.deliver(job, str(payload.get("user")), str(payload.get("team")))

    def _retry(self, job: DueJob, error: str) -> None:
        """Back off and try again later, up to a cap; then give up and say so in the log."""
        now = self.deps.clock()
        with self.deps.session() as session:
            if job.attempts >= MAX_ATTEMPTS:
                log.error("job %s failed for good: %s", job.key, error)
                repo_jobs.finish(session=session, job_id=job.id or 0, now=now, error=error)
                return
            backoff = timedelta(seconds=min(300, 5 * 2**job.attempts))
            repo_jobs.retry_later(
                session=session, job_id=job.id or 0, due_at=now + backoff, error=error
            )

    def _timer(self, job: DueJob) -> None:
        """Post 'one minute left' or 'time is up', if the turn is still the one timed."""
        payload = json.loads(job.payload or "{}")
        with self.deps.session() as session:
            meeting = repo_meetings.get_meeting(session=session, meeting_id=job.meeting_id or 0)
            row = repo_sets.get_set(session=session, set_id=meeting.set_id) if meeting else None
            if meeting is None or row is None:
                return
            state = meeting_codec.loads(meeting.state)
            if not state.live or state.paused or state.slot != payload.get("slot"):
                log.info("timer %s no longer applies", job.key)
                return
            thread = None
            if state.speaker:
                thread = repo_meetings.current_thread(
                    session=session, meeting_id=meeting.id or 0, user_id=state.speaker
                )
            info = meeting_info(session, row, meeting, meeting.version)
            channel, control_ts, team = row.channel_id, meeting.control_ts, row.team_id
        client = self.deps.client_for(team)
        kind = job.kind.removeprefix("timer_")
        post(client, channel, views.notice(state, kind), thread_ts=thread)
        if control_ts:
            show_control(client, channel, control_ts, info, state, self.deps.clock())
