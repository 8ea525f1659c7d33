"""Delivering a report-back prompt, reminder or brief that fell due.

Read everything in one transaction (is it still wanted, to whom, saying what), ask Slack
for the person's time zone if it isn't known (quiet hours are theirs), then hand the DM to
the outbox, whose final transaction finishes the row: a large fan-out is bounded by Slack,
not by the database.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime

from sqlmodel import Session

from bot.blocks import brief as brief_views
from bot.blocks import prompt_states
from bot.blocks import report as views
from bot.blocks.text import escape, mention
from bot.flows import report_back
from bot.flows.meeting_state import Phase
from bot.flows.prompting import Kind, allowed, reminder_at
from bot.services import writeback
from bot.services.batch_reads import BatchReads
from bot.services.brief import brief_text, build_brief
from bot.services.core import Deps
from bot.services.gateway import UNREACHABLE, Gateway, SlackRefused, tag
from bot.services.lookups import open_actions_from
from bot.services.outbox import Outbox
from bot.services.prompt_close import welcome_blocks
from bot.services.prompt_message import PERMANENT, Delivery, Message, NotSent
from bot.services.prompt_plans import apologies_for, replan_for_zone
from bot.services.result import DirectMessage, Done, Keep, Placed, PromptSent, Update
from bot.store import repo_jobs, repo_reports
from bot.store.tables import DueJob, LearningSet, Meeting

log = logging.getLogger("setbot.prompts")

NEWER = "A newer reminder is below."


class PromptDelivery:
    def __init__(self, deps: Deps, outbox: Outbox) -> None:
        self.deps = deps
        self.outbox = outbox

    def deliver(
        self, message: Message, gateway: Gateway, kept: list[tuple[Keep, Placed]] | None = None
    ) -> Delivery:
        """Send one prompt, reminder or brief read by `read`, and finish its row; with
        `kept`, leave that write-back there for the caller to write with its batch.

        The message carries metadata naming its row. A row taken over from a dead process
        is first looked for in the DM: found means sent, and is recorded, not sent again.
        Raises NotSent for failures worth retrying (DueWork retries them).
        """
        user = message.user
        learned: str | None = None
        try:
            if message.zone is None:
                message.zone, locale = gateway.user_profile(user)
                learned = message.zone
                message.locale = locale
        except SlackRefused as refused:
            if refused.code not in PERMANENT:
                raise NotSent(refused, None) from refused
            self._unreachable(gateway, message, refused.code)
            return Delivery.RECORDED
        now = self.deps.clock()
        zone = message.zone or message.set_zone  # no zone in their profile: the set's
        when = allowed(now, zone, message.meeting_at, not_before=now)
        if when != now:
            return self._defer(message, learned, when, now)
        sent = self._sent(message, learned)
        try:
            if message.check_from is not None and self._found(gateway, message, sent):
                return Delivery.RECORDED
        except SlackRefused as refused:  # can't tell whether it was sent: never send blind
            raise NotSent(refused, sent) from refused
        dm = DirectMessage(
            user, message.text, message.blocks, message.channel, sent, tag(message.key)
        )
        delivered = self.outbox.deliver(gateway, Done.only(*message.before, dm), kept=kept)
        failures = [refused for effect, refused in delivered.failures if effect is dm]
        if failures:
            failure = failures[0]
            if failure.code not in PERMANENT:
                raise NotSent(failure, sent, maybe_sent=failure.code == UNREACHABLE)
            self._unreachable(gateway, message, failure.code)
        return Delivery.RECORDED

    @staticmethod
    def _sent(message: Message, learned: str | None) -> PromptSent:
        return PromptSent(
            job_id=message.job_id,
            team=message.team,
            user=message.user,
            meeting_id=message.meeting_id,
            new_report=message.kind in (Kind.PROMPT, Kind.WELCOME),
            welcome=message.kind == Kind.WELCOME,
            zone=learned,
            locale=message.locale if learned else None,
            set_zone=message.set_zone,
            known_dm=message.channel,
            kind=Kind.REMINDER.value if message.kind == Kind.REMIND_NOW else message.kind.value,
        )

    def _found(self, gateway: Gateway, message: Message, sent: PromptSent) -> bool:
        """Is this row's message in the DM already (sent by a process that died before it
        could record it)? If so, record it as sent."""
        assert message.check_from is not None
        channel = message.channel or gateway.open_dm(message.user)
        ts = gateway.tagged(channel, message.check_from, message.key)
        if ts is None:
            return False
        log.info("%s was sent before a restart: recorded, not sent again", message.key)
        with self.deps.session() as session:
            writeback.save(session, [(sent, Placed(channel, ts))], self.deps.clock())
        return True

    def read(
        self,
        session: Session,
        job: DueJob,
        check_from: datetime | None = None,
        batch: BatchReads | None = None,
    ) -> Message | Delivery:
        """What this job should send, read in the transaction that claimed it; or why it
        needn't be sent (any more, or yet). `batch`: what the rows claimed with it share."""
        batch = batch or BatchReads(session)
        payload = json.loads(job.payload or "{}")
        user, team = str(payload.get("user")), str(payload.get("team"))
        meeting = batch.meeting(job.meeting_id or 0)
        row = batch.learning_set(meeting.set_id) if meeting else None
        if meeting is None or row is None or meeting.phase != Phase.SCHEDULED:
            log.info("%s dropped: the meeting has started, ended or gone", job.key)
            return Delivery.DONE
        members = batch.members(row.id or 0)
        if job.kind != Kind.BRIEF and user not in members:
            log.info("%s dropped: %s is no longer a member", job.key, user)
            return Delivery.DONE
        person = batch.person(team, user)
        if person is not None and person.unreachable:
            return Delivery.UNREACHABLE
        message = Message(
            job_id=job.id or 0,
            key=job.key,
            kind=Kind(job.kind),
            team=team,
            user=user,
            meeting_id=meeting.id or 0,
            meeting_at=meeting.scheduled_at,
            set_name=row.name,
            set_zone=row.timezone,
            facilitator=row.facilitator_id,
            zone=person.tz if person else None,
            channel=person.dm_channel if person else None,
            check_from=check_from,
        )
        if message.kind == Kind.PROMPT:
            actions = open_actions_from(batch.open_actions(row.id or 0, user), message.meeting_id)
            message.text = f"Report back for {escape(row.name)}: {report_back.QUESTIONS[0]}"
            message.blocks = views.prompt(
                row.name, meeting.number, meeting.scheduled_at, message.meeting_id, actions
            )
        elif message.kind == Kind.WELCOME:
            message.text = f"Welcome to {escape(row.name)}: its first meeting is coming up."
            later = batch.scheduled(row.id or 0)
            message.blocks = welcome_blocks(session, row, meeting, user, live=True, later=later)
        elif message.kind in (Kind.REMINDER, Kind.REMIND_NOW):
            return self._reminder(session, job, message, row, meeting)
        else:
            brief = build_brief(session, row, message.meeting_id)
            message.text = brief_text(row, brief)
            message.blocks = brief_views.brief(brief)
        return message

    def _reminder(
        self, session: Session, job: DueJob, message: Message, row: LearningSet, meeting: Meeting
    ) -> Message | Delivery:
        """The planned reminder, or one the facilitator asked for with Remind now: unless the
        member has reported or sent apologies since."""
        user = message.user
        report = repo_reports.get_report(session=session, meeting_id=meeting.id or 0, user_id=user)
        if (report is not None and report.complete) or user in apologies_for(session, row, meeting):
            return Delivery.DONE
        by = ""
        if message.kind == Kind.REMINDER:
            if repo_jobs.exists(session=session, key=f"{Kind.REMIND_NOW}:{meeting.id}:{user}"):
                log.info("%s dropped: the facilitator reminded them already", job.key)
                return Delivery.DONE
            now = self.deps.clock()
            sent = repo_jobs.done_at(session=session, key=f"{Kind.PROMPT}:{meeting.id}:{user}")
            when = reminder_at(now, sent, meeting.scheduled_at)
            if when is None:
                log.info("%s dropped: too close to its prompt and the meeting", job.key)
                return Delivery.DONE
            if when > now:
                repo_jobs.retry_later(
                    session=session, job_id=job.id or 0, due_at=when, error="after the prompt"
                )
                return Delivery.DEFERRED
        else:
            by = row.facilitator_id
            if report is not None and report.reminder_ts and report.dm_channel:
                closed = prompt_states.prompt_closed(row.name, meeting.number, NEWER)
                message.before = (Update(report.dm_channel, NEWER, closed, ts=report.reminder_ts),)
        who = f"A reminder from {mention(by)}" if by else "A reminder"
        message.text = f"{who}: your report-back for {escape(row.name)} isn't in yet."
        message.blocks = views.reminder(
            row.name, meeting.number, meeting.scheduled_at, meeting.id or 0, by
        )
        return message

    def _defer(
        self, message: Message, learned: str | None, when: datetime, now: datetime
    ) -> Delivery:
        """Quiet hours for this person: move the row to the nearest allowed time, or drop it."""
        with self.deps.session() as session:
            if learned:
                person = repo_reports.slack_user(
                    session=session, team_id=message.team, user_id=message.user, now=now
                )
                person.tz, person.updated_at = learned, now
                session.add(person)
                replan_for_zone(session, message.user, learned)
            if when < now:
                log.info(
                    "job %s dropped: no time outside quiet hours before the meeting",
                    message.job_id,
                )
                repo_jobs.finish(
                    session=session,
                    job_id=message.job_id,
                    now=now,
                    error="quiet hours until the meeting",
                )
                return Delivery.RECORDED
            repo_jobs.retry_later(
                session=session, job_id=message.job_id, due_at=when, error="quiet hours"
            )
        return Delivery.DEFERRED

    def _unreachable(self, gateway: Gateway, message: Message, reason: str) -> None:
        """Record that Slack can't reach this person; tell the facilitator, once."""
        now = self.deps.clock()
        with self.deps.session() as session:
            person = repo_reports.slack_user(
                session=session, team_id=message.team, user_id=message.user, now=now
            )
            first_time = person.unreachable is None
            person.unreachable, person.updated_at = reason, now
            session.add(person)
            repo_jobs.finish(session=session, job_id=message.job_id, now=now, error=reason)
            facilitator = repo_reports.find_slack_user(
                session=session, team_id=message.team, user_id=message.facilitator
            )
            facilitator_dm = facilitator.dm_channel if facilitator else None
        if not first_time or message.user == message.facilitator:
            return
        text = (
            f"I can't reach {mention(message.user)} in Slack (`{reason}`), so they "
            f"won't get report-back prompts for *{message.set_name}*. Check they are "
            "still in the workspace, or remove them with `/set remove`."
        )
        dm = DirectMessage(message.facilitator, text, channel=facilitator_dm)
        self.outbox.deliver(gateway, Done.only(dm))
