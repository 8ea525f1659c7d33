"""Time budgets for a meeting's slots, derived from its length and who takes part.

A meeting of L minutes is shared out: 10% check-in, 25% report-back (split between
the members reporting), 15% reflection, and what is left split between the presenters.
Every budget is a whole number of minutes, at least one (three for a presenter).
"""

from __future__ import annotations

CHECK_IN_SHARE = 0.10
REPORT_BACK_SHARE = 0.25
REFLECTION_SHARE = 0.15
MIN_PRESENTER_MINUTES = 3
WARNING_SECONDS = 60


def _minutes(value: float, floor: int = 1) -> int:
    return max(floor, round(value))


def check_in_minutes(length: int) -> int:
    """Minutes for check-in: attendance and a reminder of the ground rules."""
    return _minutes(length * CHECK_IN_SHARE)


def reflection_minutes(length: int) -> int:
    """Minutes for the closing reflection on learning and process."""
    return _minutes(length * REFLECTION_SHARE)


def report_minutes(length: int, reporters: int) -> int:
    """Minutes for each member's report-back turn."""
    return _minutes(length * REPORT_BACK_SHARE / max(1, reporters))


def presenter_minutes(length: int, reporters: int, presenters: int) -> int:
    """Minutes for each presenter's whole round: present, questions and actions."""
    used = check_in_minutes(length) + reflection_minutes(length)
    if reporters:
        used += report_minutes(length, reporters) * reporters
    left = max(0, length - used)
    return _minutes(left / max(1, presenters), MIN_PRESENTER_MINUTES)
