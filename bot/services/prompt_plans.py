"""Report-back prompts, reminders and the facilitator's brief: planned as due rows,
delivered by DueWork when they fall due."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlmodel import Session

from bot.blocks import report as views
from bot.blocks.text import mention, mentions
from bot.flows import report_back
from bot.flows.prompting import BRIEF_BEFORE, Kind, allowed, plan, reminder_at
from bot.services.core import Deps, log, slack_error
from bot.store import repo_jobs, repo_meetings, repo_reports, repo_sets
from bot.store.tables import DueJob, LearningSet, Meeting

KINDS = tuple(k.value for k in Kind)
PERMANENT = frozenset(
    {"user_not_found", "users_not_found", "account_inactive", "user_disabled", "cannot_dm_bot"}
)


class Delivery(StrEnum):
    DONE = "done"  # no longer needed: the caller finishes the row
    RECORDED = "recorded"  # sent (or given up) and the row already finished
    DEFERRED = "deferred"  # moved out of quiet hours; the row is pending again
    UNREACHABLE = "unreachable"  # Slack can't reach this person: the caller finishes the row


def apologies_for(session: Session, row: LearningSet, meeting: Meeting) -> set[str]:
    """Who has sent apologies for a meeting: by button, or by `/set away` covering its day.

    Days away are kept as dates, not stamped on meetings, so they follow a meeting that moves.
    """
    given = {
        user
        for user, status in repo_meetings.attendance(
            session=session, meeting_id=meeting.id or 0
        ).items()
        if status == "apologies"
    }
    local_day = meeting.scheduled_at.astimezone(ZoneInfo(row.timezone)).date()
    return given | repo_reports.away_on(session=session, set_id=row.id or 0, day=local_day)


@dataclass(frozen=True)
class _People:
    """A set's members and the time zones to plan in: the same for all its meetings."""

    members: dict[str, str]  # member → zone
    facilitator_zone: str


def _people(session: Session, row: LearningSet) -> _People:
    members = repo_sets.list_members(session=session, set_id=row.id or 0)
    zones = repo_reports.known_zones(
        session=session, team_id=row.team_id, user_ids=[*members, row.facilitator_id]
    )
    return _People(
        members={m: zones.get(m) or row.timezone for m in members},
        facilitator_zone=zones.get(row.facilitator_id) or row.timezone,
    )


def plan_meeting(
    session: Session, row: LearningSet, meeting: Meeting, people: _People | None = None
) -> None:
    """(Re)write the meeting's pending prompts, reminder and brief from the set as it is."""
    repo_jobs.delete_pending(session=session, meeting_id=meeting.id or 0, kinds=KINDS)
    if meeting.phase != "scheduled":
        return
    people = people or _people(session, row)
    apologies = apologies_for(session, row, meeting)
    planned = plan(
        meeting.scheduled_at,
        row.prompt_lead_hours,
        row.reminder_hours,
        people.members,
        row.facilitator_id,
        people.facilitator_zone,
        frozenset(apologies),
    )
    repo_jobs.ensure_many(
        session=session,
        meeting_id=meeting.id or 0,
        jobs=[
            (
                f"{item.kind.value}:{meeting.id}:{item.user}",
                item.kind.value,
                item.due,
                {"team": row.team_id, "user": item.user},
            )
            for item in planned
        ],
    )


def replan_for_zone(session: Session, user: str, zone: str | None) -> None:
    """A person's real time zone is known now: move their pending messages out of its
    quiet hours (they were planned in the set's zone)."""
    meetings = {m.id: m for m in repo_meetings.scheduled_for_member(session=session, user_id=user)}
    jobs = repo_jobs.pending_for(
        session=session, user_id=user, meeting_ids=[i for i in meetings if i], kinds=KINDS
    )
    for job in jobs:
        meeting = meetings.get(job.meeting_id)
        row = repo_sets.get_set(session=session, set_id=meeting.set_id) if meeting else None
        if meeting is None or row is None:
            continue
        before = {
            Kind.PROMPT: timedelta(hours=row.prompt_lead_hours),
            Kind.REMINDER: timedelta(hours=row.reminder_hours),
            Kind.BRIEF: BRIEF_BEFORE,
        }[Kind(job.kind)]
        # A person with no zone in their Slack profile keeps the set's.
        due = allowed(meeting.scheduled_at - before, zone or row.timezone, meeting.scheduled_at)
        repo_jobs.move(session=session, job_id=job.id or 0, due_at=due)


def plan_set(session: Session, row: LearningSet) -> None:
    """Plan every scheduled meeting of a set (after create, settings, members changing)."""
    people = _people(session, row)
    for meeting in repo_meetings.scheduled_meetings(session=session, set_id=row.id or 0):
        plan_meeting(session, row, meeting, people)


@dataclass
class _Message:
    """Everything one delivery needs, read in one transaction before any Slack call."""

    job_id: int
    kind: Kind
    team: str
    user: str
    meeting_id: int
    meeting_at: datetime
    set_name: str
    set_zone: str
    facilitator: str
    zone: str | None
    channel: str | None
    facilitator_channel: str | None
    text: str = ""
    blocks: list[dict[str, Any]] = field(default_factory=list)
    new_report: bool = False


class PromptDelivery:
    """Read everything in one transaction, call Slack, write everything in one transaction:
    a large fan-out is bounded by Slack, not by the database."""

    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def deliver(self, job: DueJob, user: str, team: str) -> Delivery:
        """Send one prompt, reminder or brief if it still makes sense, and finish its row.

        Raises SlackApiError for failures worth retrying (DueWork retries with backoff).
        """
        with self.deps.session() as session:
            message = self._read(session, job, user, team)
        if isinstance(message, Delivery):
            return message
        client = self.deps.client_for(team)
        learned: dict[str, str | None] = {}
        try:
            if message.zone is None:
                message.zone = learned["tz"] = client.users_info(user=user)["user"].get("tz")
            now = self.deps.clock()
            zone = message.zone or message.set_zone  # no zone in their profile: the set's
            when = allowed(now, zone, message.meeting_at, not_before=now)
            if when != now:
                return self._defer(message, learned, when, now)
            if message.channel is None:
                opened = client.conversations_open(users=user)["channel"]["id"]
                message.channel = learned["dm_channel"] = str(opened)
            client.chat_postMessage(
                channel=message.channel, text=message.text, blocks=message.blocks
            )
        except SlackApiError as error:
            if slack_error(error) not in PERMANENT:
                raise
            self._unreachable(client, message, slack_error(error))
            return Delivery.RECORDED
        self._write(message, learned, error=None)
        return Delivery.RECORDED

    def _read(self, session: Session, job: DueJob, user: str, team: str) -> _Message | Delivery:
        meeting = repo_meetings.get_meeting(session=session, meeting_id=job.meeting_id or 0)
        row = repo_sets.get_set(session=session, set_id=meeting.set_id) if meeting else None
        if meeting is None or row is None or meeting.phase != "scheduled":
            log.info("%s dropped: the meeting has started, ended or gone", job.key)
            return Delivery.DONE
        members = repo_sets.list_members(session=session, set_id=row.id or 0)
        if job.kind != Kind.BRIEF and user not in members:
            log.info("%s dropped: %s is no longer a member", job.key, user)
            return Delivery.DONE
        person = repo_reports.find_slack_user(session=session, team_id=team, user_id=user)
        if person is not None and person.unreachable:
            return Delivery.UNREACHABLE
        facilitator = repo_reports.find_slack_user(
            session=session, team_id=team, user_id=row.facilitator_id
        )
        message = _Message(
            job_id=job.id or 0,
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
            facilitator_channel=facilitator.dm_channel if facilitator else None,
        )
        if message.kind == Kind.PROMPT:
            actions = open_actions_of(session, row.id or 0, user, message.meeting_id)
            message.text = f"Report back for {row.name}: {report_back.QUESTIONS[0]}"
            message.blocks = views.prompt(
                row.name, meeting.number, meeting.scheduled_at, message.meeting_id, actions
            )
            message.new_report = (
                repo_reports.get_report(
                    session=session, meeting_id=message.meeting_id, user_id=user
                )
                is None
            )
        elif message.kind == Kind.REMINDER:
            report = repo_reports.get_report(
                session=session, meeting_id=message.meeting_id, user_id=user
            )
            if (report is not None and report.complete) or user in apologies_for(
                session, row, meeting
            ):
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
            message.text = f"A reminder: your report-back for {row.name} isn't in yet."
            message.blocks = views.reminder(
                row.name, meeting.number, meeting.scheduled_at, message.meeting_id
            )
        else:
            brief = build_brief(session, row, message.meeting_id)
            message.text = f"Brief for {row.name}, meeting {brief.number}"
            message.blocks = views.brief(brief)
        return message

    def _write(self, message: _Message, learned: dict[str, str | None], error: str | None) -> None:
        """What this delivery learned and did, and the job's row finished: one transaction."""
        now = self.deps.clock()
        with self.deps.session() as session:
            if learned:
                person = repo_reports.slack_user(
                    session=session, team_id=message.team, user_id=message.user, now=now
                )
                for name, value in learned.items():
                    setattr(person, name, value)
                person.updated_at = now
                session.add(person)
                if learned.get("tz") and learned["tz"] != message.set_zone:
                    # planned in the set's zone; this person lives elsewhere
                    replan_for_zone(session, message.user, learned["tz"])
            if message.kind == Kind.PROMPT and message.new_report and error is None:
                repo_reports.save_report(
                    session=session,
                    meeting_id=message.meeting_id,
                    user_id=message.user,
                    data=report_back.dumps(report_back.Report()),
                    complete=False,
                    now=now,
                    dm_channel=message.channel,
                )
            repo_jobs.finish(session=session, job_id=message.job_id, now=now, error=error)

    def _defer(
        self, message: _Message, learned: dict[str, str | None], when: datetime, now: datetime
    ) -> Delivery:
        """Quiet hours for this person: move the row to the nearest allowed time, or drop it."""
        if when < now:
            log.info(
                "job %s dropped: no time outside quiet hours before the meeting", message.job_id
            )
            self._write(message, learned, error="quiet hours until the meeting")
            return Delivery.RECORDED
        with self.deps.session() as session:
            if learned:
                person = repo_reports.slack_user(
                    session=session, team_id=message.team, user_id=message.user, now=now
                )
                person.tz = learned.get("tz", person.tz)
                session.add(person)
                replan_for_zone(session, message.user, person.tz)
            repo_jobs.retry_later(
                session=session, job_id=message.job_id, due_at=when, error="quiet hours"
            )
        return Delivery.DEFERRED

    def _unreachable(self, client: WebClient, message: _Message, reason: str) -> None:
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
        if not first_time or message.user == message.facilitator:
            return
        try:
            channel = message.facilitator_channel
            if channel is None:
                channel = str(client.conversations_open(users=message.facilitator)["channel"]["id"])
                with self.deps.session() as session:
                    facilitator = repo_reports.slack_user(
                        session=session,
                        team_id=message.team,
                        user_id=message.facilitator,
                        now=now,
                    )
                    facilitator.dm_channel = channel
                    session.add(facilitator)
            client.chat_postMessage(
                channel=channel,
                text=(
                    f"I can't reach {mention(message.user)} in Slack (`{reason}`), so they "
                    f"won't get report-back prompts for *{message.set_name}*. Check they are "
                    "still in the workspace, or remove them with `/set remove`."
                ),
            )
        except SlackApiError as error:
            log.warning("could not tell the facilitator about %s: %s", message.user, error)


def open_actions_of(
    session: Session, set_id: int, user: str, meeting_id: int
) -> list[views.OpenAction]:
    """The member's open actions from earlier meetings (what this report-back is about)."""
    return [
        views.OpenAction(id=a.id or 0, text=a.text, expectation=a.expectation)
        for a in repo_meetings.open_actions(session=session, set_id=set_id, owner_id=user)
        if a.meeting_id != meeting_id
    ]


def actions_of_report(
    session: Session, set_id: int, user: str, meeting_id: int, report: report_back.Report
) -> list[views.OpenAction]:
    """The actions a report speaks of: still open, or given an outcome in it."""
    listed = open_actions_of(session, set_id, user, meeting_id)
    known = {a.id for a in listed}
    for action in repo_meetings.actions_by_ids(
        session=session, ids=[i for i in report.outcomes if i not in known]
    ):
        if action.owner_id == user:
            listed.append(views.OpenAction(action.id or 0, action.text, action.expectation))
    return listed


def report_progress(session: Session, row: LearningSet, user: str) -> str:
    """How the next meeting's report-backs stand; who is missing only for the facilitator."""
    meeting = repo_meetings.next_scheduled(session=session, set_id=row.id or 0)
    if meeting is None:
        return ""
    members = repo_sets.list_members(session=session, set_id=row.id or 0)
    done = {
        r.user_id
        for r in repo_reports.reports_for(session=session, meeting_id=meeting.id or 0)
        if r.complete
    }
    reported = [m for m in members if m in done]
    line = f"Report-backs for meeting {meeting.number}: {len(reported)} of {len(members)} in."
    if user == row.facilitator_id:
        missing = [m for m in members if m not in done]
        if missing:
            line += f" Not yet (only you see this): {mentions(missing)}"
    return line


def build_brief(session: Session, row: LearningSet, meeting_id: int) -> views.Brief:
    meeting = repo_meetings.get_meeting(session=session, meeting_id=meeting_id)
    assert meeting is not None
    members = repo_sets.list_members(session=session, set_id=row.id or 0)
    reports = {
        r.user_id: r for r in repo_reports.reports_for(session=session, meeting_id=meeting_id)
    }
    away = apologies_for(session, row, meeting)
    apologies = [m for m in members if m in away]
    reported = [m for m in members if m in reports and reports[m].complete]
    not_reported = [m for m in members if m not in reported and m not in apologies]
    not_done, airtime = [], []
    meeting_day = meeting.scheduled_at.astimezone(ZoneInfo(row.timezone)).date()
    for member in members:
        report = report_back.loads(reports[member].data) if member in reports else None
        for action in repo_meetings.open_actions(
            session=session, set_id=row.id or 0, owner_id=member
        ):
            if action.meeting_id == meeting_id:
                continue
            outcome = report.outcomes.get(action.id or 0) if report else None
            overdue = action.due_date is not None and action.due_date < meeting_day
            if outcome in (report_back.Outcome.NOT_DONE, report_back.Outcome.PARTLY):
                label = report_back.OUTCOME_LABELS[outcome].lower()
            elif overdue and outcome != report_back.Outcome.DONE:
                label = f"overdue since {action.due_date}"
            else:
                continue
            not_done.append(f"• {mention(member)}: {action.text[:300]} ({label})")
            if member not in airtime:
                airtime.append(member)
    history = repo_meetings.last_presented(session=session, set_id=row.id or 0)
    present = [m for m in members if m not in apologies]
    order = sorted(present, key=lambda m: (m not in airtime, history.get(m, 0)))
    return views.Brief(
        set_name=row.name,
        number=meeting.number,
        when=meeting.scheduled_at,
        reported=reported,
        not_reported=not_reported,
        apologies=apologies,
        not_done=not_done,
        wants_airtime=airtime,
        order=order,
    )
