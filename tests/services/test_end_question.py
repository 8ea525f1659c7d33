"""Ending on purpose: `/set end` and **End** ask first while issue rounds or the reflection
are still to come; **End now** ends once, **Keep going** changes nothing; a meeting ended
before its reflection offers **Write my reflection** to its attendees for 24 hours."""

from __future__ import annotations

from typing import Any

import pytest

from bot.blocks import ids
from bot.services.result import Done
from bot.store.tables import DueJob, Meeting, Reflection
from tests.services.conftest import CHANNEL, TEAM, World, press, start_meeting

TWO_ISSUES = {
    "UANA": "Here, no issue",
    "UBEN": "Here, with an issue",
    "UCAI": "Here, with an issue",
}
ANSWERS = {
    f"{ids.REFLECT_ANSWER}{i}": {"value": text}
    for i, text in enumerate(("Listening", "Slow down", "Ask more"))
}


def meeting(world: World) -> Meeting:
    (running,) = [m for m in world.rows(Meeting) if m.phase != "scheduled"]
    return running


def buttons(done: Done) -> dict[str, dict[str, Any]]:
    assert done.reply and done.reply.blocks
    return {
        e["text"]["text"]: e
        for b in done.reply.blocks
        if b["type"] == "actions"
        for e in b["elements"]
    }


def summaries(world: World) -> list[dict[str, Any]]:
    return [p for p in world.slack.posts(CHANNEL) if p["text"].startswith("Summary of")]


def in_first_round(world: World) -> str:
    """Check-in closed and the first presenter's round begun: who presents second."""
    start_meeting(world, TWO_ISSUES)
    press(world, "UANA", "Next")
    state = meeting(world).state
    assert meeting(world).phase == "present"
    return "UCAI" if '"presenters": ["UBEN", "UCAI"]' in state else "UBEN"


@pytest.mark.parametrize("how", ["command", "button"])
def test_ending_with_a_round_and_the_reflection_to_come_asks_first(world: World, how: str) -> None:
    second = in_first_round(world)
    before = (meeting(world).phase, meeting(world).version, len(world.rows(DueJob)))
    done = world.command("UANA", "end") if how == "command" else press(world, "UANA", "End")
    assert done.text == f"<@{second}>'s round and the reflection haven't happened."
    assert set(buttons(done)) == {"End now", "Keep going"}
    assert (meeting(world).phase, meeting(world).version, len(world.rows(DueJob))) == before
    assert not summaries(world)


def test_keep_going_changes_nothing_and_answers_in_place(world: World) -> None:
    in_first_round(world)
    before = (meeting(world).phase, meeting(world).version)
    done = world.services.meetings.keep_going("https://respond")
    world.deliver(done, "UANA", CHANNEL)
    (answer,) = [c.args for c in world.slack.done("respond")]
    assert answer["replace_original"] and "Carrying on" in answer["text"]
    assert (meeting(world).phase, meeting(world).version) == before


def test_end_now_ends_once_even_when_pressed_twice(world: World) -> None:
    in_first_round(world)
    value = buttons(world.command("UANA", "end"))["End now"]["value"]
    for _ in range(2):
        done = world.services.meetings.end_now(TEAM, "UANA", value, CHANNEL, "https://r")
        world.deliver(done, "UANA", CHANNEL)
    first, second = [c.args["text"] for c in world.slack.done("respond")]
    assert "Ended" in first and second == "That meeting has ended."
    assert meeting(world).phase == "closed" and len(summaries(world)) == 1


def test_end_now_from_a_member_is_refused(world: World) -> None:
    in_first_round(world)
    value = buttons(world.command("UANA", "end"))["End now"]["value"]
    done = world.services.meetings.end_now(TEAM, "UBEN", value, CHANNEL, "https://r")
    world.deliver(done, "UBEN", CHANNEL)
    assert meeting(world).phase == "present" and not summaries(world)


def test_ending_in_the_reflection_ends_at_once(world: World) -> None:
    start_meeting(world, TWO_ISSUES)
    for _ in range(7):  # check-in, two rounds of three steps: the reflection
        press(world, "UANA", "Next")
    assert meeting(world).phase == "reflection"
    world.command("UANA", "end")
    assert meeting(world).phase == "closed"
    assert "Write my reflection" not in str(summaries(world)[0]["blocks"][-3:])


def ended_early(world: World) -> tuple[dict[str, Any], Meeting]:
    in_first_round(world)
    world.end()
    (summary,) = summaries(world)
    return summary, meeting(world)


def test_a_summary_of_a_meeting_ended_early_offers_write_my_reflection(world: World) -> None:
    summary, _ = ended_early(world)
    text = str(summary["blocks"])
    assert "ended before its reflection" in text and "Write my reflection" in text
    assert "<!date^" in text  # until when, in each reader's own time


def write(world: World, user: str, held: Meeting) -> Done:
    opened = world.services.reflections.form(TEAM, user, str(held.id), "trigger")
    if opened.text:
        return opened
    world.deliver(opened, user, CHANNEL)
    view = world.slack.views()[-1]
    return world.services.reflections.submit(TEAM, user, world.filled(view, ANSWERS))


def test_attendees_write_the_reflection_for_24_hours_and_no_longer(world: World) -> None:
    _, held = ended_early(world)
    world.clock.advance(hours=23)
    done = write(world, "UBEN", held)
    assert not done.errors and not done.text, done
    assert [r.user_id for r in world.rows(Reflection)] == ["UBEN"]
    world.clock.advance(hours=2)
    late = write(world, "UCAI", held)
    assert "closed 24 hours after it ended" in late.text
    assert [r.user_id for r in world.rows(Reflection)] == ["UBEN"]


def test_a_member_who_was_not_there_cannot_write_it(world: World) -> None:
    _, held = ended_early(world)
    done = write(world, "UDEE", held)
    assert "only those who were there" in done.text
    assert not world.rows(Reflection)
