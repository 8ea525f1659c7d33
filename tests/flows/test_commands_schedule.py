"""`/set schedule`, `/set reschedule <date> <time>`, `/set cancel` and `/set away <from> <to>`:
their arguments, their refusals, and who sees them in `/set help`."""

from __future__ import annotations

from datetime import date, time

import pytest

from bot.flows.commands import BY_NAME, NO_ARGS, Command, CommandError, Role, help_lines, parse

RESCHEDULE_USAGE = "/set reschedule 2026-12-02 14:00"
AWAY_USAGE = "/set away 2026-12-20 2027-01-04"


def _hint(text: str) -> str:
    with pytest.raises(CommandError) as raised:
        parse(text)
    message = str(raised.value)
    assert message and "Traceback" not in message and len(message) < 300
    return message


def test_the_new_commands_and_their_arguments() -> None:
    assert {"schedule", "cancel"} <= NO_ARGS
    assert not {"reschedule", "away"} & NO_ARGS
    assert BY_NAME["reschedule"].usage == RESCHEDULE_USAGE
    assert BY_NAME["away"].usage == AWAY_USAGE


# --- schedule and cancel ----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["schedule", "cancel"])
@pytest.mark.parametrize("spelling", ["{}", "{} ", "  {}\n", "{upper}", "{title}"])
def test_schedule_and_cancel_take_no_arguments(name: str, spelling: str) -> None:
    text = spelling.format(name, upper=name.upper(), title=name.title())
    assert parse(text) == Command(name)


@pytest.mark.parametrize("name", ["schedule", "cancel"])
@pytest.mark.parametrize("rest", ["next", "2026-12-02", "<@U1>", "all of them", "🎉", "x" * 5000])
def test_schedule_and_cancel_refuse_arguments(name: str, rest: str) -> None:
    message = _hint(f"{name} {rest}")
    assert "takes nothing" in message and f"`/set {name}`" in message


# --- reschedule -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "day", "at"),
    [
        ("reschedule 2026-12-02 14:00", date(2026, 12, 2), time(14, 0)),
        ("RESCHEDULE 2026-12-02 14:00", date(2026, 12, 2), time(14, 0)),
        ("  reschedule   2026-12-02    09:30  ", date(2026, 12, 2), time(9, 30)),
        ("reschedule 2027-01-01 00:00", date(2027, 1, 1), time(0, 0)),
        ("reschedule 2028-02-29 23:59", date(2028, 2, 29), time(23, 59)),
        ("reschedule\t2026-12-02\t14:00", date(2026, 12, 2), time(14, 0)),
    ],
)
def test_reschedule_parses_a_date_and_a_time(text: str, day: date, at: time) -> None:
    assert parse(text) == Command("reschedule", day=day, at=at)


@pytest.mark.parametrize(
    "rest",
    [
        "",
        "2026-12-02",
        "14:00",
        "14:00 2026-12-02",
        "2026-12-02 14:00 London",
        "2026-12-02 14:00 15:00",
        "2026-12-02T14:00",
        "2026-12-02 25:00",
        "2026-12-02 14:60",
        "2026-12-02 24:00",
        "2026-12-02 2pm",
        "2026-12-02 noon",
        "2026-02-30 14:00",
        "2027-02-29 14:00",
        "2026-13-01 14:00",
        "2026-12-2 14:00",
        "02/12/2026 14:00",
        "tomorrow 14:00",
        "next week",
        "<@U1> 14:00",
        "🎉 🎉",
        "مرحبا 14:00",
        "x" * 5000,
    ],
)
def test_reschedule_refuses_a_missing_or_bad_date_or_time(rest: str) -> None:
    message = _hint(f"reschedule {rest}")
    assert "date and time" in message and RESCHEDULE_USAGE in message


# --- away -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("away 2026-12-20 2027-01-04", date(2026, 12, 20), date(2027, 1, 4)),
        ("AWAY  2026-12-20   2027-01-04 ", date(2026, 12, 20), date(2027, 1, 4)),
        ("away 2026-12-20 2026-12-20", date(2026, 12, 20), date(2026, 12, 20)),  # one day
        ("away 2028-02-28 2028-02-29", date(2028, 2, 28), date(2028, 2, 29)),
        ("away 2026-01-01 2026-12-31", date(2026, 1, 1), date(2026, 12, 31)),
    ],
)
def test_away_parses_the_first_and_last_day(text: str, first: date, last: date) -> None:
    assert parse(text) == Command("away", day=first, until=last)


@pytest.mark.parametrize(
    "rest",
    [
        "",
        "2026-12-20",
        "2026-12-20 2027-01-04 2027-01-05",
        "2026-12-20 to 2027-01-04",
        "2026-12-20 - 2027-01-04",
        "2026-12-20 2027-13-04",
        "2026-02-30 2026-03-04",
        "2026-12-20 2027-02-29",
        "20/12/2026 04/01/2027",
        "2026-12-20 tomorrow",
        "christmas new-year",
        "2026-12-20 14:00",
        "🎉 🎉",
        "2026-12-20 " * 1000,
    ],
)
def test_away_refuses_anything_but_two_dates(rest: str) -> None:
    message = _hint(f"away {rest}")
    assert "first and last day" in message and AWAY_USAGE in message


@pytest.mark.parametrize(
    "rest", ["2027-01-04 2026-12-20", "2026-12-21 2026-12-20", "2027-01-01 2026-12-31"]
)
def test_away_refuses_days_in_the_wrong_order(rest: str) -> None:
    assert "before the first" in _hint(f"away {rest}")


# --- hints for typos --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typo", "meant"),
    [
        ("shedule", "/set schedule"),
        ("scheduel", "/set schedule"),
        ("reschedul", RESCHEDULE_USAGE),
        ("rescedule", RESCHEDULE_USAGE),
        ("cancle", "/set cancel"),
        ("canel", "/set cancel"),
        ("awya", AWAY_USAGE),
        ("aways", AWAY_USAGE),
    ],
)
def test_a_typo_gets_the_closest_new_command(typo: str, meant: str) -> None:
    message = _hint(typo)
    assert f"`{meant}`" in message and typo in message


# --- help ------------------------------------------------------------------------------------

NEW = ("schedule", "reschedule", "cancel", "away")


def _listed(lines: list[str]) -> set[str]:
    return {line.split("`")[1].split()[1] for line in lines}


@pytest.mark.parametrize(
    ("has_set", "is_member", "is_facilitator", "shown"),
    [
        (False, False, False, set()),
        (False, True, True, set()),  # no set here: nothing to schedule
        (True, False, False, {"schedule"}),
        (True, True, False, {"schedule", "away"}),
        (True, True, True, {"schedule", "away", "reschedule", "cancel"}),
        (True, False, True, {"schedule", "reschedule", "cancel"}),
    ],
)
def test_help_lists_the_new_commands_by_role(
    has_set: bool, is_member: bool, is_facilitator: bool, shown: set[str]
) -> None:
    assert _listed(help_lines(has_set, is_member, is_facilitator)) & set(NEW) == shown


@pytest.mark.parametrize(
    ("name", "role"),
    [
        ("schedule", Role.IN_SET),
        ("away", Role.MEMBER),
        ("reschedule", Role.FACILITATOR),
        ("cancel", Role.FACILITATOR),
    ],
)
def test_the_role_of_each_new_command(name: str, role: Role) -> None:
    assert BY_NAME[name].role == role


def test_help_shows_the_usage_with_its_example() -> None:
    lines = help_lines(True, True, True)
    assert any(f"`{RESCHEDULE_USAGE}`" in line for line in lines)
    assert any(f"`{AWAY_USAGE}`" in line for line in lines)
