"""A set's life, rule by rule: what each legal event makes of the set, and what it asks for.

The whole table, the roles and the refusal texts are walked in test_set_life.py.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.flows.set_life import (
    CancelNextMeeting,
    ClearCalendar,
    FacilitatorChanged,
    LifeEffect,
    LifeEvent,
    NextFacilitator,
    PlanCalendar,
    RotaChanged,
    SetClosed,
    SetLife,
    SetStatus,
    apply,
)
from tests.flows.lives import FAC, OUTSIDER, A, B, C, ev, held, life, ok, refused, rotating

ACTIVE, SUSPENDED, CLOSED = SetStatus.ACTIVE, SetStatus.SUSPENDED, SetStatus.CLOSED

# (life before, event) → (status after, effects, what else changed)
RULES: list[tuple[str, SetLife, LifeEvent, SetStatus, tuple[LifeEffect, ...], dict]] = [
    ("settings saved", life(ACTIVE), ev("schedule"), ACTIVE, (PlanCalendar(),), {}),
    ("settings saved, suspended", life(SUSPENDED, scheduled=0), ev("schedule"), SUSPENDED, (), {}),
    ("suspend", life(ACTIVE), ev("suspend"), SUSPENDED, (ClearCalendar(),), {"scheduled": 0}),
    ("reactivate", life(SUSPENDED, scheduled=0), ev("reactivate"), ACTIVE, (PlanCalendar(),), {}),
    (
        "close early",
        life(ACTIVE),
        ev("close"),
        CLOSED,
        (ClearCalendar(), SetClosed(early=True)),
        {"scheduled": 0},
    ),
    (
        "close early, suspended",
        life(SUSPENDED, scheduled=0),
        ev("close"),
        CLOSED,
        (ClearCalendar(), SetClosed(early=True)),
        {},
    ),
    (
        "cancel",
        life(ACTIVE),
        ev("cancel_meeting"),
        ACTIVE,
        (CancelNextMeeting(),),
        {"scheduled": 2},
    ),
    (
        "cancel the last",
        life(ACTIVE, scheduled=1),
        ev("cancel_meeting"),
        ACTIVE,
        (CancelNextMeeting(),),
        {"scheduled": 0},
    ),
]


@pytest.mark.parametrize(
    ("name", "before", "event", "status", "effects", "changed"), RULES, ids=[r[0] for r in RULES]
)
def test_each_rule(
    name: str,
    before: SetLife,
    event: LifeEvent,
    status: SetStatus,
    effects: tuple[LifeEffect, ...],
    changed: dict,
) -> None:
    outcome = ok(before, event)
    assert outcome.effects == effects
    assert outcome.life == replace(before, status=status, **changed)


def test_a_cancelled_meeting_leaves_the_rest_of_the_calendar() -> None:
    state = life(ACTIVE, scheduled=2)
    state = ok(state, ev("cancel_meeting")).life
    state = ok(state, ev("cancel_meeting")).life
    assert state.scheduled == 0 and state.status == ACTIVE
    assert "no upcoming meeting" in refused(state, ev("cancel_meeting"))


def test_a_suspended_set_can_close_and_a_reactivated_one_suspend_again() -> None:
    state = ok(life(ACTIVE), ev("suspend")).life
    state = ok(state, ev("reactivate")).life
    assert ok(state, ev("suspend")).life.status == SUSPENDED


# ---- a meeting held ----

HELD: list[tuple[str, SetLife, LifeEvent, SetStatus, tuple[LifeEffect, ...]]] = [
    ("fixed, more to come", life(scheduled=2), held(FAC), ACTIVE, ()),
    ("fixed, the last one", life(scheduled=0), held(FAC), CLOSED, (SetClosed(early=False),)),
    ("fixed, open-ended", life(scheduled=0, meeting_count=None), held(FAC), ACTIVE, ()),
    (
        "rotating, more to come",
        rotating(scheduled=2),
        held(A),
        ACTIVE,
        (RotaChanged((B, FAC, C, A)), NextFacilitator(B)),
    ),
    (
        "rotating, the last one",
        rotating(scheduled=0),
        held(A),
        CLOSED,
        (RotaChanged((B, FAC, C, A)), SetClosed(early=False)),
    ),
    (
        "rotating, open-ended, none scheduled",
        rotating(scheduled=0, meeting_count=None),
        held(A),
        ACTIVE,
        (RotaChanged((B, FAC, C, A)),),
    ),
    (
        "rotating, held by someone out of turn",
        rotating(scheduled=1),
        held(FAC),
        ACTIVE,
        (RotaChanged((A, B, C, FAC)), NextFacilitator(A)),
    ),
    (
        "rotating, rota never stored: the form's choice led",
        rotating(rota=(), scheduled=1),
        held(FAC),
        ACTIVE,
        (RotaChanged((A, B, C, FAC)), NextFacilitator(A)),
    ),
    (
        "rotating, held by a leaver: the rota keeps its order",
        rotating(scheduled=1),
        held(OUTSIDER),
        ACTIVE,
        (RotaChanged((A, B, FAC, C)), NextFacilitator(A)),
    ),
]


@pytest.mark.parametrize(
    ("name", "before", "event", "status", "effects"), HELD, ids=[r[0] for r in HELD]
)
def test_a_meeting_held(
    name: str,
    before: SetLife,
    event: LifeEvent,
    status: SetStatus,
    effects: tuple[LifeEffect, ...],
) -> None:
    outcome = ok(replace(before, running=True, meeting_facilitator=event.held_by), event)
    assert outcome.effects == effects
    assert outcome.life.status == status
    assert not outcome.life.running and outcome.life.meeting_facilitator is None
    for effect in effects:
        if isinstance(effect, RotaChanged):
            assert outcome.life.rota == effect.rota


def test_who_held_it_defaults_to_the_running_meetings_facilitator() -> None:
    state = rotating(scheduled=1, running=True, meeting_facilitator=A)
    outcome = ok(state, held(None))
    assert outcome.effects == (RotaChanged((B, FAC, C, A)), NextFacilitator(B))


def test_nobody_known_to_have_held_it_leaves_the_rota_as_it_was() -> None:
    outcome = ok(rotating(scheduled=1), held(None))
    assert outcome.effects == (RotaChanged((A, B, FAC, C)), NextFacilitator(A))


def test_the_set_closes_itself_after_its_last_planned_meeting() -> None:
    state = rotating(scheduled=2, meeting_count=3)
    seen = []
    for _ in range(3):
        outcome = ok(state, held(state.rota[0] if state.rota else FAC))
        seen.append(outcome.life.status)
        state = replace(outcome.life, scheduled=max(0, outcome.life.scheduled - 1))
    assert seen == [ACTIVE, ACTIVE, CLOSED]
    assert SetClosed(early=False) in outcome.effects
    assert not any(isinstance(e, NextFacilitator) for e in outcome.effects)
    assert "read-only" in refused(state, held())


@pytest.mark.parametrize("rotates", [False, True])
@pytest.mark.parametrize("scheduled", [0, 1, 5])
def test_an_open_ended_set_never_closes_by_itself(rotates: bool, scheduled: int) -> None:
    state = life(rotating=rotates, meeting_count=None, scheduled=scheduled)
    for _ in range(10):
        outcome = ok(state, held(FAC))
        assert outcome.life.status == ACTIVE
        assert not any(isinstance(e, SetClosed) for e in outcome.effects)
        state = outcome.life


# ---- handing over ----


@pytest.mark.parametrize("status", [ACTIVE, SUSPENDED])
def test_a_fixed_set_hands_the_coach_role_over(status: SetStatus) -> None:
    outcome = ok(life(status), ev("hand_over", target=B))
    assert outcome.effects == (FacilitatorChanged(B),)
    assert outcome.life == replace(life(status), facilitator=B)
    # From now on B is the facilitator, and the old one is not.
    assert ok(outcome.life, ev("suspend" if status == ACTIVE else "reactivate", B)).ok
    assert "Only the set's facilitator, <@UB>" in refused(outcome.life, ev("close", FAC))


@pytest.mark.parametrize("status", [ACTIVE, SUSPENDED])
def test_a_rotating_set_puts_the_new_facilitator_at_the_head_of_the_rota(
    status: SetStatus,
) -> None:
    outcome = ok(rotating(status), ev("hand_over", target=C))
    assert outcome.effects == (RotaChanged((C, A, B, FAC)),)
    assert outcome.life.rota == (C, A, B, FAC)
    assert outcome.life.facilitator == FAC  # who may change the settings stays the same


def test_a_rotating_set_refuses_a_hand_over_to_a_non_member() -> None:
    reason = refused(rotating(), ev("hand_over", target=OUTSIDER))
    assert reason == "<@UOUT> is not a member of this set, so can't facilitate it."


@pytest.mark.parametrize("rotates", [False, True])
def test_a_running_meeting_changes_hands_at_once(rotates: bool) -> None:
    state = life(rotating=rotates, rota=(A, B, FAC, C), running=True, meeting_facilitator=A)
    after = ok(state, ev("hand_over", A, target=B)).life
    assert after.meeting_facilitator == B
    assert ok(after, ev("hand_over", B, target=C)).ok  # B may hand it on in turn
    assert ok(life(), ev("hand_over", target=B)).life.meeting_facilitator is None


# ---- editing the rota ----


@pytest.mark.parametrize("status", [ACTIVE, SUSPENDED])
def test_rota_skip_and_swap(status: SetStatus) -> None:
    skipped = ok(rotating(status), ev("rota_skip"))
    assert skipped.effects == (RotaChanged((B, FAC, C, A)),)
    assert skipped.life.rota == (B, FAC, C, A)
    swapped = ok(rotating(status), ev("rota_swap", pair=(A, C)))
    assert swapped.effects == (RotaChanged((C, B, FAC, A)),)
    assert swapped.life.rota == (C, B, FAC, A)


def test_the_rota_follows_the_members() -> None:
    state = rotating(rota=(OUTSIDER, B, A), members=(FAC, A, B))
    assert ok(state, ev("rota_skip")).life.rota == (A, FAC, B)


@pytest.mark.parametrize(
    ("state", "event", "expected"),
    [
        (
            rotating(members=(FAC,), rota=(FAC,)),
            ev("rota_skip"),
            "There's nobody else in the rota to take over.",
        ),
        (
            rotating(),
            ev("rota_swap", pair=(A, OUTSIDER)),
            "<@UOUT> is not in the rota: only members take turns.",
        ),
        (rotating(), ev("rota_swap", pair=(A, A)), "Name two different members to swap."),
        (rotating(), ev("rota_swap"), "Name two members to swap: `/set rota swap @user @user`."),
    ],
    ids=str,
)
def test_rota_edits_that_make_no_sense(state: SetLife, event: LifeEvent, expected: str) -> None:
    assert refused(state, event) == expected


def test_an_accepted_event_returns_a_new_life() -> None:
    state = rotating(scheduled=2)
    for event in (ev("suspend"), ev("rota_skip"), held(A), ev("hand_over", target=B)):
        outcome = apply(state, event)
        assert outcome.ok and outcome.life is not state
        assert state == rotating(scheduled=2)
