"""A message in the bot's DM: an answer to what is open (a report-back, an action being
asked about, the issue one might bring), or, when it answers nothing, a short menu of what
is open for the person: My actions, Write my report, Help. Never a statement about a
closed meeting the person did not ask about."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from sqlmodel import Session

from bot.blocks import dm_menu as views
from bot.blocks.text import clip, escape, slack_date, slack_day
from bot.flows import report_back
from bot.flows.prompting import Kind
from bot.flows.report_back import Window
from bot.services import turns
from bot.services.core import Deps
from bot.services.reports import ReportService
from bot.services.result import Done
from bot.store import repo_actions, repo_jobs, repo_meetings, repo_reports, repo_sets
from bot.store.tables import LearningSet, Meeting, Report

NOTHING_OPEN = (
    "Hi! There's no report-back open for you right now. I'll message you here before your "
    "set's next meeting, with your actions and a few questions."
)
NO_SET = (
    "Hi! I'm Setbot: I run action learning sets in Slack channels. You're not in a set yet: "
    "`/set join` in a set's channel joins it, and `/set create` in a channel starts one."
)
Entry = tuple[Report, Meeting, LearningSet]
PROMPT_WAIT_S, PROMPT_WAIT_STEPS = 0.1, 50  # at most 5 s (the event was acked already)
PROMPT_WAIT_CLAIM = timedelta(minutes=1)  # a delivery claimed longer ago is not coming


class DmService:
    def __init__(self, deps: Deps, reports: ReportService) -> None:
        self.deps = deps
        self.reports = reports

    def message(self, team: str, user: str, text: str) -> Done:
        """What a DM is: an answer to one open thing, a question of which set, or the menu.

        A member can answer a prompt the moment it shows, before its delivery has written
        the report it opens: while one is being sent to them, the DM waits (briefly) for it.
        """
        for _ in range(PROMPT_WAIT_STEPS):
            done = self._message(team, user, text, wait=True)
            if done is not None:
                return done
            turns.sleep(PROMPT_WAIT_S)
        return self._message(team, user, text, wait=False) or Done()

    def _message(self, team: str, user: str, text: str, wait: bool) -> Done | None:
        """The DM's answer; None (with `wait`) while a prompt to them is still being sent."""
        with self.deps.session() as session:
            found = [e for e in repo_reports.open_reports(session=session, user_id=user)]
            if not found and wait and self._prompt_being_sent(session, user):
                return None
            found = [e for e in found if e[2].team_id == team]
            members = repo_sets.members_of_sets(
                session=session, set_ids=sorted({e[2].id or 0 for e in found})
            )
            mine = [e for e in found if user in members.get(e[2].id or 0, [])]
            left = [e for e in found if e not in mine]
            answering = [e for e in mine if _awaits_answer(e)]
            if len(answering) == 1:
                stored, meeting, row = answering[0]
                return self.reports.answer(session, row, meeting, stored, text)
            if len(answering) > 1:
                entries = [replace(_entry(e), at=_position(e)) for e in answering]
                return Done.say(
                    views.WHICH.format(n=len(entries)), blocks=views.which_set(entries, text)
                )
            if left and not mine:
                name = escape(left[0][2].name)
                return Done.say(
                    f"You're no longer a member of *{name}*, so I've stopped collecting your "
                    "report-back. `/set join` in its channel brings you back."
                )
            if not mine and not repo_actions.has_listed_actions(session=session, user_id=user):
                if not repo_sets.sets_of_member(session=session, user_id=user):
                    return Done.say(NO_SET, blocks=views.menu([], NO_SET))
                return Done.say(NOTHING_OPEN, blocks=views.menu([], NOTHING_OPEN))
            entries = [_entry(e) for e in mine if not _report(e).welcome]
            return Done.say(views.MENU, blocks=views.menu(entries))

    def _prompt_being_sent(self, session: Session, user: str) -> bool:
        """Is a prompt or welcome to them claimed by a live delivery right now?"""
        meetings = repo_meetings.scheduled_for_member(session=session, user_id=user)
        sending = repo_jobs.pending_for(
            session=session,
            user_id=user,
            meeting_ids=[m.id or 0 for m in meetings],
            kinds=(Kind.PROMPT.value, Kind.WELCOME.value),
            status="claimed",
        )
        recent = self.deps.clock() - PROMPT_WAIT_CLAIM  # a dead process's claim: not coming
        return any(j.claimed_at and j.claimed_at > recent for j in sending)

    def answer_for(self, team: str, user: str, value: str) -> Done:
        """The which-set button: the message kept in it, as that set's answer."""
        found = views.for_set(value)
        if found is None:
            return Done.say("That button has expired. Send your answer again.")
        meeting_id, at, text = found
        with self.deps.session() as session:
            for entry in repo_reports.open_reports(session=session, user_id=user):
                stored, meeting, row = entry
                if meeting.id != meeting_id or row.team_id != team or not _awaits_answer(entry):
                    continue
                if _position(entry) != at:  # pressed twice, or answered some other way since
                    return Done.say(
                        "That message has already been taken, or the question has moved on. "
                        "Send your answer again if it was for the question I'm asking now."
                    )
                return self.reports.answer(session, row, meeting, stored, text)
        return Done.say("That report-back isn't waiting for an answer any more.")

    def my_actions(self, team: str, user: str) -> Done:
        """My actions, in the DM: what is on my list, and where to change it."""
        with self.deps.session() as session:
            rows, total = repo_actions.open_actions_of_user(
                session=session, user_id=user, offset=0, limit=15
            )
        if not rows:
            return Done.say("You have no open actions. Actions you agree in a meeting show here.")
        lines = [f"*Your open actions ({total})*"]
        for action, set_name in rows:
            due = slack_day(action.due_date) if action.due_date else "the next meeting"
            carried = {"partly": " · partly done", "not_done": " · not done"}.get(action.status, "")
            lines.append(
                f"• {escape(clip(action.text, 300))} _({escape(set_name)} · due {due}{carried})_"
            )
        if total > len(rows):
            lines.append(f"…and {total - len(rows)} more.")
        lines.append("Mark them done, edit them or add a note in my App Home (the Home tab).")
        return Done.say("\n".join(lines))

    @staticmethod
    def help() -> Done:
        return Done.say(views.HELP)


def _report(entry: Entry) -> report_back.Report:
    return report_back.loads(entry[0].data)


def _awaits_answer(entry: Entry) -> bool:
    """A report-back being written (or, before a set's first meeting, its welcome)."""
    meeting = entry[1]
    report = _report(entry)
    if report.welcome:  # until the first meeting, a reply is (or changes) the issue
        return Window.for_phase(meeting.phase) == Window.OPEN
    return not report.complete


def _position(entry: Entry) -> str:
    """Which question an open report is at: a which-set button answers only that one."""
    report = _report(entry)
    return f"{report.cursor}.{report.action_cursor}.{len(report.actions)}"


def _entry(entry: Entry) -> views.OpenReport:
    stored, meeting, row = entry
    window = Window.for_phase(meeting.phase)
    when = slack_date(meeting.scheduled_at)
    if window == Window.LIVE:
        if stored.complete:
            status = f"meeting {meeting.number} is running; your report-back is in."
            return views.OpenReport(meeting.id or 0, row.name, status)
        status = f"meeting {meeting.number} is running; you can still send your report."
        return views.OpenReport(meeting.id or 0, row.name, status, "Write my report")
    if stored.complete:
        status = f"meeting {meeting.number}, {when}: your report-back is in."
        return views.OpenReport(meeting.id or 0, row.name, status, "Edit my report")
    status = f"meeting {meeting.number}, {when}: your report-back isn't in yet."
    return views.OpenReport(meeting.id or 0, row.name, status, "Write my report")
