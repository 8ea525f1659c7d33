"""When a lead's weekly digest falls due, and whether a week has news."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.flows.digest import Week, grown, has_news, next_due
from bot.flows.themes import Theme


@pytest.mark.parametrize(
    ("after", "zone", "due"),
    [
        (datetime(2026, 11, 23, 8, 0, tzinfo=UTC), "UTC", datetime(2026, 11, 23, 9, 0, tzinfo=UTC)),
        (datetime(2026, 11, 23, 9, 0, tzinfo=UTC), "UTC", datetime(2026, 11, 30, 9, 0, tzinfo=UTC)),
        (
            datetime(2026, 11, 22, 20, 0, tzinfo=UTC),
            "Pacific/Auckland",  # already Monday 09:00 there
            datetime(2026, 11, 29, 20, 0, tzinfo=UTC),
        ),
        (
            datetime(2026, 11, 23, 10, 0, tzinfo=UTC),
            "America/Denver",  # 03:00 Monday there
            datetime(2026, 11, 23, 16, 0, tzinfo=UTC),
        ),
        (  # across Europe's clock change: 09:00 local either side
            datetime(2027, 3, 23, 9, 0, tzinfo=UTC),
            "Europe/Berlin",
            datetime(2027, 3, 29, 7, 0, tzinfo=UTC),
        ),
    ],
)
def test_next_due_is_the_weekday_and_hour_in_the_leads_zone(
    after: datetime, zone: str, due: datetime
) -> None:
    assert next_due(after, 0, 9, zone) == due


def test_a_week_with_nothing_new_has_no_news() -> None:
    same = [Theme("listening", 2, ("x",))]
    assert not has_news(Week("P", 0, themes_before=same, themes_now=same))
    assert has_news(Week("P", 1))
    assert has_news(Week("P", 0, newly_at_risk=[("A", ("follow-through 20%",))]))
    assert has_news(Week("P", 0, shared=[("A", 2, "text", None)]))
    assert has_news(Week("P", 0, themes_before=same, themes_now=[Theme("listening", 3, ())]))


def test_themes_that_grew_say_how_many_sets_used_them_before() -> None:
    before = [Theme("listening", 2, ()), Theme("delegation", 3, ())]
    now = [Theme("listening", 3, ()), Theme("delegation", 3, ()), Theme("feedback", 2, ())]
    assert [(t.term, then) for t, then in grown(before, now)] == [("listening", 2), ("feedback", 0)]
