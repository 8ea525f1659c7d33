"""A DM that answers nothing open gets a menu of what is open (My actions, Help, the report
form); a DM while two sets' report-backs are open asks which set it was for."""

from __future__ import annotations

from typing import Any

from bot.blocks import dm_menu, ids
from bot.flows import report_back
from bot.services.dm import NO_SET
from bot.store.tables import LearningSet, Meeting, Report
from tests.services.conftest import CHANNEL, OUTSIDER, TEAM, World, create_set
from tests.services.gateway import view_text
from tests.services.reporting import (
    FIVE,
    PROMPTS_2,
    click_outcome,
    dm,
    dms,
    last_dm,
    with_actions,
)

SECOND = "C0TWO"


def buttons(post: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        e["text"]["text"]: e
        for b in post["blocks"] or []
        for e in b.get("elements") or []
        if e.get("type") == "button"
    }


def press(world: World, user: str, label: str) -> None:
    """Press `label` on the latest DM, as the handlers route each of these buttons."""
    button = buttons(dms(world, user)[-1])[label]
    dm_service = world.services.dm
    routes = {
        ids.DM_MY_ACTIONS: lambda: dm_service.my_actions(TEAM, user),
        ids.DM_HELP: dm_service.help,
        ids.DM_FOR_SET: lambda: dm_service.answer_for(TEAM, user, button["value"]),
    }
    world.deliver(routes[button["action_id"]](), user, f"D{user}")


def two_sets_open(world: World) -> None:
    """Two sets with the same members, both past meeting 1, both report-backs open."""
    assert not create_set(world).errors
    assert not create_set(world, channel=SECOND, name="Second set").errors
    world.clock.advance(days=1, hours=1)
    for channel in (CHANNEL, SECOND):
        world.command("UANA", "start", channel)
        world.end("UANA", channel)
    world.clock.now = PROMPTS_2
    world.services.due.run()


def report_in(world: World, set_name: str, user: str = "UBEN") -> report_back.Report:
    (row,) = [s for s in world.rows(LearningSet) if s.name == set_name]
    meetings = {m.id for m in world.rows(Meeting) if m.set_id == row.id}
    (report,) = [r for r in world.rows(Report) if r.user_id == user and r.meeting_id in meetings]
    return report_back.loads(report.data)


def test_a_message_after_the_report_is_in_gets_the_menu_not_an_answer(world: World) -> None:
    with_actions(world)
    for text in FIVE:
        dm(world, "UBEN", text)
    click_outcome(world, "UBEN", "Done")
    click_outcome(world, "UBEN", "Done")
    dm(world, "UBEN", "thanks!")
    post = dms(world, "UBEN")[-1]
    assert post["text"] == dm_menu.MENU
    assert "your report-back is in" in last_dm(world, "UBEN")
    shown = buttons(post)
    assert {"My actions", "Help"} <= set(shown)
    assert "Edit my report" in shown  # the label itself, with one set open
    assert report_in(world, "Leaders' set 🌱").answers[0] == "Ran the pilot"  # unchanged


def test_my_actions_and_help_answer_in_the_dm(world: World) -> None:
    with_actions(world, texts=("Run the pilot", "Ask finance"))
    for text in FIVE:
        dm(world, "UBEN", text)
    click_outcome(world, "UBEN", "Partly")
    click_outcome(world, "UBEN", "Done")
    dm(world, "UBEN", "what now?")
    press(world, "UBEN", "My actions")
    listed = last_dm(world, "UBEN")
    assert "Your open actions (1)" in listed and "Run the pilot" in listed
    assert "partly done" in listed and "Ask finance" not in listed  # done is off the list
    dm(world, "UBEN", "and?")
    press(world, "UBEN", "Help")
    assert "App Home" in last_dm(world, "UBEN") and "`/set help`" in last_dm(world, "UBEN")


def test_someone_with_nothing_open_is_told_so_with_the_menu(world: World) -> None:
    dm(world, OUTSIDER, "hello?")
    post = dms(world, OUTSIDER)[-1]
    assert post["text"] == NO_SET  # in no set: what Setbot is and how to join one
    assert view_text({"blocks": post["blocks"]}).startswith(NO_SET)  # what is seen
    assert set(buttons(post)) == {"My actions", "Help"}
    press(world, OUTSIDER, "My actions")
    assert "You have no open actions" in last_dm(world, OUTSIDER)


def test_with_two_sets_open_a_message_asks_which_set_and_the_button_answers_it(
    world: World,
) -> None:
    two_sets_open(world)
    dm(world, "UBEN", "Ran the pilot in the second team")
    post = dms(world, "UBEN")[-1]
    assert post["text"] == dm_menu.WHICH.format(n=2)
    assert set(buttons(post)) == {"For Leaders' set 🌱", "For Second set"}
    assert not any(report_in(world, "Second set").answers)  # nothing taken yet
    press(world, "UBEN", "For Second set")
    assert report_in(world, "Second set").answers[:2] == ("Ran the pilot in the second team", "")
    assert not any(report_in(world, "Leaders' set 🌱").answers)
    assert "2/5" in last_dm(world, "UBEN")  # the second set's next question


def test_a_which_set_button_pressed_twice_or_forged_takes_nothing_more(world: World) -> None:
    two_sets_open(world)
    dm(world, "UBEN", "An answer")
    which = dms(world, "UBEN")[-1]
    press(world, "UBEN", "For Second set")
    value = buttons(which)["For Second set"]["value"]
    again = world.services.dm.answer_for(TEAM, "UBEN", value)
    assert "already been taken" in again.text
    assert report_in(world, "Second set").answers[:2] == ("An answer", "")
    forged = world.services.dm.answer_for(TEAM, "UBEN", "{not json")
    assert "expired" in forged.text
    stranger = world.services.dm.answer_for(TEAM, OUTSIDER, value)
    assert "isn't waiting" in stranger.text


def test_a_message_too_long_for_a_button_offers_each_sets_form(world: World) -> None:
    two_sets_open(world)
    dm(world, "UBEN", "word " * 500)
    labels = set(buttons(dms(world, "UBEN")[-1]))
    assert labels == {"Write it in Leaders' set 🌱's form", "Write it in Second set's form"}


def test_after_leaving_a_set_a_message_says_so_and_collects_nothing(world: World) -> None:
    with_actions(world)
    world.command("UBEN", "leave")
    dm(world, "UBEN", "Ran the pilot")
    assert "no longer a member of *Leaders' set 🌱*" in last_dm(world, "UBEN")
    assert all(not any(report_back.loads(r.data).answers) for r in world.rows(Report))
