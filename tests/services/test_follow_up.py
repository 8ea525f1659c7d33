"""The follow-up months after a set of a programme closes: one DM per member after the
programme's delay ("Three months on: …") with Answer and Not now; answers kept as the
member's, shared only when they say so; a member Slack no longer reaches is recorded as
not reachable and never retried; a delay of 0 asks nobody."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from bot.store.tables import DueJob
from bot.store.tables_programme import FollowUp
from tests.services.conftest import TEAM, World, create_set
from tests.services.gateway import _block_text
from tests.services.test_programme_home import a_programme
from tests.services.test_programmes import submit

QUESTION = "Three months on: what has changed in how you work since the set?"


def closed_in_a_programme(world: World) -> None:
    a_programme(world)
    assert not create_set(world).errors
    world.command("UANA", "programme join Leaders 2027")
    world.command("UANA", "close")


def follow_ups(world: World) -> dict[str, FollowUp]:
    return {f.user_id: f for f in world.rows(FollowUp)}


def asked(world: World, user: str) -> list[dict]:  # type: ignore[type-arg]
    return [p for p in world.slack.posts(f"D{user}") if QUESTION in p["text"]]


def test_closing_plans_one_follow_up_per_member_after_the_delay(world: World) -> None:
    closed_in_a_programme(world)
    planned = follow_ups(world)
    assert set(planned) == {"UANA", "UBEN", "UCAI", "UDEE"}
    assert {f.due_at for f in planned.values()} == {world.clock() + timedelta(days=90)}
    jobs = [j for j in world.rows(DueJob) if j.kind == "follow_up"]
    assert len(jobs) == 4 and all(j.status == "pending" for j in jobs)
    world.clock.advance(days=89)
    world.services.due.run()
    assert not asked(world, "UBEN")
    world.clock.advance(days=1, minutes=1)
    world.services.due.run()
    (dm,) = asked(world, "UBEN")
    shown = _block_text(dm["blocks"])
    assert "What did you keep doing?" in dm["text"] and "Answer" in shown and "Not now" in shown
    assert all(f.status == "asked" for f in follow_ups(world).values())


def test_answers_are_the_members_and_shared_only_if_they_say_so(world: World) -> None:
    closed_in_a_programme(world)
    world.clock.advance(days=91)
    world.services.due.run()
    ben = follow_ups(world)["UBEN"]
    world.deliver(world.services.follow_ups.form(TEAM, "UBEN", str(ben.id), "trigger"), "UBEN")
    view = world.slack.views()[-1]
    assert view["callback_id"] == "follow_up_view"
    values = {"changed": {"value": "I ask first"}, "kept": {"value": "Weekly reviews"}}
    done = world.services.follow_ups.submit(
        TEAM, "UBEN", world.filled(view, {**values, "share": {"value": ["share"]}})
    )
    assert not done.errors
    world.deliver(done, "UBEN")
    ben = follow_ups(world)["UBEN"]
    assert (ben.status, ben.changed, ben.kept, ben.shareable) == (
        "answered",
        "I ask first",
        "Weekly reviews",
        True,
    )
    assert "without your name" in world.slack.posts("DUBEN")[-1]["text"]
    cai = follow_ups(world)["UCAI"]
    empty = world.services.follow_ups.submit(TEAM, "UCAI", world.filled(view, {}))
    assert "Say what has changed" in empty.errors["changed"]
    other = world.services.follow_ups.form(TEAM, "UCAI", str(ben.id), "trigger")
    assert "no longer open" in other.text  # Ben's follow-up is not Cai's
    not_now = world.services.follow_ups.not_now(TEAM, "UCAI", str(cai.id), "https://r")
    world.deliver(not_now, "UCAI")
    assert follow_ups(world)["UCAI"].status == "declined"
    (response,) = [c.args for c in world.slack.done("respond")]
    assert response["replace_original"] and "Answer" in _block_text(response["blocks"])


def test_a_member_who_left_slack_is_recorded_not_reachable_and_not_retried(
    world: World,
) -> None:
    closed_in_a_programme(world)
    world.clock.advance(days=91)
    world.slack.fail("post", "user_not_found")
    world.services.due.run()
    statuses = sorted(f.status for f in follow_ups(world).values())
    assert statuses == ["asked", "asked", "asked", "unreachable"]
    world.clock.advance(days=1)
    before = len(world.slack.calls)
    world.services.due.run()
    assert len(world.slack.calls) == before  # nothing tried again
    assert all(j.status == "done" for j in world.rows(DueJob) if j.kind == "follow_up")


def test_a_delay_of_zero_asks_nobody(world: World) -> None:
    world.slack.admins.add("UDEE")
    assert not submit(world, name="No follow-up", follow_up_days="0").errors
    assert not create_set(world).errors
    world.command("UANA", "programme join No follow-up")
    world.command("UANA", "close")
    assert not world.rows(FollowUp)


def test_forget_me_withdraws_a_follow_up_and_its_words(world: World) -> None:
    closed_in_a_programme(world)
    world.clock.advance(days=91)
    world.services.due.run()
    with world.services.deps.session() as session:
        from bot.store import repo_privacy

        ben = next(f for f in session.exec(select(FollowUp)) if f.user_id == "UBEN")
        ben.changed, ben.shareable, ben.status = "BENSWORDS", True, "answered"
        session.add(ben)
        session.flush()
        repo_privacy.anonymise(session=session, set_id=ben.set_id, user_id="UBEN", alias="gone-1")
    after = {f.user_id: f for f in world.rows(FollowUp)}
    assert "UBEN" not in after
    assert after["gone-1"].changed == "" and not after["gone-1"].shareable
