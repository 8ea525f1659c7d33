"""The meeting's clock: budgets, warning and over timers, Pause, Resume and Extend."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.flows.meeting import MAX_EXTEND_MINUTES
from bot.flows.meeting_state import LIVE_PHASES, Phase, TimersChanged
from bot.flows.timing import WARNING_SECONDS
from tests.flows.meetings import (
    ISSUE,
    NO_ISSUE,
    C,
    at,
    at_phase,
    drive,
    ev,
    ok,
    refused,
    started,
)

# Length 120, three reporters, two presenters: check-in 12 min, report-back 10 min each,
# each presenter 30 min, reflection 18 min.
BUDGETS = [
    (Phase.SCHEDULED, 0, 12),
    (Phase.CHECK_IN, 0, 10),
    (Phase.REPORT_BACK, 2, 30),
    (Phase.ACTIONS, 0, 30),
    (Phase.ACTIONS, 1, 18),
]


def _timers(outcome) -> TimersChanged:
    (timers,) = [e for e in outcome.effects if isinstance(e, TimersChanged)]
    return timers


@pytest.mark.parametrize("phase, index, minutes", BUDGETS)
def test_a_new_slot_sets_warn_and_over_timers(phase: Phase, index: int, minutes: int) -> None:
    state = at_phase(phase, index)
    kind = "start" if phase == Phase.SCHEDULED else "next"
    outcome = ok(state, ev(kind), at(1000))
    timers = _timers(outcome)
    assert timers.slot == outcome.state.slot
    assert timers.over_at == at(1000) + timedelta(minutes=minutes)
    assert timers.warn_at == timers.over_at - timedelta(seconds=WARNING_SECONDS)
    assert outcome.state.seconds_left(at(1000)) == minutes * 60
    assert outcome.state.seconds_left(at(1000 + minutes * 60 + 5)) == -5


def test_a_one_minute_turn_has_no_warning() -> None:
    # Length 30 with eight reporters: each report-back turn gets the one-minute floor.
    members = tuple(f"U{i}" for i in range(8))
    state = started(dict.fromkeys(members, NO_ISSUE), members=members, length=30)
    timers = _timers(ok(state, ev("next"), at(0)))
    assert timers.over_at == at(60) and timers.warn_at is None


@pytest.mark.parametrize("phase", [Phase.SCHEDULED, Phase.CLOSED])
def test_no_clock_outside_a_live_meeting(phase: Phase) -> None:
    assert at_phase(phase).seconds_left(at(5)) is None


# ---- pause and resume ----


def test_pause_freezes_the_clock_and_resume_shifts_it() -> None:
    state = at_phase(Phase.PRESENT, 0)  # 30 minutes from T0
    paused = ok(state, ev("pause"), at(100))
    assert paused.state.paused_at == at(100)
    assert _timers(paused) == TimersChanged(slot=state.slot, warn_at=None, over_at=None)
    for later in (100, 400, 5000):
        assert paused.state.seconds_left(at(later)) == 1700
    resumed = ok(paused.state, ev("resume"), at(400))
    assert not resumed.state.paused and resumed.state.paused_seconds == 300
    assert resumed.state.seconds_left(at(400)) == 1700
    assert resumed.state.seconds_left(at(500)) == 1600
    assert _timers(resumed).over_at == at(1800 + 300)
    assert _timers(resumed).warn_at == at(1800 + 300 - 60)


def test_pauses_add_up_within_a_slot_and_reset_in_the_next() -> None:
    state = at_phase(Phase.PRESENT, 0)
    state = drive(state, ev("pause"), now=at(10))
    state = drive(state, ev("resume"), now=at(70))
    state = drive(state, ev("pause"), now=at(100))
    state = drive(state, ev("resume"), now=at(130))
    assert state.paused_seconds == 90
    assert state.seconds_left(at(130)) == 1800 - 40
    nxt = drive(state, ev("next"), ev("next"), ev("next"), now=at(200))
    assert (nxt.paused_seconds, nxt.seconds_left(at(200))) == (0, 1800)


@pytest.mark.parametrize("phase", LIVE_PHASES)
def test_pause_twice_and_resume_unpaused_are_refused(phase: Phase) -> None:
    state = at_phase(phase)
    assert "not paused" in refused(state, ev("resume"))
    paused = drive(state, ev("pause"))
    assert "already paused" in refused(paused, ev("pause"))


@pytest.mark.parametrize(
    "event",
    [ev("next"), ev("back"), ev("skip"), ev("pass", target=C)],
    ids=lambda e: e.type.value,
)
def test_moving_on_while_paused_is_refused(event) -> None:
    state = drive(at_phase(Phase.PRESENT, 1), ev("pause"))
    assert "paused" in refused(state, event)
    ok(drive(state, ev("resume")), event)  # and fine once resumed


@pytest.mark.parametrize(
    "event",
    [ev("extend", minutes=5), ev("end"), ev("check_in", C, presence=ISSUE)],
    ids=lambda e: e.type.value,
)
@pytest.mark.parametrize("phase", [Phase.CHECK_IN, Phase.QUESTIONS])
def test_some_events_are_fine_while_paused(phase: Phase, event) -> None:
    ok(drive(at_phase(phase), ev("pause")), event)


def test_pass_during_check_in_while_paused_is_refused() -> None:
    assert "paused" in refused(drive(started(), ev("pause")), ev("pass", target=C))


# ---- extend ----


@pytest.mark.parametrize("minutes", [0, -5, MAX_EXTEND_MINUTES + 1, 121, 10_000])
def test_extend_out_of_bounds_is_refused(minutes: int) -> None:
    assert "1 to 120" in refused(at_phase(Phase.PRESENT), ev("extend", minutes=minutes))


@pytest.mark.parametrize("minutes", [1, 5, 120])
def test_extend_adds_minutes_and_moves_the_timers(minutes: int) -> None:
    state = at_phase(Phase.PRESENT)
    outcome = ok(state, ev("extend", minutes=minutes), at(100))
    assert outcome.state.slot_extra == minutes * 60
    assert outcome.state.seconds_left(at(100)) == 1700 + minutes * 60
    assert _timers(outcome).over_at == at(1800 + minutes * 60)
    assert _timers(outcome).warn_at == at(1800 + minutes * 60 - 60)


def test_extensions_add_up_and_survive_a_pause() -> None:
    state = at_phase(Phase.QUESTIONS)
    state = drive(state, ev("extend", minutes=5), ev("pause"), now=at(0))
    outcome = ok(state, ev("extend", minutes=5), at(50))
    assert _timers(outcome).over_at is None  # paused: no timers
    resumed = ok(outcome.state, ev("resume"), at(110))
    assert _timers(resumed).over_at == at(1800 + 600 + 110)


def test_extend_lasts_only_for_the_current_slot() -> None:
    state = drive(at_phase(Phase.ACTIONS), ev("extend", minutes=5), ev("next"))
    assert state.slot_extra == 0


def test_steps_within_a_round_leave_the_timers_alone() -> None:
    outcome = ok(at_phase(Phase.PRESENT), ev("next"), at(100))
    assert not [e for e in outcome.effects if isinstance(e, TimersChanged)]
    assert outcome.state.seconds_left(at(100)) == 1700
