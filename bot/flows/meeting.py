"""The live meeting as a pure transition function.

`apply(state, event, now)` → `Outcome`: a new state plus effects (data for the services
to carry out), or a refusal with a reason for the person. It never mutates its input,
never reads the clock and never does I/O. `TRANSITIONS` declares every legal
(phase, event) pair; any pair missing from it is refused. The slot, timer and
turn-order helpers the rules build on live in `bot.flows.meeting_turns`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from bot.flows.meeting_state import (
    CHECK_IN_CHOICES,
    DRIVING_EVENTS,
    ISSUE_STEPS,
    LIVE_PHASES,
    AttendanceChanged,
    Effect,
    Event,
    EventType,
    MeetingStarted,
    MeetingState,
    Outcome,
    Phase,
    Presence,
    SlotEnded,
)
from bot.flows.meeting_turns import (
    after_presenter,
    after_report_back,
    close,
    end_slot,
    enter,
    mention,
    plan,
    refuse,
    replan_late,
    step_to,
    timers,
)

Rule = Callable[[MeetingState, Event, datetime], Outcome]
MAX_EXTEND_MINUTES = 120


# ---- rules ----


def _start(state: MeetingState, event: Event, now: datetime) -> Outcome:
    started = replace(state, started_at=now)
    outcome = enter(started, Phase.CHECK_IN, 0, now, "done")
    return replace(outcome, effects=(MeetingStarted(), *outcome.effects))


def _next(state: MeetingState, event: Event, now: datetime) -> Outcome:
    phase = state.phase
    if phase == Phase.CHECK_IN:
        planned = plan(state)
        if planned.reporters:
            return enter(planned, Phase.REPORT_BACK, 0, now, "done")
        return after_report_back(planned, now, "done")
    if phase == Phase.REPORT_BACK:
        if state.index + 1 < len(state.reporters):
            return enter(state, Phase.REPORT_BACK, state.index + 1, now, "done")
        return after_report_back(state, now, "done")
    if phase in (Phase.PRESENT, Phase.QUESTIONS):
        step = Phase.QUESTIONS if phase == Phase.PRESENT else Phase.ACTIONS
        stepped, said = step_to(state, step)
        return Outcome(state=stepped, effects=said)
    if phase == Phase.ACTIONS:
        return after_presenter(state, now, "done")
    return close(state, now, "done")  # reflection


def _back(state: MeetingState, event: Event, now: datetime) -> Outcome:
    phase = state.phase
    if phase in (Phase.QUESTIONS, Phase.ACTIONS):
        step = Phase.PRESENT if phase == Phase.QUESTIONS else Phase.QUESTIONS
        stepped, said = step_to(state, step)
        return Outcome(state=stepped, effects=said)
    if phase == Phase.REPORT_BACK and state.index > 0:
        return enter(state, Phase.REPORT_BACK, state.index - 1, now, "back")
    if phase == Phase.PRESENT and state.index > 0:
        return enter(state, Phase.ACTIONS, state.index - 1, now, "back")
    if phase == Phase.REFLECTION and state.presenters:
        return enter(state, Phase.ACTIONS, len(state.presenters) - 1, now, "back")
    if phase != Phase.REPORT_BACK and state.reporters:
        return enter(state, Phase.REPORT_BACK, len(state.reporters) - 1, now, "back")
    return enter(state, Phase.CHECK_IN, 0, now, "back")


def _skip(state: MeetingState, event: Event, now: datetime) -> Outcome:
    if state.phase == Phase.REPORT_BACK:
        if state.index + 1 < len(state.reporters):
            return enter(state, Phase.REPORT_BACK, state.index + 1, now, "skipped")
        return after_report_back(state, now, "skipped")
    return after_presenter(state, now, "skipped")


def _pass(state: MeetingState, event: Event, now: datetime) -> Outcome:
    target = event.target
    if target is None or target not in state.members:
        return refuse(state, f"{mention(target)} is not a member of this set.")
    presence = state.attendance.get(target)
    if presence == Presence.APOLOGIES:
        return refuse(state, f"{mention(target)} sent apologies for this meeting.")
    if state.phase == Phase.CHECK_IN:
        attendance = state.attendance if presence else {**state.attendance, target: Presence.ISSUE}
        pinned = (target, *(u for u in state.pinned if u != target))
        moved = replace(state, pinned=pinned, attendance=attendance)
        effects: tuple[Effect, ...] = ()
        if not presence:
            effects = (AttendanceChanged(user=target, presence=Presence.ISSUE),)
        return Outcome(state=moved, effects=effects)
    if target == state.speaker:
        return refuse(state, f"{mention(target)} already has the floor.")
    field = "reporters" if state.phase == Phase.REPORT_BACK else "presenters"
    queue: tuple[str, ...] = getattr(state, field)
    done = queue[: state.index]
    if target in done:
        verb = "reported back" if field == "reporters" else "presented"
        return refuse(state, f"{mention(target)} has already {verb} in this meeting.")
    rest = tuple(u for u in queue[state.index :] if u != target)
    wanted = Presence.NO_ISSUE if field == "reporters" else Presence.ISSUE
    effects = ()
    attendance = state.attendance
    if presence is None or (wanted == Presence.ISSUE and presence != Presence.ISSUE):
        attendance = {**attendance, target: wanted}
        effects = (AttendanceChanged(user=target, presence=wanted),)
    reordered = (*done, target, *rest)
    if field == "reporters":
        moved = replace(state, attendance=attendance, reporters=reordered)
    else:
        moved = replace(state, attendance=attendance, presenters=reordered)
    phase = Phase.REPORT_BACK if field == "reporters" else Phase.PRESENT
    entered = enter(moved, phase, state.index, now, "passed")
    # The slot that ended is the displaced speaker's: describe it from the old state.
    started = tuple(e for e in entered.effects if not isinstance(e, SlotEnded))
    return replace(entered, effects=effects + end_slot(state, "passed") + started)


def _extend(state: MeetingState, event: Event, now: datetime) -> Outcome:
    if not 1 <= event.minutes <= MAX_EXTEND_MINUTES:
        return refuse(state, f"Extend by 1 to {MAX_EXTEND_MINUTES} minutes, e.g. `+5`.")
    longer = replace(state, slot_extra=state.slot_extra + event.minutes * 60)
    return Outcome(state=longer, effects=(timers(longer),))


def _pause(state: MeetingState, event: Event, now: datetime) -> Outcome:
    if state.paused:
        return refuse(state, "The meeting is already paused.")
    paused = replace(state, paused_at=now)
    return Outcome(state=paused, effects=(timers(paused),))


def _resume(state: MeetingState, event: Event, now: datetime) -> Outcome:
    if state.paused_at is None:
        return refuse(state, "The meeting is not paused.")
    held = int((now - state.paused_at).total_seconds())
    resumed = replace(state, paused_at=None, paused_seconds=state.paused_seconds + held)
    return Outcome(state=resumed, effects=(timers(resumed),))


def _end(state: MeetingState, event: Event, now: datetime) -> Outcome:
    return close(state, now, "ended")


def _check_in(state: MeetingState, event: Event, now: datetime) -> Outcome:
    user, presence = event.actor, event.presence
    if user not in state.members:
        return refuse(state, "Only members of this set check in. Use `/set join` to join it.")
    if presence is None:
        return refuse(state, "Say whether you are here with an issue, here, or sending apologies.")
    if presence not in CHECK_IN_CHOICES:
        return refuse(
            state,
            "You can't check in as absent: absence is recorded when the meeting closes, for "
            "members who never checked in. Say whether you are here with an issue, here, or "
            "sending apologies.",
        )
    if user == state.speaker and presence == Presence.APOLOGIES:
        return refuse(state, "You have the floor right now: you can't send apologies mid-turn.")
    moved = replace(state, attendance={**state.attendance, user: presence})
    if state.phase != Phase.CHECK_IN and state.attendance.get(user) != presence:
        moved = replan_late(moved, user, presence)
    return Outcome(state=moved, effects=(AttendanceChanged(user=user, presence=presence),))


def _record_action(state: MeetingState, event: Event, now: datetime) -> Outcome:
    owner = event.target
    if owner != state.speaker:
        return refuse(state, _not_actions_step(state, owner))
    if event.actor != owner and not state.may_drive(event.actor):
        return refuse(state, "Only the presenter or the facilitator can record these actions.")
    return Outcome(state=state)


def _not_actions_step(state: MeetingState, owner: str | None) -> str:
    """Why an action for `owner` can't be recorded now, and what would make it possible."""
    if owner is not None and owner == state.speaker and state.phase in ISSUE_STEPS:
        return (
            f"{mention(owner)}'s actions come after the questions. The facilitator moves to "
            "the actions step with Next; then submit again."
        )
    ahead = state.presenters[state.index + 1 :] if state.phase in ISSUE_STEPS else ()
    if state.phase in (Phase.CHECK_IN, Phase.REPORT_BACK) or owner in ahead:
        return f"{mention(owner)}'s issue round hasn't come yet: record actions during it."
    return (
        f"The meeting has moved on from {mention(owner)}'s actions. Ask the facilitator "
        "to go Back to them, then submit again."
    )


def _hand_over(state: MeetingState, event: Event, now: datetime) -> Outcome:
    """Someone else facilitates from now on; the set's coach keeps driving alongside."""
    target = event.target
    if target is None or target not in state.members:
        return refuse(state, f"{mention(target)} is not a member of this set.")
    if target == state.facilitator:
        return refuse(state, f"{mention(target)} already facilitates this meeting.")
    return Outcome(state=replace(state, facilitator=target))


def _paused_guard(rule: Rule) -> Rule:
    def guarded(state: MeetingState, event: Event, now: datetime) -> Outcome:
        if state.paused:
            return refuse(state, "The meeting is paused. Resume it first.")
        return rule(state, event, now)

    return guarded


TRANSITIONS: dict[tuple[Phase, EventType], Rule] = {(Phase.SCHEDULED, EventType.START): _start}
for _phase in LIVE_PHASES:
    TRANSITIONS[(_phase, EventType.NEXT)] = _paused_guard(_next)
    if _phase != Phase.CHECK_IN:
        TRANSITIONS[(_phase, EventType.BACK)] = _paused_guard(_back)
    TRANSITIONS[(_phase, EventType.EXTEND)] = _extend
    TRANSITIONS[(_phase, EventType.PAUSE)] = _pause
    TRANSITIONS[(_phase, EventType.RESUME)] = _resume
    TRANSITIONS[(_phase, EventType.END)] = _end
    TRANSITIONS[(_phase, EventType.CHECK_IN)] = _check_in
    TRANSITIONS[(_phase, EventType.HAND_OVER)] = _hand_over
for _phase in (Phase.CHECK_IN, Phase.REPORT_BACK, *ISSUE_STEPS):
    TRANSITIONS[(_phase, EventType.PASS)] = _paused_guard(_pass)
for _phase in (Phase.REPORT_BACK, *ISSUE_STEPS):
    TRANSITIONS[(_phase, EventType.SKIP)] = _paused_guard(_skip)
TRANSITIONS[(Phase.ACTIONS, EventType.RECORD_ACTION)] = _record_action


def _no_transition(state: MeetingState, event: Event) -> str:
    if state.phase == Phase.SCHEDULED:
        return "No meeting is running. The facilitator starts one with `/set start`."
    if state.phase == Phase.CLOSED:
        return "This meeting has ended."
    if state.phase == Phase.CANCELLED:
        return "This meeting was cancelled."
    if event.type == EventType.START:
        return "A meeting is already running in this channel."
    if event.type == EventType.PASS:
        return "Passing the floor only works during check-in, report-back and issue rounds."
    if event.type == EventType.BACK:
        return "The meeting is at its start: there is nothing to go back to."
    if event.type == EventType.SKIP:
        return "Skip passes over a member's turn; use Next to move on from here."
    if event.type == EventType.RECORD_ACTION:
        return _not_actions_step(state, event.target)
    return f"`{event.type.value}` can't be used during {state.phase.value.replace('_', ' ')}."


def apply(state: MeetingState, event: Event, now: datetime) -> Outcome:
    """Apply one event to a meeting: the new state and effects, or a refusal."""
    if event.type in DRIVING_EVENTS and not state.may_drive(event.actor):
        return refuse(
            state,
            f"Only the facilitator, {mention(state.facilitator)}, can run the meeting.",
        )
    rule = TRANSITIONS.get((state.phase, event.type))
    if rule is None:
        return refuse(state, _no_transition(state, event))
    return rule(state, event, now)
