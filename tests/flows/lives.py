"""Builders shared by the set-life tests: a set, its events, and short ways to apply them."""

from __future__ import annotations

from dataclasses import replace

from bot.flows.set_life import (
    LifeEvent,
    LifeEventType,
    LifeOutcome,
    SetLife,
    SetStatus,
    apply,
)

FAC = "UFAC"
A, B, C = "UA", "UB", "UC"
MEMBERS = (FAC, A, B, C)  # the facilitator the form chose is a member too
OUTSIDER = "UOUT"
NAMED = "*My set*"  # what the services put for `{set}`


def life(status: SetStatus = SetStatus.ACTIVE, **kwargs: object) -> SetLife:
    """A set of four, fixed facilitation, three meetings still scheduled, nothing running."""
    base = SetLife(status=status, facilitator=FAC, members=MEMBERS, meeting_count=6, scheduled=3)
    return replace(base, **kwargs)  # type: ignore[arg-type]


def rotating(status: SetStatus = SetStatus.ACTIVE, **kwargs: object) -> SetLife:
    """The same set, facilitation rotating, its stored rota (A, B, FAC, C)."""
    kwargs.setdefault("rota", (A, B, FAC, C))
    return life(status, rotating=True, **kwargs)


def ev(kind: LifeEventType | str, actor: str = FAC, **kwargs: object) -> LifeEvent:
    return LifeEvent(LifeEventType(kind), actor, **kwargs)  # type: ignore[arg-type]


def held(by: str | None = A) -> LifeEvent:
    """The system's word that a meeting facilitated by `by` has closed."""
    return LifeEvent(LifeEventType.MEETING_HELD, "", held_by=by)


def ok(state: SetLife, event: LifeEvent) -> LifeOutcome:
    """Apply an event that must be accepted."""
    outcome = apply(state, event)
    assert outcome.ok, outcome.refused
    return outcome


def refused(state: SetLife, event: LifeEvent) -> str:
    """Apply an event that must be refused; the life must come back untouched."""
    outcome = apply(state, event)
    assert not outcome.ok, f"{event} was accepted in {state.status}"
    assert outcome.refused and outcome.refused.strip()
    assert outcome.life is state
    assert outcome.effects == ()
    return outcome.refused
