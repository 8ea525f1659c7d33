"""Validating the create/settings form: every error, and what a valid form becomes."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.flows.cadence import Cadence
from bot.flows.setup import DEFAULT_GROUND_RULES, SetConfig, SetForm, validate

NOW = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)  # a Monday morning
FORM = SetForm(
    name="Leaders' set",
    theme="Leading through change",
    members=("U1", "U2", "U3"),
    facilitator="U1",
    cadence="weekly",
    weekday="1",
    time="10:00",
    timezone="Europe/London",
    first_date="2025-03-10",
    meeting_minutes="120",
    meeting_count="6",
    lead_hours="24",
    ground_rules="",
)
FORM_FIELDS = {f.name for f in fields(SetForm)}


def _valid(**changes: object) -> SetConfig:
    result = validate(replace(FORM, **changes), NOW)
    assert isinstance(result, SetConfig), result
    return result


def _errors(**changes: object) -> dict[str, str]:
    result = validate(replace(FORM, **changes), NOW)
    assert isinstance(result, dict), result
    assert set(result) <= FORM_FIELDS and all(result.values())
    return result


def test_a_valid_form() -> None:
    config = _valid()
    assert (config.name, config.cadence, config.weekday) == ("Leaders' set", Cadence.WEEKLY, 1)
    assert (config.at, config.first_date) == (time(10), date(2025, 3, 10))
    assert (config.meeting_minutes, config.meeting_count, config.lead_hours) == (120, 6, 24)
    assert config.members == ("U1", "U2", "U3")


BAD = [
    ("name", "", "Give the set a name"),
    ("name", "   ", "Give the set a name"),
    ("name", None, "Give the set a name"),
    ("name", "n" * 81, "at most 80"),
    ("theme", "t" * 5000, "3,000 characters (it has 5,000)"),
    ("ground_rules", "r" * 5000, "3,000 characters"),
    ("members", ("U1",), "at least 2"),
    ("members", ("U1", "U1"), "at least 2"),
    ("members", (), "at least 2"),
    ("facilitator", None, "facilitator"),
    ("facilitator", "", "facilitator"),
    ("cadence", "daily", "how often"),
    ("cadence", None, "how often"),
    ("weekday", "7", "weekday"),
    ("weekday", "-1", "weekday"),
    ("weekday", "Tuesday", "weekday"),
    ("time", "25:00", "time"),
    ("time", "", "time"),
    ("timezone", "Mars/Olympus", "not a time zone"),
    ("timezone", "", "not a time zone"),
    ("timezone", "Europe", "not a time zone"),
    ("timezone", "../../etc/passwd", "not a time zone"),
    ("timezone", "/etc/localtime", "not a time zone"),
    ("timezone", "zone.tab", "not a time zone"),
    ("first_date", "2025-02-30", "date of the first meeting"),
    ("first_date", None, "date of the first meeting"),
    ("meeting_minutes", "29", "from 30 to 480"),
    ("meeting_minutes", "481", "from 30 to 480"),
    ("meeting_minutes", "ninety", "from 30 to 480"),
    ("meeting_minutes", None, "from 30 to 480"),
    ("meeting_count", "0", "from 1 to 52"),
    ("meeting_count", "53", "from 1 to 52"),
    ("meeting_count", "three", "from 1 to 52"),
    ("lead_hours", "0", "from 1 to 168"),
    ("lead_hours", "169", "from 1 to 168"),
    ("lead_hours", "9" * 5000, "from 1 to 168"),
]


@pytest.mark.parametrize(("field", "value", "message"), BAD, ids=lambda v: str(v)[:20])
def test_each_bad_value_gets_its_own_error(field: str, value: object, message: str) -> None:
    errors = _errors(**{field: value})
    assert list(errors) == [field]
    assert message in errors[field]
    assert len(errors[field]) < 300


def test_a_long_time_zone_is_quoted_briefly() -> None:
    assert len(_errors(timezone="x" * 5000)["timezone"]) < 120


def test_an_empty_form_lists_every_required_field() -> None:
    errors = validate(SetForm(), NOW)
    assert isinstance(errors, dict)
    required = {"name", "members", "facilitator", "cadence", "weekday", "time", "timezone"}
    assert required | {"first_date", "meeting_minutes", "lead_hours"} == set(errors)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "n" * 80),
        ("meeting_minutes", "30"),
        ("meeting_minutes", "480"),
        ("meeting_count", "1"),
        ("meeting_count", "52"),
        ("lead_hours", "1"),
        ("lead_hours", "168"),
        ("theme", "t" * 3000),
        ("weekday", "0"),
        ("weekday", "6"),
        ("meeting_minutes", " 90 "),
    ],
)
def test_bounds_are_inclusive(field: str, value: str) -> None:
    _valid(**{field: value})


@pytest.mark.parametrize("count", ["", "   ", None])
def test_an_empty_count_means_open_ended(count: str | None) -> None:
    assert _valid(meeting_count=count).meeting_count is None


@pytest.mark.parametrize("name", ["🚀 Leaders 🌱", "مجموعة التعلم", "קבוצת למידה", "学习小组"])
def test_emoji_and_right_to_left_names_are_accepted(name: str) -> None:
    assert _valid(name=f"  {name}  ", theme=name).name == name


@pytest.mark.parametrize("rules", ["", "   \n ", None])
def test_default_ground_rules_when_empty(rules: str | None) -> None:
    assert _valid(ground_rules=rules).ground_rules == DEFAULT_GROUND_RULES
    assert "Confidentiality" in DEFAULT_GROUND_RULES


def test_own_ground_rules_are_kept() -> None:
    assert _valid(ground_rules="  Phones away.\n").ground_rules == "Phones away."


def test_duplicate_members_count_once() -> None:
    assert _valid(members=("U1", "U2", "U1")).members == ("U1", "U2")


@pytest.mark.parametrize(
    ("first_date", "weekday", "at"),
    [
        ("2025-03-02", "6", "10:00"),  # yesterday
        ("2025-03-03", "0", "08:30"),  # today, but 08:30 London (UTC) has passed
        ("2025-03-03", "0", "09:00"),  # now exactly
        ("2024-03-10", "1", "10:00"),
    ],
)
def test_a_first_meeting_in_the_past_is_refused(first_date: str, weekday: str, at: str) -> None:
    errors = _errors(first_date=first_date, weekday=weekday, time=at)
    assert errors == {"first_date": "The first meeting would be in the past. Pick a later date."}


def test_today_later_on_is_fine_and_editing_allows_a_past_start() -> None:
    assert _valid(first_date="2025-03-03", weekday="0", time="09:30").first_meeting() > NOW
    past = replace(FORM, first_date="2024-03-10")
    assert isinstance(validate(past, NOW, editing=True), SetConfig)


def test_today_is_judged_in_the_sets_time_zone() -> None:
    # 23:30 UTC on Monday is already Tuesday in Tokyo: Monday there is in the past.
    late = datetime(2025, 3, 3, 23, 30, tzinfo=UTC)
    form = replace(FORM, timezone="Asia/Tokyo", first_date="2025-03-03", weekday="0")
    assert set(validate(form, late)) == {"first_date"}  # type: ignore[arg-type]


@pytest.mark.parametrize("weekday", range(7))
@pytest.mark.parametrize("zone", ["Europe/London", "America/New_York", "Asia/Kolkata"])
def test_first_meeting_is_the_weekday_on_or_after_the_date(weekday: int, zone: str) -> None:
    config = _valid(weekday=str(weekday), timezone=zone, first_date="2025-03-12")  # a Wednesday
    local = config.first_meeting().astimezone(ZoneInfo(zone))
    assert local.weekday() == weekday and local.time() == time(10)
    assert timedelta(0) <= local.date() - date(2025, 3, 12) < timedelta(days=7)
    assert config.first_meeting().tzinfo is not None


def test_one_submit_reports_every_error_at_once_the_past_date_with_the_others() -> None:
    errors = _errors(name="", lead_hours="2", reminder_hours="5", first_date="2024-01-01")
    assert set(errors) == {"name", "reminder_hours", "first_date"}
    assert all("`" not in message and "*" not in message for message in errors.values())


def test_a_reminder_at_or_before_the_prompt_is_an_inline_error() -> None:
    assert set(_errors(lead_hours="24", reminder_hours="24")) == {"reminder_hours"}
    assert _valid(lead_hours="24", reminder_hours="23").reminder_hours == 23
