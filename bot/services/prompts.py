"""Report-back prompts, reminders and the facilitator's brief: planned as due rows,
delivered by DueWork when they fall due."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlmodel import Session

from bot.blocks import report as views
from bot.blocks.text import mention, mentions
from bot.flows import report_back
from bot.flows.prompting import Kind, allowed, plan
from bot.services.core import Deps, log, slack_error
from bot.store import repo_jobs, repo_meetings, repo_reports, repo_sets
from bot.store.tables import DueJob, LearningSet, Meeting

KINDS = tuple(k.value for k in Kind)
PERMANENT = frozenset(
    {"user_not_found", "users_not_found", "account_inactive", "user_disabled", "cannot_dm_bot"}
)


class Delivery(StrEnum):
    DONE = "done"  # sent, or no longer needed
    DEFERRED = "deferred"  # moved out of quiet hours; the row is pending again
    UNREACHABLE = "unreachable"  # Slack says this person can't be reached at all


def plan_meeting(session: Session, row: LearningSet, meeting: Meeting) -> None:
    """(Re)write the meeting's pending prompts, reminder and brief from the set as it is."""
    repo_reports.forget_pending(session=session, meeting_id=meeting.id or 0, kinds=KINDS)
    if meeting.phase != "scheduled":
        return
    members = repo_sets.list_members(session=session, set_id=row.id or 0)
    zones = repo_reports.known_zones(
        session=session, team_id=row.team_id, user_ids=[*members, row.facilitator_id]
    )
    apologies = {
        user
        for user, status in repo_meetings.attendance(
            session=session, meeting_id=meeting.id or 0
        ).items()
        if status == "apologies"
    }
    local_day = meeting.scheduled_at.astimezone(ZoneInfo(row.timezone)).date()
    apologies |= repo_reports.away_on(session=session, set_id=row.id or 0, day=local_day)
    planned = plan(
        meeting.scheduled_at,
        row.prompt_lead_hours,
        row.reminder_hours,
        {m: zones.get(m) or row.timezone for m in members},
        row.facilitator_id,
        zones.get(row.facilitator_id) or row.timezone,
        frozenset(apologies),
    )
    for item in planned:
        repo_jobs.ensure(
            session=session,
            key=f"{item.kind.value}:{meeting.id}:{item.user}",
            kind=item.kind.value,
            due_at=item.due,
            meeting_id=meeting.id,
            payload={"team": row.team_id, "user": item.user},
        )


def plan_set(session: Session, row: LearningSet) -> None:
    """Plan every scheduled meeting of a set (after create, settings, members changing)."""
    for meeting in repo_meetings.scheduled_meetings(session=session, set_id=row.id or 0):
        plan_meeting(session, row, meeting)


class PromptDelivery:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def deliver(self, job: DueJob, user: str, team: str) -> Delivery:
        """Send one prompt, reminder or brief if it still makes sense.

        Raises SlackApiError for failures worth retrying (DueWork retries with backoff).
        """
        with self.deps.session() as session:
            meeting = repo_meetings.get_meeting(session=session, meeting_id=job.meeting_id or 0)
            row = repo_sets.get_set(session=session, set_id=meeting.set_id) if meeting else None
            if meeting is None or row is None or meeting.phase != "scheduled":
                log.info("%s dropped: the meeting has started, ended or gone", job.key)
                return Delivery.DONE
            members = repo_sets.list_members(session=session, set_id=row.id or 0)
            if job.kind != Kind.BRIEF and user not in members:
                log.info("%s dropped: %s is no longer a member", job.key, user)
                return Delivery.DONE
            person = repo_reports.slack_user(
                session=session, team_id=team, user_id=user, now=self.deps.clock()
            )
            if person.unreachable:
                return Delivery.UNREACHABLE
            zone, channel = person.tz, person.dm_channel
            meeting_at, meeting_id = meeting.scheduled_at, meeting.id or 0
        client = self.deps.client_for(team)
        try:
            zone = zone or self._zone(client, team, user)
            now = self.deps.clock()
            when = allowed(now, zone, meeting_at)
            if when > now:
                with self.deps.session() as session:
                    repo_jobs.retry_later(
                        session=session, job_id=job.id or 0, due_at=when, error="quiet hours"
                    )
                return Delivery.DEFERRED
            if when < now:
                log.info("%s dropped: no time outside quiet hours before the meeting", job.key)
                return Delivery.DONE
            channel = channel or self._open_dm(client, team, user)
            if job.kind == Kind.PROMPT:
                self._prompt(client, channel, row, meeting_id, user)
            elif job.kind == Kind.REMINDER:
                self._remind(client, channel, row, meeting_id, user)
            else:
                self._brief(client, channel, row, meeting_id)
        except SlackApiError as error:
            if slack_error(error) in PERMANENT:
                self._unreachable(client, team, row, user, slack_error(error))
                return Delivery.UNREACHABLE
            raise
        return Delivery.DONE

    def _zone(self, client: WebClient, team: str, user: str) -> str | None:
        zone = client.users_info(user=user)["user"].get("tz")
        with self.deps.session() as session:
            person = repo_reports.slack_user(
                session=session, team_id=team, user_id=user, now=self.deps.clock()
            )
            person.tz, person.updated_at = zone, self.deps.clock()
            session.add(person)
        return zone

    def _open_dm(self, client: WebClient, team: str, user: str) -> str:
        """Open the DM once and keep its id: conversations.open is rate-limited hard."""
        channel = str(client.conversations_open(users=user)["channel"]["id"])
        with self.deps.session() as session:
            person = repo_reports.slack_user(
                session=session, team_id=team, user_id=user, now=self.deps.clock()
            )
            person.dm_channel, person.updated_at = channel, self.deps.clock()
            session.add(person)
        return channel

    def _prompt(
        self, client: WebClient, channel: str, row: LearningSet, meeting_id: int, user: str
    ) -> None:
        with self.deps.session() as session:
            meeting = repo_meetings.get_meeting(session=session, meeting_id=meeting_id)
            assert meeting is not None
            actions = open_actions_of(session, row.id or 0, user, meeting_id)
            existing = repo_reports.get_report(session=session, meeting_id=meeting_id, user_id=user)
            if existing is None:
                repo_reports.save_report(
                    session=session,
                    meeting_id=meeting_id,
                    user_id=user,
                    data=_dump(report_back.Report()),
                    complete=False,
                    now=self.deps.clock(),
                    dm_channel=channel,
                )
            number, when = meeting.number, meeting.scheduled_at
        blocks = views.prompt(row.name, number, when, meeting_id, actions)
        client.chat_postMessage(
            channel=channel,
            text=f"Report back for {row.name}: {report_back.QUESTIONS[0]}",
            blocks=blocks,
        )

    def _remind(
        self, client: WebClient, channel: str, row: LearningSet, meeting_id: int, user: str
    ) -> None:
        with self.deps.session() as session:
            meeting = repo_meetings.get_meeting(session=session, meeting_id=meeting_id)
            assert meeting is not None
            report = repo_reports.get_report(session=session, meeting_id=meeting_id, user_id=user)
            status = repo_meetings.attendance(session=session, meeting_id=meeting_id).get(user)
            if (report is not None and report.complete) or status == "apologies":
                return
            number, when = meeting.number, meeting.scheduled_at
        client.chat_postMessage(
            channel=channel,
            text=f"A reminder: your report-back for {row.name} isn't in yet.",
            blocks=views.reminder(row.name, number, when, meeting_id),
        )

    def _brief(self, client: WebClient, channel: str, row: LearningSet, meeting_id: int) -> None:
        with self.deps.session() as session:
            brief = build_brief(session, row, meeting_id)
        client.chat_postMessage(
            channel=channel,
            text=f"Brief for {row.name}, meeting {brief.number}",
            blocks=views.brief(brief),
        )

    def _unreachable(
        self, client: WebClient, team: str, row: LearningSet, user: str, reason: str
    ) -> None:
        """Record that Slack can't reach `user`; tell the facilitator, once."""
        with self.deps.session() as session:
            person = repo_reports.slack_user(
                session=session, team_id=team, user_id=user, now=self.deps.clock()
            )
            first_time = person.unreachable is None
            person.unreachable, person.updated_at = reason, self.deps.clock()
            session.add(person)
            facilitator = repo_reports.slack_user(
                session=session, team_id=team, user_id=row.facilitator_id, now=self.deps.clock()
            )
            channel = facilitator.dm_channel
        if not first_time or user == row.facilitator_id:
            return
        try:
            channel = channel or self._open_dm(client, team, row.facilitator_id)
            client.chat_postMessage(
                channel=channel,
                text=(
                    f"I can't reach {mention(user)} in Slack (`{reason}`), so they won't get "
                    f"report-back prompts for *{row.name}*. Check they are still in the "
                    "workspace, or remove them with `/set remove`."
                ),
            )
        except SlackApiError as error:
            log.warning("could not tell the facilitator about %s: %s", user, error)


def _dump(report: report_back.Report) -> str:
    return json.dumps(report_back.to_data(report), ensure_ascii=False)


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
    attendance = repo_meetings.attendance(session=session, meeting_id=meeting_id)
    apologies = [m for m in members if attendance.get(m) == "apologies"]
    reported = [m for m in members if m in reports and reports[m].complete]
    not_reported = [m for m in members if m not in reported and m not in apologies]
    not_done, airtime = [], []
    for member in members:
        report = report_back.from_data(_load(reports[member].data)) if member in reports else None
        for action in open_actions_of(session, row.id or 0, member, meeting_id):
            outcome = report.outcomes.get(action.id) if report else None
            if outcome in (report_back.Outcome.NOT_DONE, report_back.Outcome.PARTLY):
                not_done.append(f"• {mention(member)}: {action.text[:300]} ({outcome.value})")
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


def _load(text: str) -> dict[str, Any]:
    try:
        data = json.loads(text or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}
