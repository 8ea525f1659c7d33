"""Delivering work that fell due: the database decides what is due, this sends it.

Kinds: report-back prompts, reminders and briefs (`prompt_delivery`); a live turn's timer
notices (`timer_notice`); App Homes to publish again (`home_refresh`); and programme
leads' weekly digests (`digest`).
"""

from __future__ import annotations

import json
import logging
import os
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from bot.services import digest, follow_up, home_refresh, turns, writeback
from bot.services.batch_reads import BatchReads
from bot.services.core import Deps, DomainError
from bot.services.gateway import RATELIMITED, SlackRefused
from bot.services.home_model import home_for
from bot.services.outbox import Outbox
from bot.services.prompt_delivery import PromptDelivery
from bot.services.prompt_message import Delivery, Message, NotSent
from bot.services.result import DirectMessage, Done, Keep, Placed, Post, PromptSent
from bot.services.timer_notice import TICK, TIMERS, timer_notice
from bot.services.writeback import WriteBack, learned
from bot.store import repo_claims, repo_jobs
from bot.store.repo_claims import Claim
from bot.store.tables import DueJob

log = logging.getLogger("setbot.due")

MAX_ATTEMPTS = 5
# A DM Slack held back with a 429 was not posted: it is tried again. One with no answer at
# all may have been, and is not (a digest is weekly; a duplicate would be worse than none).
RETRIED = frozenset({RATELIMITED})
WORKER = f"{socket.gethostname()}:{os.getpid()}"
EVENTS_KEPT = timedelta(days=1)  # Slack retries an event for minutes, not days
EVENTS_FORGOTTEN_EVERY = timedelta(hours=1)
# Rows a worker claims (and reads) in one transaction, delivers one by one, then writes
# back in one: two write transactions for the batch, the lease renewed while it is sent.
# Written sooner when Slack is slow: a member answering a prompt the moment it shows waits
# for its write (dm.PROMPT_WAIT_S × PROMPT_WAIT_STEPS), so a write is never long coming.
BATCH = 16
WRITE_BACK_AFTER = 1.0  # seconds


@dataclass(frozen=True)
class Claimed:
    """What a retry needs of a claimed job (its row may have rolled back since)."""

    id: int
    key: str
    attempts: int


# A claimed job, read: a result to deliver, a prompt to send, or nothing (more) to do.
Ready = Done | Message | Delivery


class DueWork:
    """Claims due rows and delivers them with a few workers, off the request path."""

    # Eight workers: while some wait on Slack, others claim, read and write back (two
    # computing at a time); bench/fanout.py --separate gave 8 workers 9-20% more prompts a
    # second than 4.
    def __init__(self, deps: Deps, outbox: Outbox, workers: int = 8) -> None:
        self.deps = deps
        self.outbox = outbox
        self.prompts = PromptDelivery(deps, outbox)
        self.workers = workers
        self._held: set[int] = set()  # rows this process has claimed and not yet let go
        self._lock = threading.Lock()
        self._forgot_at: datetime | None = None

    def run(self) -> int:
        """Deliver every job due now; returns how many were handled.

        Each worker claims a few rows at a time (BATCH); a heartbeat renews this process's claims
        while they are delivered, so only a dead process's claims run out (`repo_claims`).
        """
        self._forget_old_events()
        with self.deps.read() as session:  # most wake-ups find nothing: no write lock for that
            if not repo_claims.anything_due(session=session, now=self.deps.clock()):
                return 0
        stop = threading.Event()
        beat = threading.Thread(target=self._heartbeat, args=(stop,), daemon=True)
        beat.start()
        try:
            with ThreadPoolExecutor(self.workers, thread_name_prefix="due") as pool:
                return sum(pool.map(lambda _: self._take_turns(), range(self.workers)))
        finally:
            stop.set()
            beat.join(timeout=5)

    def _forget_old_events(self) -> None:
        """Slack's event ids kept against re-deliveries, once Slack has long stopped retrying:
        hourly, so the table holds a day of events, not every event ever."""
        now = self.deps.clock()
        if self._forgot_at is not None and now - self._forgot_at < EVENTS_FORGOTTEN_EVERY:
            return
        self._forgot_at = now
        with self.deps.session() as session:
            repo_jobs.forget_events(session=session, before=now - EVENTS_KEPT)

    def _heartbeat(self, stop: threading.Event) -> None:
        while not stop.wait(repo_claims.HEARTBEAT.total_seconds()):
            self.renew()

    def renew(self) -> None:
        """Renew the leases of the rows this process is delivering."""
        with self._lock:
            held = sorted(self._held)
        if not held:
            return
        try:
            with self.deps.session() as session:
                repo_claims.renew(
                    session=session, job_ids=held, worker=WORKER, now=self.deps.clock()
                )
        except Exception:  # a missed beat is not fatal: the lease outlasts three of them
            log.exception("could not renew %d claims", len(held))

    def _take_turns(self) -> int:
        """A worker computes with a turn at the interpreter and waits on Slack without one
        (turns.py): eight workers deliver, two compute at a time."""
        with turns.AFTER_ACK.turn():
            return self._work()

    def _work(self) -> int:
        handled = 0
        while True:
            claimed: Claimed | None = None
            try:
                with self.deps.session() as session:
                    claims = repo_claims.claim(
                        session=session, now=self.deps.clock(), worker=WORKER, limit=BATCH
                    )
                    if not claims:
                        return handled
                    batch = BatchReads(session, [c.job for c in claims])
                    taken = []
                    for claim in claims:
                        job = claim.job
                        claimed = Claimed(job.id or 0, job.key, job.attempts)
                        taken.append((job, self._read(session, claim, batch)))
            except Exception as failure:
                if claimed is None:
                    raise  # claiming failed: the database; the next wake-up tries again
                # Reading this one job failed (the batch's claims rolled back with it): back
                # it off, counting the attempt, so it never blocks the jobs due after it;
                # the others are claimed again.
                log.exception("could not read job %s", claimed.key)
                self._retry(claimed, f"unreadable: {failure!r}"[:300])
                handled += 1
                continue
            ids = [job.id or 0 for job, _ in taken]
            with self._lock:
                self._held.update(ids)
            later = WriteBack()
            try:
                for job, ready in taken:
                    later.tried.append(job.id or 0)
                    self._deliver(job, ready, later)
                    handled += 1
                    if time.monotonic() - later.since >= WRITE_BACK_AFTER:
                        done, later = later, WriteBack()
                        self._write_back(done)
            finally:
                try:
                    self._write_back(later)
                finally:
                    self._let_go(ids)

    def _let_go(self, job_ids: list[int]) -> None:
        """Rows of a batch left undelivered (a delivery raised): pending again at once."""
        with self._lock:
            left = [i for i in job_ids if i in self._held]
            self._held.difference_update(left)
        if left:
            with self.deps.session() as session:
                repo_claims.release(session=session, job_ids=left, worker=WORKER)

    def _read(self, session: Session, claim: Claim, batch: BatchReads) -> Ready:
        """What the claimed job should send, read in the transaction that claimed it."""
        job = claim.job
        if job.kind in TIMERS:
            # A dead process's notice is too late to say now; a refresh just carries on.
            if claim.check_from is not None and job.kind != TICK:
                return Delivery.DONE
            return timer_notice(session, job, self.deps.clock())
        if job.kind == home_refresh.KIND:
            payload = json.loads(job.payload or "{}")
            return Done.only(home_for(session, str(payload.get("user"))))
        if job.kind == digest.KIND:
            return digest.read(session, job, self.deps.clock())
        if job.kind == follow_up.KIND:
            return follow_up.read(session, job)
        return self.prompts.read(session, job, claim.check_from, batch)

    def _write_back(self, later: WriteBack) -> None:
        """What Slack has shown, in one transaction. Rows tried and not written (the write
        failed, or a delivery raised) stay claimed, unrenewed: whoever takes them over
        looks in Slack first."""
        try:
            if later:
                with self.deps.session() as session:
                    writeback.save_batch(session, later, self.deps.clock())
        finally:
            with self._lock:
                self._held.difference_update(later.tried)

    def _deliver(self, job: DueJob, ready: Ready, later: WriteBack) -> None:
        claimed = Claimed(job.id or 0, job.key, job.attempts)
        try:
            outcome = self._send(job, ready, later.kept)
        except NotSent as failure:
            self._retry(
                claimed, str(failure.refused), failure.refused, failure.learned, failure.maybe_sent
            )
            return
        except SlackRefused as refused:
            self._retry(claimed, str(refused), refused)
            return
        except DomainError as failure:
            self._retry(claimed, str(failure))
            return
        if outcome in (Delivery.DEFERRED, Delivery.RECORDED):
            return
        if job.kind == home_refresh.KIND:
            later.refreshed.append(job.id or 0)
        else:
            error = "unreachable" if outcome == Delivery.UNREACHABLE else None
            later.finished.append((job.id or 0, error))

    def _send(self, job: DueJob, ready: Ready, kept: list[tuple[Keep, Placed]]) -> Delivery:
        if isinstance(ready, Delivery):
            return ready
        team = str(json.loads(job.payload or "{}").get("team"))
        gateway = self.deps.gateway_for(team)
        if isinstance(ready, Done):
            delivered = self.outbox.deliver(gateway, ready, kept=kept)
            for effect, refused in delivered.failures:
                if isinstance(effect, Post):  # a timer's notice: try again later
                    raise refused
                if isinstance(effect, DirectMessage) and refused.code in RETRIED:
                    raise refused  # a digest Slack held back: it waits, not lost
            return Delivery.DONE
        return self.prompts.deliver(ready, gateway, kept)

    def _retry(
        self,
        job: Claimed,
        error: str,
        refused: SlackRefused | None = None,
        learned_on_the_way: PromptSent | None = None,
        maybe_sent: bool = False,
    ) -> None:
        """Back off and try again later, up to a cap; then give up and say so in the log.

        A workspace held back by a 429 is not a failed attempt: the row waits for the hold,
        however long. What the delivery learned on the way (a time zone) is kept.
        """
        now = self.deps.clock()
        with self.deps.session() as session:
            if learned_on_the_way is not None:
                learned(session, learned_on_the_way, None, now)
            if refused is not None and refused.code == RATELIMITED:
                at: datetime = refused.retry_at or now + timedelta(seconds=refused.retry_after or 1)
                repo_jobs.retry_later(
                    session=session,
                    job_id=job.id,
                    due_at=at,
                    error=error,
                    attempts=job.attempts - 1,
                )
                return
            if job.attempts >= MAX_ATTEMPTS:
                log.error("job %s failed for good: %s", job.key, error)
                repo_jobs.finish(session=session, job_id=job.id, now=now, error=error)
                return
            backoff = timedelta(seconds=min(300, 5 * 2**job.attempts))
            repo_jobs.retry_later(
                session=session,
                job_id=job.id,
                due_at=now + backoff,
                error=error,
                attempts=job.attempts,
                # its answer was lost: look for it in Slack before posting again
                check_from=now - repo_claims.LEASE if maybe_sent else None,
            )
