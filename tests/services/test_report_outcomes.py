"""An outcome changes as the member's word changes: an edited report's new choice, the same
outcome reported again at a later meeting, an action finished in App Home mid-conversation,
and what happened in words from the form."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.blocks import ids
from bot.flows.actions import ActionStatus
from bot.store.tables import Action, Meeting
from tests.services.conftest import CHANNEL, TEAM, World
from tests.services.gateway import view_text
from tests.services.reporting import (
    FIVE,
    click_outcome,
    dm,
    dms,
    report_partly_and_done,
    with_actions,
)

MEETING_2 = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)


def action(world: World, text: str) -> Action:
    return next(a for a in world.rows(Action) if a.text == text)


def meeting(world: World, number: int) -> Meeting:
    return next(m for m in world.rows(Meeting) if m.number == number)


def open_form(world: World, number: int = 2) -> dict:
    world.deliver(
        world.services.reports.form(TEAM, "UBEN", str(meeting(world, number).id), "t"), "UBEN"
    )
    return world.slack.views()[-1]


def send_form(world: World, form: dict, values: dict) -> None:
    done = world.services.reports.submit(TEAM, "UBEN", world.filled(form, values))
    assert not done.errors, done.errors
    world.deliver(done, "UBEN")


def chosen(outcome: str) -> dict:
    return {"value": outcome}


def home(world: World) -> str:
    world.deliver(world.services.home.show("UBEN"), "UBEN")
    return view_text(world.slack.home("UBEN"))


def summary(world: World) -> str:
    posts = [p for p in world.slack.posts(CHANNEL) if p["text"].startswith("Summary of")]
    return view_text({"blocks": posts[-1]["blocks"]})


def test_changing_done_to_partly_in_an_edited_report_puts_the_action_back_on_the_list(
    world: World,
) -> None:
    with_actions(world)
    for text in FIVE:
        dm(world, "UBEN", text)
    click_outcome(world, "UBEN", "Done")
    click_outcome(world, "UBEN", "Done")
    assert action(world, "Pilot").status == ActionStatus.DONE
    assert "Your open actions" not in home(world) or "Your open actions (0)" in home(world)

    form = open_form(world)
    pilot = action(world, "Pilot")
    send_form(world, form, {f"{ids.REPORT_OUTCOME}{pilot.id}": chosen("partly")})
    pilot = action(world, "Pilot")
    assert pilot.status == ActionStatus.PARTLY
    assert pilot.reported_meeting_id == meeting(world, 2).id
    assert "Your open actions (1)" in home(world) and "Pilot" in home(world)

    world.clock.now = MEETING_2
    world.command("UANA", "start")
    world.end()
    assert "<@UBEN>: 1 done, 1 partly" in summary(world)


def test_the_same_outcome_reported_at_a_later_meeting_is_that_meetings_record(
    world: World,
) -> None:
    with_actions(world)
    report_partly_and_done(world)  # Pilot partly, Ask done, for meeting 2
    world.clock.now = MEETING_2
    world.command("UANA", "start")
    world.end()
    third = meeting(world, 3)
    world.clock.now = third.scheduled_at - timedelta(hours=24)
    world.services.due.run()
    assert "Pilot" in view_text({"blocks": dms(world, "UBEN")[-1]["blocks"]})
    for text in FIVE:
        dm(world, "UBEN", text)
    dm(world, "UBEN", "Two teams now")
    click_outcome(world, "UBEN", "Partly")
    pilot = action(world, "Pilot")
    assert pilot.status == ActionStatus.PARTLY and pilot.reported_meeting_id == third.id
    assert pilot.outcome_text == "Two teams now"

    world.clock.now = third.scheduled_at
    world.command("UANA", "start")
    world.end()
    assert "<@UBEN>: 1 partly" in summary(world)


def test_an_action_finished_in_home_mid_conversation_is_not_asked_about(world: World) -> None:
    _, ask = with_actions(world)
    for text in FIVE:
        dm(world, "UBEN", text)
    assert "Pilot" in view_text({"blocks": dms(world, "UBEN")[-1]["blocks"]})
    world.deliver(world.services.actions.mark(TEAM, "UBEN", str(ask.id), ActionStatus.DONE), "UBEN")
    click_outcome(world, "UBEN", "Partly")  # Pilot; Ask is done already: the report is in
    last = dms(world, "UBEN")[-1]
    assert "your report is in" in last["text"].lower()
    assert action(world, "Pilot").status == ActionStatus.PARTLY
    assert action(world, "Ask").status == ActionStatus.DONE


def test_the_form_takes_what_happened_in_words_and_shows_it_when_reopened(world: World) -> None:
    pilot, _ = with_actions(world)
    form = open_form(world)
    labels = [b.get("label", {}).get("text") for b in form["blocks"]]
    assert labels.count("What came of it?") == 2
    send_form(
        world,
        form,
        {
            f"{ids.REPORT_OUTCOME}{pilot.id}": chosen("partly"),
            f"{ids.REPORT_OUTCOME_TEXT}{pilot.id}": {"value": "Only the night shift tried it"},
        },
    )
    assert action(world, "Pilot").outcome_text == "Only the night shift tried it"
    again = open_form(world)
    (happened,) = [
        b for b in again["blocks"] if b.get("block_id") == f"{ids.REPORT_OUTCOME_TEXT}{pilot.id}"
    ]
    assert happened["element"]["initial_value"] == "Only the night shift tried it"
    assert "Only the night shift tried it" in view_text(
        {"blocks": dms(world, "UBEN")[-1]["blocks"]}
    )


def test_editing_a_report_keeps_a_drop_made_in_home_since(world: World) -> None:
    pilot, _ = with_actions(world)
    send_form(world, open_form(world), {f"{ids.REPORT_OUTCOME}{pilot.id}": chosen("partly")})
    assert action(world, "Pilot").status == ActionStatus.PARTLY
    world.deliver(
        world.services.actions.mark(TEAM, "UBEN", str(pilot.id), ActionStatus.DROPPED), "UBEN"
    )
    form = open_form(world)  # Partly still chosen in it: a radio button can't be cleared
    send_form(world, form, {f"{ids.REPORT_ANSWER}0": {"value": "Ran the pilot (typo fixed)"}})
    assert action(world, "Pilot").status == ActionStatus.DROPPED  # the later word stays


def test_a_home_mark_after_a_button_in_the_conversation_is_the_later_word(world: World) -> None:
    pilot, _ = with_actions(world)
    for text in FIVE:
        dm(world, "UBEN", text)
    click_outcome(world, "UBEN", "Partly")  # Pilot: told at once
    assert action(world, "Pilot").status == ActionStatus.PARTLY
    world.deliver(
        world.services.actions.mark(TEAM, "UBEN", str(pilot.id), ActionStatus.DONE), "UBEN"
    )
    click_outcome(world, "UBEN", "Done")  # Ask: the report is in
    assert action(world, "Pilot").status == ActionStatus.DONE
    assert action(world, "Ask").status == ActionStatus.DONE


def test_a_question_answered_after_its_action_was_finished_in_home_loses_its_buttons(
    world: World,
) -> None:
    pilot, _ = with_actions(world)
    for text in FIVE:
        dm(world, "UBEN", text)
    question = dms(world, "UBEN")[-1]
    world.deliver(
        world.services.actions.mark(TEAM, "UBEN", str(pilot.id), ActionStatus.DONE), "UBEN"
    )
    click_outcome(world, "UBEN", "Partly")
    updates = [c.args for c in world.slack.done("update") if c.args["ts"] == question["ts"]]
    assert updates and "button" not in str(updates[-1]["blocks"])
    assert "*Partly*" in view_text({"blocks": updates[-1]["blocks"]})
