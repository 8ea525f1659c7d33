"""Remind now, in the facilitator's brief: one reminder to one member who hasn't reported,
sent now (or at 08:00 their time, if it is night there), once per member per meeting."""

from __future__ import annotations

from bot.blocks.text import escape, mention
from bot.flows.meeting_state import Phase
from bot.flows.prompting import Kind
from bot.services.brief import brief_update
from bot.services.core import Deps
from bot.services.prompt_plans import apologies_for
from bot.services.result import Done
from bot.store import repo_jobs, repo_meetings, repo_reports, repo_sets

EXPIRED = "That button has expired: your latest brief has the current one."


class RemindNow:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def remind(self, team: str, user: str, value: str) -> Done:
        meeting_part, _, member = value.partition(":")
        if not meeting_part.isdigit() or not member:
            return Done.say(EXPIRED)
        with self.deps.session() as session:
            meeting = repo_meetings.get_meeting(session=session, meeting_id=int(meeting_part))
            row = repo_sets.get_set(session=session, set_id=meeting.set_id) if meeting else None
            if meeting is None or row is None or row.team_id != team:
                return Done.say("That meeting no longer exists.")
            if user != row.facilitator_id:
                return Done.say(
                    f"Only {mention(row.facilitator_id)}, who facilitates *{escape(row.name)}*, "
                    "can send reminders from its brief."
                )
            who = mention(member)
            if meeting.phase in (Phase.CLOSED, Phase.CANCELLED):
                said = f"Meeting {meeting.number} is over, so its report-back is closed."
                return Done.say(said)
            if meeting.phase != Phase.SCHEDULED:
                said = (
                    f"Meeting {meeting.number} has started, so reminders are over: {who} can "
                    "still send their report in our DM."
                )
                return Done.say(said, *brief_update(session, row, meeting))
            report = repo_reports.get_report(
                session=session, meeting_id=meeting.id or 0, user_id=member
            )
            if member not in repo_sets.list_members(session=session, set_id=row.id or 0):
                said = f"{who} is no longer a member of *{escape(row.name)}*."
            elif report is not None and report.complete:
                said = f"{who} has reported since: their report is in your brief now."
            elif member in apologies_for(session, row, meeting):
                said = f"{who} has sent apologies since, so I haven't reminded them."
            elif not repo_jobs.add_once(
                session=session,
                meeting_id=meeting.id or 0,
                key=f"{Kind.REMIND_NOW}:{meeting.id}:{member}",
                kind=Kind.REMIND_NOW.value,
                due_at=self.deps.clock(),
                payload={"team": team, "user": member},
            ):
                said = (
                    f"You've already reminded {who} for this meeting: one reminder per "
                    "member per meeting."
                )
            else:
                said = (
                    f"Reminding {who} now (or at 08:00 their time, if it's night where they "
                    "are). Their report will show in this brief when it's in."
                )
            return Done.say(said, *brief_update(session, row, meeting))
