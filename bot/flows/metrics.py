"""A set's health, meeting by meeting: attendance, report-backs, action follow-through,
questions asked and how members rated the meeting. Pure arithmetic over plain facts.

Rates are fractions in 0..1, or None when there is nothing to divide by (a meeting nobody
was invited to, actions nobody has reported on yet) so "no data" never reads as "0%".
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

DONE, PARTLY, NOT_DONE, DROPPED, OPEN = "done", "partly", "not_done", "dropped", "open"


@dataclass(frozen=True)
class MeetingFacts:
    """What the store knows about one held meeting."""

    number: int
    held_on: date
    roster: int  # members invited to it
    attended: int  # checked in (with or without an issue)
    reports: int  # complete report-backs
    action_statuses: tuple[str, ...] = ()  # statuses of the actions agreed at this meeting
    ratings: tuple[int, ...] = ()
    questions: Mapping[str, int] = field(default_factory=dict)  # member → questions asked
    reportable: bool = True  # there was something to report on (not a set's first meeting)


@dataclass(frozen=True)
class FollowThrough:
    done: int = 0
    partly: int = 0
    not_done: int = 0
    open: int = 0

    @property
    def decided(self) -> int:
        return self.done + self.partly + self.not_done

    @property
    def rate(self) -> float | None:
        """Done counts fully, partly half; open actions don't count yet."""
        if not self.decided:
            return None
        return (self.done + self.partly / 2) / self.decided

    def __add__(self, other: FollowThrough) -> FollowThrough:
        return FollowThrough(
            self.done + other.done,
            self.partly + other.partly,
            self.not_done + other.not_done,
            self.open + other.open,
        )


@dataclass(frozen=True)
class MeetingMetrics:
    number: int
    held_on: date
    attendance: float | None
    report_rate: float | None
    follow_through: FollowThrough
    rating: float | None
    questions: int


def follow_through(statuses: Iterable[str]) -> FollowThrough:
    """Count action statuses; a dropped action was not done."""
    counts = Counter(statuses)
    return FollowThrough(
        done=counts[DONE],
        partly=counts[PARTLY],
        not_done=counts[NOT_DONE] + counts[DROPPED],
        open=counts[OPEN],
    )


def ratio(part: int, whole: int) -> float | None:
    if whole <= 0:
        return None
    return min(1.0, max(0.0, part / whole))


def average(values: Iterable[int]) -> float | None:
    """Mean of 1–5 ratings, one decimal; None when nobody rated."""
    kept = [v for v in values if 1 <= v <= 5]
    if not kept:
        return None
    return _half_up(sum(kept) / len(kept) * 10) / 10


def for_meeting(facts: MeetingFacts) -> MeetingMetrics:
    return MeetingMetrics(
        number=facts.number,
        held_on=facts.held_on,
        attendance=ratio(facts.attended, facts.roster),
        report_rate=ratio(facts.reports, facts.roster) if facts.reportable else None,
        follow_through=follow_through(facts.action_statuses),
        rating=average(facts.ratings),
        questions=sum(facts.questions.values()),
    )


def trend(meetings: Iterable[MeetingFacts]) -> list[MeetingMetrics]:
    """Metrics for each held meeting, in meeting order."""
    return [for_meeting(f) for f in sorted(meetings, key=lambda f: f.number)]


def questions_by_member(meetings: Iterable[MeetingFacts]) -> list[tuple[str, int]]:
    """Questions asked per member across meetings, most first (then by id, stably)."""
    total: Counter[str] = Counter()
    for facts in meetings:
        total.update(facts.questions)
    return sorted(total.items(), key=lambda item: (-item[1], item[0]))


@dataclass(frozen=True)
class Totals:
    meetings: int
    attendance: float | None
    report_rate: float | None
    follow_through: FollowThrough
    rating: float | None
    questions: int


def totals(meetings: Iterable[MeetingFacts]) -> Totals:
    """The whole set so far: rates over all invitations, not averages of averages."""
    facts = list(meetings)
    roster = sum(f.roster for f in facts)
    reportable = [f for f in facts if f.reportable]
    return Totals(
        meetings=len(facts),
        attendance=ratio(sum(f.attended for f in facts), roster),
        # Report-backs count only where there was something to report on.
        report_rate=ratio(sum(f.reports for f in reportable), sum(f.roster for f in reportable)),
        follow_through=sum(
            (follow_through(f.action_statuses) for f in facts), start=FollowThrough()
        ),
        rating=average(r for f in facts for r in f.ratings),
        questions=sum(sum(f.questions.values()) for f in facts),
    )


def percent(value: float | None) -> str:
    """ "75%", or "–" when there is no data."""
    return "–" if value is None else f"{_half_up(value * 100)}%"


def percent_number(value: float | None) -> int | None:
    """75 for 0.75 (as a spreadsheet's number), None when there is no data."""
    return None if value is None else _half_up(value * 100)


def _half_up(value: float) -> int:
    """Round halves up, as people do (Python's round() goes to the even neighbour)."""
    return math.floor(value + 0.5 + 1e-9)
