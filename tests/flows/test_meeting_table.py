"""The whole (phase, event) table, legal or not, walked in milliseconds.

Here the facilitator is also a member of the set (a member the set chose to facilitate), so
they can check in and record actions like anyone else.
"""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest

from bot.flows import meeting_codec
from bot.flows.meeting import TRANSITIONS, apply
from bot.flows.meeting_state import DRIVING_EVENTS, LIVE_PHASES, Event, EventType, Phase
from tests.flows.meetings import FAC, MEMBERS, OUTSIDER, T0, A, B, Presence, at, at_phase, usual

SET = (FAC, *MEMBERS)
NOW = at(30)


def _states(phase: Phase) -> list:
    base = usual(members=SET)
    state = at_phase(phase, 0, base)
    states = [state]
    if phase in LIVE_PHASES:
        states.append(replace(state, paused_at=at(10)))
    if phase in (Phase.REPORT_BACK, Phase.PRESENT):
        states.append(at_phase(phase, 1, base))
    return states


STATES = {phase: _states(phase) for phase in Phase}


def _candidates(kind: EventType, actor: str = FAC) -> list[Event]:
    """Events of one type, varied over what the type carries."""
    if kind == EventType.CHECK_IN:
        return [Event(kind, actor, presence=p) for p in Presence]
    if kind in (EventType.PASS, EventType.RECORD_ACTION, EventType.HAND_OVER):
        return [Event(kind, actor, target=u) for u in SET]
    if kind == EventType.EXTEND:
        return [Event(kind, actor, minutes=5)]
    return [Event(kind, actor)]


ALL_PAIRS = list(itertools.product(Phase, EventType))


def _legal_param(pair: tuple[Phase, EventType]) -> object:
    return pytest.param(*pair, id=f"{pair[0]}-{pair[1]}")


def test_every_pair_is_walked() -> None:
    assert {p for p, _ in TRANSITIONS} <= set(Phase)
    assert len(ALL_PAIRS) == len(Phase) * len(EventType)
    assert set(TRANSITIONS) < set(ALL_PAIRS)


@pytest.mark.parametrize(("phase", "kind"), [_legal_param(p) for p in TRANSITIONS])
def test_pair_in_table_accepts_some_event_from_the_facilitator(
    phase: Phase, kind: EventType
) -> None:
    outcomes = [apply(s, e, NOW) for s in STATES[phase] for e in _candidates(kind)]
    assert any(o.ok for o in outcomes), [o.refused for o in outcomes]


@pytest.mark.parametrize(("phase", "kind"), [p for p in ALL_PAIRS if p not in TRANSITIONS], ids=str)
def test_pair_not_in_table_is_refused_and_state_kept(phase: Phase, kind: EventType) -> None:
    for state in STATES[phase]:
        for event in _candidates(kind):
            outcome = apply(state, event, NOW)
            assert not outcome.ok
            assert outcome.refused and outcome.refused.strip()
            assert outcome.state is state
            assert outcome.effects == ()


@pytest.mark.parametrize(("phase", "kind"), ALL_PAIRS, ids=str)
def test_refusals_keep_the_very_same_state(phase: Phase, kind: EventType) -> None:
    actors = (FAC, A, OUTSIDER)
    for state, actor in itertools.product(STATES[phase], actors):
        for event in _candidates(kind, actor):
            outcome = apply(state, event, NOW)
            if not outcome.ok:
                assert outcome.refused.strip()
                assert outcome.state is state
                assert outcome.effects == ()


@pytest.mark.parametrize(("phase", "kind"), ALL_PAIRS, ids=str)
def test_apply_never_mutates_its_input(phase: Phase, kind: EventType) -> None:
    for state, actor in itertools.product(STATES[phase], (FAC, B)):
        before = meeting_codec.dumps(state)
        attendance, last = dict(state.attendance), dict(state.last_presented)
        for event in _candidates(kind, actor):
            apply(state, event, NOW)
            assert meeting_codec.dumps(state) == before
            assert state.attendance == attendance
            assert state.last_presented == last


@pytest.mark.parametrize(
    ("phase", "kind"), list(itertools.product(Phase, sorted(DRIVING_EVENTS))), ids=str
)
@pytest.mark.parametrize("actor", [A, OUTSIDER])
def test_only_the_facilitator_drives(phase: Phase, kind: EventType, actor: str) -> None:
    for state in STATES[phase]:
        for event in _candidates(kind, actor):
            outcome = apply(state, event, NOW)
            assert not outcome.ok
            assert f"<@{FAC}>" in (outcome.refused or "")
            assert outcome.state is state


@pytest.mark.parametrize("kind", sorted(DRIVING_EVENTS))
def test_a_named_driver_may_drive_like_the_facilitator(kind: EventType) -> None:
    accepted = []
    for phase in Phase:
        for state in STATES[phase]:
            driven = replace(state, drivers=(A,))
            accepted += [apply(driven, e, NOW).ok for e in _candidates(kind, A)]
    assert any(accepted)


def test_a_cancelled_meeting_is_in_the_walk() -> None:
    assert [s.phase for s in STATES[Phase.CANCELLED]] == [Phase.CANCELLED]
    assert not any(p == Phase.CANCELLED for p, _ in TRANSITIONS)


@pytest.mark.parametrize("kind", list(EventType))
def test_a_cancelled_meeting_refuses_everything(kind: EventType) -> None:
    for state in STATES[Phase.CANCELLED]:
        for event in _candidates(kind):
            outcome = apply(state, event, NOW)
            assert outcome.refused == "This meeting was cancelled."
            assert outcome.state is state


@pytest.mark.parametrize("phase", list(Phase))
@pytest.mark.parametrize("user", [FAC, A])
def test_nobody_checks_in_as_absent(phase: Phase, user: str) -> None:
    for state in STATES[phase]:
        outcome = apply(state, Event(EventType.CHECK_IN, user, presence=Presence.ABSENT), NOW)
        assert not outcome.ok
        assert outcome.state is state
        assert outcome.effects == ()


def test_apply_depends_only_on_its_arguments() -> None:
    state = STATES[Phase.PRESENT][0]
    first = apply(state, Event(EventType.NEXT, FAC), T0)
    again = apply(state, Event(EventType.NEXT, FAC), T0)
    assert first == again
