"""When the bot writes before a meeting: quiet hours (21:00 to 08:00 in the reader's own zone),
moving a message to the nearest allowed time still before the meeting, and the plan of prompts,
reminders and the facilitator's brief."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.flows.cadence import Cadence, meeting_times
from bot.flows.prompting import (
    BRIEF_BEFORE,
    Kind,
    Planned,
    allowed,
    is_quiet,
    plan,
    reminder_at,
    zone_of,
)

ZONES = (
    "UTC",
    "Europe/London",
    "America/New_York",
    "America/Los_Angeles",
    "Asia/Tokyo",
    "Pacific/Auckland",
    "Asia/Kolkata",
    "Pacific/Chatham",
    "Australia/Lord_Howe",
    None,
    "Not/AZone",
)
EVENING = time(20, 59)
MORNING = time(8, 0)


def u(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    """A UTC time: u(2026, 6, 10, 21, 0)."""
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def quiet_for(when: datetime, zone: str | None) -> bool:
    return is_quiet(when.astimezone(zone_of(zone)).time())


def sides(due: datetime, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """The last allowed minute before `due`'s quiet night and the first one after it."""
    here = due.astimezone(tz)
    before = here.date() if here.time() >= time(21) else here.date() - timedelta(days=1)
    evening = datetime.combine(before, time(20, 59), tzinfo=tz)
    return evening, datetime.combine(before + timedelta(days=1), time(8), tzinfo=tz)


FAR = u(2027, 1, 1)


# --- quiet hours --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("at", "quiet"),
    [
        (time(8, 0), False),
        (time(8, 0, 1), False),
        (time(12, 0), False),
        (time(20, 59), False),
        (time(20, 59, 59, 999999), False),
        (time(21, 0), True),
        (time(21, 0, 1), True),
        (time(23, 59, 59), True),
        (time(0, 0), True),
        (time(3, 0), True),
        (time(7, 59), True),
        (time(7, 59, 59, 999999), True),
    ],
)
def test_is_quiet(at: time, quiet: bool) -> None:
    assert is_quiet(at) is quiet


# --- allowed ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due", "zone"),
    [
        (u(2026, 6, 10, 12, 0), "UTC"),
        (u(2026, 6, 10, 8, 0), "UTC"),
        (u(2026, 6, 10, 20, 59), "UTC"),
        (u(2026, 6, 10, 19, 59), "Europe/London"),  # 20:59 BST
        (u(2026, 6, 10, 0, 0), "Asia/Tokyo"),  # 09:00 JST: UTC's night is Tokyo's morning
        (u(2026, 6, 10, 23, 0), "Asia/Tokyo"),  # 08:00 JST
        (u(2026, 1, 15, 7, 0), "Pacific/Auckland"),  # 20:00 NZDT
        (u(2026, 7, 1, 3, 30), "America/Los_Angeles"),  # 20:30 PDT
    ],
)
def test_an_allowed_time_is_left_alone(due: datetime, zone: str) -> None:
    assert allowed(due, zone, FAR) is due


@pytest.mark.parametrize(
    ("due", "moved"),
    [
        (u(2026, 6, 10, 21, 0), u(2026, 6, 10, 20, 59)),
        (u(2026, 6, 10, 22, 0), u(2026, 6, 10, 20, 59)),
        (u(2026, 6, 10, 23, 59), u(2026, 6, 10, 20, 59)),
        (u(2026, 6, 11, 0, 0), u(2026, 6, 10, 20, 59)),
        (u(2026, 6, 11, 2, 29), u(2026, 6, 10, 20, 59)),  # 5h30 back, 5h31 on
        (u(2026, 6, 11, 2, 31), u(2026, 6, 11, 8, 0)),  # 5h32 back, 5h29 on
        (u(2026, 6, 11, 5, 0), u(2026, 6, 11, 8, 0)),
        (u(2026, 6, 11, 7, 59), u(2026, 6, 11, 8, 0)),
    ],
)
def test_a_quiet_time_moves_to_the_nearer_side(due: datetime, moved: datetime) -> None:
    assert allowed(due, "UTC", FAR) == moved


@pytest.mark.parametrize(
    ("due", "deadline", "moved"),
    [
        (u(2026, 6, 11, 7, 0), u(2026, 6, 11, 8, 0), u(2026, 6, 10, 20, 59)),  # at: too late
        (u(2026, 6, 11, 7, 0), u(2026, 6, 11, 7, 30), u(2026, 6, 10, 20, 59)),
        (u(2026, 6, 11, 7, 59), u(2026, 6, 11, 7, 59, 30), u(2026, 6, 10, 20, 59)),
        (u(2026, 6, 11, 7, 0), u(2026, 6, 11, 8, 0, 1), u(2026, 6, 11, 8, 0)),
        (u(2026, 6, 11, 3, 0), u(2026, 6, 11, 9, 0), u(2026, 6, 11, 8, 0)),
        (u(2026, 6, 10, 22, 0), u(2026, 6, 10, 22, 30), u(2026, 6, 10, 20, 59)),
        (u(2026, 6, 11, 6, 0), u(2026, 6, 11, 6, 30), u(2026, 6, 10, 20, 59)),
    ],
)
def test_never_at_or_after_the_deadline(due: datetime, deadline: datetime, moved: datetime) -> None:
    result = allowed(due, "UTC", deadline)
    assert result == moved and result < deadline


@pytest.mark.parametrize(
    ("due", "zone", "moved"),
    [
        (u(2026, 6, 10, 13, 0), "Asia/Tokyo", u(2026, 6, 10, 11, 59)),  # 22:00 → 20:59 JST
        (u(2026, 6, 10, 22, 30), "Asia/Tokyo", u(2026, 6, 10, 23, 0)),  # 07:30 → 08:00 JST
        (u(2026, 1, 15, 10, 0), "Pacific/Auckland", u(2026, 1, 15, 7, 59)),  # 23:00 NZDT
        (u(2026, 7, 15, 18, 30), "Pacific/Auckland", u(2026, 7, 15, 20, 0)),  # 06:30 NZST
        (u(2026, 7, 1, 14, 0), "America/Los_Angeles", u(2026, 7, 1, 15, 0)),  # 07:00 PDT
        (u(2026, 1, 15, 5, 30), "America/Los_Angeles", u(2026, 1, 15, 4, 59)),  # 21:30 PST
        (u(2026, 6, 10, 16, 0), "Asia/Kolkata", u(2026, 6, 10, 15, 29)),  # 21:30 IST
        (u(2026, 6, 10, 15, 30), "Asia/Kathmandu", u(2026, 6, 10, 15, 14)),  # 21:15 NPT
        (u(2026, 6, 10, 12, 0), "Pacific/Kiritimati", u(2026, 6, 10, 6, 59)),  # 02:00 +14
    ],
)
def test_quiet_hours_are_the_members_own(due: datetime, zone: str, moved: datetime) -> None:
    assert quiet_for(due, zone)
    assert allowed(due, zone, FAR) == moved
    assert not quiet_for(moved, zone)


@pytest.mark.parametrize(
    ("due", "zone", "moved"),
    [
        # Europe/London springs forward at 01:00 UTC on 29 March 2026.
        (u(2026, 3, 28, 21, 30), "Europe/London", u(2026, 3, 28, 20, 59)),
        (u(2026, 3, 29, 0, 30), "Europe/London", u(2026, 3, 28, 20, 59)),
        (u(2026, 3, 29, 6, 30), "Europe/London", u(2026, 3, 29, 7, 0)),  # 08:00 BST
        (u(2026, 3, 29, 20, 30), "Europe/London", u(2026, 3, 29, 19, 59)),
        # and falls back at 01:00 UTC on 25 October 2026.
        (u(2026, 10, 24, 20, 30), "Europe/London", u(2026, 10, 24, 19, 59)),
        (u(2026, 10, 25, 0, 30), "Europe/London", u(2026, 10, 24, 19, 59)),  # 01:30 BST
        (u(2026, 10, 25, 1, 30), "Europe/London", u(2026, 10, 24, 19, 59)),  # 01:30 GMT
        (u(2026, 10, 25, 7, 30), "Europe/London", u(2026, 10, 25, 8, 0)),  # 08:00 GMT
        # America/New_York springs forward at 07:00 UTC on 8 March 2026.
        (u(2026, 3, 8, 2, 30), "America/New_York", u(2026, 3, 8, 1, 59)),  # 20:59 EST
        (u(2026, 3, 8, 11, 30), "America/New_York", u(2026, 3, 8, 12, 0)),  # 08:00 EDT
        # and falls back at 06:00 UTC on 1 November 2026.
        (u(2026, 11, 1, 1, 30), "America/New_York", u(2026, 11, 1, 0, 59)),  # 20:59 EDT
        (u(2026, 11, 1, 12, 30), "America/New_York", u(2026, 11, 1, 13, 0)),  # 08:00 EST
        # Pacific/Auckland falls back on 5 April and springs forward on 27 September 2026.
        (u(2026, 4, 4, 17, 30), "Pacific/Auckland", u(2026, 4, 4, 20, 0)),  # 08:00 NZST
        (u(2026, 9, 26, 18, 30), "Pacific/Auckland", u(2026, 9, 26, 19, 0)),  # 08:00 NZDT
    ],
)
def test_across_daylight_saving_changes(due: datetime, zone: str, moved: datetime) -> None:
    assert allowed(due, zone, FAR) == moved


@pytest.mark.parametrize(
    ("due", "zone", "deadline", "nearest"),
    [
        # 02:30 BST on 29 March: 20:59 GMT the evening before is 4h31 away, 08:00 BST 5h30.
        (u(2026, 3, 29, 1, 30), "Europe/London", u(2026, 3, 29, 12), u(2026, 3, 28, 20, 59)),
        # 02:15 EST on 1 November: 20:59 EDT the evening before is 6h16 away, 08:00 EST 5h45.
        (u(2026, 11, 1, 7, 15), "America/New_York", u(2026, 11, 1, 18), u(2026, 11, 1, 13)),
    ],
)
def test_nearest_is_measured_in_real_time_in_the_night_of_a_clock_change(
    due: datetime, zone: str, deadline: datetime, nearest: datetime
) -> None:
    assert allowed(due, zone, deadline) == nearest


@pytest.mark.parametrize(
    ("zone", "night"),
    [
        ("Europe/London", date(2026, 3, 28)),
        ("Europe/London", date(2026, 10, 24)),
        ("America/New_York", date(2026, 3, 7)),
        ("America/New_York", date(2026, 10, 31)),
        ("America/Los_Angeles", date(2026, 3, 7)),
        ("America/Los_Angeles", date(2026, 10, 31)),
        ("Pacific/Auckland", date(2026, 4, 4)),
        ("Pacific/Auckland", date(2026, 9, 26)),
        ("Australia/Lord_Howe", date(2026, 4, 4)),  # a half-hour change
    ],
)
def test_every_minute_of_a_clock_change_night(zone: str, night: date) -> None:
    """Outside quiet hours, before the deadline, and on the side nearer in real time."""
    tz = ZoneInfo(zone)
    start = datetime.combine(night, time(20, 0), tzinfo=tz).astimezone(UTC)
    end = datetime.combine(night + timedelta(days=1), time(9, 0), tzinfo=tz).astimezone(UTC)
    morning = datetime.combine(night + timedelta(days=1), MORNING, tzinfo=tz).astimezone(UTC)
    due = start
    while due < end:
        deadlines = (due + timedelta(minutes=1), morning, morning + timedelta(hours=2), FAR)
        for deadline in (d for d in deadlines if d > due):
            result = allowed(due, zone, deadline)
            assert result < deadline, (due, deadline)
            assert not quiet_for(result, zone), (due, deadline)
            if not quiet_for(due, zone):
                assert result == due
                continue
            before, after = sides(due, tz)
            assert result in (before, after)
            if after < deadline:  # both sides possible: the one nearer in real time
                assert abs(result - due) <= min(abs(before - due), abs(after - due))
            else:
                assert result == before
        due += timedelta(minutes=1)


def test_the_result_keeps_the_callers_time_zone() -> None:
    due = u(2026, 6, 10, 22, 0)
    assert allowed(due, "Asia/Tokyo", FAR).tzinfo is UTC
    london = due.astimezone(ZoneInfo("Europe/London"))
    moved = allowed(london, "UTC", FAR)
    assert moved == u(2026, 6, 10, 20, 59) and moved.tzinfo is london.tzinfo


@pytest.mark.parametrize(
    "zone", [None, "", "Not/AZone", "America", "Europe", "../etc/passwd", "europe/london", "UTC "]
)
def test_an_unknown_zone_falls_back_to_utc(zone: str | None) -> None:
    assert zone_of(zone) == ZoneInfo("UTC")
    due = u(2026, 6, 10, 22, 0)
    assert allowed(due, zone, FAR) == u(2026, 6, 10, 20, 59)
    assert allowed(u(2026, 6, 11, 7, 0), zone, FAR) == u(2026, 6, 11, 8, 0)
    assert allowed(u(2026, 6, 10, 12, 0), zone, FAR) == u(2026, 6, 10, 12, 0)


@pytest.mark.parametrize("zone", [z for z in ZONES if z])
def test_a_known_zone_is_used(zone: str) -> None:
    assert zone_of(zone) == ZoneInfo(zone if zone != "Not/AZone" else "UTC")


@pytest.mark.parametrize("zone", [z for z in ZONES if z != "Not/AZone"])
def test_allowed_over_a_year(zone: str | None) -> None:
    """Every 53 minutes through 2026: never quiet, never at or after the deadline, and a
    quiet time goes to 20:59 or 08:00 local of the same quiet night."""
    tz = zone_of(zone)
    due = u(2026, 1, 1, 0, 7)
    while due < u(2027, 1, 1):
        for ahead in (timedelta(minutes=5), timedelta(hours=3), timedelta(hours=30)):
            deadline = due + ahead
            result = allowed(due, zone, deadline)
            assert result < deadline
            assert not quiet_for(result, zone)
            if not quiet_for(due, zone):
                assert result is due
            else:
                assert result.astimezone(tz).time() in (EVENING, MORNING)
                assert abs(result - due) <= timedelta(hours=12, minutes=1)
        due += timedelta(minutes=53)


@pytest.mark.parametrize("zone", [z for z in ZONES if z and z != "Not/AZone"] + ["Asia/Kathmandu"])
def test_allowed_picks_the_side_nearer_in_real_time_all_year(zone: str) -> None:
    tz = ZoneInfo(zone)
    due = u(2026, 1, 1, 0, 3)
    while due < u(2027, 1, 1):
        if quiet_for(due, zone):
            evening, morning = sides(due, tz)
            result = allowed(due, zone, due + timedelta(days=2))
            assert result in (evening, morning)
            assert abs(result - due) <= min(abs(evening - due), abs(morning - due))
        due += timedelta(minutes=29)


# --- plan -------------------------------------------------------------------------------------

MEETING = u(2026, 6, 10, 10, 0)
MEMBERS = {"U1": "Europe/London", "U2": "Asia/Tokyo", "U3": None}


def _of(planned: list[Planned], kind: Kind) -> dict[str, datetime]:
    found = [p for p in planned if p.kind == kind]
    by_user = {p.user: p.due for p in found}
    assert len(by_user) == len(found), "one of each kind per person"
    return by_user


def test_plan_for_a_set() -> None:
    planned = plan(MEETING, 48, 4, MEMBERS, "F", "Europe/London")
    assert _of(planned, Kind.PROMPT) == {
        "U1": u(2026, 6, 8, 10, 0),
        "U2": u(2026, 6, 8, 10, 0),
        "U3": u(2026, 6, 8, 10, 0),
    }
    assert _of(planned, Kind.REMINDER) == {
        "U1": u(2026, 6, 10, 7, 0),  # 07:00 BST is quiet: 08:00 BST
        "U2": u(2026, 6, 10, 6, 0),  # 15:00 JST
        "U3": u(2026, 6, 10, 8, 0),  # 06:00 UTC is quiet: 08:00 UTC
    }
    assert _of(planned, Kind.BRIEF) == {"F": MEETING - BRIEF_BEFORE}
    assert len(planned) == 7


def test_members_with_apologies_get_a_prompt_but_no_reminder() -> None:
    planned = plan(MEETING, 48, 4, MEMBERS, "F", "UTC", apologies=frozenset({"U2", "U9"}))
    assert set(_of(planned, Kind.PROMPT)) == {"U1", "U2", "U3"}
    assert set(_of(planned, Kind.REMINDER)) == {"U1", "U3"}
    assert set(_of(planned, Kind.BRIEF)) == {"F"}


def test_everyone_with_apologies_gets_no_reminder() -> None:
    planned = plan(MEETING, 48, 4, MEMBERS, "F", "UTC", apologies=frozenset(MEMBERS))
    assert Counter(p.kind for p in planned) == {Kind.PROMPT: 3, Kind.BRIEF: 1}


@pytest.mark.parametrize(("lead", "reminder"), [(24, 24), (24, 48), (1, 1), (1, 2), (2, 168)])
def test_no_reminder_unless_it_comes_after_the_lead_time(lead: int, reminder: int) -> None:
    planned = plan(MEETING, lead, reminder, MEMBERS, "F", "UTC")
    assert Counter(p.kind for p in planned) == {Kind.PROMPT: 3, Kind.BRIEF: 1}


def test_no_reminder_when_quiet_hours_push_it_onto_the_prompt() -> None:
    """Prompt due 21:00, reminder 22:00: both move to 20:59, so the reminder is dropped."""
    meeting = u(2026, 6, 10, 9, 0)
    planned = plan(meeting, 12, 11, {"U1": "UTC"}, "F", "UTC")
    assert _of(planned, Kind.PROMPT) == {"U1": u(2026, 6, 9, 20, 59)}
    assert _of(planned, Kind.REMINDER) == {}


def test_a_reminder_just_after_the_prompt_is_kept() -> None:
    planned = plan(MEETING, 2, 1, {"U1": "UTC"}, "F", "UTC")
    assert _of(planned, Kind.PROMPT) == {"U1": u(2026, 6, 10, 8, 0)}
    assert _of(planned, Kind.REMINDER) == {"U1": u(2026, 6, 10, 9, 0)}


def test_a_set_without_members_still_briefs_the_facilitator() -> None:
    assert plan(MEETING, 24, 2, {}, "F", None) == [Planned(Kind.BRIEF, "F", u(2026, 6, 10, 9))]


def test_a_facilitator_who_is_a_member_gets_a_prompt_and_the_brief() -> None:
    planned = plan(MEETING, 24, 2, {"F": "UTC", "U1": "UTC"}, "F", "UTC")
    assert Counter((p.kind, p.user) for p in planned) == {
        (Kind.PROMPT, "F"): 1,
        (Kind.PROMPT, "U1"): 1,
        (Kind.REMINDER, "F"): 1,
        (Kind.REMINDER, "U1"): 1,
        (Kind.BRIEF, "F"): 1,
    }


@pytest.mark.parametrize(
    ("meeting", "zone", "brief"),
    [
        (u(2026, 6, 10, 10, 0), "UTC", u(2026, 6, 10, 9, 0)),
        (u(2026, 6, 10, 10, 0), "Asia/Tokyo", u(2026, 6, 10, 9, 0)),  # 18:00 JST
        (u(2026, 6, 10, 8, 30), "UTC", u(2026, 6, 10, 8, 0)),  # 07:30 → 08:00
        (u(2026, 6, 10, 8, 0), "UTC", u(2026, 6, 9, 20, 59)),  # 08:00 is the meeting itself
        (u(2026, 6, 10, 10, 0), "America/Los_Angeles", u(2026, 6, 10, 3, 59)),  # 02:00 PDT
        (u(2026, 6, 10, 22, 0), "UTC", u(2026, 6, 10, 20, 59)),
    ],
)
def test_the_brief_follows_the_facilitators_quiet_hours(
    meeting: datetime, zone: str, brief: datetime
) -> None:
    assert _of(plan(meeting, 24, 2, {}, "F", zone), Kind.BRIEF) == {"F": brief}


@pytest.mark.parametrize("reminder", [0, -1])
def test_no_reminder_at_or_after_the_meetings_start(reminder: int) -> None:
    planned = plan(MEETING, 24, reminder, {"U1": "UTC"}, "F", "UTC")
    assert Counter(p.kind for p in planned) == {Kind.PROMPT: 1, Kind.BRIEF: 1}
    assert all(p.due < MEETING for p in planned)


LEAD_REMINDER = [
    (48, 4),
    (24, 0),
    (24, 2),
    (2, 1),
    (1, 1),
    (168, 24),
    (3, 2),
    (12, 11),
    (72, 1),
    (6, 5),
]
# An unknown zone costs a failed lookup on every call, so the year-long loop leaves it out.
MEMBER_ZONES = {f"U{i}": zone for i, zone in enumerate(ZONES) if zone != "Not/AZone"}


def _meetings() -> list[datetime]:
    """Meeting times through 2026: at every few hours of the UTC day, and as sets in
    several zones would hold them (local wall-clock times turned into UTC)."""
    times = []
    at = u(2026, 1, 1, 0, 0)
    while at < u(2027, 1, 1):
        times.append(at)
        at += timedelta(hours=11, minutes=13)
    for zone in ("Europe/London", "America/New_York", "Pacific/Auckland", "Asia/Tokyo"):
        for local_time in (time(7, 30), time(9, 0), time(18, 30), time(22, 0)):
            times += meeting_times(date(2026, 1, 1), 6, local_time, zone, Cadence.WEEKLY, count=53)
    return times


def test_plan_over_a_year_of_meetings_and_zones() -> None:
    members = list(MEMBER_ZONES)
    for n, meeting in enumerate(_meetings()):
        lead, reminder_hours = LEAD_REMINDER[n % len(LEAD_REMINDER)]
        facilitator_zone = ZONES[n % len(ZONES)] if n % 5 else "Not/AZone"
        apologies = frozenset(members[n % 3 :: 3])
        planned = plan(
            meeting, lead, reminder_hours, MEMBER_ZONES, "F", facilitator_zone, apologies
        )
        prompts = _of(planned, Kind.PROMPT)
        reminders = _of(planned, Kind.REMINDER)
        assert set(prompts) == set(MEMBER_ZONES)
        assert _of(planned, Kind.BRIEF).keys() == {"F"}
        assert len(planned) == len(prompts) + len(reminders) + 1
        assert not set(reminders) & apologies
        if not 0 < reminder_hours < lead:
            assert not reminders
        for user, due in reminders.items():
            assert due > prompts[user]
        for p in planned:
            zone = facilitator_zone if p.kind == Kind.BRIEF else MEMBER_ZONES[p.user]
            context = (meeting, lead, reminder_hours, p)
            assert p.due < meeting, context
            assert not quiet_for(p.due, zone), context
        # The reminder is there exactly when it is wanted and lands after the prompt.
        for user, zone in MEMBER_ZONES.items():
            wanted = user not in apologies and 0 < reminder_hours < lead
            at = allowed(meeting - timedelta(hours=reminder_hours), zone, meeting)
            assert (user in reminders) == (wanted and at > prompts[user])


# ---- a reminder never follows its prompt within the hour ----

T0 = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("sent", "meeting_in", "expected"),
    [
        (T0 - timedelta(hours=20), timedelta(hours=2), T0),  # the usual case: now
        (T0 - timedelta(minutes=59), timedelta(hours=2), T0 + timedelta(minutes=1)),
        (T0 - timedelta(hours=1), timedelta(hours=2), T0),
        (T0, timedelta(hours=3), T0 + timedelta(hours=1)),  # sent this minute: an hour later
        (T0, timedelta(minutes=40), None),  # the meeting comes first: no reminder
        (T0, timedelta(hours=1), None),  # exactly at the meeting: too late
        (None, timedelta(hours=3), T0 + timedelta(hours=1)),  # the prompt is still held
        (None, timedelta(minutes=30), None),
    ],
)
def test_reminder_at_keeps_an_hour_after_the_prompt_and_comes_before_the_meeting(
    sent: datetime | None, meeting_in: timedelta, expected: datetime | None
) -> None:
    assert reminder_at(T0, sent, T0 + meeting_in) == expected


def test_before_a_sets_first_meeting_members_are_welcomed_not_prompted() -> None:
    from bot.flows.prompting import Kind, plan

    planned = plan(
        datetime(2026, 12, 1, 10, 0, tzinfo=UTC),
        24,
        2,
        {"UA": "Europe/London", "UB": "Europe/London"},
        "UA",
        "Europe/London",
        first=True,
    )
    kinds = sorted((p.kind.value, p.user) for p in planned)
    assert kinds == [("brief", "UA"), ("welcome", "UA"), ("welcome", "UB")]
    assert Kind.REMINDER not in {p.kind for p in planned}
