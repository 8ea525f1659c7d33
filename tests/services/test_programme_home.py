"""A programme lead's App Home: a section per programme led, a row per set with its
figures and why it is at risk, sorted by At risk first / Name / Last met, ten a page."""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from bot.blocks.home_programme import order_action
from bot.flows.programme import Order
from bot.store.tables_programme import Programme
from tests.services.conftest import CHANNEL, TEAM, World, create_set, start_meeting
from tests.services.gateway import view_text
from tests.services.test_programmes import ADMIN, submit

LEAD = ADMIN


def lead_home(world: World, user: str = LEAD) -> dict[str, Any]:
    world.deliver(world.services.home.show(user), user)
    view = world.slack.home(user)
    assert view is not None
    return view


def buttons(view: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        e["text"]["text"]: e
        for b in view["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
    }


def a_programme(world: World) -> int:
    world.slack.admins.add(ADMIN)
    assert not submit(world, name="Leaders 2027").errors
    (programme,) = world.rows(Programme)
    return programme.id or 0


def test_a_programme_with_no_sets_says_how_to_add_one(world: World) -> None:
    a_programme(world)
    text = view_text(lead_home(world))
    assert "Programme: Leaders 2027" in text and "No sets yet" in text
    assert "/set programme join Leaders 2027" in text
    assert "Welcome to Setbot" not in text  # a lead is not a newcomer


def test_a_set_that_met_shows_its_figures_and_one_that_never_did_is_at_risk(
    world: World,
) -> None:
    a_programme(world)
    assert not create_set(world, channel="C0TWO", name="Quiet set").errors
    world.command("UANA", "programme join Leaders 2027", channel="C0TWO")
    start_meeting(world, {u: "Here, no issue" for u in ("UANA", "UBEN", "UCAI")})
    world.end()
    world.command("UANA", "programme join Leaders 2027")
    text = view_text(lead_home(world))
    assert f"*Leaders' set 🌱* in <#{CHANNEL}> · <@UANA>" in text
    assert "1 of 6 meetings held · met today · attendance 75%" in text
    assert "2 sets · 1 meeting held" in text

    world.clock.advance(days=30)
    text = view_text(lead_home(world))
    assert "*Quiet set* in <#C0TWO>" in text
    assert "⚠️ *At risk:* hasn't held a meeting for 30 days (meets every 7)" in text
    assert "⚠️ *At risk:* hasn't met for 30 days (meets every 7)" in text
    assert "2 at risk" in text


def test_sorting_is_kept_and_pages_hold_ten_sets(world: World) -> None:
    programme = a_programme(world)
    for i in range(12):
        channel = f"C{i:03d}"
        assert not create_set(world, channel=channel, name=f"Set {chr(ord('L') - i)}").errors
        world.command("UANA", "programme join Leaders 2027", channel=channel)
    view = lead_home(world)
    found = buttons(view)
    assert found["At risk first"].get("style") == "primary"
    assert "Previous sets" not in found and "Page 1 of 2" in view_text(view)

    by_name = world.services.lead_home.order(TEAM, LEAD, f"{programme}:{Order.NAME.value}")
    world.deliver(by_name, LEAD)
    view = world.slack.home(LEAD) or {}
    assert buttons(view)["Name"].get("style") == "primary"
    lines = view_text(view).splitlines()
    names = [line for line in lines if line.startswith("*Set ") and "· <@UANA>" in line]
    assert [n.split("*")[1] for n in names] == [f"Set {c}" for c in "ABCDEFGHIJ"]

    more = buttons(view)["More sets"]
    assert more["action_id"] != buttons(view)["Name"]["action_id"]
    world.deliver(world.services.lead_home.page(TEAM, LEAD, more["value"]), LEAD)
    later = view_text(world.slack.home(LEAD))
    rows = [line.split("*")[1] for line in later.splitlines() if "· <@UANA>" in line]
    assert rows == ["Set K", "Set L"]
    assert "Page 2 of 2" in later and "Previous sets" in str(world.slack.home(LEAD))
    assert buttons(lead_home(world))["Name"].get("style") == "primary"  # kept


def test_someone_not_leading_it_cannot_sort_it(world: World) -> None:
    programme = a_programme(world)
    done = world.services.lead_home.order(TEAM, "UBEN", f"{programme}:{Order.NAME.value}")
    world.deliver(done, "UBEN")
    assert "You no longer lead that programme" in view_text(world.slack.home("UBEN"))
    stale = world.services.lead_home.order(TEAM, LEAD, "nonsense")
    world.deliver(stale, LEAD)
    assert "That button has expired" in view_text(world.slack.home(LEAD))


def test_every_order_has_its_own_action_id() -> None:
    assert len({order_action(o) for o in Order}) == len(Order)


def test_the_lead_sees_shared_learning_and_recurring_themes_and_nothing_private(
    world: World,
) -> None:
    from sqlmodel import Session

    from bot.store.tables import Learning, LearningSet, Meeting
    from tests.services.test_end_question import ended_early
    from tests.services.test_sharing import reflect

    a_programme(world)
    assert not create_set(world, channel="C0TWO", name="Second set").errors
    world.command("UANA", "programme join Leaders 2027", channel="C0TWO")
    _, held = ended_early(world)
    world.command("UANA", "programme join Leaders 2027")
    reflect(world, "UBEN", held, "named")  # "Listening" (ANSWERS), with his name
    reflect(world, "UCAI", held, "share")  # the same words, without her name
    reflect(world, "UANA", held)  # private
    with Session(world.engine) as session:
        second = next(r for r in session.exec(select(LearningSet)) if r.channel_id == "C0TWO")
        meeting = next(m for m in session.exec(select(Meeting)) if m.set_id == second.id)
        for user, text, shared in (
            ("UBEN", "Deep listening helps our delegation", True),
            ("UCAI", "SECRETWORD private delegation note", False),
        ):
            session.add(
                Learning(
                    set_id=second.id or 0,
                    meeting_id=meeting.id or 0,
                    user_id=user,
                    source="report",
                    text=text,
                    shareable=shared,
                )
            )
        session.commit()
    text = view_text(lead_home(world))
    assert "*Shared learning*" in text, text
    assert "• Listening — <@UBEN> _(Leaders' set 🌱 · meeting 1)_" in text, text
    assert "• Listening _(Leaders' set 🌱 · meeting 1)_" in text
    assert "• Deep listening helps our delegation _(Second set · meeting 1)_" in text
    assert "*Recurring themes* (in two or more sets)" in text
    assert "• *listening* · 2 sets" in text
    assert "SECRETWORD" not in str(world.slack.calls)
    assert "delegation* ·" not in text  # one set only shared it


def test_members_locales_come_with_their_time_zone_and_pick_the_stop_words(
    world: World,
) -> None:
    from bot.services.home_programme import stop_words_for
    from bot.store.tables import SlackUser

    world.slack.locales["UBEN"] = "de-DE"
    assert not create_set(world).errors
    world.clock.advance(hours=25)  # the welcomes go out, each learning its person's zone
    world.services.due.run()
    locales = {u.user_id: u.locale for u in world.rows(SlackUser)}
    assert locales["UBEN"] == "de-DE" and locales["UCAI"] == "en-US"
    stop = stop_words_for(list(locales.values()))
    assert {"und", "the"} <= stop


def test_a_programme_trend_picture_week_by_week_uploaded_once(world: World) -> None:
    a_programme(world)
    start_meeting(world, {u: "Here, no issue" for u in ("UANA", "UBEN", "UCAI")})
    world.end()
    world.command("UANA", "programme join Leaders 2027")
    view = lead_home(world)
    uploads = [c.args for c in world.slack.done("upload") if c.args["channel"] == f"D{LEAD}"]
    (picture,) = [u for u in uploads if u["files"][0]["filename"].startswith("programme-")]
    assert picture["files"][0]["content"][:8] == b"\x89PNG\r\n\x1a\n"
    assert "week by week" in picture["comment"]
    images = [b for b in view["blocks"] if b["type"] == "image"]
    assert any("by week" in b["alt_text"] for b in images)
    lead_home(world)  # the same picture: not uploaded again
    again = [c for c in world.slack.done("upload") if c.args["channel"] == f"D{LEAD}"]
    assert len(again) == len(uploads)


def test_the_end_date_shows_in_the_readers_own_time(world: World) -> None:
    world.slack.admins.add(LEAD)
    assert not submit(world, name="Ends", end_date="2027-06-30").errors
    text = view_text(lead_home(world))
    assert "0 sets · 0 meetings held · ends <!date^" in text and "|Wed 30 Jun 2027>" in text
