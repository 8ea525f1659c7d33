"""A set's health: attendance, report-backs, action follow-through, ratings and questions."""

from __future__ import annotations

from datetime import date

import pytest

from bot.flows.metrics import (
    DONE,
    DROPPED,
    NOT_DONE,
    OPEN,
    PARTLY,
    FollowThrough,
    MeetingFacts,
    MeetingMetrics,
    Totals,
    average,
    follow_through,
    for_meeting,
    percent,
    questions_by_member,
    ratio,
    totals,
    trend,
)


def facts(
    number: int = 1,
    roster: int = 4,
    attended: int = 4,
    reports: int = 4,
    statuses: tuple[str, ...] = (),
    ratings: tuple[int, ...] = (),
    questions: dict[str, int] | None = None,
) -> MeetingFacts:
    return MeetingFacts(
        number=number,
        held_on=date(2025, 1, number),
        roster=roster,
        attended=attended,
        reports=reports,
        action_statuses=statuses,
        ratings=ratings,
        questions=questions or {},
    )


@pytest.mark.parametrize(
    "part, whole, expected",
    [
        (0, 0, None),
        (3, 0, None),
        (0, -1, None),
        (0, 4, 0.0),
        (1, 4, 0.25),
        (3, 4, 0.75),
        (4, 4, 1.0),
        (1, 3, 1 / 3),
        (5, 4, 1.0),  # more checked in than invited (a guest): capped
        (-1, 4, 0.0),
    ],
)
def test_ratio(part: int, whole: int, expected: float | None) -> None:
    assert ratio(part, whole) == expected


@pytest.mark.parametrize(
    "statuses, expected",
    [
        ((), FollowThrough()),
        ((DONE,), FollowThrough(done=1)),
        ((DONE, DONE, PARTLY), FollowThrough(done=2, partly=1)),
        ((NOT_DONE,), FollowThrough(not_done=1)),
        ((DROPPED,), FollowThrough(not_done=1)),  # dropped counts as not done
        ((DROPPED, NOT_DONE, DROPPED), FollowThrough(not_done=3)),
        ((OPEN, OPEN), FollowThrough(open=2)),
        ((DONE, PARTLY, NOT_DONE, DROPPED, OPEN), FollowThrough(1, 1, 2, 1)),
        (("cancelled", "DONE", ""), FollowThrough()),  # unknown statuses are not counted
    ],
)
def test_follow_through_counts(statuses: tuple, expected: FollowThrough) -> None:
    assert follow_through(statuses) == expected
    assert follow_through(iter(statuses)) == expected


@pytest.mark.parametrize(
    "counts, decided, rate",
    [
        (FollowThrough(), 0, None),
        (FollowThrough(open=3), 0, None),  # nothing reported on yet: no data, not 0%
        (FollowThrough(done=1), 1, 1.0),
        (FollowThrough(not_done=2), 2, 0.0),
        (FollowThrough(partly=1), 1, 0.5),  # partly counts half
        (FollowThrough(done=1, partly=1, not_done=2), 4, 0.375),
        (FollowThrough(done=3, open=5), 3, 1.0),  # open actions don't count yet
        (FollowThrough(done=1, not_done=2), 3, 1 / 3),
    ],
)
def test_follow_through_rate(counts: FollowThrough, decided: int, rate: float | None) -> None:
    assert counts.decided == decided
    assert counts.rate == rate


def test_dropped_lowers_the_rate_like_not_done() -> None:
    assert follow_through([DONE, DROPPED]).rate == follow_through([DONE, NOT_DONE]).rate == 0.5


def test_follow_through_adds_up() -> None:
    assert FollowThrough(1, 2, 3, 4) + FollowThrough(10, 20, 30, 40) == FollowThrough(
        11, 22, 33, 44
    )
    assert FollowThrough() + FollowThrough(1, 0, 0, 0) == FollowThrough(done=1)


@pytest.mark.parametrize(
    "ratings, expected",
    [
        ((), None),
        ((4,), 4.0),
        ((4, 5), 4.5),
        ((1, 2, 2), 1.7),  # one decimal
        ((3, 4, 4), 3.7),
        ((1, 1, 2), 1.3),
        ((5, 5, 5, 4), 4.8),  # 4.75 -> 4.8
        ((1, 5), 3.0),
        ((0, 6, -1, 10), None),  # all outside 1..5: nobody rated
        ((0, 5, 6, 3), 4.0),  # outside 1..5 ignored, not clamped
        ((1, 2, 3, 4, 5), 3.0),
    ],
)
def test_average(ratings: tuple, expected: float | None) -> None:
    assert average(ratings) == expected
    assert average(iter(ratings)) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        (None, "–"),
        (0.0, "0%"),
        (0.004, "0%"),
        (0.006, "1%"),
        (0.25, "25%"),
        (1 / 3, "33%"),
        (2 / 3, "67%"),
        (0.75, "75%"),
        (0.994, "99%"),
        (0.996, "100%"),
        (1.0, "100%"),
    ],
)
def test_percent(value: float | None, expected: str) -> None:
    assert percent(value) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        (3 / 8, "38%"),
        (7 / 8, "88%"),
        (0.5, "50%"),
        (1 / 8, "13%"),
        (5 / 8, "63%"),
        (FollowThrough(partly=1, not_done=3).rate, "13%"),
    ],
)
def test_percent_rounds_halves_up(value: float, expected: str) -> None:
    assert percent(value) == expected


@pytest.mark.parametrize(
    "ratings, expected",
    [
        ((2, 3, 3, 3), 2.8),
        ((4, 4, 5, 5, 5, 5, 5, 5), 4.8),
        ((2, 2, 2, 3), 2.3),
        ((3, 3, 3, 4), 3.3),
    ],
)
def test_average_rounds_halves_up(ratings: tuple, expected: float) -> None:
    assert average(ratings) == expected


def test_for_meeting() -> None:
    meeting = facts(
        number=3,
        roster=5,
        attended=4,
        reports=3,
        statuses=(DONE, PARTLY, DROPPED, OPEN),
        ratings=(4, 5, 5, 0),
        questions={"UA": 3, "UB": 0, "UC": 2},
    )
    assert for_meeting(meeting) == MeetingMetrics(
        number=3,
        held_on=date(2025, 1, 3),
        attendance=0.8,
        report_rate=0.6,
        follow_through=FollowThrough(done=1, partly=1, not_done=1, open=1),
        rating=4.7,
        questions=5,
    )


def test_a_meeting_nobody_was_invited_to_has_no_rates() -> None:
    metrics = for_meeting(facts(roster=0, attended=0, reports=0))
    assert metrics.attendance is None
    assert metrics.report_rate is None
    assert metrics.follow_through.rate is None
    assert metrics.rating is None
    assert metrics.questions == 0
    assert percent(metrics.attendance) == "–"


def test_nobody_came_is_zero_not_no_data() -> None:
    metrics = for_meeting(facts(roster=4, attended=0, reports=0))
    assert metrics.attendance == 0.0
    assert metrics.report_rate == 0.0
    assert percent(metrics.attendance) == "0%"


def test_trend_is_in_meeting_order() -> None:
    meetings = [facts(number=n, attended=n) for n in (3, 1, 4, 2)]
    metrics = trend(iter(meetings))
    assert [m.number for m in metrics] == [1, 2, 3, 4]
    assert [m.attendance for m in metrics] == [0.25, 0.5, 0.75, 1.0]
    assert trend([]) == []


@pytest.mark.parametrize(
    "questions, expected",
    [
        ([], []),
        ([{}], []),
        ([{"UA": 2}], [("UA", 2)]),
        ([{"UA": 1, "UB": 3}, {"UA": 4}], [("UA", 5), ("UB", 3)]),  # summed over meetings
        ([{"UC": 2, "UA": 2, "UB": 2}], [("UA", 2), ("UB", 2), ("UC", 2)]),  # ties by id
        ([{"UB": 1}, {"UA": 1, "UC": 5}], [("UC", 5), ("UA", 1), ("UB", 1)]),
        ([{"UA": 0, "UB": 1}], [("UB", 1), ("UA", 0)]),  # a silent member is still listed
    ],
)
def test_questions_by_member(questions: list[dict], expected: list) -> None:
    meetings = [facts(number=n + 1, questions=q) for n, q in enumerate(questions)]
    assert questions_by_member(meetings) == expected
    assert questions_by_member(iter(meetings)) == expected


def test_totals_of_nothing() -> None:
    assert totals([]) == Totals(
        meetings=0,
        attendance=None,
        report_rate=None,
        follow_through=FollowThrough(),
        rating=None,
        questions=0,
    )


def test_totals_are_rates_over_all_invitations_not_averages_of_averages() -> None:
    small = facts(number=1, roster=2, attended=2, reports=2, ratings=(5,))
    large = facts(number=2, roster=8, attended=4, reports=1, ratings=(1, 1, 1))
    result = totals([small, large])
    assert result.meetings == 2
    assert result.attendance == 0.6  # 6 of 10 invitations, not (100% + 50%) / 2
    assert result.report_rate == 0.3  # 3 of 10, not (100% + 12.5%) / 2
    assert result.rating == 2.0  # four ratings pooled, not (5 + 1) / 2
    assert percent(result.attendance) == "60%"


def test_totals_add_everything_up() -> None:
    meetings = [
        facts(1, 4, 4, 3, (DONE, DONE), (4, 5), {"UA": 2, "UB": 1}),
        facts(2, 4, 3, 3, (PARTLY, DROPPED, OPEN), (3, 9), {"UA": 1}),
        facts(3, 5, 5, 5, (NOT_DONE,), (), {"UC": 4}),
    ]
    assert totals(iter(meetings)) == Totals(
        meetings=3,
        attendance=12 / 13,
        report_rate=11 / 13,
        follow_through=FollowThrough(done=2, partly=1, not_done=2, open=1),
        rating=4.0,  # 9 is ignored
        questions=8,
    )
    assert totals(meetings).follow_through.rate == 0.5  # (2 + 0.5) / 5


def test_totals_skip_meetings_nobody_was_invited_to() -> None:
    result = totals([facts(roster=0, attended=0, reports=0), facts(roster=4, attended=2)])
    assert result.meetings == 2
    assert result.attendance == 0.5


def test_totals_where_nobody_was_ever_invited() -> None:
    result = totals([facts(roster=0, attended=0, reports=0, ratings=(0, 6))])
    assert result.attendance is None
    assert result.report_rate is None
    assert result.rating is None


def test_report_backs_count_only_meetings_that_had_actions_to_report_on() -> None:
    from datetime import date

    from bot.flows.metrics import MeetingFacts, for_meeting, totals

    first = MeetingFacts(1, date(2026, 1, 5), 4, 4, 0, ("open", "open"), reportable=False)
    second = MeetingFacts(2, date(2026, 1, 12), 4, 4, 3, ("done",))
    assert for_meeting(first).report_rate is None  # not 0%: there was nothing to report
    assert for_meeting(second).report_rate == 0.75
    assert totals([first, second]).report_rate == 0.75
    assert totals([first]).report_rate is None
