"""Meetings in calendars: Add to my calendar DMs the planned meetings as an .ics (parsed
back here with icalendar, and checked against what a calendar app needs); a meeting moved
or cancelled reaches only those who added the calendar, with the same UID and a higher
SEQUENCE (METHOD:CANCEL for a cancelled one)."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import pytest
from icalendar import Calendar

from bot.store.tables import CalendarSubscriber, LearningSet, Meeting
from tests.services.conftest import CHANNEL, TEAM, World, create_set


def the_set(world: World) -> LearningSet:
    (row,) = world.rows(LearningSet)
    return row


def add(world: World, user: str) -> str:
    """Press Add to my calendar as `user`: what they are told."""
    done = world.services.calendar.send(TEAM, user, str(the_set(world).id))
    world.deliver(done, user)
    return done.text


def uploads(world: World, user: str) -> list[dict[str, Any]]:
    return [c.args for c in world.slack.done("upload") if c.args["channel"] == f"D{user}"]


def calendar_of(upload: dict[str, Any]) -> Calendar:
    (file,) = [f for f in upload["files"] if f["filename"].endswith(".ics")][:1]
    return Calendar.from_ical(file["content"])


def events(calendar: Calendar) -> list[Any]:
    return list(calendar.walk("VEVENT"))


def assert_a_calendar_app_takes_it(calendar: Calendar) -> None:
    """What a calendar app applies: VERSION and PRODID; each event a UID, a DTSTAMP, a
    DTSTART with a TZID that a VTIMEZONE defines, and a DURATION or DTEND."""
    assert calendar["VERSION"] == "2.0" and calendar.get("PRODID")
    zones = {str(z["TZID"]) for z in calendar.walk("VTIMEZONE")}
    for event in events(calendar):
        assert event.get("UID") and event.get("DTSTAMP")
        start = event["DTSTART"]
        assert start.params["TZID"] in zones
        assert "DURATION" in event or "DTEND" in event


def test_add_to_my_calendar_dms_every_planned_meeting_as_an_ics(world: World) -> None:
    assert not create_set(world).errors
    said = add(world, "UBEN")
    assert "6 meetings" in said and "DM" in said
    (upload,) = uploads(world, "UBEN")
    calendar = calendar_of(upload)
    assert_a_calendar_app_takes_it(calendar)
    assert calendar["METHOD"] == "PUBLISH"
    planned = sorted(world.rows(Meeting), key=lambda m: m.number)
    found = events(calendar)
    assert [e["DTSTART"].dt for e in found] == [m.scheduled_at for m in planned]
    assert {e["DTSTART"].params["TZID"] for e in found} == {"Europe/London"}
    assert {e["DURATION"].dt for e in found} == {timedelta(minutes=90)}
    assert len({str(e["UID"]) for e in found}) == 6
    assert all(f"channel={CHANNEL}" in str(e["DESCRIPTION"]) for e in found)
    assert "Leaders" in str(found[0]["SUMMARY"]) and "meeting 1" in str(found[0]["SUMMARY"])
    assert [r.user_id for r in world.rows(CalendarSubscriber)] == ["UBEN"]


def test_the_same_meetings_keep_their_uids_in_every_file(world: World) -> None:
    assert not create_set(world).errors
    add(world, "UBEN")
    add(world, "UBEN")  # twice: one subscriber, the same events
    first, second = (events(calendar_of(u)) for u in uploads(world, "UBEN"))
    assert [str(e["UID"]) for e in first] == [str(e["UID"]) for e in second]
    assert len(world.rows(CalendarSubscriber)) == 1


def test_an_open_ended_set_sends_its_next_twelve_meetings(world: World) -> None:
    assert not create_set(world, meeting_count="").errors
    said = add(world, "UCAI")
    assert "12 meetings" in said
    assert len(events(calendar_of(uploads(world, "UCAI")[0]))) == 12


def test_someone_not_in_the_set_gets_no_file(world: World) -> None:
    assert not create_set(world).errors
    world.command("UDEE", "leave")
    said = add(world, "UDEE")
    assert "not in" in said and not uploads(world, "UDEE")
    assert not world.rows(CalendarSubscriber)


def test_a_set_with_no_meetings_planned_says_so(world: World) -> None:
    assert not create_set(world, meeting_count="1").errors
    world.command("UANA", "cancel")  # its one meeting
    said = add(world, "UBEN")
    assert "no meetings planned" in said and not uploads(world, "UBEN")


def test_a_moved_meeting_reaches_only_those_who_added_the_calendar(world: World) -> None:
    assert not create_set(world).errors
    add(world, "UBEN")
    (before,) = [
        e
        for e in events(calendar_of(uploads(world, "UBEN")[0]))
        if "meeting 1" in str(e["SUMMARY"])
    ]
    assert world.command("UANA", "reschedule 2026-11-25 15:30").text.startswith("Done.")
    moved = uploads(world, "UBEN")[-1]
    assert "moves to" in moved["comment"] and "update your calendar" in moved["comment"]
    calendar = calendar_of(moved)
    assert_a_calendar_app_takes_it(calendar)
    (event,) = events(calendar)
    assert str(event["UID"]) == str(before["UID"])
    assert int(event["SEQUENCE"]) == int(before["SEQUENCE"]) + 1
    assert event["DTSTART"].dt.hour == 15 and event["DTSTART"].dt.minute == 30
    for user in ("UANA", "UCAI", "UDEE"):  # never added it: no DM of it
        assert not uploads(world, user), user


def test_a_cancelled_meeting_is_sent_as_a_cancellation(world: World) -> None:
    assert not create_set(world).errors
    add(world, "UBEN")
    first_uid = str(events(calendar_of(uploads(world, "UBEN")[0]))[0]["UID"])
    world.command("UANA", "cancel")
    cancelled = calendar_of(uploads(world, "UBEN")[-1])
    assert cancelled["METHOD"] == "CANCEL"
    (event,) = events(cancelled)
    assert str(event["UID"]) == first_uid and event["STATUS"] == "CANCELLED"
    assert int(event["SEQUENCE"]) == 1


@pytest.mark.parametrize("name", ["<!here> ünïcode 🌱 set, with; commas", "x" * 80])
def test_any_set_name_round_trips_and_makes_a_plain_file_name(world: World, name: str) -> None:
    assert not create_set(world, name=name).errors
    add(world, "UBEN")
    (upload,) = uploads(world, "UBEN")
    (file,) = upload["files"]
    assert file["filename"].endswith(".ics") and file["filename"].isascii()
    assert " " not in file["filename"] and "<" not in file["filename"]
    summary = str(events(calendar_of(upload))[0]["SUMMARY"])
    assert summary.startswith(the_set(world).name)
    assert "<!here>" not in upload["comment"]  # the DM's words escape it like any message


def settings(world: World, **changed: str) -> Any:
    """`/set settings` submitted with `changed` (everything else as the form shows it)."""
    world.command("UANA", "settings")
    view = world.slack.views()[-1]
    values = {k: {"value": v} for k, v in changed.items()}
    done = world.services.setup.submit_form(TEAM, "UANA", world.filled(view, values))
    assert not done.errors, done.errors
    return world.deliver(done, "UANA")


def test_settings_that_move_the_meetings_update_the_calendars_added(world: World) -> None:
    assert not create_set(world).errors
    add(world, "UBEN")
    uids = [str(e["UID"]) for e in events(calendar_of(uploads(world, "UBEN")[0]))]
    settings(world, time="16:00", meeting_count="4")
    posts = [p["text"] for p in world.slack.posts(CHANNEL)]
    assert posts[-1].startswith("⚙️ <@UANA> changed the settings: time 16:00 (was 10:00)")
    assert "meetings 4 (was 6)" in posts[-1] and "\n" not in posts[-1]
    update = uploads(world, "UBEN")[-1]
    moved, dropped = (Calendar.from_ical(f["content"]) for f in update["files"])
    assert [str(e["UID"]) for e in events(moved)] == uids[:4]
    assert {e["DTSTART"].dt.hour for e in events(moved)} == {16}
    assert {int(e["SEQUENCE"]) for e in events(moved)} == {1}
    assert dropped["METHOD"] == "CANCEL"
    assert [str(e["UID"]) for e in events(dropped)] == uids[4:]
    assert not uploads(world, "UCAI")


def test_settings_saved_unchanged_post_nothing(world: World) -> None:
    assert not create_set(world).errors
    before = len(world.slack.posts(CHANNEL))
    settings(world)
    assert len(world.slack.posts(CHANNEL)) == before
    assert "nothing in the settings changed" in world.slack.posts("DUANA")[-1]["text"]


def test_the_facilitator_is_told_what_happens_next_once_the_set_exists(world: World) -> None:
    assert not create_set(world, facilitator="UBEN").errors  # Ana creates it for Ben
    (dm,) = [p for p in world.slack.posts("DUBEN")]
    text = str(dm["blocks"])
    assert "is ready" in dm["text"] and text.count("<!date^") == 4  # four dates, local time
    assert "24 hours before" in text and "welcome" in text
    for command in ("`/set start`", "`/set status`", "`/set settings`"):
        assert command in text
    assert not world.slack.posts("DUANA")


def test_saving_the_settings_unchanged_keeps_a_rescheduled_meeting_where_it_is(
    world: World,
) -> None:
    assert not create_set(world).errors
    assert world.command("UANA", "reschedule 2026-11-25 15:30").text.startswith("Done.")
    moved = min(world.rows(Meeting), key=lambda m: m.number).scheduled_at
    settings(world)
    assert min(world.rows(Meeting), key=lambda m: m.number).scheduled_at == moved
    assert "nothing in the settings changed" in world.slack.posts("DUANA")[-1]["text"]


def test_more_meetings_in_the_settings_reach_the_calendars_added(world: World) -> None:
    assert not create_set(world).errors
    add(world, "UBEN")
    uids = {str(e["UID"]) for e in events(calendar_of(uploads(world, "UBEN")[0]))}
    settings(world, meeting_count="8")
    update = uploads(world, "UBEN")[-1]
    assert "2 new meetings" in update["comment"]
    (file,) = update["files"]
    added = Calendar.from_ical(file["content"])
    assert added["METHOD"] == "PUBLISH"
    assert_a_calendar_app_takes_it(added)
    new = [e for e in events(added)]
    assert len(new) == 2 and not {str(e["UID"]) for e in new} & uids
    assert [int(str(e["SUMMARY"]).split("meeting ")[1].split()[0]) for e in new] == [7, 8]


def test_suspending_cancels_the_events_and_reactivating_sends_the_new_ones(world: World) -> None:
    assert not create_set(world).errors
    add(world, "UBEN")
    uids = [str(e["UID"]) for e in events(calendar_of(uploads(world, "UBEN")[0]))]
    world.command("UANA", "suspend")
    assert "6 meetings from " in uploads(world, "UBEN")[-1]["comment"]
    cancelled = calendar_of(uploads(world, "UBEN")[-1])
    assert cancelled["METHOD"] == "CANCEL"
    assert [str(e["UID"]) for e in events(cancelled)] == uids
    assert {int(e["SEQUENCE"]) for e in events(cancelled)} == {1}

    world.clock.advance(days=3)
    world.command("UANA", "reactivate")
    planned = calendar_of(uploads(world, "UBEN")[-1])
    assert planned["METHOD"] == "PUBLISH" and len(events(planned)) == 6
    assert not {str(e["UID"]) for e in events(planned)} & set(uids)
    assert "new meetings" in uploads(world, "UBEN")[-1]["comment"]
    assert not uploads(world, "UCAI")  # never added it


def test_closing_the_set_cancels_its_events_for_those_who_added_them(world: World) -> None:
    assert not create_set(world).errors
    add(world, "UCAI")
    uids = [str(e["UID"]) for e in events(calendar_of(uploads(world, "UCAI")[0]))]
    world.command("UANA", "close")
    cancelled = calendar_of(uploads(world, "UCAI")[-1])
    assert cancelled["METHOD"] == "CANCEL"
    assert [str(e["UID"]) for e in events(cancelled)] == uids
    assert not uploads(world, "UBEN")


def test_two_presses_at_once_send_two_files_and_keep_one_subscriber(world: World) -> None:
    """Both presses read no subscriber yet; neither fails on the other's row."""
    assert not create_set(world).errors
    barrier = threading.Barrier(2)
    said: list[str] = []

    def press() -> None:
        barrier.wait()
        said.append(world.services.calendar.send(TEAM, "UBEN", str(the_set(world).id)).text)

    presses = [threading.Thread(target=press) for _ in range(2)]
    for thread in presses:
        thread.start()
    for thread in presses:
        thread.join()
    assert len(said) == 2 and all("I've sent 6 meetings" in text for text in said), said
    assert [r.user_id for r in world.rows(CalendarSubscriber)] == ["UBEN"]
