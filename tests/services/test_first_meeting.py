"""The first meeting starts the loop: a welcome instead of a report-back prompt, no
reminder, the issue a member might bring in the facilitator's brief, and nothing to report
on in App Home."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.store.tables import DueJob, Meeting, Report
from tests.services.conftest import MEMBERS, TEAM, World, create_set
from tests.services.gateway import view_text

WELCOMES = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)  # 24 h before meeting 1
BRIEF = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def test_members_are_welcomed_before_the_first_meeting_and_not_asked_to_report(
    world: World,
) -> None:
    assert not create_set(world).errors
    first = min(world.rows(Meeting), key=lambda m: m.number)
    kinds = sorted({j.kind for j in world.rows(DueJob) if j.meeting_id == first.id})
    assert kinds == ["brief", "welcome"]  # no prompt, no reminder
    world.clock.now = WELCOMES
    world.services.due.run()
    for user in MEMBERS:
        (welcome,) = [p for p in world.slack.posts(f"D{user}") if "is ready" not in p["text"]]
        text = view_text({"blocks": welcome["blocks"]})
        assert "Welcome to Leaders' set" in text and "Confidentiality" in text
        assert "What issue might you bring?" in text and "<!date^" in text
        assert "What did you do?" not in text


def test_the_issue_a_member_might_bring_reaches_the_brief(world: World) -> None:
    assert not create_set(world).errors
    world.clock.now = WELCOMES
    world.services.due.run()
    said = world.services.dm.message(TEAM, "UBEN", "Our merger, and my team's fear")
    assert "in their brief" in said.text and ">Our merger, and my team's fear" in said.text
    assert said.reply and "My actions" in str(said.reply.blocks)  # not what was meant? a menu
    (report,) = [r for r in world.rows(Report) if r.user_id == "UBEN"]
    assert report.issue_hint == "Our merger, and my team's fear" and not report.complete
    world.clock.now = BRIEF
    world.services.due.run()
    brief = view_text({"blocks": world.slack.posts("DUANA")[-1]["blocks"]})
    assert "What members might bring" in brief and "Our merger" in brief


def test_home_says_there_is_nothing_to_report_on_before_the_first_meeting(world: World) -> None:
    assert not create_set(world).errors
    world.deliver(world.services.home.show("UBEN"), "UBEN")
    text = view_text(world.slack.home("UBEN"))
    assert "first meeting: nothing to report on yet" in text and "Write my report" not in text
    first = min(world.rows(Meeting), key=lambda m: m.number)
    refused = world.services.reports.form(TEAM, "UBEN", str(first.id), "trigger")
    assert "nothing to report on" in refused.text


def _labels(message: dict) -> list[str]:
    return [
        e["text"]["text"]
        for b in message.get("blocks") or []
        for e in b.get("elements") or []
        if e.get("type") == "button"
    ]


def _now(world: World, channel: str, ts: str) -> dict:
    posted = next(p for p in world.slack.posts(channel) if p["ts"] == ts)
    updates = [c.args for c in world.slack.done("update") if c.args["ts"] == ts]
    return updates[-1] if updates else posted


def test_apologies_for_the_first_meeting_from_the_welcome_and_it_closes_at_the_start(
    world: World,
) -> None:
    assert not create_set(world).errors
    world.clock.now = WELCOMES
    world.services.due.run()
    (welcome,) = world.slack.posts("DUBEN")
    assert _labels(welcome) == ["Send apologies", "Add to my calendar"]
    first = min(world.rows(Meeting), key=lambda m: m.number)
    sent = world.services.apologies.send(TEAM, "UBEN", str(first.id), "DUBEN")
    world.deliver(sent, "UBEN", "DUBEN")
    said = world.slack.posts("DUBEN")[-1]
    assert "first meeting" in said["text"] and "report-back" not in said["text"]
    assert _labels(said) == ["I can come after all"]
    world.clock.now = BRIEF
    world.services.due.run()
    brief = view_text({"blocks": world.slack.posts("DUANA")[-1]["blocks"]})
    assert "Apologies:* <@UBEN>" in brief

    world.clock.now = first.scheduled_at
    world.command("UANA", "start")
    closed = _now(world, "DUBEN", welcome["ts"])
    assert _labels(closed) == [] and "Welcome to Leaders' set" in view_text(closed)
    assert _labels(_now(world, "DUBEN", said["ts"])) == []
    world.end()
    assert "Welcome to Leaders' set" in view_text(_now(world, "DUBEN", welcome["ts"]))
