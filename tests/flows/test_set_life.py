"""A set's life: the whole (status, event) table, legal or not, its roles and its refusals.

What each legal transition does (its new life and effects) is in test_set_life_rules.py.
"""

from __future__ import annotations

import copy
import itertools
from dataclasses import replace

import pytest

from bot.flows.set_life import (
    SET,
    TRANSITIONS,
    LifeEvent,
    LifeEventType,
    SetLife,
    SetStatus,
    apply,
    with_set_name,
)
from tests.flows.lives import FAC, MEMBERS, NAMED, OUTSIDER, A, B, ev, held, life, ok, refused

E = LifeEventType
ACTIVE, SUSPENDED, CLOSED = SetStatus.ACTIVE, SetStatus.SUSPENDED, SetStatus.CLOSED
ALL_PAIRS = list(itertools.product(SetStatus, LifeEventType))
ACTORS = (FAC, A, OUTSIDER, "")


def _lives(status: SetStatus) -> list[SetLife]:
    """Lives varied over what the rules look at: rota, calendar, a running meeting, count."""
    lives = []
    for spin, scheduled, running, count in itertools.product(
        (False, True), (0, 3), (False, True), (None, 6)
    ):
        lives.append(
            life(
                status,
                rotating=spin,
                rota=(A, B, FAC) if spin else (),
                scheduled=scheduled,
                running=running,
                meeting_facilitator=A if running else None,
                meeting_count=count,
            )
        )
    return lives


LIVES = {status: _lives(status) for status in SetStatus}


def _candidates(kind: LifeEventType, actor: str = FAC) -> list[LifeEvent]:
    """Events of one type, varied over what the type carries."""
    if kind == E.HAND_OVER:
        return [ev(kind, actor, target=u) for u in (*MEMBERS, OUTSIDER, None)]
    if kind == E.ROTA_SWAP:
        return [ev(kind, actor, pair=p) for p in ((A, B), (A, A), (A, OUTSIDER), None)]
    if kind == E.MEETING_HELD:
        return [ev(kind, actor, held_by=u) for u in (A, FAC, None)]
    return [ev(kind, actor)]


def _id(pair: tuple[SetStatus, LifeEventType]) -> str:
    return f"{pair[0]}-{pair[1]}"


def test_every_pair_is_walked() -> None:
    assert len(ALL_PAIRS) == len(SetStatus) * len(LifeEventType)
    assert set(TRANSITIONS) < set(ALL_PAIRS)
    assert not any(status == CLOSED for status, _ in TRANSITIONS)


@pytest.mark.parametrize(("status", "kind"), list(TRANSITIONS), ids=_id)
def test_pair_in_table_accepts_some_event_from_the_facilitator(
    status: SetStatus, kind: LifeEventType
) -> None:
    outcomes = [apply(s, e) for s in LIVES[status] for e in _candidates(kind)]
    assert any(o.ok for o in outcomes), {o.refused for o in outcomes}


@pytest.mark.parametrize(
    ("status", "kind"), [p for p in ALL_PAIRS if p not in TRANSITIONS], ids=_id
)
def test_pair_not_in_table_is_refused_and_life_kept(status: SetStatus, kind: LifeEventType) -> None:
    for state, actor in itertools.product(LIVES[status], ACTORS):
        for event in _candidates(kind, actor):
            outcome = apply(state, event)
            assert not outcome.ok
            assert outcome.refused and outcome.refused.strip()
            assert outcome.life is state
            assert outcome.effects == ()


@pytest.mark.parametrize(("status", "kind"), ALL_PAIRS, ids=_id)
def test_refusals_keep_the_very_same_life(status: SetStatus, kind: LifeEventType) -> None:
    for state, actor in itertools.product(LIVES[status], ACTORS):
        for event in _candidates(kind, actor):
            outcome = apply(state, event)
            if not outcome.ok:
                assert outcome.refused and outcome.refused.strip()
                assert outcome.life is state
                assert outcome.effects == ()


@pytest.mark.parametrize(("status", "kind"), ALL_PAIRS, ids=_id)
def test_apply_never_mutates_its_input(status: SetStatus, kind: LifeEventType) -> None:
    for state, actor in itertools.product(LIVES[status], (FAC, A)):
        before = copy.deepcopy(state)
        for event in _candidates(kind, actor):
            event_before = copy.deepcopy(event)
            apply(state, event)
            assert state == before
            assert event == event_before


def test_apply_depends_only_on_its_arguments() -> None:
    for state in LIVES[ACTIVE]:
        for kind in LifeEventType:
            for event in _candidates(kind):
                assert apply(state, event) == apply(state, event)


@pytest.mark.parametrize("kind", list(LifeEventType))
@pytest.mark.parametrize("actor", ACTORS)
def test_a_closed_set_is_read_only_for_everyone(kind: LifeEventType, actor: str) -> None:
    for state in LIVES[CLOSED]:
        for event in _candidates(kind, actor):
            assert refused(state, event) == "{set} has closed, so it is read-only."


# ---- roles: who may send what; the role is checked before the state ----

DOING = {
    E.SCHEDULE: "change the settings",
    E.CANCEL_MEETING: "cancel meetings",
    E.SUSPEND: "suspend the set",
    E.REACTIVATE: "reactivate the set",
    E.CLOSE: "close the set",
    E.ROTA_SKIP: "edit the rota",
    E.ROTA_SWAP: "edit the rota",
}


@pytest.mark.parametrize(("kind", "doing"), list(DOING.items()), ids=str)
@pytest.mark.parametrize("status", [ACTIVE, SUSPENDED])
@pytest.mark.parametrize("actor", [A, OUTSIDER, ""])
def test_only_the_facilitator_may(
    kind: LifeEventType, doing: str, status: SetStatus, actor: str
) -> None:
    expected = f"Only the set's facilitator, <@{FAC}>, can {doing}."
    for state in LIVES[status]:
        if kind in (E.ROTA_SKIP, E.ROTA_SWAP) and not state.rotating:
            continue  # a fixed set refuses the rota first: see below
        for event in _candidates(kind, actor):
            assert refused(state, event) == expected


def test_the_table_covers_every_facilitator_only_event() -> None:
    ruled = set(DOING) | {E.HAND_OVER, E.MEETING_HELD}
    assert ruled == set(LifeEventType)


@pytest.mark.parametrize(
    ("state", "event"),
    [
        (life(ACTIVE), ev("reactivate", A)),  # not suspended, but the role is said first
        (life(SUSPENDED), ev("suspend", A)),
        (life(SUSPENDED), ev("cancel_meeting", A)),
        (life(ACTIVE, scheduled=0), ev("cancel_meeting", A)),
        (life(ACTIVE, running=True, meeting_facilitator=A), ev("suspend", A)),
        (life(ACTIVE, running=True, meeting_facilitator=A), ev("close", A)),
    ],
    ids=str,
)
def test_the_role_is_checked_before_the_state(state: SetLife, event: LifeEvent) -> None:
    assert refused(state, event).startswith(f"Only the set's facilitator, <@{FAC}>")


@pytest.mark.parametrize("status", [ACTIVE, SUSPENDED])
@pytest.mark.parametrize("actor", [FAC, A, OUTSIDER])
@pytest.mark.parametrize("kind", [E.ROTA_SKIP, E.ROTA_SWAP])
def test_a_fixed_set_refuses_the_rota_before_the_role(
    status: SetStatus, actor: str, kind: LifeEventType
) -> None:
    expected = (
        f"{{set}} has a fixed facilitator, <@{FAC}>. Choose rotating facilitation in "
        "`/set settings` to use a rota."
    )
    for event in _candidates(kind, actor):
        assert refused(life(status), event) == expected


@pytest.mark.parametrize("rotates", [False, True])
def test_the_facilitator_or_the_meetings_facilitator_hands_over(rotates: bool) -> None:
    running = life(rotating=rotates, running=True, meeting_facilitator=A)
    assert ok(running, ev("hand_over", FAC, target=B)).ok
    assert ok(running, ev("hand_over", A, target=B)).ok
    expected = f"Only the set's facilitator, <@{FAC}>, can hand facilitation over."
    assert refused(running, ev("hand_over", B, target=B)) == expected
    assert refused(life(rotating=rotates), ev("hand_over", A, target=B)) == expected
    assert refused(life(rotating=rotates), ev("hand_over", "", target=B)) == expected


@pytest.mark.parametrize("actor", ["", OUTSIDER, A, FAC])
def test_a_meeting_held_is_never_refused_for_its_actor(actor: str) -> None:
    for state in LIVES[ACTIVE]:
        assert ok(state, replace(held(), actor=actor)).ok


# ---- the texts people see ----

RUNNING = "A meeting is running: the facilitator ends it with `/set end` first."
LIVE = {"running": True, "meeting_facilitator": A}
NOT_A_MEMBER = "<@UOUT> isn't a member: `/set add` them first."

REFUSALS = [
    (life(ACTIVE, **LIVE), ev("suspend"), RUNNING),
    (life(ACTIVE, **LIVE), ev("close"), RUNNING),
    (life(SUSPENDED, **LIVE), ev("close"), RUNNING),
    (life(SUSPENDED), ev("suspend"), "{set} is already suspended."),
    (life(ACTIVE), ev("reactivate"), "{set} isn't suspended: its calendar is running."),
    (
        life(ACTIVE, scheduled=0),
        ev("cancel_meeting"),
        "There's no upcoming meeting. `/set settings` plans more.",
    ),
    (
        life(SUSPENDED),
        ev("cancel_meeting"),
        "{set} is suspended, so its calendar is stopped. The facilitator restarts it with "
        "`/set reactivate`.",
    ),
    (life(SUSPENDED), held(), "{set} is suspended, so none of its meetings can be held."),
    (life(ACTIVE), ev("hand_over", target=OUTSIDER), NOT_A_MEMBER),
    (life(SUSPENDED), ev("hand_over", target=OUTSIDER), NOT_A_MEMBER),
    (life(ACTIVE), ev("hand_over"), "Name who takes over: `/set facilitator @user`."),
    (life(CLOSED), ev("schedule"), "{set} has closed, so it is read-only."),
]


@pytest.mark.parametrize(("state", "event", "expected"), REFUSALS, ids=str)
def test_each_refusal_says_why(state: SetLife, event: LifeEvent, expected: str) -> None:
    assert refused(state, event) == expected


NAMES_THE_SET = [
    (life(SUSPENDED), ev("suspend")),
    (life(ACTIVE), ev("reactivate")),
    (life(SUSPENDED), ev("cancel_meeting")),
    (life(SUSPENDED), held()),
    (life(CLOSED), ev("close")),
    (life(ACTIVE), ev("rota_skip")),
]
NAMES_NOBODY = [
    (life(ACTIVE, **LIVE), ev("suspend")),
    (life(ACTIVE, scheduled=0), ev("cancel_meeting")),
    (life(ACTIVE), ev("close", A)),
    (life(ACTIVE), ev("hand_over", target=OUTSIDER)),
]


@pytest.mark.parametrize(("state", "event"), NAMES_THE_SET, ids=str)
def test_refusals_naming_the_set_hold_the_placeholder(state: SetLife, event: LifeEvent) -> None:
    reason = refused(state, event)
    assert SET == "{set}"
    assert reason.count(SET) == 1
    assert with_set_name(reason, NAMED).startswith(NAMED)
    assert SET not in with_set_name(reason, NAMED)


@pytest.mark.parametrize(("state", "event"), NAMES_NOBODY, ids=str)
def test_other_refusals_have_no_placeholder(state: SetLife, event: LifeEvent) -> None:
    reason = refused(state, event)
    assert "{" not in reason and with_set_name(reason, NAMED) == reason
