"""The report-back asks about every action, in both modes; an empty report is no report;
the one message showing a report is updated in place on every edit."""

from __future__ import annotations

from bot.blocks import ids
from bot.flows import report_back
from bot.store.tables import Action, Meeting, Report
from tests.services.conftest import TEAM, World
from tests.services.gateway import view_text
from tests.services.reporting import (
    FIVE,
    click_outcome,
    dm,
    dms,
    last_dm,
    with_actions,
)


def report_of(world: World, user: str) -> Report:
    return next(r for r in world.rows(Report) if r.user_id == user and r.complete)


def test_the_conversation_asks_how_each_action_went_and_keeps_the_outcomes(world: World) -> None:
    first, second = with_actions(world)
    for text in FIVE:
        dm(world, "UBEN", text)
    assert "Action 1 of 2:* Pilot" in last_dm(world, "UBEN")
    dm(world, "UBEN", "Only one team tried it")  # what happened, in words
    assert "Done, Partly or Not done" in last_dm(world, "UBEN")
    click_outcome(world, "UBEN", "Partly")
    question = [p for p in dms(world, "UBEN") if "Action 1 of 2" in p["text"] + str(p["blocks"])]
    settled = [c.args for c in world.slack.done("update") if c.args["ts"] == question[-1]["ts"]]
    assert settled and "Partly" in str(settled[-1]["blocks"])  # no buttons left on it
    assert "Action 2 of 2:* Ask" in last_dm(world, "UBEN")
    click_outcome(world, "UBEN", "Done")
    assert "report is in" in last_dm(world, "UBEN")
    shown = last_dm(world, "UBEN")
    assert "Pilot" in shown and "Partly" in shown and "Only one team tried it" in shown
    actions = sorted(world.rows(Action), key=lambda a: a.id or 0)
    assert [(a.status, a.outcome_text) for a in actions] == [
        ("partly", "Only one team tried it"),
        ("done", ""),
    ]
    assert all(a.reported_meeting_id == report_of(world, "UBEN").meeting_id for a in actions)
    del first, second


def test_a_conversation_of_skips_is_nothing_to_send_and_offers_apologies(world: World) -> None:
    with_actions(world)
    for _ in FIVE:
        dm(world, "UBEN", "skip")
    dm(world, "UBEN", "skip")
    click_outcome(world, "UBEN", "Skip")
    text = last_dm(world, "UBEN")
    assert "Nothing to send — *Send apologies* instead?" in text and "Send apologies" in text
    assert "report is in" not in text
    assert not any(r.complete for r in world.rows(Report) if r.user_id == "UBEN")
    dm(world, "UBEN", "Actually I did something")  # starts again
    assert "2/5" in last_dm(world, "UBEN")


def test_the_form_refuses_an_empty_report_and_takes_an_outcome_alone(world: World) -> None:
    first, _ = with_actions(world)
    meeting = next(m for m in world.rows(Meeting) if m.number == 2)
    opened = world.services.reports.form(TEAM, "UBEN", str(meeting.id), "trigger")
    world.deliver(opened, "UBEN")
    form = world.slack.views()[-1]
    empty = world.services.reports.submit(TEAM, "UBEN", world.filled(form, {}))
    assert empty.errors and "at least one answer" in next(iter(empty.errors.values()))
    assert not any(r.complete for r in world.rows(Report))
    values = {f"{ids.REPORT_OUTCOME}{first.id}": {"value": "not_done"}}
    done = world.services.reports.submit(TEAM, "UBEN", world.filled(form, values))
    assert not done.errors
    world.deliver(done, "UBEN")
    assert sorted(world.rows(Action), key=lambda a: a.id or 0)[0].status == "not_done"


def test_every_edit_updates_the_one_report_message_in_place(world: World) -> None:
    with_actions(world)
    meeting = next(m for m in world.rows(Meeting) if m.number == 2)
    for text in FIVE:
        dm(world, "UBEN", text)
    click_outcome(world, "UBEN", "Done")
    click_outcome(world, "UBEN", "Done")
    posted = len(dms(world, "UBEN"))
    shown_ts = report_of(world, "UBEN").shown_ts
    assert shown_ts == dms(world, "UBEN")[-1]["ts"]
    for edit in ("Ran the pilot twice", "Ran it three times"):
        world.deliver(world.services.reports.form(TEAM, "UBEN", str(meeting.id), "t"), "UBEN")
        form = world.slack.views()[-1]
        values = {f"{ids.REPORT_ANSWER}0": {"value": edit}}
        done = world.services.reports.submit(TEAM, "UBEN", world.filled(form, values))
        world.deliver(done, "UBEN")
    assert len(dms(world, "UBEN")) == posted  # no new copy
    updates = [c.args for c in world.slack.done("update") if c.args["ts"] == shown_ts]
    assert len(updates) == 2 and "Ran it three times" in str(updates[-1]["blocks"])
    assert "Edit my report" in str(updates[-1]["blocks"])


def test_a_button_for_an_action_already_answered_changes_nothing(world: World) -> None:
    with_actions(world)
    for text in FIVE:
        dm(world, "UBEN", text)
    question = dms(world, "UBEN")[-1]
    click_outcome(world, "UBEN", "Done")
    (partly,) = [
        e
        for b in question["blocks"]
        for e in b.get("elements") or []
        if e.get("text", {}).get("text") == "Partly"
    ]
    done = world.services.reports.choose(TEAM, "UBEN", partly["value"], "DUBEN", question["ts"])
    assert "has been answered" in done.text
    (report,) = [r for r in world.rows(Report) if r.user_id == "UBEN"]
    first = sorted(world.rows(Action), key=lambda a: a.id or 0)[0]
    assert report_back.loads(report.data).outcomes == {first.id: report_back.Outcome.DONE}


def test_a_question_to_the_bot_kept_as_an_answer_is_said_plainly_with_a_way_back(
    world: World,
) -> None:
    with_actions(world)
    dm(world, "UBEN", "hi, can I change my action's due date?")
    post = dms(world, "UBEN")[-1]
    seen = view_text({"blocks": post["blocks"]})
    assert "I kept “hi, can I change my action's due date?” as your answer to" in seen
    assert "*2/5*" in seen  # the conversation still moves on
    labels = [
        e["text"]["text"]
        for b in post["blocks"]
        for e in b.get("elements") or []
        if e.get("type") == "button"
    ]
    assert "Answer in a form" in labels and "My actions" in labels
    dm(world, "UBEN", "Mixed")  # a plain answer: no such note
    assert "I kept" not in view_text({"blocks": dms(world, "UBEN")[-1]["blocks"] or []})
