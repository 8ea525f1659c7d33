"""Ending on purpose: what ending now would skip, at every step, and whether the meeting
ended before its reflection."""

from __future__ import annotations

import pytest

from bot.flows.meeting_state import Phase
from bot.flows.meeting_turns import still_to_come
from tests.flows.meetings import A, B, at_phase, drive, ev, new, usual

# The usual meeting: presenters (B, A); a report-back round of (A, B, C).


@pytest.mark.parametrize(
    ("phase", "index", "skipped", "reflection"),
    [
        (Phase.CHECK_IN, 0, (B, A), True),  # planned as check-in would close now
        (Phase.REPORT_BACK, 0, (B, A), True),
        (Phase.REPORT_BACK, 2, (B, A), True),
        (Phase.PRESENT, 0, (A,), True),  # B's round is under way: only A's is still to come
        (Phase.QUESTIONS, 0, (A,), True),
        (Phase.ACTIONS, 0, (A,), True),
        (Phase.PRESENT, 1, (), True),  # the last round: only the reflection is skipped
        (Phase.ACTIONS, 1, (), True),
        (Phase.REFLECTION, 0, (), False),  # nothing is skipped: ending is the next step
    ],
)
def test_what_ending_now_would_skip(
    phase: Phase, index: int, skipped: tuple[str, ...], reflection: bool
) -> None:
    state = at_phase(phase, index, usual(report_round=True))
    assert still_to_come(state) == (skipped, reflection)


@pytest.mark.parametrize("phase", [Phase.SCHEDULED, Phase.CLOSED, Phase.CANCELLED])
def test_a_meeting_not_running_has_nothing_to_skip(phase: Phase) -> None:
    assert still_to_come(at_phase(phase)) == ((), False)


def test_a_meeting_with_no_issues_skips_only_the_reflection() -> None:
    state = drive(new(), ev("start"))
    assert still_to_come(state) == ((), True)


@pytest.mark.parametrize(
    ("phase", "early"),
    [
        (Phase.CHECK_IN, True),
        (Phase.PRESENT, True),
        (Phase.ACTIONS, True),
        (Phase.REFLECTION, False),
    ],
)
def test_a_meeting_ended_before_its_reflection_says_so(phase: Phase, early: bool) -> None:
    closed = drive(at_phase(phase), ev("end"))
    assert closed.phase == Phase.CLOSED and closed.ended_early is early
