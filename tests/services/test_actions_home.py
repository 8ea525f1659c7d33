"""A member's actions from App Home: Done, Partly, Drop, Edit, notes, Undo, finished ones,
and what happens to the actions of a member who leaves."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from bot.blocks import ids
from bot.flows.actions import ActionStatus
from bot.store.tables import Action, Meeting
from tests.services.conftest import TEAM, World, create_set
from tests.services.gateway import view_text
from tests.services.reporting import add_actions

TEXTS = ("Pilot the rota", "Ask the sponsor", "Write it up")


def set_with_actions(world: World, user: str = "UBEN") -> list[Action]:
    assert not create_set(world).errors
    add_actions(world, user, TEXTS, ": it works")
    return actions(world)


def actions(world: World) -> list[Action]:
    return sorted(world.rows(Action), key=lambda a: a.id or 0)


def home(world: World, user: str = "UBEN") -> str:
    return view_text(world.slack.home(user))


def buttons(world: World, text: str, user: str = "UBEN") -> list[str]:
    view = world.slack.home(user) or {}
    return [
        el["value"]
        for block in view.get("blocks", [])
        for el in block.get("elements") or []
        if el.get("type") == "button" and el["text"]["text"] == text
    ]


def press(world: World, label: str, value: str, user: str = "UBEN") -> None:
    """A Home button, as the handler runs it."""
    services = world.services
    press_of = {
        "Done": lambda: services.actions.mark(TEAM, user, value, ActionStatus.DONE),
        "Partly": lambda: services.actions.mark(TEAM, user, value, ActionStatus.PARTLY),
        "Drop": lambda: services.actions.mark(TEAM, user, value, ActionStatus.DROPPED),
        "Undo": lambda: services.actions.undo(TEAM, user, value),
        "Edit": lambda: services.actions.edit_form(TEAM, user, value, "trigger"),
        "Add a note": lambda: services.actions.note_form(TEAM, user, value, "trigger"),
    }
    world.deliver(press_of[label](), user)


def submit(world: World, view: dict[str, Any], values: dict[str, Any], user: str = "UBEN") -> Any:
    filled = world.filled(view, values)
    submit_of = {
        ids.ACTION_EDIT_VIEW: world.services.actions.save_edit,
        ids.NOTE_VIEW: world.services.actions.save_note,
    }
    done = submit_of[view["callback_id"]](TEAM, user, filled)
    if not done.errors:
        world.deliver(done, user)
    return done


def edit_values(text: str, expect: str, due: date | None = None) -> dict[str, Any]:
    values: dict[str, Any] = {
        ids.ACTION_TEXT: {"value": text},
        ids.ACTION_EXPECT: {"value": expect},
    }
    if due:
        values[ids.ACTION_DUE] = {"value": due.isoformat()}
    return values


def test_every_open_action_offers_its_buttons_and_a_change_comes_with_undo(world: World) -> None:
    first, second, third = set_with_actions(world)
    world.deliver(world.services.home.show("UBEN"), "UBEN")
    for label in ("Done", "Partly", "Drop", "Edit", "Add a note"):
        assert buttons(world, label) == [str(first.id), str(second.id), str(third.id)], label

    press(world, "Done", str(first.id))
    assert actions(world)[0].status == "done"
    assert "Marked done: Pilot the rota" in home(world)
    (undo,) = buttons(world, "Undo")
    press(world, "Undo", undo)
    assert actions(world)[0].status == "open" and actions(world)[0].reported_at is None
    assert "Undone" in home(world) and buttons(world, "Done")[0] == str(first.id)

    press(world, "Undo", undo)  # the same Undo again
    assert "already undone" in home(world) and actions(world)[0].status == "open"


def test_undo_is_refused_once_the_action_changed_again_or_a_meeting_heard_it(
    world: World,
) -> None:
    first, *_ = set_with_actions(world)
    press(world, "Partly", str(first.id))
    (partly_undo,) = buttons(world, "Undo")
    press(world, "Done", str(first.id))
    (done_undo,) = buttons(world, "Undo")
    press(world, "Undo", partly_undo)  # an older Undo, from a stale Home
    assert "changed again since" in home(world) and actions(world)[0].status == "done"

    world.clock.advance(days=1, hours=1)
    world.command("UANA", "start")  # the meeting that takes the outcome starts
    press(world, "Undo", done_undo)
    assert "A meeting has heard about that" in home(world)
    assert actions(world)[0].status == "done"


def test_a_partly_action_stays_on_the_list_until_done_and_finished_ones_are_shown(
    world: World,
) -> None:
    first, second, _ = set_with_actions(world)
    press(world, "Partly", str(first.id))
    press(world, "Drop", str(second.id))
    text = home(world)
    assert "Your open actions (2)" in text and "partly done, carried forward" in text
    assert "Finished actions" in text and "Ask the sponsor" in text.split("Finished actions")[1]
    press(world, "Done", str(first.id))
    assert "Your open actions (1)" in home(world)
    finished = home(world).split("Finished actions")[1]
    assert "Pilot the rota" in finished and "✅ done" in finished


def test_a_note_shows_under_its_action_and_prefills_the_form(world: World) -> None:
    first, *_ = set_with_actions(world)
    press(world, "Add a note", str(first.id))
    form = world.slack.views()[-1]
    assert submit(world, form, {ids.NOTE_TEXT: {"value": "Sponsor on leave"}}).errors is None
    assert "Sponsor on leave" in home(world) and actions(world)[0].note == "Sponsor on leave"
    press(world, "Add a note", str(first.id))
    again = world.slack.views()[-1]
    note = next(b for b in again["blocks"] if b.get("block_id") == ids.NOTE_TEXT)
    assert note["element"]["initial_value"] == "Sponsor on leave"
    assert submit(world, again, {ids.NOTE_TEXT: {"value": "   "}}).errors == {
        ids.NOTE_TEXT: "Write a note, or cancel."
    }


def test_edit_changes_the_action_and_a_new_date_recommits_a_partly_one(world: World) -> None:
    first, *_ = set_with_actions(world)
    press(world, "Partly", str(first.id))
    press(world, "Edit", str(first.id))
    form = world.slack.views()[-1]
    assert form["title"]["text"] == "Change an action" and "Pilot the rota" in str(form)
    new_date = date(2026, 12, 1)
    done = submit(
        world, form, edit_values("Pilot the rota with two teams", "Both adopt it", new_date)
    )
    assert not done.errors
    (action, *_) = actions(world)
    assert (action.text, action.expectation, action.due_date, action.status) == (
        "Pilot the rota with two teams",
        "Both adopt it",
        new_date,
        "open",
    )
    assert "back on your list as open" in home(world)
    (undo,) = buttons(world, "Undo")
    press(world, "Undo", undo)
    assert actions(world)[0].text == "Pilot the rota" and actions(world)[0].status == "partly"


def test_edit_refuses_a_date_after_the_last_meeting_and_a_stale_form(world: World) -> None:
    first, *_ = set_with_actions(world)
    last = max(m.scheduled_at for m in world.rows(Meeting)).date()
    press(world, "Edit", str(first.id))
    form = world.slack.views()[-1]
    done = submit(world, form, edit_values("x", "y", last + timedelta(days=1)))
    assert done.errors and "after the set's last meeting" in done.errors[ids.ACTION_DUE]
    assert actions(world)[0].text == "Pilot the rota"

    press(world, "Done", str(first.id))  # changed elsewhere while the form was open
    done = submit(world, form, edit_values("x", "y"))
    assert not done.errors and "changed since you opened the form" in home(world)
    assert actions(world)[0].text == "Pilot the rota"


@pytest.mark.parametrize(
    "text",
    ["🚀 " + "ت" * 2990, "Ask \u202eevil\u202c and 🌍 مرحبا", "x" * 3000],
    ids=["long-rtl", "bidi", "limit"],
)
def test_edit_keeps_long_emoji_and_right_to_left_text_exactly(world: World, text: str) -> None:
    first, *_ = set_with_actions(world)
    press(world, "Edit", str(first.id))
    assert not submit(world, world.slack.views()[-1], edit_values(text, "مرحبا")).errors
    assert actions(world)[0].text == text.strip()


def test_an_edit_of_5000_characters_is_refused_inline(world: World) -> None:
    first, *_ = set_with_actions(world)
    press(world, "Edit", str(first.id))
    done = submit(world, world.slack.views()[-1], edit_values("x" * 5000, "y"))
    assert done.errors and "3,000" in done.errors[ids.ACTION_TEXT]


def test_someone_elses_action_and_a_finished_one_cannot_be_changed(world: World) -> None:
    first, second, _ = set_with_actions(world)
    press(world, "Done", str(first.id), user="UCAI")
    assert "only they can mark it" in home(world, "UCAI") and actions(world)[0].status == "open"
    press(world, "Drop", str(second.id))
    press(world, "Edit", str(second.id))
    assert "can't change any more" in home(world)


def test_a_member_who_leaves_has_their_actions_closed_not_lost(world: World) -> None:
    set_with_actions(world)
    world.command("UBEN", "leave")
    assert {a.status for a in actions(world)} == {"left"}
    world.deliver(world.services.home.show("UBEN"), "UBEN")
    assert "Your open actions (0)" in home(world)
    assert "closed (you left the set)" in home(world)
