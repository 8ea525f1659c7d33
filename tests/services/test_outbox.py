"""The outbox: the one place effects become Slack calls. Coalescing, no redundant updates,
thread replies under roots posted in the same result, the write-back, and failures told."""

from __future__ import annotations

import threading
from typing import Any

from sqlalchemy import event

from bot.blocks.home import HomeModel, Notice
from bot.services.core import INVITE_HINT
from bot.services.outbox import FORM_TOO_SLOW, coalesce
from bot.services.result import (
    Asker,
    ControlMessage,
    DirectMessage,
    Done,
    Ephemeral,
    OpenView,
    Post,
    PublishHome,
    TurnThread,
    Update,
    Upload,
    UploadFile,
)
from bot.store.tables import Meeting, Turn
from tests.services.conftest import CHANNEL, World, create_set, press, start_meeting

BLOCKS = [{"type": "section", "text": {"type": "mrkdwn", "text": "hi"}}]


def deliver(world: World, *effects: object, asker: Asker | None = None) -> object:
    return world.services.outbox.deliver(world.slack, Done.only(*effects), asker)  # type: ignore[arg-type]


def test_a_persons_home_is_published_once_per_result_the_last_one() -> None:
    first = PublishHome("UANA", HomeModel(notice=Notice("first")))
    other = PublishHome("UBEN", HomeModel())
    last = PublishHome("UANA", HomeModel(notice=Notice("last")))
    assert coalesce([first, other, last]) == [other, last]


def test_a_message_is_updated_once_per_result_and_repeats_of_a_post_go_once() -> None:
    update_1 = Update(CHANNEL, "one", BLOCKS, ts="1.1")
    update_2 = Update(CHANNEL, "two", BLOCKS, ts="1.1")
    said = Ephemeral(CHANNEL, "UANA", "Hi")
    keyed = Post(CHANNEL, "root", key="a")
    again = Post(CHANNEL, "root", key="b")
    assert coalesce([update_1, said, said, keyed, again, update_2]) == [
        said,
        keyed,
        again,
        update_2,
    ]


def test_an_update_that_shows_what_slack_shows_is_not_sent(world: World) -> None:
    deliver(
        world,
        Post(CHANNEL, "control", BLOCKS, key="control"),
        Update(CHANNEL, "control", BLOCKS, of="control"),
    )
    assert len(world.slack.done("post")) == 1 and world.slack.done("update") == []
    ts = world.slack.posts(CHANNEL)[0]["ts"]
    deliver(world, Update(CHANNEL, "changed", BLOCKS, ts=ts))
    deliver(world, Update(CHANNEL, "changed", BLOCKS, ts=ts))
    assert [c.args["text"] for c in world.slack.done("update")] == ["changed"]


def test_a_reply_goes_in_the_thread_of_a_root_posted_in_the_same_result(world: World) -> None:
    deliver(world, Post(CHANNEL, "root", key="turn"), Post(CHANNEL, "reply", under="turn"))
    root, reply = world.slack.posts(CHANNEL)
    assert reply["thread_ts"] == root["ts"] and root["thread_ts"] is None


def test_when_a_root_is_refused_its_replies_are_skipped_and_the_asker_told_once(
    world: World,
) -> None:
    world.slack.fail("post", "not_in_channel")
    delivered = deliver(
        world,
        Post(CHANNEL, "root", key="turn", if_failed="Not shown."),
        Post(CHANNEL, "reply", under="turn", if_failed="Not shown."),
        Post(CHANNEL, "another", if_failed="Not shown either."),
        asker=Asker("UANA", CHANNEL),
    )
    assert [p["text"] for p in world.slack.posts(CHANNEL)] == ["another"]
    assert world.slack.ephemerals("UANA") == [INVITE_HINT]  # not_in_channel: how to invite
    assert len(delivered.failures) == 1  # type: ignore[attr-defined]


def test_a_refused_effect_with_nothing_to_say_is_only_logged(world: World) -> None:
    world.slack.fail("post", "ratelimited")
    deliver(world, Post(CHANNEL, "announcement"), asker=Asker("UANA", CHANNEL))
    assert world.slack.ephemerals("UANA") == [] and world.slack.posts() == []


def test_an_ephemeral_slack_refuses_arrives_as_a_dm(world: World) -> None:
    world.slack.fail("ephemeral", "user_not_in_channel")
    deliver(world, Ephemeral(CHANNEL, "UBEN", "Only you see this"))
    assert world.slack.posts("UBEN")[0]["text"] == "Only you see this"


def test_a_form_slack_took_too_long_to_open_is_explained(world: World) -> None:
    world.slack.fail("open_view", "expired_trigger_id")
    deliver(world, OpenView("trigger", {"type": "modal"}), asker=Asker("UANA", CHANNEL))
    assert world.slack.ephemerals("UANA") == [FORM_TOO_SLOW]


def test_files_slack_would_not_take_are_followed_by_a_dm_saying_so(world: World) -> None:
    world.slack.fail("upload", "upload_failed")
    files = (UploadFile("a.csv", "A", "x,y\n"),)
    deliver(world, Upload("UANA", files, "Here", if_failed="Try again later."))
    assert [p["text"] for p in world.slack.posts("UANA")] == ["Try again later."]


def test_a_dm_with_its_channel_unknown_is_posted_to_the_person_with_no_open(
    world: World,
) -> None:
    """Slack opens the DM itself when posted to a user id (no Tier 3 conversations.open)."""
    deliver(world, DirectMessage("UBEN", "Hello"))
    assert [c.method for c in world.slack.calls] == ["post"]
    assert world.slack.posts("DUBEN")[0]["text"] == "Hello"


def test_timestamps_slack_returns_are_kept_in_one_final_transaction(world: World) -> None:
    start_meeting(world, {"UANA": "Here, no issue", "UBEN": "Here, with an issue"})
    (meeting,) = [m for m in world.rows(Meeting) if m.phase != "scheduled"]
    control = [p for p in world.slack.posts(CHANNEL) if "Check-in" in p["text"]][-1]
    assert meeting.control_ts == control["ts"] and meeting.control_channel == CHANNEL

    begun: list[object] = []

    def count(connection: object) -> None:
        begun.append(connection)

    event.listen(world.engine, "begin", count)
    press(world, "UANA", "Next")  # into Ben's issue round: a new thread root
    event.remove(world.engine, "begin", count)
    assert len(begun) == 2  # the use case, and the write-back
    (turn,) = world.rows(Turn)
    root = next(p for p in world.slack.posts(CHANNEL) if p["text"].startswith("Issue round"))
    assert turn.thread_ts == root["ts"]
    press(world, "UANA", "Next")  # to the questions: their prompt goes in the kept thread
    replies = [p for p in world.slack.posts(CHANNEL) if p["thread_ts"] == root["ts"]]
    assert replies and "Questions for" in replies[0]["text"]


def test_keeping_writes_where_slack_put_things(world: World) -> None:
    create_set(world)
    (meeting, *_) = sorted(world.rows(Meeting), key=lambda m: m.number)
    deliver(world, Post(CHANNEL, "control", keep=ControlMessage(meeting.id or 0, CHANNEL)))
    assert world.rows(Meeting)[0].control_ts == world.slack.posts(CHANNEL)[-1]["ts"]
    deliver(world, Post(CHANNEL, "root", keep=TurnThread(meeting.id or 0, 99)))  # no such turn
    assert world.rows(Turn) == []


def _two_fast_nexts(world: World) -> tuple[Done, Done]:
    """Meeting 2's report-back round, and two Nexts decided before either is delivered."""
    everyone = {u: "Here, no issue" for u in ("UANA", "UBEN", "UCAI", "UDEE")}
    start_meeting(world, everyone)
    world.end()
    world.clock.advance(days=7)
    assert not world.command("UANA", "start").text
    for user, button in everyone.items():
        press(world, user, button)
    services = world.services
    first = services.command(world.slack, "T0001", CHANNEL, "UANA", "next", "trigger")
    second = services.command(world.slack, "T0001", CHANNEL, "UANA", "next", "trigger")
    return first, second


def _round(world: World) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    posts = world.slack.posts(CHANNEL)
    roots = [p for p in posts if p["text"] == "Report-back round"]
    replies = [p for p in posts if p["text"].startswith("Report back: ")]
    return roots, replies


def test_two_fast_nexts_open_the_report_back_round_once(world: World) -> None:
    """Neither Next knew the round's thread when it was decided: the first posts the root,
    the second's reply finds it when delivered, in whichever order they are delivered."""
    first, second = _two_fast_nexts(world)
    late = threading.Thread(target=world.deliver, args=(second, "UANA", CHANNEL))
    late.start()  # delivered first: it waits for the root
    world.deliver(first, "UANA", CHANNEL)
    late.join(timeout=30)
    (root,), replies = _round(world)
    assert len(replies) == 2 and {p["thread_ts"] for p in replies} == {root["ts"]}
    threads = {t.thread_ts for t in world.rows(Turn) if t.kind == "report_back" and t.thread_ts}
    assert threads == {root["ts"]}


def test_a_round_whose_root_never_came_still_shows_the_report(world: World) -> None:
    _never, second = _two_fast_nexts(world)
    world.services.outbox.rounds.wait_s = 0.5
    world.deliver(second, "UANA", CHANNEL)  # the first result is never delivered
    roots, (reply,) = _round(world)
    assert not roots and reply["thread_ts"] is None and "<@UBEN>" in reply["text"]
