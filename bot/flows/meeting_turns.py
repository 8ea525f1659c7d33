"""How a meeting's turns move: slots, their timers, and the order of the rounds.

The helpers the rules in `bot.flows.meeting` build on. Each takes a state and returns a
new one (or an `Outcome`), never mutating its input; `now` is always an argument.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from bot.flows import timing
from bot.flows.meeting_state import (
    ISSUE_STEPS,
    PRESENT,
    Effect,
    MeetingClosed,
    MeetingState,
    Outcome,
    Phase,
    Presence,
    SlotEnded,
    SlotStarted,
    StepChanged,
    TimersChanged,
)
from bot.flows.order import fair_order


def refuse(state: MeetingState, reason: str) -> Outcome:
    """The same state back, refused with `reason` for the person who asked."""
    return Outcome(state=state, refused=reason)


def mention(user: str | None) -> str:
    """A Slack mention of `user`, or "nobody" when there is no one to name."""
    return f"<@{user}>" if user else "nobody"


# ---- slots and timers ----


def timers(state: MeetingState) -> TimersChanged:
    """The current slot's warn and over times; none while paused or not live."""
    if not state.live or state.paused or state.slot_started_at is None:
        return TimersChanged(slot=state.slot, warn_at=None, over_at=None)
    end = state.slot_started_at + timedelta(
        seconds=state.slot_budget + state.slot_extra + state.paused_seconds
    )
    warn = end - timedelta(seconds=timing.WARNING_SECONDS)
    warn_at = warn if state.slot_budget + state.slot_extra > timing.WARNING_SECONDS else None
    return TimersChanged(slot=state.slot, warn_at=warn_at, over_at=end)


def _budget_seconds(state: MeetingState, phase: Phase) -> int:
    length = state.length_minutes
    if phase == Phase.CHECK_IN:
        minutes = timing.check_in_minutes(length)
    elif phase == Phase.REPORT_BACK:
        minutes = timing.report_minutes(length, len(state.reporters))
    elif phase in ISSUE_STEPS:
        minutes = timing.presenter_minutes(length, len(state.reporters), len(state.presenters))
    else:
        minutes = timing.reflection_minutes(length)
    return minutes * 60


def end_slot(state: MeetingState, outcome: str) -> tuple[Effect, ...]:
    """The effect closing the current slot with `outcome`, if a slot is open."""
    kind = state.slot_kind
    if kind is None:
        return ()
    return (SlotEnded(slot=state.slot, kind=kind, user=state.speaker, outcome=outcome),)


def enter(state: MeetingState, phase: Phase, index: int, now: datetime, outcome: str) -> Outcome:
    """Close the current slot (if any) and open a new one at `phase`/`index`."""
    ended = end_slot(state, outcome)
    moved = replace(
        state,
        phase=phase,
        index=index,
        slot=state.slot + 1,
        slot_started_at=now,
        slot_extra=0,
        paused_at=None,
        paused_seconds=0,
    )
    moved = replace(moved, slot_budget=_budget_seconds(moved, phase))
    turn = f"{moved.slot_kind}:{moved.speaker}"
    again = moved.speaker is not None and turn in moved.shown
    if moved.speaker is not None and not again:
        moved = replace(moved, shown=(*moved.shown, turn))
    started = SlotStarted(slot=moved.slot, kind=moved.slot_kind, user=moved.speaker, again=again)  # type: ignore[arg-type]
    effects: tuple[Effect, ...] = (*ended, started)
    if phase == Phase.ACTIONS:
        # Arriving at a presenter's actions step by going back: its prompt is in the thread.
        moved, said = step_to(moved, phase)
        effects += said
    return Outcome(state=moved, effects=(*effects, timers(moved)))


def step_to(state: MeetingState, phase: Phase) -> tuple[MeetingState, tuple[Effect, ...]]:
    """The presenter's round moves to `phase`: its prompt is posted in their thread the
    first time only (Back, and Next after it, find it there already). The present step's
    prompt is the thread's root itself."""
    speaker = state.speaker or ""
    key = f"{phase}:{speaker}"
    moved = replace(state, phase=phase)
    if key in state.shown or phase == Phase.PRESENT:
        return moved, ()
    return replace(moved, shown=(*moved.shown, key)), (StepChanged(user=speaker, phase=phase),)


def close(state: MeetingState, now: datetime, outcome: str) -> Outcome:
    """End the meeting: the open slot closes with `outcome` and its timers go."""
    ended = end_slot(state, outcome)
    early = state.phase != Phase.REFLECTION
    closed = replace(state, phase=Phase.CLOSED, ended_at=now, paused_at=None, ended_early=early)
    return Outcome(state=closed, effects=(*ended, timers(closed), MeetingClosed()))


# ---- the order of the rounds ----


def plan(state: MeetingState) -> MeetingState:
    """Fix the report-back and presenter order as check-in closes."""
    present = [u for u in state.members if state.attendance.get(u) in PRESENT]
    # An absent member's report is heard like anyone's: they get a report-back turn too.
    # A set's first meeting has nothing to report on: no report-back round at all.
    reporting = [u for u in state.members if u in present or u in state.reported]
    if not state.report_round:
        reporting = []
    issue_holders = [u for u in present if state.attendance.get(u) == Presence.ISSUE]
    pinned = tuple(u for u in state.pinned if state.attendance.get(u) in PRESENT)
    rest = fair_order(
        (u for u in issue_holders if u not in pinned), state.last_presented, state.seed
    )
    return replace(state, reporters=tuple(reporting), presenters=pinned + rest)


def replan_late(state: MeetingState, user: str, presence: Presence) -> MeetingState:
    """A check-in after check-in: join or leave the queues still ahead."""
    reporters, presenters = state.reporters, state.presenters
    report_open = state.phase == Phase.REPORT_BACK
    rounds_open = state.phase in (Phase.REPORT_BACK, *ISSUE_STEPS)
    r_done = state.index + 1 if report_open else len(reporters)
    p_done = state.index + 1 if state.phase in ISSUE_STEPS else 0
    if report_open:
        ahead = tuple(u for u in reporters[r_done:] if u != user)
        if presence in PRESENT and user not in reporters[:r_done]:
            ahead += (user,)
        reporters = reporters[:r_done] + ahead
    if rounds_open:
        ahead = tuple(u for u in presenters[p_done:] if u != user)
        if presence == Presence.ISSUE and user not in presenters[:p_done]:
            ahead += (user,)
        presenters = presenters[:p_done] + ahead
    return replace(state, reporters=reporters, presenters=presenters)


def after_report_back(state: MeetingState, now: datetime, outcome: str) -> Outcome:
    """Past the report-back round: the first issue round, or reflection if nobody has one."""
    if state.presenters:
        return enter(state, Phase.PRESENT, 0, now, outcome)
    return enter(state, Phase.REFLECTION, 0, now, outcome)


def after_presenter(state: MeetingState, now: datetime, outcome: str) -> Outcome:
    """Past a presenter's issue round: the next presenter's, or reflection after the last."""
    if state.index + 1 < len(state.presenters):
        return enter(state, Phase.PRESENT, state.index + 1, now, outcome)
    return enter(state, Phase.REFLECTION, 0, now, outcome)


def still_to_come(state: MeetingState) -> tuple[tuple[str, ...], bool]:
    """What ending now would skip: the presenters whose issue round hasn't begun, and
    whether the reflection hasn't either (nothing, once the meeting is not live)."""
    if not state.live or state.phase == Phase.REFLECTION:
        return (), False
    if state.phase == Phase.CHECK_IN:
        return plan(state).presenters, True
    if state.phase == Phase.REPORT_BACK:
        return state.presenters, True
    return state.presenters[state.index + 1 :], True
