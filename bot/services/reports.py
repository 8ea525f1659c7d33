"""A member's report-back: answers in the DM, the form, apologies, days away."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlmodel import Session

from bot.blocks import dm_menu, ids
from bot.blocks import report as views
from bot.blocks import report_conversation as talk
from bot.blocks.text import clip, escape, mention
from bot.flows import report_back
from bot.flows.report_back import Window
from bot.services.brief import brief_update
from bot.services.core import Deps, DomainError, use_case
from bot.services.lookups import actions_of_report, open_actions_of
from bot.services.prompt_close import close_live
from bot.services.prompt_plans import first_meeting
from bot.services.report_in import report_in, settle
from bot.services.result import DirectMessage, Done, LiveButtons, OpenView, Update
from bot.store import repo_actions, repo_meetings, repo_reports, repo_sets
from bot.store.tables import LearningSet, Meeting, Report


class ReportService:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def answer(
        self,
        session: Session,
        row: LearningSet,
        meeting: Meeting,
        stored: Report,
        text: str,
    ) -> Done:
        """A DM that answers the open report: the current question, or what happened with
        the action being asked about; before a set's first meeting, the issue one might
        bring."""
        now = self.deps.clock()
        window = Window.for_phase(meeting.phase)
        if report_back.loads(stored.data).welcome:
            return self._issue_hint(session, row, meeting, stored, text, now)
        listed = open_actions_of(session, row.id or 0, stored.user_id, meeting.id or 0)
        ids_listed = tuple(a.id for a in listed)
        before = report_back.loads(stored.data)
        step = report_back.answer(before, text, window, ids_listed)
        done = self._stepped(session, row, meeting, stored, step, window, listed, now)
        asked = before.question
        if step.ok and asked and text.strip().endswith("?") and done.reply is not None:
            # a question to the bot taken as an answer: say so, and offer the way back
            taken = talk.taken_as_answer(meeting.id or 0, text, asked, done.reply.text)
            return Done.say(done.reply.text, *done.effects, blocks=taken)
        return done

    @staticmethod
    def _issue_hint(
        session: Session,
        row: LearningSet,
        meeting: Meeting,
        stored: Report,
        text: str,
        now: datetime,
    ) -> Done:
        """Before a set's first meeting, a DM is the issue the member might bring."""
        hint = " ".join(text.split())
        if not hint:
            return Done.say("I didn't catch that. What issue might you bring?")
        stored.issue_hint, stored.updated_at = hint[:1000], now
        session.add(stored)
        text = (
            f"Thanks: {mention(row.facilitator_id)} will see this as the issue you might bring, "
            f"in their brief before the first meeting:\n>{escape(clip(hint, 500))}\n"
            "Reply again to change it. Not what you meant? The buttons below help."
        )
        return Done.say(
            text, *brief_update(session, row, meeting), blocks=dm_menu.menu([], intro=text)
        )

    def choose(self, team: str, user: str, value: str, channel: str, ts: str) -> Done:
        """A Done / Partly / Not done / Skip button under an action the report asks about."""
        meeting_part, _, rest = value.partition(":")
        action_part, _, choice = rest.partition(":")
        outcome = None if choice == "skip" else _outcome(choice)
        if (
            not meeting_part.isdigit()
            or not action_part.isdigit()
            or (outcome is None and choice != "skip")
        ):
            return Done.say("That button has expired. Reply here to carry on with your report.")
        now = self.deps.clock()
        try:
            with self.deps.session() as session:
                meeting, row = member_meeting(session, team, user, meeting_part)
                stored = repo_reports.get_report(
                    session=session, meeting_id=meeting.id or 0, user_id=user
                )
                if stored is None:
                    raise DomainError("That report-back isn't open any more.")
                window = Window.for_phase(meeting.phase)
                report = report_back.loads(stored.data)
                listed = actions_of_report(session, row.id or 0, user, meeting.id or 0, report)
                step = report_back.choose(report, int(action_part), outcome, window)
                if step.ok:  # the question pressed is settled below: not closed as superseded
                    repo_reports.drop_live(stored, lambda _kind, live: live != ts)
                done = self._stepped(session, row, meeting, stored, step, window, listed, now)
                if not step.ok:
                    return done
                asked = next((a for a in listed if a.id == int(action_part)), None)
                if asked is None:  # finished in App Home meanwhile: still settle the question
                    asked = next(iter(action_views(session, user, [int(action_part)])), None)
                if asked is None or not channel or not ts:
                    return done
                index = report.actions.index(asked.id) if asked.id in report.actions else 0
                settled = talk.action_answered(index, len(report.actions), asked, outcome)
                return Done(
                    done.reply, (Update(channel, asked.text[:150], settled, ts=ts), *done.effects)
                )
        except DomainError as error:
            return Done.say(str(error))

    def _stepped(
        self,
        session: Session,
        row: LearningSet,
        meeting: Meeting,
        stored: Report,
        step: report_back.Step,
        window: Window,
        listed: list[views.OpenAction],
        now: datetime,
    ) -> Done:
        """Keep where the conversation is, and say the next thing: a question, an action
        to report on, nothing-to-send, or the report that is in."""
        if not step.ok:
            return Done.say(step.refused or "")
        known = {a.id for a in listed}
        while step.ok and step.asks is not None and step.asks not in known:
            # finished meanwhile (in App Home): nothing to ask; the next one, or the end
            step = report_back.choose(step.report, step.asks, None, window)
        step = replace(step, report=settle(session, meeting, stored.user_id, step.report, now))
        stored = repo_reports.save_report(
            session=session,
            meeting_id=meeting.id or 0,
            user_id=stored.user_id,
            data=report_back.dumps(step.report),
            complete=step.report.complete,
            now=now,
        )
        # earlier action questions lose their buttons: the conversation moved on below
        superseded = close_live(stored, ("question",), "_Carried on below._")
        if step.empty:
            blocks = talk.nothing_to_send(meeting.id or 0, step.say)
            return Done.only(*superseded, _live_dm(stored, step.say, blocks, "nothing"))
        if step.asks is not None:
            action = next((a for a in listed if a.id == step.asks), None)
            if action is not None:
                index = step.report.actions.index(step.asks)
                said = step.report.outcome_texts.get(action.id, "")
                blocks = talk.action_question(
                    meeting.id or 0, index, len(step.report.actions), action, said
                )
                return Done.only(*superseded, _live_dm(stored, step.say, blocks, "question"))
        if not step.report.complete:
            return Done.say(step.say, *superseded)
        effects = report_in(session, row, meeting, stored, step.report, window, now)
        return Done.only(*superseded, *effects)

    @use_case
    def form(self, team: str, user: str, meeting_id: str, trigger_id: str) -> Done:
        """The report form, prefilled with what the member already said."""
        with self.deps.session() as session:
            meeting, row = member_meeting(session, team, user, meeting_id)
            window = Window.for_phase(meeting.phase)
            existing = repo_reports.get_report(
                session=session, meeting_id=meeting.id or 0, user_id=user
            )
            report = report_back.loads(existing.data) if existing else report_back.Report()
            if window == Window.CLOSED:
                raise DomainError(report_back.CLOSED_REASON)
            if window == Window.LIVE and report.complete:
                raise DomainError(report_back.LOCKED_REASON)
            if report.welcome or first_meeting(session, row) == meeting.id:
                raise DomainError(
                    "There's nothing to report on before the set's first meeting. Reply to "
                    "my welcome with the issue you might bring, if you like."
                )
            actions = actions_of_report(session, row.id or 0, user, meeting.id or 0, report)
            view = views.form(meeting.id or 0, row.name, report, actions)
        return Done.only(OpenView(trigger_id, view))

    def submit(self, team: str, user: str, view: dict[str, Any]) -> Done:
        """The submitted form: inline errors, or the report shown (updated in place)."""
        meeting_id = views.form_meeting(view)
        answers, outcomes, said = views.parse_form(view.get("state", {}).get("values", {}))
        first_block = f"{ids.REPORT_ANSWER}0"
        now = self.deps.clock()
        try:
            with self.deps.session() as session:
                meeting, row = member_meeting(session, team, user, str(meeting_id))
                stored = repo_reports.get_report(
                    session=session, meeting_id=meeting.id or 0, user_id=user
                )
                report = report_back.loads(stored.data) if stored else report_back.Report()
                window = Window.for_phase(meeting.phase)
                listed = actions_of_report(session, row.id or 0, user, meeting.id or 0, report)
                known = {a.id for a in listed}
                outcomes = {k: v for k, v in outcomes.items() if k in known}
                said = {k: v for k, v in said.items() if k in known}
                step = report_back.submit(report, answers, outcomes, window, said)
                if not step.ok:
                    return Done.invalid({first_block: step.refused or ""})
                step = replace(step, report=settle(session, meeting, user, step.report, now))
                stored = repo_reports.save_report(
                    session=session,
                    meeting_id=meeting.id or 0,
                    user_id=user,
                    data=report_back.dumps(step.report),
                    complete=True,
                    now=now,
                )
                return Done.only(
                    *report_in(session, row, meeting, stored, step.report, window, now)
                )
        except DomainError as error:
            return Done.invalid({first_block: str(error)})


def member_meeting(
    session: Session, team: str, user: str, meeting_id: str
) -> tuple[Meeting, LearningSet]:
    """The meeting a report-back button names, if its person is a member of its set."""
    if not str(meeting_id).isdigit():
        raise DomainError("That form has expired. Please start again from my message.")
    meeting = repo_meetings.get_meeting(session=session, meeting_id=int(meeting_id))
    row = repo_sets.get_set(session=session, set_id=meeting.set_id) if meeting else None
    if meeting is None or row is None or row.team_id != team:
        raise DomainError("That meeting no longer exists.")
    if user not in repo_sets.list_members(session=session, set_id=row.id or 0):
        raise DomainError(f"You're no longer a member of *{escape(row.name)}*.")
    return meeting, row


def action_views(session: Session, user: str, ids: list[int]) -> list[views.OpenAction]:
    """The member's own actions by id, as the report's messages show them."""
    return [
        views.OpenAction(a.id or 0, a.text, a.expectation, a.note)
        for a in repo_actions.actions_by_ids(session=session, ids=ids)
        if a.owner_id == user
    ]


def _live_dm(stored: Report, text: str, blocks: list[dict[str, Any]], kind: str) -> DirectMessage:
    """A DM of the conversation whose buttons close with the meeting (or when superseded)."""
    return DirectMessage(
        stored.user_id,
        text,
        blocks,
        channel=stored.dm_channel,
        keep=LiveButtons(stored.meeting_id, stored.user_id, kind),
    )


def _outcome(choice: str) -> report_back.Outcome | None:
    try:
        return report_back.Outcome(choice)
    except ValueError:
        return None
