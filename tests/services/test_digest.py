"""The weekly digest: a due row per lead, a week ahead each time; a DM only in a week with
news (meetings held, newly shared learning, a set newly at risk, a theme that grew); none
for a lead removed since, or one who turned it off; a set that left is in none after."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session, select

from bot.store.tables import DueJob, Learning
from bot.store.tables_programme import ProgrammeLead
from tests.services.conftest import TEAM, World
from tests.services.gateway import _block_text
from tests.services.test_end_question import ended_early
from tests.services.test_programme_home import LEAD, a_programme
from tests.services.test_sharing import reflect

FIRST = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # the Monday after the programme began


def digests(world: World) -> list[str]:
    return [
        p["text"] + "\n" + _block_text(p["blocks"])
        for p in world.slack.posts(f"D{LEAD}")
        if p["text"].startswith("This week in")
    ]


def pending(world: World) -> list[DueJob]:
    return [j for j in world.rows(DueJob) if j.kind == "digest" and j.status == "pending"]


def at(world: World, when: datetime) -> None:
    world.clock.now = when
    world.services.due.run()


def a_week_with_news(world: World) -> int:
    programme = a_programme(world)
    (row,) = pending(world)
    assert row.due_at == FIRST
    _, held = ended_early(world)
    world.command("UANA", "programme join Leaders 2027")
    reflect(world, "UBEN", held, "named")
    reflect(world, "UCAI", held, "share")
    return programme


def test_a_week_with_news_is_one_dm_and_the_next_week_is_planned(world: World) -> None:
    a_week_with_news(world)
    at(world, FIRST)
    (sent,) = digests(world)
    assert "This week in Leaders 2027" in sent and "*Meetings held:* 1" in sent
    assert "Listening — <@UBEN> _(Leaders' set 🌱 · meeting 1)_" in sent
    assert "• Listening _(Leaders' set 🌱 · meeting 1)_" in sent
    assert [j.due_at for j in pending(world)] == [datetime(2026, 12, 7, 9, 0, tzinfo=UTC)]
    at(world, datetime(2026, 12, 7, 9, 0, tzinfo=UTC))  # a quiet week: nothing sent
    assert len(digests(world)) == 1
    assert [j.due_at for j in pending(world)] == [datetime(2026, 12, 14, 9, 0, tzinfo=UTC)]


def test_a_set_newly_at_risk_is_named_with_why(world: World) -> None:
    a_week_with_news(world)
    at(world, FIRST)
    at(world, datetime(2026, 12, 14, 9, 0, tzinfo=UTC))  # the 7th passed: quiet
    sent = digests(world)[-1]
    assert "*Newly at risk*" in sent and "hasn't met for 20 days (meets every 7)" in sent


def test_turned_off_it_sends_nothing_but_stays_planned(world: World) -> None:
    programme = a_week_with_news(world)
    world.deliver(world.services.lead_home.digest(TEAM, LEAD, f"{programme}:off"), LEAD)
    assert "No more weekly digests" in str(world.slack.home(LEAD))
    assert "Turn the weekly digest on" in str(world.slack.home(LEAD))
    at(world, FIRST)
    assert not digests(world) and len(pending(world)) == 1


def test_a_lead_removed_while_it_is_due_gets_nothing_more(world: World) -> None:
    a_week_with_news(world)
    with Session(world.engine) as session:
        for lead in session.exec(select(ProgrammeLead)):
            session.delete(lead)
        session.commit()
    at(world, FIRST)
    assert not digests(world) and not pending(world)


def test_a_set_that_left_is_in_no_later_digest(world: World) -> None:
    a_week_with_news(world)
    at(world, FIRST)
    world.command("UANA", "programme leave")
    at(world, datetime(2026, 12, 14, 9, 0, tzinfo=UTC))
    assert len(digests(world)) == 1  # its risk is no news of the programme's now


def test_a_lead_in_no_set_gets_the_digest_in_their_own_time(world: World) -> None:
    world.slack.admins.add(LEAD)
    world.slack.zones["UZED"] = "America/Denver"
    from tests.services.test_programmes import _state

    fields = {
        "name": {"value": "West"},
        "leads": {"value": ["UZED"]},
        "digest_weekday": {"value": "0"},
        "digest_hour": {"value": "9"},
        "follow_up_days": {"value": "90"},
    }
    done = world.services.programmes.submit(
        TEAM, LEAD, {"state": {"values": _state(fields)}}, world.slack
    )
    assert not done.errors
    (row,) = pending(world)
    assert row.due_at == datetime(2026, 11, 23, 16, 0, tzinfo=UTC)  # 09:00 in Denver


def test_a_learning_shared_later_from_home_is_news_that_week(world: World) -> None:
    a_programme(world)
    _, held = ended_early(world)
    world.command("UANA", "programme join Leaders 2027")
    reflect(world, "UANA", held)  # private at first
    at(world, FIRST)
    assert not any("Listening" in d for d in digests(world))
    (learning,) = [x for x in world.rows(Learning) if x.user_id == "UANA"]
    world.deliver(world.services.home.share(TEAM, "UANA", f"{learning.id}:1"), "UANA")
    at(world, datetime(2026, 12, 7, 9, 0, tzinfo=UTC))
    assert "Listening _(Leaders' set 🌱 · meeting 1)_" in digests(world)[-1]


def test_digests_stop_the_week_after_the_programme_ends(world: World) -> None:
    world.slack.admins.add(LEAD)
    from tests.services.test_programmes import submit

    assert not submit(world, name="Short", end_date="2026-12-02").errors
    at(world, FIRST)
    assert [j.due_at.day for j in pending(world)] == [7]
    at(world, datetime(2026, 12, 7, 9, 0, tzinfo=UTC))  # past the end: the last one
    assert not pending(world)
