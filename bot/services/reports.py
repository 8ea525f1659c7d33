"""A member's report-back: answers in the DM, the form, apologies, days away."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.blocks import ids
from bot.blocks import report as views
from bot.blocks.text import escape, section, slack_date
from bot.flows import report_back
from bot.flows.meeting_state import Phase, Presence
from bot.flows.reflection import Source
from bot.flows.report_back import Window
from bot.services.core import Deps, DomainError, use_case
from bot.services.guards import require_set
from bot.services.home_model import home_for
from bot.services.lookups import open_actions_of
from bot.services.meeting_render import live_control
from bot.services.prompt_plans import plan_meeting
from bot.services.result import DirectMessage, Done, Effect, OpenView, Reply
from bot.store import repo_learning, repo_meetings, repo_reports, repo_sets
from bot.store.tables import LearningSet, Meeting

NOTHING_OPEN = (
    "Hi! There's no report-back open for you right now. I'll message you here before your "
    "set's next meeting, with your actions and a few questions."
)


def keep_learning(
    session: Session, meeting: Meeting, user: str, report: report_back.Report, now: datetime
) -> None:
    """The report's "What did you learn?" joins the member's learning log (private until
    they share it)."""
    repo_learning.save_learning(
        session=session,
        set_id=meeting.set_id,
        meeting_id=meeting.id or 0,
        user_id=user,
        source=Source.REPORT.value,
        text=report.answers[report_back.LEARNED],
        now=now,
    )


class ReportService:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def reply(self, team: str, user: str, text: str) -> Done:
        """A message in the DM: the answer to the current question of the open report."""
        now = self.deps.clock()
        with self.deps.session() as session:
            found = repo_reports.current_report(session=session, user_id=user)
            if found is None:
                return Done.say(NOTHING_OPEN)
            row_report, meeting = found
            row = repo_sets.get_set(session=session, set_id=meeting.set_id)
            members = repo_sets.list_members(session=session, set_id=meeting.set_id)
            if row is None or row.team_id != team:
                return Done.say(NOTHING_OPEN)
            if user not in members:
                return Done.say(
                    f"You're no longer a member of *{escape(row.name)}*, so I've stopped "
                    "collecting your report-back. `/set join` in its channel brings you back."
                )
            window = Window.for_phase(meeting.phase)
            step = report_back.answer(report_back.loads(row_report.data), text, window)
            if not step.ok:
                return Done.say(step.refused or "")
            repo_reports.save_report(
                session=session,
                meeting_id=meeting.id or 0,
                user_id=user,
                data=report_back.dumps(step.report),
                complete=step.report.complete,
                now=now,
            )
            if not step.report.complete:
                return Done.say(step.say)
            return self._reported(session, row, meeting, user, step.report, step.say, window)

    def _reported(
        self,
        session: Session,
        row: LearningSet,
        meeting: Meeting,
        user: str,
        report: report_back.Report,
        say: str,
        window: Window,
    ) -> Done:
        """A report that is in: the whole report shown back, the control message's count
        (if the meeting runs) and the member's Home."""
        now = self.deps.clock()
        keep_learning(session, meeting, user, report, now)
        actions = open_actions_of(session, row.id or 0, user, meeting.id or 0)
        editable = meeting.id if window == Window.OPEN else None
        blocks = [section(say), *views.shown(report, actions, editable)]
        effects: list[Effect] = []
        if window == Window.LIVE:
            effects += live_control(session, row, meeting, now)
        effects.append(home_for(session, user))
        return Done(Reply(say, blocks), tuple(effects))

    @use_case
    def form(self, team: str, user: str, meeting_id: str, trigger_id: str) -> Done:
        """The report form, prefilled with what the member already said."""
        with self.deps.session() as session:
            meeting, row = self._meeting(session, team, user, meeting_id)
            window = Window.for_phase(meeting.phase)
            existing = repo_reports.get_report(
                session=session, meeting_id=meeting.id or 0, user_id=user
            )
            report = report_back.loads(existing.data) if existing else report_back.Report()
            if window == Window.CLOSED:
                raise DomainError(report_back.CLOSED_REASON)
            if window == Window.LIVE and report.complete:
                raise DomainError(report_back.LOCKED_REASON)
            actions = open_actions_of(session, row.id or 0, user, meeting.id or 0)
            view = views.form(meeting.id or 0, row.name, report, actions)
        return Done.only(OpenView(trigger_id, view))

    def submit(self, team: str, user: str, view: dict[str, Any]) -> Done:
        """The submitted form: inline errors, or the report shown back in the DM."""
        meeting_id = views.form_meeting(view)
        answers, outcomes = views.parse_form(view.get("state", {}).get("values", {}))
        first_block = f"{ids.REPORT_ANSWER}0"
        try:
            with self.deps.session() as session:
                meeting, row = self._meeting(session, team, user, str(meeting_id))
                existing = repo_reports.get_report(
                    session=session, meeting_id=meeting.id or 0, user_id=user
                )
                report = report_back.loads(existing.data) if existing else report_back.Report()
                window = Window.for_phase(meeting.phase)
                known = {a.id for a in open_actions_of(session, row.id or 0, user, meeting.id or 0)}
                outcomes = {k: v for k, v in outcomes.items() if k in known}
                step = report_back.submit(report, answers, outcomes, window)
                if not step.ok:
                    return Done.invalid({first_block: step.refused or ""})
                repo_reports.save_report(
                    session=session,
                    meeting_id=meeting.id or 0,
                    user_id=user,
                    data=report_back.dumps(step.report),
                    complete=True,
                    now=self.deps.clock(),
                )
                done = self._reported(session, row, meeting, user, step.report, step.say, window)
        except DomainError as error:
            return Done.invalid({first_block: str(error)})
        assert done.reply is not None
        dm = DirectMessage(user, done.reply.text, done.reply.blocks)
        return Done.only(dm, *done.effects)

    @use_case
    def apologies(self, team: str, user: str, meeting_id: str) -> Done:
        """Apologies for one meeting: marked absent, no reminder, still invited to report."""
        with self.deps.session() as session:
            meeting, row = self._meeting(session, team, user, meeting_id)
            if meeting.phase != Phase.SCHEDULED:
                raise DomainError("That meeting has already started, so apologies are too late.")
            repo_meetings.record_attendance(
                session=session,
                meeting_id=meeting.id or 0,
                user_id=user,
                status=Presence.APOLOGIES.value,
                now=self.deps.clock(),
            )
            plan_meeting(session, row, meeting)
            when = slack_date(meeting.scheduled_at)
        return Done.say(
            f"Apologies noted for {when}. You won't get a reminder. If you can, still send "
            "your report-back: the set will hear it in the meeting."
        )

    @use_case
    def away(self, team: str, channel: str, user: str, first: date, last: date) -> Done:
        """Apologies in advance for every meeting between two dates (inclusive)."""
        with self.deps.session() as session:
            row = require_set(session, team, channel)
            if user not in repo_sets.list_members(session=session, set_id=row.id or 0):
                raise DomainError("Only members send apologies. Use `/set join` to join.")
            repo_reports.add_away(
                session=session,
                set_id=row.id or 0,
                user_id=user,
                first_day=first,
                last_day=last,
                now=self.deps.clock(),
            )
            zone = ZoneInfo(row.timezone)
            missed = []
            for meeting in repo_meetings.scheduled_meetings(session=session, set_id=row.id or 0):
                if first <= meeting.scheduled_at.astimezone(zone).date() <= last:
                    plan_meeting(session, row, meeting)  # no reminder for those dates
                    missed.append(slack_date(meeting.scheduled_at))
        if not missed:
            return Done.say("Noted. No meeting falls in those dates.")
        return Done.say(
            "Apologies sent for: " + "; ".join(missed) + ". You'll get no reminders for them."
        )

    def _meeting(
        self, session: Session, team: str, user: str, meeting_id: str
    ) -> tuple[Meeting, LearningSet]:
        if not str(meeting_id).isdigit():
            raise DomainError("That form has expired. Please start again from my message.")
        meeting = repo_meetings.get_meeting(session=session, meeting_id=int(meeting_id))
        row = repo_sets.get_set(session=session, set_id=meeting.set_id) if meeting else None
        if meeting is None or row is None or row.team_id != team:
            raise DomainError("That meeting no longer exists.")
        if user not in repo_sets.list_members(session=session, set_id=row.id or 0):
            raise DomainError(f"You're no longer a member of *{escape(row.name)}*.")
        return meeting, row
