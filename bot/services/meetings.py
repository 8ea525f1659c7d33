"""Use cases of the live meeting: one event, one transaction, one `Done`.

`apply_event` reads the meeting once (locked), applies the pure transition, saves it under
the version check, writes the rows that follow and renders every message the change shows,
all in one transaction; the outbox posts them after the ack and keeps the timestamps Slack
returns in a second one.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlmodel import Session

from bot.blocks import action_form, ids
from bot.blocks import meeting as meeting_blocks
from bot.blocks.text import clip, escape, mention, section, slack_day
from bot.flows import meeting_codec
from bot.flows.meeting import apply
from bot.flows.meeting_state import (
    Event,
    EventType,
    MeetingClosed,
    MeetingStarted,
    MeetingState,
    Outcome,
    Phase,
    Presence,
)
from bot.flows.meeting_turns import still_to_come
from bot.flows.order import meeting_seed
from bot.services import lookups, meeting_close, meeting_render
from bot.services import result as fx
from bot.services.actions import latest_due
from bot.services.core import INVITE_HINT, Deps, DomainError, use_case
from bot.services.gateway import Gateway
from bot.services.guards import require_running_calendar, require_set, rota_of
from bot.services.meeting_rows import persist, save_outcome
from bot.services.prompt_plans import apologies_for
from bot.store import repo_actions, repo_meetings, repo_sets, repo_turns
from bot.store.tables import LearningSet, Meeting

MOVED_ON = "The meeting has already moved on, so nothing changed. See the updated control message."
NOT_RUNNING = "No meeting is running. The facilitator starts one with `/set start`."
ENDED = "That meeting has ended."
NO_MEETINGS_LEFT = "This set has no meetings left to start. Use `/set settings` to plan more."


@dataclass(frozen=True)
class Request:
    """One event for a meeting: found by its channel (commands) or by id (buttons)."""

    team: str
    user: str
    type: EventType
    channel: str | None = None
    meeting_id: int | None = None
    version: int | None = None  # the control message's version, for stale buttons
    target: str | None = None
    minutes: int = 0
    presence: Presence | None = None
    ask_first: bool = False  # End: ask before skipping rounds or the reflection


class EndFirst(DomainError):
    """Ending now would skip issue rounds or the reflection: ask the facilitator first."""

    def __init__(self, meeting_id: int, skipped: tuple[str, ...], reflection: bool) -> None:
        self.text, self.blocks = meeting_blocks.end_question(meeting_id, skipped, reflection)
        super().__init__(self.text)


def initial_state(
    session: Session, row: LearningSet, meeting: Meeting, members: list[str]
) -> MeetingState:
    """A meeting about to start: who facilitates, who is in it, who presented when."""
    facilitator = row.facilitator_id
    if row.rotating:
        facilitator = rota_of(row, members)[0] if members else facilitator
    away = apologies_for(session, row, meeting)
    return MeetingState(
        facilitator=facilitator,
        members=tuple(members),
        length_minutes=row.meeting_minutes,
        drivers=(row.facilitator_id,),
        seed=meeting_seed(meeting.id or 0),
        last_presented=repo_turns.last_presented(session=session, set_id=row.id or 0),
        attendance={u: Presence.APOLOGIES for u in members if u in away},
        # A set's first meeting has nothing to report on: no report-back round.
        report_round=repo_meetings.count_started(session=session, set_id=row.id or 0) > 0,
    )


def transition(session: Session, request: Request, now: datetime) -> list[fx.Effect]:
    """Apply one event inside the caller's transaction: DomainError if refused (nothing
    written); otherwise the Slack effects of the saved change."""
    row, meeting = _locate(session, request)
    members = repo_sets.list_members(session=session, set_id=row.id or 0)
    reports = lookups.reports_of(session, meeting.id or 0)
    reported = lookups.reported_members(reports)
    if meeting.phase == Phase.SCHEDULED:
        state = initial_state(session, row, meeting, members)
    else:
        state = meeting_codec.loads(meeting.state)
    state = replace(state, reported=reported)
    event = Event(
        request.type,
        request.user,
        target=request.target,
        minutes=request.minutes,
        presence=request.presence,
    )
    if request.ask_first and event.type == EventType.END and state.may_drive(request.user):
        skipped, reflection = still_to_come(state)
        if skipped or reflection:
            raise EndFirst(meeting.id or 0, skipped, reflection)
    if _start_never_shown(meeting, state, event):
        # Slack failed to show this meeting's start: show it again, change nothing.
        outcome = Outcome(state=state, effects=(MeetingStarted(),))
    else:
        outcome = apply(state, event, now)
    if not outcome.ok:
        raise DomainError(outcome.refused or "That can't be done now.")
    if request.version is not None and request.version != meeting.version:
        raise DomainError(MOVED_ON)
    version = meeting.version
    if outcome.state is not state:
        version = save_outcome(session, meeting, outcome)
    persist(session, row, meeting, outcome, now, version, reports)
    info = lookups.meeting_info(row, meeting, version, members, reported)
    scene = meeting_render.Scene(row, meeting, info, outcome.state, now, reports)
    effects = meeting_render.render(session, scene, outcome.effects)
    closed = any(isinstance(e, MeetingClosed) for e in outcome.effects)
    if closed:
        effects += meeting_close.closing(session, scene, now)
    if meeting.intervention_ts and (closed or not outcome.state.paused):
        effects.append(meeting_render.intervention_answered(session, row, meeting))
    return effects + meeting_render.control(scene)


def _start_never_shown(meeting: Meeting, state: MeetingState, event: Event) -> bool:
    return (
        event.type == EventType.START
        and meeting.phase != Phase.SCHEDULED
        and meeting.control_ts is None
        and state.may_drive(event.actor)
    )


def _locate(session: Session, request: Request) -> tuple[LearningSet, Meeting]:
    if request.meeting_id is not None:
        meeting = repo_meetings.get_meeting(
            session=session, meeting_id=request.meeting_id, lock=True
        )
        if meeting is None:
            raise DomainError(ENDED)
        row = repo_sets.get_set(session=session, set_id=meeting.set_id)
        if row is None or row.team_id != request.team:
            raise DomainError(ENDED)
        if request.channel is not None and row.channel_id != request.channel:
            raise DomainError(ENDED)
        if meeting.phase in (Phase.CLOSED, Phase.CANCELLED):
            raise DomainError(ENDED)
        return row, meeting
    row = require_set(session, request.team, request.channel or "")
    set_id = row.id or 0
    running = repo_meetings.running_meeting(session=session, set_id=set_id, lock=True)
    if running is not None:
        return row, running
    if request.type != EventType.START:
        raise DomainError(NOT_RUNNING)
    require_running_calendar(row)
    upcoming = repo_meetings.next_scheduled(session=session, set_id=set_id, lock=True)
    if upcoming is None:
        raise DomainError(NO_MEETINGS_LEFT)
    return row, upcoming


class MeetingService:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    @use_case
    def apply_event(
        self, request: Request, confirmation: str = "", gateway: Gateway | None = None
    ) -> fx.Done:
        """One event in one transaction; the reason as the reply if it is refused.

        `/set start` first checks (through `gateway`) that the bot can post in the channel.
        """
        if gateway is not None and request.channel and not gateway.can_post_in(request.channel):
            raise DomainError(INVITE_HINT)
        try:
            with self.deps.session() as session:
                effects = transition(session, request, self.deps.clock())
        except EndFirst as question:
            return fx.Done.say(question.text, blocks=question.blocks)
        return fx.Done(fx.Reply(confirmation) if confirmation else None, tuple(effects))

    def end_now(self, team: str, user: str, value: str, channel: str, response_url: str) -> fx.Done:
        """**End now**: the meeting ends (the summary goes to the channel) and the answer
        replaces the question; a second press finds it ended and says so."""
        if not value.isdigit():
            return fx.Done.only(fx.Respond(response_url, ENDED, replace_original=True))
        request = Request(team, user, EventType.END, channel=channel, meeting_id=int(value))
        done = self.apply_event(request)
        said = done.text or "Ended. The summary is in the channel."
        return fx.Done.only(fx.Respond(response_url, said, replace_original=True), *done.effects)

    @staticmethod
    def keep_going(response_url: str) -> fx.Done:
        """**Keep going**: nothing changes; the question goes away."""
        text = "Carrying on: the meeting is still running."
        return fx.Done.only(fx.Respond(response_url, text, replace_original=True))

    @use_case
    def action_form(self, team: str, user: str, value: str, trigger_id: str) -> fx.Done:
        """Open the modal for recording an action, if this person may record one now."""
        meeting_id, _, owner = value.partition(":")
        if not meeting_id.isdigit() or not owner:
            raise DomainError(ENDED)
        with self.deps.session() as session:
            meeting = repo_meetings.get_meeting(session=session, meeting_id=int(meeting_id))
            row = repo_sets.get_set(session=session, set_id=meeting.set_id) if meeting else None
            if meeting is None or row is None or meeting.phase in (Phase.CLOSED, Phase.CANCELLED):
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
            view = action_form.build(meeting.id or 0, owner, f"<@{owner}>", row.name)
        return fx.Done.only(fx.OpenView(trigger_id, view))

    def record_action(self, team: str, user: str, view: dict[str, Any]) -> fx.Done:
        """The action form submitted: inline errors, or the action saved and confirmed in
        the presenter's thread."""
        where = action_form.metadata(view)
        now = self.deps.clock()
        draft = action_form.parse(view.get("state", {}).get("values", {}), now.date())
        if where is None:
            return fx.Done.invalid(
                {ids.ACTION_TEXT: "This form has expired. Close it and try again."}
            )
        if isinstance(draft, dict):
            return fx.Done.invalid(draft)
        meeting_id, owner = where
        request = Request(team, user, EventType.RECORD_ACTION, meeting_id=meeting_id, target=owner)
        try:
            with self.deps.session() as session:
                transition(session, request, now)  # checks; shows nothing new by itself
                meeting = repo_meetings.get_meeting(session=session, meeting_id=meeting_id)
                row = repo_sets.get_set(session=session, set_id=meeting.set_id if meeting else 0)
                last = latest_due(session, row) if row else None
                if draft.due_date and last and draft.due_date > last:
                    return fx.Done.invalid(
                        {
                            ids.ACTION_DUE: f"That's after the set's last meeting "
                            f"({last:%a %d %b %Y}). Pick a date on or before it."
                        }
                    )
                repo_actions.add_action(
                    session=session,
                    set_id=meeting.set_id if meeting else 0,
                    meeting_id=meeting_id,
                    owner_id=owner,
                    created_by=user,
                    text=draft.text,
                    expectation=draft.expectation,
                    due_date=draft.due_date,
                    now=now,
                )
                thread = repo_turns.current_thread(
                    session=session, meeting_id=meeting_id, user_id=owner
                )
                channel = _channel_of(session, meeting)
        except DomainError as error:
            return fx.Done.invalid({ids.ACTION_TEXT: str(error)})
        due = slack_day(draft.due_date) if draft.due_date else "the next meeting"
        text = (
            f"📝 Action for <@{owner}>, by {due}: {escape(clip(draft.text, 1500))}\n"
            f"_Expects: {escape(clip(draft.expectation, 1000))}_"
        )
        blocks = [section(text)]
        return fx.Done.only(fx.Post(channel, text, blocks, thread_ts=thread))


def _channel_of(session: Session, meeting: Meeting | None) -> str:
    row = repo_sets.get_set(session=session, set_id=meeting.set_id) if meeting else None
    return row.channel_id if row else ""
