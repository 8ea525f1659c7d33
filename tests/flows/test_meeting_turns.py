"""Turns that change hands: Pass, late check-ins and recording actions."""

from __future__ import annotations

import pytest

from bot.flows.meeting_state import AttendanceChanged, Phase, SlotEnded, SlotKind, SlotStarted
from tests.flows.meetings import (
    APOLOGIES,
    FAC,
    ISSUE,
    NO_ISSUE,
    OUTSIDER,
    A,
    B,
    C,
    D,
    at_phase,
    drive,
    ev,
    ok,
    refused,
    started,
)

# In the usual meeting the reporters are (A, B, C), the presenters (B, A); D sent apologies.

# ---- Pass during check-in: pins the order of presenters ----


@pytest.mark.parametrize("who", [A, B])
def test_pass_during_check_in_pins_the_target_first(who: str) -> None:
    state = started({A: NO_ISSUE, C: ISSUE, D: ISSUE}, last_presented={C: 0, D: 0, B: 9})
    outcome = ok(state, ev("pass", target=B))
    assert outcome.state.pinned == (B,)
    assert outcome.state.attendance[B] == ISSUE
    assert outcome.effects == (AttendanceChanged(user=B, presence=ISSUE),)
    state = drive(outcome.state, ev("pass", target=who), ev("next"))
    assert state.presenters[0] == who
    assert set(state.presenters) == {B, C, D} | {who}


def test_pass_during_check_in_keeps_a_given_presence() -> None:
    outcome = ok(started({C: ISSUE}), ev("pass", target=C))
    assert outcome.effects == ()
    assert outcome.state.attendance == {C: ISSUE}


# ---- Pass in the report-back round ----


@pytest.mark.parametrize(
    "index, target, reporters",
    [
        (0, C, (C, A, B)),
        (0, B, (B, A, C)),
        (1, C, (A, C, B)),
    ],
)
def test_pass_in_report_back_gives_the_floor_now(index: int, target: str, reporters) -> None:
    state = at_phase(Phase.REPORT_BACK, index)
    displaced = state.speaker
    outcome = ok(state, ev("pass", target=target))
    moved = outcome.state
    assert (moved.phase, moved.speaker, moved.reporters) == (Phase.REPORT_BACK, target, reporters)
    assert outcome.effects[1] == SlotStarted(state.slot + 1, SlotKind.REPORT_BACK, target)
    assert drive(moved, ev("next")).speaker == displaced  # the displaced speaker goes next


@pytest.mark.parametrize(
    "phase, index, kind",
    [
        (Phase.REPORT_BACK, 0, SlotKind.REPORT_BACK),
        (Phase.REPORT_BACK, 1, SlotKind.REPORT_BACK),
        (Phase.PRESENT, 0, SlotKind.ISSUE),
        (Phase.ACTIONS, 0, SlotKind.ISSUE),
    ],
)
def test_pass_ends_the_displaced_speakers_slot(phase: Phase, index: int, kind: SlotKind) -> None:
    state = at_phase(phase, index)
    ended = [e for e in ok(state, ev("pass", target=C)).effects if isinstance(e, SlotEnded)]
    assert ended == [SlotEnded(state.slot, kind, state.speaker, "passed")]


def test_pass_in_report_back_to_a_member_not_yet_checked_in() -> None:
    state = drive(started({A: NO_ISSUE, B: ISSUE}), ev("next"))
    outcome = ok(state, ev("pass", target=C))
    assert outcome.state.reporters == (C, A, B)
    assert outcome.state.attendance[C] == NO_ISSUE
    assert outcome.effects[0] == AttendanceChanged(user=C, presence=NO_ISSUE)


# ---- Pass in the issue rounds ----


@pytest.mark.parametrize("step", [Phase.PRESENT, Phase.QUESTIONS, Phase.ACTIONS])
def test_pass_in_an_issue_round_makes_the_target_present_now(step: Phase) -> None:
    state = at_phase(step, 0)
    outcome = ok(state, ev("pass", target=C))
    moved = outcome.state
    assert (moved.phase, moved.speaker, moved.presenters) == (Phase.PRESENT, C, (C, B, A))
    assert moved.attendance[C] == ISSUE  # C had checked in without an issue
    assert outcome.effects[0] == AttendanceChanged(user=C, presence=ISSUE)
    assert outcome.effects[2] == SlotStarted(state.slot + 1, SlotKind.ISSUE, C)
    after = drive(moved, ev("next"), ev("next"), ev("next"))
    assert (after.phase, after.speaker) == (Phase.PRESENT, B)


@pytest.mark.parametrize(
    "phase, index, target, reason",
    [
        (Phase.REPORT_BACK, 1, A, "already reported back"),
        (Phase.REPORT_BACK, 1, B, "already has the floor"),
        (Phase.PRESENT, 1, B, "already presented"),
        (Phase.ACTIONS, 1, B, "already presented"),
        (Phase.QUESTIONS, 0, B, "already has the floor"),
        (Phase.REPORT_BACK, 0, D, "apologies"),
        (Phase.PRESENT, 0, D, "apologies"),
        (Phase.CHECK_IN, 0, D, "apologies"),
        (Phase.PRESENT, 0, OUTSIDER, "not a member"),
        (Phase.CHECK_IN, 0, FAC, "not a member"),
        (Phase.REPORT_BACK, 0, None, "not a member"),
    ],
)
def test_pass_refusals(phase: Phase, index: int, target, reason: str) -> None:
    assert reason in refused(at_phase(phase, index), ev("pass", target=target))


def test_pass_in_reflection_is_refused() -> None:
    assert "Passing the floor" in refused(at_phase(Phase.REFLECTION), ev("pass", target=A))


# ---- late check-in ----


def _late_report_back():
    """Report-back with A (issue) speaking and B (no issue) next; C and D not checked in."""
    return drive(started({A: ISSUE, B: NO_ISSUE}), ev("next"))


@pytest.mark.parametrize(
    "user, presence, reporters, presenters",
    [
        (C, ISSUE, (A, B, C), (A, C)),
        (C, NO_ISSUE, (A, B, C), (A,)),
        (C, APOLOGIES, (A, B), (A,)),
        (B, APOLOGIES, (A,), (A,)),
        (B, ISSUE, (A, B), (A, B)),
    ],
)
def test_late_check_in_during_report_back(user, presence, reporters, presenters) -> None:
    outcome = ok(_late_report_back(), ev("check_in", user, presence=presence))
    assert (outcome.state.reporters, outcome.state.presenters) == (reporters, presenters)
    assert outcome.state.speaker == A
    assert outcome.effects == (AttendanceChanged(user=user, presence=presence),)


@pytest.mark.parametrize(
    "user, presence, presenters",
    [
        (C, ISSUE, (A, C)),
        (B, ISSUE, (A, B)),
        (C, APOLOGIES, (A,)),
    ],
)
def test_late_check_in_during_an_issue_round(user, presence, presenters) -> None:
    state = drive(_late_report_back(), ev("next"), ev("next"))
    assert (state.phase, state.speaker) == (Phase.PRESENT, A)
    moved = ok(state, ev("check_in", user, presence=presence)).state
    assert moved.presenters == presenters
    assert moved.reporters == (A, B)  # the report-back round is over


def test_apologies_remove_a_presenter_still_ahead() -> None:
    state = at_phase(Phase.QUESTIONS, 0)
    moved = drive(state, ev("check_in", A, presence=APOLOGIES))
    assert moved.presenters == (B,)
    assert drive(moved, ev("next"), ev("next")).phase == Phase.REFLECTION


def test_a_member_who_already_spoke_stays_in_the_record() -> None:
    state = at_phase(Phase.PRESENT, 1)
    moved = drive(state, ev("check_in", B, presence=APOLOGIES))
    assert (moved.reporters, moved.presenters) == (state.reporters, state.presenters)


@pytest.mark.parametrize("phase, index", [(Phase.REPORT_BACK, 1), (Phase.ACTIONS, 0)])
def test_the_speaker_cannot_send_apologies_mid_turn(phase: Phase, index: int) -> None:
    assert "floor" in refused(at_phase(phase, index), ev("check_in", B, presence=APOLOGIES))


def test_late_check_in_during_reflection_only_records_attendance() -> None:
    state = at_phase(Phase.REFLECTION)
    moved = drive(state, ev("check_in", D, presence=ISSUE))
    assert moved.attendance[D] == ISSUE
    assert (moved.reporters, moved.presenters) == (state.reporters, state.presenters)


@pytest.mark.parametrize("phase", [Phase.REPORT_BACK, Phase.PRESENT])
def test_repeating_the_same_check_in_keeps_the_order(phase: Phase) -> None:
    state = started({A: ISSUE, B: ISSUE, C: ISSUE}, last_presented={A: 1, B: 2, C: 3})
    state = drive(state, ev("next"))  # report-back (A, B, C); presenters (A, B, C)
    while state.phase != phase:
        state = drive(state, ev("next"))
    moved = drive(state, ev("check_in", B, presence=ISSUE))
    assert (moved.reporters, moved.presenters) == (state.reporters, state.presenters)


# ---- recording actions ----


@pytest.mark.parametrize("actor", [B, FAC])
def test_the_presenter_or_facilitator_records_actions_in_the_actions_step(actor: str) -> None:
    state = at_phase(Phase.ACTIONS, 0)
    outcome = ok(state, ev("record_action", actor, target=B))
    assert outcome.state is state and outcome.effects == ()


def test_another_member_cannot_record_the_presenters_actions() -> None:
    reason = refused(at_phase(Phase.ACTIONS, 0), ev("record_action", C, target=B))
    assert "presenter or the facilitator" in reason


@pytest.mark.parametrize(
    "phase, index, owner",
    [
        (Phase.PRESENT, 1, B),
        (Phase.ACTIONS, 1, B),
        (Phase.REFLECTION, 0, A),
    ],
)
def test_actions_after_the_meeting_moved_on_need_back(phase, index, owner) -> None:
    state = at_phase(phase, index)
    reason = refused(state, ev("record_action", owner, target=owner))
    assert "Back" in reason and f"<@{owner}>" in reason


@pytest.mark.parametrize("phase, index, owner", [(Phase.PRESENT, 1, B), (Phase.REFLECTION, 0, A)])
def test_after_back_the_actions_are_accepted_again(phase, index, owner) -> None:
    state = drive(at_phase(phase, index), ev("back"))
    assert (state.phase, state.speaker) == (Phase.ACTIONS, owner)
    ok(state, ev("record_action", owner, target=owner))


@pytest.mark.parametrize("phase", [Phase.PRESENT, Phase.QUESTIONS])
def test_actions_too_early_do_not_advise_going_back(phase: Phase) -> None:
    reason = refused(at_phase(phase, 0), ev("record_action", B, target=B))
    assert "Back" not in reason


@pytest.mark.parametrize("phase", [Phase.CHECK_IN, Phase.REPORT_BACK, Phase.ACTIONS])
def test_actions_before_the_presenters_round_say_it_has_not_come(phase: Phase) -> None:
    state = at_phase(phase, 0)
    reason = refused(state, ev("record_action", A, target=A))
    assert "hasn't come yet" in reason and "Back" not in reason


def test_a_sets_first_meeting_has_no_report_back_round() -> None:
    """Nothing was committed before it: check-in goes straight to the issue rounds."""
    state = started({A: ISSUE, B: NO_ISSUE, C: ISSUE}, report_round=False, reported=(D,))
    state = ok(state, ev("next")).state
    assert state.phase == Phase.PRESENT and state.reporters == ()
    assert state.speaker in (A, C)


def test_a_first_meeting_with_no_issue_goes_to_reflection() -> None:
    state = started({A: NO_ISSUE, B: NO_ISSUE}, report_round=False)
    assert ok(state, ev("next")).state.phase == Phase.REFLECTION


def test_the_report_round_flag_survives_the_codec() -> None:
    from bot.flows import meeting_codec

    state = started({A: ISSUE}, report_round=False)
    assert meeting_codec.loads(meeting_codec.dumps(state)).report_round is False
    legacy = meeting_codec.dumps(state).replace('"report_round": false, ', "")
    assert meeting_codec.loads(legacy).report_round is True
