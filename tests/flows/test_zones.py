"""Finding a time zone by what people type."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.flows.zones import LIMIT, known, label, search

WINTER = datetime(2026, 12, 4, tzinfo=UTC)


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("denver", "America/Denver"),
        ("Denver", "America/Denver"),
        ("mountain", "America/Denver"),
        ("pacific", "America/Los_Angeles"),
        ("new york", "America/New_York"),
        ("new_york", "America/New_York"),
        ("london", "Europe/London"),
        ("uk", "Europe/London"),
        ("cet", "Europe/Paris"),
        ("india", "Asia/Kolkata"),
        ("utc", "UTC"),
    ],
)
def test_a_city_or_a_common_name_finds_the_zone_first(typed: str, first: str) -> None:
    assert search(typed, WINTER)[0][1] == first


def test_no_match_gives_no_options() -> None:
    assert search("zzzzz", WINTER) == [] and search("   ", WINTER) == []


def test_a_broad_search_stops_at_slacks_cap_of_100() -> None:
    assert len(search("a", WINTER)) == LIMIT == 100


def test_labels_say_the_offset_now() -> None:
    assert label("America/Denver", WINTER) == "America/Denver (UTC−07:00)"
    assert label("Asia/Kolkata", WINTER) == "Asia/Kolkata (UTC+05:30)"
    assert all(len(text) <= 75 for text, _ in search("a", WINTER))  # an option's limit


def test_only_real_zones_are_known() -> None:
    assert known("Europe/London") and known("UTC")
    assert not known("Mars/Phobos") and not known("") and not known("Europe")
