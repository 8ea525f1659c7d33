"""The programme console's arithmetic: each at-risk rule at and past its edge, a set's row,
the three orders and paging, and totals over every invitation of the programme."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.flows import programme
from bot.flows.metrics import MeetingFacts
from bot.flows.programme import Order, SetFacts

TODAY = date(2026, 12, 1)


def meeting(
    n: int,
    days_ago: int,
    attended: int = 4,
    reports: int = 4,
    statuses: tuple[str, ...] = (),
    ratings: tuple[int, ...] = (4,),
    roster: int = 4,
) -> MeetingFacts:
    return MeetingFacts(
        number=n,
        held_on=TODAY - timedelta(days=days_ago),
        roster=roster,
        attended=attended,
        reports=reports,
        action_statuses=statuses,
        ratings=ratings,
        reportable=n > 1,
    )


def a_set(*meetings: MeetingFacts, cadence: str = "weekly", **kw: object) -> SetFacts:
    fields: dict[str, object] = {
        "set_id": 1,
        "name": "Alpha",
        "channel": "C1",
        "facilitator": "UANA",
        "cadence": cadence,
        "started_on": TODAY - timedelta(days=60),
        "planned": 6,
        "meetings": meetings,
    }
    fields.update(kw)
    return SetFacts(**fields)  # type: ignore[arg-type]


def healthy() -> SetFacts:
    return a_set(meeting(1, 14), meeting(2, 7), meeting(3, 0, statuses=("done", "partly")))


def test_a_healthy_set_is_not_at_risk() -> None:
    assert programme.risks(healthy(), TODAY) == ()


@pytest.mark.parametrize(
    ("cadence", "quiet", "at_risk"),
    [
        ("weekly", 14, False),
        ("weekly", 15, True),
        ("biweekly", 28, False),
        ("biweekly", 29, True),
        ("monthly", 62, False),
        ("monthly", 63, True),
    ],
)
def test_not_meeting_for_more_than_twice_the_cadence(
    cadence: str, quiet: int, at_risk: bool
) -> None:
    facts = a_set(meeting(1, quiet + 14), meeting(2, quiet + 7), meeting(3, quiet), cadence=cadence)
    reasons = programme.risks(facts, TODAY)
    assert any("hasn't met for" in r for r in reasons) == at_risk
    if at_risk:
        assert f"for {quiet} days" in reasons[0]


def test_a_set_that_never_met_counts_from_its_first_planned_meeting() -> None:
    waiting = a_set(started_on=TODAY - timedelta(days=5))
    assert programme.risks(waiting, TODAY) == ()
    late = a_set(started_on=TODAY - timedelta(days=20))
    assert programme.risks(late, TODAY) == ("hasn't held a meeting for 20 days (meets every 7)",)


@pytest.mark.parametrize(("attended", "at_risk"), [(8, False), (7, True)])  # of 12: 67%, 58%
def test_attendance_under_sixty_percent_over_the_last_three(attended: int, at_risk: bool) -> None:
    counts = [3, 3, attended - 6]
    facts = a_set(*(meeting(i + 1, 14 - 7 * i, attended=c) for i, c in enumerate(counts)))
    reasons = programme.risks(facts, TODAY)
    assert any(r.startswith("attendance") for r in reasons) == at_risk


def test_exactly_sixty_percent_is_not_at_risk() -> None:
    facts = a_set(*(meeting(i + 1, 14 - 7 * i, attended=3, roster=5) for i in range(3)))
    assert not any(r.startswith("attendance") for r in programme.risks(facts, TODAY))


def test_only_the_last_three_meetings_count_for_attendance() -> None:
    early = [meeting(1, 35, attended=0), meeting(2, 28, attended=0)]
    later = [meeting(3, 14), meeting(4, 7), meeting(5, 0)]
    assert programme.risks(a_set(*early, *later), TODAY) == ()
    assert programme.risks(a_set(*early), TODAY - timedelta(days=28)) == ()  # fewer than 3


def test_report_backs_under_sixty_percent() -> None:
    facts = a_set(meeting(1, 14), meeting(2, 7, reports=1), meeting(3, 0, reports=2))
    assert programme.risks(facts, TODAY) == ("report-backs 38% over 3 meetings",)


@pytest.mark.parametrize(
    ("statuses", "at_risk"),
    [
        (("done", "not_done"), False),  # 50%
        (("partly", "not_done", "not_done"), True),  # 33%
        (("open", "open", "not_done", "done"), False),  # open ones don't count
        (("dropped", "done", "dropped"), True),
        (("open",), False),  # nothing reported: no figure, no risk
    ],
)
def test_follow_through_under_half(statuses: tuple[str, ...], at_risk: bool) -> None:
    facts = a_set(meeting(1, 14), meeting(2, 7), meeting(3, 0, statuses=statuses))
    reasons = programme.risks(facts, TODAY)
    assert any(r.startswith("follow-through") for r in reasons) == at_risk


@pytest.mark.parametrize(
    ("ratings", "at_risk"),
    [
        (((5,), (4, 5), (4, 5)), False),  # 5 → 4.5: fell by half a point
        (((3,), (4,), (5,)), False),  # rising
        (((5,), (4,), (4,)), True),  # by exactly one
        (((5,), (5,), (4,)), True),
        (((4,), (5,), (3,)), True),  # first to last, whatever came between
    ],
)
def test_a_rating_that_fell_by_one_over_three_meetings(
    ratings: tuple[tuple[int, ...], ...], at_risk: bool
) -> None:
    facts = a_set(*(meeting(i + 1, 14 - 7 * i, ratings=r) for i, r in enumerate(ratings)))
    reasons = programme.risks(facts, TODAY)
    assert any(r.startswith("rating fell") for r in reasons) == at_risk


def test_a_closed_set_is_never_at_risk_and_has_no_days_since() -> None:
    facts = a_set(meeting(1, 90, attended=0), closed=True)
    assert programme.risks(facts, TODAY) == ()
    assert programme.row(facts, TODAY).days_since is None


def test_several_reasons_are_all_given() -> None:
    facts = a_set(
        meeting(1, 44, attended=1, reports=1, ratings=(5,)),
        meeting(2, 37, attended=1, reports=1, ratings=(4,)),
        meeting(3, 30, attended=1, reports=1, statuses=("not_done",), ratings=(3,)),
    )
    assert len(programme.risks(facts, TODAY)) == 5


def test_a_sets_row() -> None:
    facts = a_set(
        meeting(1, 14, ratings=(3,)),
        meeting(2, 7, attended=2, reports=2, ratings=(4, 4)),
        meeting(3, 0, statuses=("done", "partly", "not_done", "open"), ratings=(5,)),
    )
    row = programme.row(facts, TODAY)
    assert (row.held, row.planned, row.last_met, row.days_since) == (3, 6, TODAY, 0)
    assert row.attendance == pytest.approx(10 / 12)
    assert row.report_rate == pytest.approx(6 / 8)  # the first meeting had nothing to report
    assert row.follow_through == pytest.approx(2 / 3)
    assert row.rating == 4.0 and row.rating_change == 1.0


def test_a_set_with_no_meetings_has_no_figures() -> None:
    row = programme.row(a_set(started_on=TODAY), TODAY)
    assert row.held == 0 and row.last_met is None and row.days_since is None
    assert row.attendance is None and row.follow_through is None and row.rating is None
    assert row.rating_change is None and row.risks == ()


def rows() -> list[programme.SetRow]:
    sets = [
        a_set(meeting(1, 3), name="beta", set_id=2),
        a_set(meeting(1, 40), name="Alpha", set_id=1),
        a_set(name="Gamma", set_id=3, started_on=TODAY - timedelta(days=2)),
        a_set(meeting(1, 30, attended=0, statuses=("not_done",)), name="Delta", set_id=4),
    ]
    return [programme.row(s, TODAY) for s in sets]


def test_the_three_orders() -> None:
    names = lambda order: [r.name for r in programme.ordered(rows(), order)]  # noqa: E731
    assert names(Order.NAME) == ["Alpha", "beta", "Delta", "Gamma"]
    assert names(Order.AT_RISK) == ["Delta", "Alpha", "beta", "Gamma"]
    assert names(Order.LAST_MET) == ["Gamma", "Alpha", "Delta", "beta"]


def test_pages_of_ten_and_a_page_past_the_end_shows_the_last() -> None:
    many = [
        programme.row(a_set(name=f"Set {i:02d}", set_id=i, started_on=TODAY), TODAY)
        for i in range(23)
    ]
    first, shown = programme.page(many, 0)
    assert len(first) == 10 and shown == 0
    last, shown = programme.page(many, 7)
    assert shown == 2 and [r.name for r in last] == ["Set 20", "Set 21", "Set 22"]
    assert programme.page([], 3) == ([], 0)


def test_totals_count_every_invitation_not_averages_of_sets() -> None:
    small = a_set(meeting(1, 7, attended=1, roster=2), set_id=1)
    large = a_set(meeting(1, 7, attended=10, roster=10, statuses=("done",)), set_id=2)
    facts = [small, large]
    totals = programme.programme_totals(facts, [programme.row(f, TODAY) for f in facts])
    assert totals.sets == 2 and totals.held == 2
    assert totals.attendance == pytest.approx(11 / 12)
    assert totals.follow_through == 1.0
