"""Builders shared by the meeting tests: a set, a clock and short ways to drive a meeting."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from bot.flows.meeting import apply
from bot.flows.meeting_state import Event, EventType, MeetingState, Outcome, Phase, Presence

FAC = "UFAC"
A, B, C, D = "UA", "UB", "UC", "UD"
MEMBERS = (A, B, C, D)
OUTSIDER = "UOUT"
T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
ISSUE, NO_ISSUE, APOLOGIES = Presence.ISSUE, Presence.NO_ISSUE, Presence.APOLOGIES


def at(seconds: float = 0) -> datetime:
    """The clock, `seconds` after T0."""
    return T0 + timedelta(seconds=seconds)


def ev(kind: EventType | str, actor: str = FAC, **kwargs: object) -> Event:
    return Event(EventType(kind), actor, **kwargs)  # type: ignore[arg-type]


def new(
    members: tuple[str, ...] = MEMBERS,
    facilitator: str = FAC,
    length: int = 120,
    **kwargs: object,
) -> MeetingState:
    return MeetingState(facilitator=facilitator, members=members, length_minutes=length, **kwargs)  # type: ignore[arg-type]


def ok(state: MeetingState, event: Event, now: datetime = T0) -> Outcome:
    """Apply an event that must be accepted."""
    outcome = apply(state, event, now)
    assert outcome.ok, outcome.refused
    return outcome


def refused(state: MeetingState, event: Event, now: datetime = T0) -> str:
    """Apply an event that must be refused; the state must come back untouched."""
    outcome = apply(state, event, now)
    assert not outcome.ok, f"{event} was accepted in {state.phase}"
    assert outcome.refused
    assert outcome.state is state
    assert outcome.effects == ()
    return outcome.refused


def drive(state: MeetingState, *events: Event, now: datetime = T0) -> MeetingState:
    for event in events:
        state = ok(state, event, now).state
    return state


def started(presences: dict[str, Presence] | None = None, **kwargs: object) -> MeetingState:
    """A meeting in check-in, members checked in as given."""
    state = ok(new(**kwargs), ev("start")).state  # type: ignore[arg-type]
    for user, presence in (presences or {}).items():
        state = ok(state, ev("check_in", user, presence=presence)).state
    return state


# The usual meeting: A and B bring issues, C is here without one, D sends apologies.
# B presented longer ago than A, so the presenters are (B, A) whatever the seed.
USUAL = {A: ISSUE, B: ISSUE, C: NO_ISSUE, D: APOLOGIES}
USUAL_HISTORY = {A: 3, B: 1}


def usual(**kwargs: object) -> MeetingState:
    kwargs.setdefault("last_presented", dict(USUAL_HISTORY))
    return started(dict(USUAL), **kwargs)


def at_phase(phase: Phase, index: int = 0, state: MeetingState | None = None) -> MeetingState:
    """Drive the usual meeting with Next until it reaches `phase` at `index`."""
    state = state or usual()
    if phase == Phase.SCHEDULED:
        return new(last_presented=dict(USUAL_HISTORY))
    if phase == Phase.CANCELLED:  # called off before it started (services set the phase)
        return replace(new(last_presented=dict(USUAL_HISTORY)), phase=Phase.CANCELLED)
    if phase == Phase.CLOSED:
        return drive(state, ev("end"))
    for _ in range(40):
        if state.phase == phase and state.index == index:
            return state
        state = ok(state, ev("next")).state
    raise AssertionError(f"never reached {phase}[{index}]")
