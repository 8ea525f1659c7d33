"""The record is complete: the meeting summary lists the report-back round's outcomes per
member, and forgetting a member takes their words out of their actions' history too."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from bot.services.result import Asker
from bot.store.tables import Action, ActionChange, LearningSet
from tests.services.conftest import CHANNEL, TEAM, World, create_set
from tests.services.gateway import view_text
from tests.services.reporting import FIVE, dm, report_partly_and_done, with_actions

MEETING_2 = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)


def summary(world: World) -> str:
    posts = [p for p in world.slack.posts(CHANNEL) if p["text"].startswith("Summary of")]
    return view_text({"blocks": posts[-1]["blocks"]})


def test_the_summary_lists_each_members_report_back_outcomes(world: World) -> None:
    with_actions(world)
    report_partly_and_done(world)
    for text in FIVE:
        dm(world, "UCAI", text)  # Cai has no actions: reported, nothing to report on
    world.clock.now = MEETING_2
    world.command("UANA", "start")
    world.end()
    text = summary(world)
    assert (
        "*Report-back:* <@UBEN>: 1 done, 1 partly · <@UCAI>: reported, no action outcomes" in text
    )


def test_the_first_meetings_summary_has_no_report_back_line(world: World) -> None:
    assert not create_set(world).errors
    world.clock.advance(days=1, hours=1)
    world.command("UANA", "start")
    world.end()
    assert "Report-back" not in summary(world)


def test_forgetting_a_member_takes_their_words_out_of_the_action_history(world: World) -> None:
    with_actions(world)
    report_partly_and_done(world)
    history = "\n".join(c.before + c.after for c in world.rows(ActionChange))
    assert "Only one team tried it" in history and "Pilot" in history
    (row,) = world.rows(LearningSet)
    done = world.services.privacy.forget(TEAM, "UBEN", str(row.id), "https://respond")
    world.services.outbox.deliver(world.slack, done, Asker("UBEN", CHANNEL))
    history = "\n".join(c.before + c.after for c in world.rows(ActionChange))
    for words in ("Only one team tried it", "Pilot", "Pilot works"):
        assert words not in history
    assert "UBEN" not in {c.user_id for c in world.rows(ActionChange)}
    assert all(a.outcome_text == "" and a.owner_id.startswith("anon-") for a in world.rows(Action))
    statuses = sorted(a.status for a in world.rows(Action))
    assert statuses == ["done", "left"]  # the counts stay: done, and partly closed on leaving


def exported_csv(world: World) -> list[dict[str, str]]:
    world.command("UANA", "export")
    (table,) = [
        f
        for call in world.slack.done("upload")
        for f in call.args["files"]
        if f["filename"].endswith(".csv")
    ]
    return list(csv.DictReader(io.StringIO(table["content"].removeprefix("\ufeff"))))


def test_a_removed_members_open_actions_are_closed_and_kept_in_the_export(world: World) -> None:
    world.slack.names.update({"UBEN": "Ben Ng"})
    with_actions(world)
    world.command("UANA", "remove <@UBEN|ben>")
    assert {a.status for a in world.rows(Action)} == {"left"}
    actions = [r for r in exported_csv(world) if r["section"] == "action"]
    assert [(a["owner"], a["text"], a["status"]) for a in actions] == [
        ("Ben Ng", "Pilot", "left"),
        ("Ben Ng", "Ask", "left"),
    ]
    assert actions[0]["expected_outcome"] == "Pilot works"
