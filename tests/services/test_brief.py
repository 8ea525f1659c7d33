"""The facilitator's brief is one DM, updated in place as reports, apologies and welcome
answers arrive: each report's answers and outcomes under its author, who hasn't reported
with Remind now (once per member per meeting), carried actions with their notes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from bot.blocks import brief as views
from bot.blocks import ids
from bot.flows.actions import ActionStatus
from bot.services.result import Asker
from bot.store.tables import Action, DueJob, Meeting
from tests.services.conftest import TEAM, World, create_set
from tests.services.gateway import view_text
from tests.services.reporting import (
    dm,
    dms,
    report_partly_and_done,
    with_actions,
)

BRIEF_2 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)  # an hour before meeting 2


def brief_now(world: World) -> dict[str, Any]:
    """Meeting 2's brief sent (the reminders went an hour before it): its post."""
    world.clock.now = BRIEF_2
    world.services.due.run()
    (post,) = [p for p in dms(world, "UANA") if p["text"].startswith("Brief for")]
    return post


def shown(world: World, post: dict[str, Any]) -> dict[str, Any]:
    """The brief as the facilitator sees it now: its last update, or as posted."""
    updates = [c.args for c in world.slack.done("update") if c.args["ts"] == post["ts"]]
    return updates[-1] if updates else post


def text_of(message: dict[str, Any]) -> str:
    return view_text({"blocks": message["blocks"]})


def remind_buttons(message: dict[str, Any]) -> dict[str, str]:
    """Who has a Remind now button: member → the button's value."""
    return {
        b["block_id"].removeprefix("remind_"): b["accessory"]["value"]
        for b in message["blocks"]
        if b.get("accessory", {}).get("action_id") == ids.BRIEF_REMIND
    }


def remind(world: World, user: str, value: str) -> str:
    done = world.services.remind.remind(TEAM, user, value)
    world.services.outbox.deliver(world.slack, done, Asker(user, f"D{user}"))
    return done.text


def test_a_report_arriving_updates_the_brief_in_place_with_what_was_said(world: World) -> None:
    with_actions(world)
    post = brief_now(world)
    before = text_of(post)
    assert "Not reported yet:* <@UANA>, <@UBEN>, <@UCAI>, <@UDEE>" in before
    assert set(remind_buttons(post)) == {"UBEN", "UCAI", "UDEE"}  # not the facilitator
    assert "<@UANA>: you haven't reported yet yourself" in before
    assert "Pilot (overdue" not in before  # no due date: carried, not overdue
    report_partly_and_done(world)
    now = shown(world, post)
    assert now is not post and len([p for p in dms(world, "UANA") if "Brief" in p["text"]]) == 1
    text = text_of(now)
    assert "<@UBEN> reported" in text and "Did:_ Ran the pilot" in text
    assert "Pilot — *Partly*: Only one team tried it" in text and "Ask — *Done*" in text
    assert "Reported (1):* <@UBEN>" in text and "UBEN" not in remind_buttons(now)
    assert "<@UBEN>: Pilot (partly)" in text  # still on the list, so in the carried actions


def test_remind_now_reminds_once_and_the_brief_says_so(world: World) -> None:
    with_actions(world)
    world.clock.now = BRIEF_2 - timedelta(hours=1)  # the set's reminders go first
    world.services.due.run()
    post = brief_now(world)
    earlier = [p for p in dms(world, "UCAI") if p["text"].startswith("A reminder")]
    assert len(earlier) == 1  # the planned one, an hour before the brief
    assert "<@UCAI> hasn't reported yet · _got the set's reminder_" in text_of(post)
    said = remind(world, "UANA", remind_buttons(post)["UCAI"])
    assert "Reminding <@UCAI> now" in said
    now = shown(world, post)
    assert "<@UCAI> hasn't reported yet · _reminded_ ✓" in text_of(now)
    assert "UCAI" not in remind_buttons(now)
    world.services.due.run()
    reminders = [p for p in dms(world, "UCAI") if p["text"].startswith("A reminder")]
    assert len(reminders) == 2 and "A reminder from <@UANA>" in text_of(reminders[-1])
    closed = [c.args for c in world.slack.done("update") if c.args["ts"] == earlier[0]["ts"]]
    assert closed and "A newer reminder is below." in text_of(closed[-1])
    assert "button" not in str(closed[-1]["blocks"])
    again = remind(world, "UANA", remind_buttons(post)["UCAI"])  # the old brief's button
    assert "already reminded <@UCAI>" in again
    world.services.due.run()
    assert len([p for p in dms(world, "UCAI") if p["text"].startswith("A reminder")]) == 2
    assert len([j for j in world.rows(DueJob) if j.kind == "remind_now"]) == 1


def test_remind_now_for_someone_who_reported_meanwhile_sends_nothing(world: World) -> None:
    with_actions(world)
    post = brief_now(world)
    report_partly_and_done(world)
    said = remind(world, "UANA", remind_buttons(post)["UBEN"])
    assert "<@UBEN> has reported since" in said
    world.services.due.run()
    assert not [p for p in dms(world, "UBEN") if "A reminder from" in text_of(p)]
    assert not [j for j in world.rows(DueJob) if j.kind == "remind_now"]


def test_remind_now_is_the_facilitators_and_ends_when_the_meeting_starts(world: World) -> None:
    with_actions(world)
    post = brief_now(world)
    value = remind_buttons(post)["UCAI"]
    assert "Only <@UANA>" in remind(world, "UBEN", value)
    assert "expired" in remind(world, "UANA", "nonsense")
    world.clock.now = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
    world.command("UANA", "start")
    assert not remind_buttons(shown(world, post))  # the meeting started: no button left
    assert "has started" in remind(world, "UANA", value)
    assert not [j for j in world.rows(DueJob) if j.kind == "remind_now"]


def test_apologies_and_taking_them_back_update_the_brief(world: World) -> None:
    with_actions(world)
    post = brief_now(world)
    meeting = next(m for m in world.rows(Meeting) if m.number == 2)
    world.deliver(world.services.apologies.send(TEAM, "UDEE", str(meeting.id)), "UDEE")
    assert "Apologies:* <@UDEE>" in text_of(shown(world, post))
    assert "UDEE" not in remind_buttons(shown(world, post))
    world.deliver(world.services.apologies.come_after_all(TEAM, "UDEE", str(meeting.id)), "UDEE")
    assert "Apologies:* nobody" in text_of(shown(world, post))
    assert "UDEE" in remind_buttons(shown(world, post))


def test_notes_and_carried_actions_show_in_the_brief(world: World) -> None:
    first, _ = with_actions(world)
    with world.services.deps.session() as session:
        action = session.get(Action, first.id)
        assert action is not None
        action.note, action.status = "Finance said yes", "partly"
        session.add(action)
    text = text_of(brief_now(world))
    assert "<@UBEN>: Pilot (partly done last time)" in text and "📝 _Finance said yes_" in text
    assert "Want airtime (actions not finished):* <@UBEN>" in text


def test_at_the_first_meeting_the_brief_shows_welcome_answers_as_they_arrive(
    world: World,
) -> None:
    assert not create_set(world).errors
    world.clock.now = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # an hour before meeting 1
    world.services.due.run()
    (post,) = [p for p in dms(world, "UANA") if p["text"].startswith("Brief for")]
    assert "Not reported yet" not in text_of(post) and not remind_buttons(post)
    dm(world, "UBEN", "Our merger")
    assert "What members might bring" in text_of(shown(world, post))
    assert "<@UBEN>: Our merger" in text_of(shown(world, post))


def test_a_brief_of_many_long_reports_keeps_within_block_kits_limits() -> None:
    people = [f"U{n:03d}" for n in range(80)]
    brief = views.Brief(
        set_name="Big set",
        number=3,
        when=BRIEF_2,
        reported=people[:40],
        not_reported=people[40:],
        apologies=[],
        not_done=[f"• <@{p}>: {'x' * 900} (partly)" for p in people],
        wants_airtime=people,
        order=people,
        reports=[views.MemberReport(p, ["y" * 3000] * 5, ["z" * 900] * 6) for p in people[:40]],
        waiting=[views.Waiting(p) for p in people[40:]],
        meeting_id=7,
    )
    blocks = views.brief(brief)
    assert len(blocks) <= 50
    assert all(len(b.get("text", {}).get("text", "")) <= 3000 for b in blocks)
    assert "more: `/set status`" in view_text({"blocks": blocks})


def carried_partly_and_briefed(world: World) -> tuple[Action, dict[str, Any]]:
    """Ben's first action carried as partly into meeting 2, whose brief has been sent."""
    first, _ = with_actions(world)
    with world.services.deps.session() as session:
        action = session.get(Action, first.id)
        assert action is not None
        action.status = "partly"
        session.add(action)
    return first, brief_now(world)


def note_from_home(world: World, action_id: int, note: str) -> None:
    world.deliver(world.services.actions.note_form(TEAM, "UBEN", str(action_id), "t"), "UBEN")
    form = world.slack.views()[-1]
    values = {ids.NOTE_TEXT: {"value": note}}
    world.deliver(
        world.services.actions.save_note(TEAM, "UBEN", world.filled(form, values)), "UBEN"
    )


def test_a_note_or_mark_made_in_home_after_the_brief_updates_it(world: World) -> None:
    first, post = carried_partly_and_briefed(world)
    assert "<@UBEN>: Pilot (partly done last time)" in text_of(post)
    note_from_home(world, first.id or 0, "Finance said yes")
    assert "📝 _Finance said yes_" in text_of(shown(world, post))
    world.deliver(
        world.services.actions.mark(TEAM, "UBEN", str(first.id), ActionStatus.DONE), "UBEN"
    )
    assert "Pilot (partly done last time)" not in text_of(shown(world, post))


def test_a_note_added_in_home_during_the_meeting_reaches_its_brief(world: World) -> None:
    first, post = carried_partly_and_briefed(world)
    world.clock.now = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
    world.command("UANA", "start")
    note_from_home(world, first.id or 0, "Finance said yes")
    assert "📝 _Finance said yes_" in text_of(shown(world, post))
