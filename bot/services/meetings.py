"""Use cases of the live meeting.

Each request runs in two parts so Slack gets its ack within 3 seconds:
`apply_event` is one database transaction (load, pure transition, save, persist
effects) that returns an `Applied`; the handler acks, then `effects.perform` carries
out the Slack side (posts, thread messages, the control message update).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlmodel import Session

from bot.blocks import action_form
from bot.blocks.meeting import MeetingInfo
from bot.blocks.text import mention
from bot.flows import meeting_codec, report_back, rota
from bot.flows.meeting import apply
from bot.flows.meeting_state import (
    AttendanceChanged,
    Effect,
    Event,
    EventType,
    MeetingClosed,
    MeetingStarted,
    MeetingState,
    Outcome,
    Phase,
    Presence,
    SlotEnded,
    SlotKind,
    SlotStarted,
    TimersChanged,
)
from bot.services import prompts
from bot.services.core import Deps, DomainError
from bot.services.sets import close_set, require_running_calendar, require_set, rota_of
from bot.store import repo_jobs, repo_meetings, repo_reports, repo_sets
from bot.store.tables import LearningSet, Meeting

MOVED_ON = "The meeting has already moved on, so nothing changed. See the updated control message."
CONFLICT = "Someone changed the meeting at the same moment, so nothing changed. Please try again."
NOT_RUNNING = "No meeting is running. The facilitator starts one with `/set start`."
ENDED = "That meeting has ended."


@dataclass(frozen=True)
class Applied:
    """A transition that was saved, with what Slack still needs to show for it."""

    team: str
    channel: str
    actor: str
    info: MeetingInfo
    state: MeetingState
    effects: tuple[Effect, ...]
    ground_rules: str
    control_ts: str | None
    next_meeting: datetime | None
    set_id: int = 0
    next_facilitator: str | None = None  # a rotating set's next facilitator, once closed
    set_closed: bool = False  # this meeting was the set's last: the set closed with it


def reported_members(session: Session, meeting_id: int) -> tuple[str, ...]:
    """Members whose report-back for this meeting is in."""
    return tuple(
        r.user_id
        for r in repo_reports.reports_for(session=session, meeting_id=meeting_id)
        if r.complete
    )


def meeting_info(session: Session, row: LearningSet, meeting: Meeting, version: int) -> MeetingInfo:
    """What the meeting's messages show besides its state."""
    members = repo_sets.list_members(session=session, set_id=row.id or 0)
    reported = set(reported_members(session, meeting.id or 0)) & set(members)
    return MeetingInfo(
        meeting_id=meeting.id or 0,
        version=version,
        set_name=row.name,
        number=meeting.number,
        count=row.meeting_count,
        reported=len(reported),
        members=len(members),
    )


def initial_state(session: Session, row: LearningSet, meeting: Meeting) -> MeetingState:
    """A meeting about to start: who facilitates, who is in it, who presented when."""
    set_id = row.id or 0
    members = tuple(repo_sets.list_members(session=session, set_id=set_id))
    facilitator = row.facilitator_id
    if row.rotating:
        facilitator = rota.next_up(rota_of(session, row)) or facilitator
    away = prompts.apologies_for(session, row, meeting)
    apologies = {u: Presence.APOLOGIES for u in members if u in away}
    return MeetingState(
        facilitator=facilitator,
        members=members,
        length_minutes=row.meeting_minutes,
        drivers=(row.facilitator_id,),
        seed=random.SystemRandom().randrange(2**31),
        last_presented=repo_meetings.last_presented(session=session, set_id=set_id),
        attendance=apologies,
    )


def save_outcome(session: Session, meeting: Meeting, outcome: Outcome) -> None:
    """Save a transition's state under the version check; DomainError if someone was faster."""
    state = outcome.state
    saved = repo_meetings.save_state(
        session=session,
        meeting_id=meeting.id or 0,
        expected_version=meeting.version,
        phase=state.phase.value,
        state=meeting_codec.dumps(state),
        facilitator_id=state.facilitator,
        started_at=state.started_at,
        ended_at=state.ended_at,
    )
    if not saved:
        raise DomainError(CONFLICT)


class MeetingService:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def apply_event(
        self,
        team: str,
        user: str,
        event_type: EventType,
        *,
        channel: str | None = None,
        meeting_id: int | None = None,
        version: int | None = None,
        target: str | None = None,
        minutes: int = 0,
        presence: Presence | None = None,
        action: action_form.ActionDraft | None = None,
    ) -> Applied:
        """Apply one event in one transaction; DomainError if refused (nothing changes)."""
        now = self.deps.clock()
        event = Event(event_type, user, target=target, minutes=minutes, presence=presence)
        with self.deps.session() as session:
            row, meeting = self._locate(session, team, channel, meeting_id, event_type)
            if meeting.phase == Phase.SCHEDULED:
                state = initial_state(session, row, meeting)
            else:
                state = meeting_codec.loads(meeting.state)
            state = replace(state, reported=reported_members(session, meeting.id or 0))
            if self._start_never_shown(meeting, state, event):
                # Slack failed to show this meeting's start: show it again, change nothing.
                outcome = Outcome(state=state, effects=(MeetingStarted(),))
            else:
                outcome = apply(state, event, now)
            if not outcome.ok:
                raise DomainError(outcome.refused or "That can't be done now.")
            if version is not None and version != meeting.version:
                raise DomainError(MOVED_ON)
            current = meeting.version
            if outcome.state is not state:
                save_outcome(session, meeting, outcome)
                current += 1
            self._persist(session, row, meeting, outcome, now, current)
            if action is not None:
                repo_meetings.add_action(
                    session=session,
                    set_id=row.id or 0,
                    meeting_id=meeting.id or 0,
                    owner_id=target or user,
                    created_by=user,
                    text=action.text,
                    expectation=action.expectation,
                    due_date=action.due_date,
                    now=now,
                )
            upcoming = repo_meetings.next_scheduled(session=session, set_id=row.id or 0)
            closing = any(isinstance(e, MeetingClosed) for e in outcome.effects)
            next_facilitator = None
            if closing and row.rotating:
                after = rota.after_meeting(rota_of(session, row), outcome.state.facilitator)
                row.rota = " ".join(after)
                session.add(row)
                next_facilitator = rota.next_up(after)
            set_closed = closing and upcoming is None and row.meeting_count is not None
            if set_closed:
                close_set(session, row, now)
            return Applied(
                team=team,
                channel=row.channel_id,
                actor=user,
                info=meeting_info(session, row, meeting, current),
                state=outcome.state,
                effects=outcome.effects,
                ground_rules=row.ground_rules,
                control_ts=meeting.control_ts,
                next_meeting=upcoming.scheduled_at if upcoming else None,
                set_id=row.id or 0,
                next_facilitator=next_facilitator if upcoming else None,
                set_closed=set_closed,
            )

    @staticmethod
    def _start_never_shown(meeting: Meeting, state: MeetingState, event: Event) -> bool:
        return (
            event.type == EventType.START
            and meeting.phase != Phase.SCHEDULED
            and meeting.control_ts is None
            and state.may_drive(event.actor)
        )

    def _locate(
        self,
        session: Session,
        team: str,
        channel: str | None,
        meeting_id: int | None,
        event_type: EventType,
    ) -> tuple[LearningSet, Meeting]:
        if meeting_id is not None:
            meeting = repo_meetings.get_meeting(session=session, meeting_id=meeting_id, lock=True)
            if meeting is None:
                raise DomainError(ENDED)
            row = repo_sets.get_set(session=session, set_id=meeting.set_id)
            if row is None or row.team_id != team:
                raise DomainError(ENDED)
            if channel is not None and row.channel_id != channel:
                raise DomainError(ENDED)
            if meeting.phase == Phase.CLOSED:
                raise DomainError(ENDED)
            return row, meeting
        row = require_set(session, team, channel or "")
        set_id = row.id or 0
        running = repo_meetings.running_meeting(session=session, set_id=set_id, lock=True)
        if running is not None:
            return row, running
        if event_type != EventType.START:
            raise DomainError(NOT_RUNNING)
        require_running_calendar(row)
        upcoming = repo_meetings.next_scheduled(session=session, set_id=set_id, lock=True)
        if upcoming is None:
            raise DomainError(
                "This set has no meetings left to start. Use `/set settings` to plan more."
            )
        return row, upcoming

    def _persist(
        self,
        session: Session,
        row: LearningSet,
        meeting: Meeting,
        outcome: Outcome,
        now: datetime,
        version: int,
    ) -> None:
        """Write the rows that follow from the effects: turns, attendance, timers."""
        meeting_id = meeting.id or 0
        for effect in outcome.effects:
            if isinstance(effect, SlotStarted) and effect.kind in (
                SlotKind.REPORT_BACK,
                SlotKind.ISSUE,
            ):
                repo_meetings.start_turn(
                    session=session,
                    meeting_id=meeting_id,
                    slot=effect.slot,
                    kind=effect.kind.value,
                    user_id=effect.user or "",
                    now=now,
                )
                if effect.kind == SlotKind.REPORT_BACK and effect.user:
                    self._store_outcomes(session, meeting_id, effect.user, now)
            elif isinstance(effect, SlotEnded) and effect.user:
                repo_meetings.end_turn(
                    session=session,
                    meeting_id=meeting_id,
                    slot=effect.slot,
                    outcome=effect.outcome,
                    now=now,
                )
            elif isinstance(effect, AttendanceChanged):
                repo_meetings.record_attendance(
                    session=session,
                    meeting_id=meeting_id,
                    user_id=effect.user,
                    status=effect.presence.value,
                    now=now,
                )
            elif isinstance(effect, TimersChanged):
                self._reset_timers(session, row, meeting.id or 0, version, effect)
            elif isinstance(effect, MeetingClosed):
                for user in outcome.state.members:
                    if user not in outcome.state.attendance:
                        repo_meetings.record_attendance(
                            session=session,
                            meeting_id=meeting_id,
                            user_id=user,
                            status="absent",
                            now=now,
                        )

    def _store_outcomes(self, session: Session, meeting_id: int, user: str, now: datetime) -> None:
        """The member's report says what became of their actions: keep it on the actions."""
        report = repo_reports.get_report(session=session, meeting_id=meeting_id, user_id=user)
        if report is None:
            return
        outcomes = report_back.loads(report.data).outcomes
        for action_id, outcome in outcomes.items():
            repo_meetings.set_action_status(
                session=session,
                action_id=action_id,
                owner_id=user,
                status=outcome.value,
                now=now,
            )

    def _reset_timers(
        self,
        session: Session,
        row: LearningSet,
        meeting_id: int,
        version: int,
        timers: TimersChanged,
    ) -> None:
        """Replace the meeting's pending timers; keys carry the state version they follow."""
        repo_jobs.cancel_pending(session=session, meeting_id=meeting_id, kind_prefix="timer")
        for kind, due in (("warn", timers.warn_at), ("over", timers.over_at)):
            if due is None:
                continue
            repo_jobs.schedule(
                session=session,
                key=f"timer:{meeting_id}:{version}:{kind}",
                kind=f"timer_{kind}",
                due_at=due,
                meeting_id=meeting_id,
                payload={"slot": timers.slot, "team": row.team_id},
            )

    def action_form(self, team: str, user: str, value: str) -> dict[str, Any]:
        """The modal for recording an action, if this person may record one now."""
        meeting_id, _, owner = value.partition(":")
        if not meeting_id.isdigit() or not owner:
            raise DomainError(ENDED)
        with self.deps.session() as session:
            meeting = repo_meetings.get_meeting(session=session, meeting_id=int(meeting_id))
            row = repo_sets.get_set(session=session, set_id=meeting.set_id) if meeting else None
            if meeting is None or row is None or meeting.phase == Phase.CLOSED:
                raise DomainError(ENDED)
            state = meeting_codec.loads(meeting.state)
            if user != owner and not state.may_drive(user):
                raise DomainError(
                    f"These are {mention(owner)}'s actions: only they or the facilitator "
                    "can record them."
                )
            if state.phase != Phase.ACTIONS or state.speaker != owner:
                raise DomainError(
                    f"The meeting has moved on from {mention(owner)}'s actions. Ask the "
                    "facilitator to go Back to them."
                )
            return action_form.build(meeting.id or 0, owner, f"<@{owner}>", row.name)
