"""The meeting's behaviour: start, check-in, the fair order, the rounds, Next, Back, Skip, End."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.flows.meeting import apply
from bot.flows.meeting_state import (
    CHECK_IN_CHOICES,
    LIVE_PHASES,
    AttendanceChanged,
    EventType,
    MeetingClosed,
    MeetingStarted,
    Phase,
    SlotEnded,
    SlotKind,
    SlotStarted,
    StepChanged,
    TimersChanged,
)
from tests.flows.meetings import (
    APOLOGIES,
    FAC,
    ISSUE,
    NO_ISSUE,
    OUTSIDER,
    T0,
    A,
    B,
    C,
    D,
    Presence,
    at,
    at_phase,
    drive,
    ev,
    new,
    ok,
    refused,
    started,
    usual,
)

# ---- start and check-in ----


def test_start_opens_check_in() -> None:
    outcome = ok(new(), ev("start"), at(5))
    state = outcome.state
    assert (state.phase, state.slot, state.started_at, state.slot_started_at) == (
        Phase.CHECK_IN,
        1,
        at(5),
        at(5),
    )
    assert outcome.effects[0] == MeetingStarted()
    assert outcome.effects[1] == SlotStarted(slot=1, kind=SlotKind.CHECK_IN, user=None)
    assert isinstance(outcome.effects[2], TimersChanged) and outcome.effects[2].slot == 1
    assert len(outcome.effects) == 3


@pytest.mark.parametrize("phase", LIVE_PHASES)
def test_a_second_start_is_refused(phase: Phase) -> None:
    assert "already running" in refused(at_phase(phase), ev("start"))


@pytest.mark.parametrize("presence", CHECK_IN_CHOICES)
@pytest.mark.parametrize("user", [A, D])
def test_members_check_in(presence: Presence, user: str) -> None:
    outcome = ok(started(), ev("check_in", user, presence=presence))
    assert outcome.state.attendance == {user: presence}
    assert outcome.effects == (AttendanceChanged(user=user, presence=presence),)
    assert (user in outcome.state.attended()) == (presence != APOLOGIES)
    assert (user in outcome.state.apologies()) == (presence == APOLOGIES)


def test_a_member_can_change_their_check_in() -> None:
    state = drive(started({A: ISSUE}), ev("check_in", A, presence=APOLOGIES))
    assert state.attendance == {A: APOLOGIES}


@pytest.mark.parametrize("user", [OUTSIDER, FAC])
def test_non_members_cannot_check_in(user: str) -> None:
    assert "/set join" in refused(started(), ev("check_in", user, presence=ISSUE))


def test_check_in_must_say_how() -> None:
    assert "apologies" in refused(started(), ev("check_in", A))


@pytest.mark.parametrize("phase", LIVE_PHASES)
def test_absent_is_never_a_check_in_choice(phase: Phase) -> None:
    reason = refused(at_phase(phase), ev("check_in", A, presence=Presence.ABSENT))
    assert "absent" in reason and "apologies" in reason


def test_absent_is_recorded_not_chosen() -> None:
    assert Presence.ABSENT not in CHECK_IN_CHOICES
    assert set(CHECK_IN_CHOICES) == set(Presence) - {Presence.ABSENT}


# ---- the order of turns ----


def _presenters(**kwargs: object) -> tuple[str, ...]:
    everyone = {A: ISSUE, B: ISSUE, C: ISSUE, D: ISSUE}
    return drive(started(everyone, **kwargs), ev("next")).presenters


def test_least_recently_presented_goes_first() -> None:
    assert _presenters(last_presented={A: 4, B: 2, C: 7, D: 0}) == (D, B, A, C)


def test_never_presented_counts_as_longest_ago() -> None:
    assert _presenters(last_presented={A: 1, B: 1, C: 1})[0] == D


def test_ties_are_shuffled_reproducibly_by_seed() -> None:
    for seed in range(10):
        assert _presenters(seed=seed) == _presenters(seed=seed)
    openers = {_presenters(seed=seed)[0] for seed in range(20)}
    assert len(openers) > 1


def test_only_issue_holders_present_and_everyone_here_reports() -> None:
    state = drive(usual(), ev("next"))
    assert state.reporters == (A, B, C)
    assert state.presenters == (B, A)


def test_report_back_walks_present_members_in_member_order() -> None:
    state = started({C: NO_ISSUE, D: ISSUE, A: NO_ISSUE})  # checked in out of order
    seen = []
    state = drive(state, ev("next"))
    while state.phase == Phase.REPORT_BACK:
        seen.append(state.speaker)
        state = drive(state, ev("next"))
    assert seen == [A, C, D]
    assert (state.phase, state.speaker) == (Phase.PRESENT, D)


# ---- Next through a whole meeting ----

PATH = [
    (Phase.REPORT_BACK, A),
    (Phase.REPORT_BACK, B),
    (Phase.REPORT_BACK, C),
    (Phase.PRESENT, B),
    (Phase.QUESTIONS, B),
    (Phase.ACTIONS, B),
    (Phase.PRESENT, A),
    (Phase.QUESTIONS, A),
    (Phase.ACTIONS, A),
    (Phase.REFLECTION, None),
    (Phase.CLOSED, None),
]


def test_next_walks_the_whole_meeting() -> None:
    state, seen, slots = usual(), [], []
    for _ in PATH:
        outcome = ok(state, ev("next"))
        state = outcome.state
        seen.append((state.phase, state.speaker))
        slots.append(state.slot)
    assert seen == PATH
    assert slots == [2, 3, 4, 5, 5, 5, 6, 6, 6, 7, 7]
    assert outcome.effects[-1] == MeetingClosed()


@pytest.mark.parametrize("step", [Phase.PRESENT, Phase.QUESTIONS])
def test_steps_within_a_round_keep_the_slot_and_announce_the_step(step: Phase) -> None:
    state = at_phase(step)
    outcome = ok(state, ev("next"), at(99))
    following = Phase.QUESTIONS if step == Phase.PRESENT else Phase.ACTIONS
    assert outcome.effects == (StepChanged(user=B, phase=following),)
    assert outcome.state.slot == state.slot
    assert outcome.state.slot_started_at == state.slot_started_at


def test_leaving_a_slot_ends_it_as_done() -> None:
    outcome = ok(at_phase(Phase.ACTIONS), ev("next"))
    ended = SlotEnded(slot=5, kind=SlotKind.ISSUE, user=B, outcome="done")
    assert outcome.effects[:2] == (ended, SlotStarted(slot=6, kind=SlotKind.ISSUE, user=A))


@pytest.mark.parametrize(
    "presences, after",
    [
        ({}, Phase.REFLECTION),
        ({A: APOLOGIES, B: APOLOGIES}, Phase.REFLECTION),
        ({A: NO_ISSUE, B: APOLOGIES}, Phase.REPORT_BACK),
    ],
)
def test_without_presenters_the_rounds_lead_to_reflection(presences: dict, after: Phase) -> None:
    state = drive(started(presences), ev("next"))
    assert state.phase == after and state.presenters == ()
    if after == Phase.REPORT_BACK:
        assert drive(state, ev("next")).phase == Phase.REFLECTION


# ---- Back ----

BACKS = [
    # (from phase, index) -> (to phase, index, speaker, opens a new slot)
    ((Phase.QUESTIONS, 0), (Phase.PRESENT, 0, B, False)),
    ((Phase.ACTIONS, 0), (Phase.QUESTIONS, 0, B, False)),
    ((Phase.PRESENT, 1), (Phase.ACTIONS, 0, B, True)),
    ((Phase.PRESENT, 0), (Phase.REPORT_BACK, 2, C, True)),
    ((Phase.REFLECTION, 0), (Phase.ACTIONS, 1, A, True)),
    ((Phase.REPORT_BACK, 2), (Phase.REPORT_BACK, 1, B, True)),
    ((Phase.REPORT_BACK, 0), (Phase.CHECK_IN, 0, None, True)),
]


@pytest.mark.parametrize(("origin", "target"), BACKS, ids=lambda v: f"{v[0]}{v[1]}")
def test_back_from_every_position(origin: tuple, target: tuple) -> None:
    state = at_phase(*origin)
    outcome = ok(state, ev("back"), at(77))
    moved = outcome.state
    assert (moved.phase, moved.index, moved.speaker) == target[:3]
    assert (moved.slot == state.slot + 1) == target[3]
    if target[3]:
        assert outcome.effects[0].outcome == "back"
        assert moved.slot_started_at == at(77)
    # Back only reaches steps and turns already shown: nothing is posted again
    assert not [e for e in outcome.effects if isinstance(e, StepChanged)]
    started = [e for e in outcome.effects if isinstance(e, SlotStarted)]
    assert all(e.again for e in started if e.user)
    assert moved.shown == state.shown


def test_each_turn_and_step_is_shown_once_going_back_and_forth() -> None:
    state = at_phase(Phase.ACTIONS, 0)
    assert state.shown == (
        "report_back:UA",
        "report_back:UB",
        "report_back:UC",
        "issue:UB",
        "questions:UB",
        "actions:UB",
    )
    for event in ("back", "back", "next", "next", "next", "back", "next"):
        outcome = ok(state, ev(event))
        state = outcome.state
        assert not [e for e in outcome.effects if isinstance(e, StepChanged)], event
    assert (state.phase, state.speaker) == (Phase.PRESENT, A)
    first = ok(state, ev("next"))  # A's questions: a step not shown before
    assert StepChanged(user=A, phase=Phase.QUESTIONS) in first.effects


def test_back_at_check_in_is_refused() -> None:
    assert "nothing to go back to" in refused(started(), ev("back"))


@pytest.mark.parametrize(
    "reporters, presenters, to",
    [
        ((), (A,), (Phase.CHECK_IN, None)),  # present(0) with nobody reporting back
        ((A, C), (), (Phase.REPORT_BACK, C)),  # reflection without presenters
        ((), (), (Phase.CHECK_IN, None)),  # reflection with nobody at all
    ],
)
def test_back_skips_empty_rounds(reporters: tuple, presenters: tuple, to: tuple) -> None:
    phase = Phase.PRESENT if presenters else Phase.REFLECTION
    state = replace(started(), phase=phase, reporters=reporters, presenters=presenters)
    moved = ok(state, ev("back")).state
    assert (moved.phase, moved.speaker) == to


def test_back_then_next_returns_to_the_same_place() -> None:
    for phase, index in [(Phase.PRESENT, 1), (Phase.REFLECTION, 0), (Phase.REPORT_BACK, 1)]:
        state = at_phase(phase, index)
        again = drive(state, ev("back"), ev("next"))
        assert (again.phase, again.index, again.speaker) == (phase, index, state.speaker)


# ---- Skip ----

SKIPS = [
    ((Phase.REPORT_BACK, 0), SlotKind.REPORT_BACK, A, (Phase.REPORT_BACK, B)),
    ((Phase.REPORT_BACK, 2), SlotKind.REPORT_BACK, C, (Phase.PRESENT, B)),
    ((Phase.PRESENT, 0), SlotKind.ISSUE, B, (Phase.PRESENT, A)),
    ((Phase.QUESTIONS, 0), SlotKind.ISSUE, B, (Phase.PRESENT, A)),
    ((Phase.ACTIONS, 0), SlotKind.ISSUE, B, (Phase.PRESENT, A)),
    ((Phase.QUESTIONS, 1), SlotKind.ISSUE, A, (Phase.REFLECTION, None)),
]


@pytest.mark.parametrize(("origin", "kind", "skipped", "to"), SKIPS, ids=str)
def test_skip_passes_over_a_turn(origin: tuple, kind: SlotKind, skipped: str, to: tuple) -> None:
    state = at_phase(*origin)
    outcome = ok(state, ev("skip"))
    assert outcome.effects[0] == SlotEnded(state.slot, kind, skipped, "skipped")
    assert (outcome.state.phase, outcome.state.speaker) == to


@pytest.mark.parametrize("phase", [Phase.CHECK_IN, Phase.REFLECTION])
def test_skip_is_refused_where_nobody_has_a_turn(phase: Phase) -> None:
    assert "Next" in refused(at_phase(phase), ev("skip"))


# ---- End, and after it ----


@pytest.mark.parametrize("paused", [False, True], ids=["running", "paused"])
@pytest.mark.parametrize("phase", LIVE_PHASES)
def test_end_closes_from_every_live_phase(phase: Phase, paused: bool) -> None:
    state = at_phase(phase)
    if paused:
        state = drive(state, ev("pause"))
    outcome = ok(state, ev("end"), at(600))
    assert outcome.state.phase == Phase.CLOSED
    assert outcome.state.ended_at == at(600) and not outcome.state.paused
    ended, timers, closed = outcome.effects
    assert ended == SlotEnded(state.slot, state.slot_kind, state.speaker, "ended")
    assert timers == TimersChanged(slot=state.slot, warn_at=None, over_at=None)
    assert closed == MeetingClosed()
    assert outcome.state.seconds_left(at(700)) is None


@pytest.mark.parametrize("kind", list(EventType))
def test_nothing_happens_after_the_meeting_closed(kind: EventType) -> None:
    state = at_phase(Phase.CLOSED)
    for actor in (FAC, A):
        outcome = apply(state, ev(kind, actor, target=A, minutes=5, presence=ISSUE), T0)
        assert not outcome.ok and outcome.state is state


def test_closed_says_so() -> None:
    assert "ended" in refused(at_phase(Phase.CLOSED), ev("next"))


def test_scheduled_says_how_to_start() -> None:
    assert "/set start" in refused(new(), ev("check_in", A, presence=ISSUE))


@pytest.mark.parametrize("phase", LIVE_PHASES)
def test_hand_over_gives_the_meeting_a_new_facilitator_who_then_drives(phase: Phase) -> None:
    state = at_phase(phase)
    handed = ok(state, ev("hand_over", target=B)).state
    assert handed.facilitator == B and handed.phase == phase
    assert handed.may_drive(B) and not state.may_drive(B)
    assert not apply(handed, ev("hand_over", actor=A, target=A), T0).ok  # A doesn't drive


@pytest.mark.parametrize(
    ("target", "reason"),
    [(OUTSIDER, "not a member"), (None, "not a member"), (FAC, "already facilitates")],
)
def test_hand_over_refusals(target: str | None, reason: str) -> None:
    state = at_phase(Phase.REPORT_BACK)
    state = replace(state, members=(*state.members, FAC))
    outcome = apply(state, ev("hand_over", target=target), T0)
    assert not outcome.ok and reason in (outcome.refused or "")
    assert outcome.state is state
