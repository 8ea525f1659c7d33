"""What is saved and what people are told when Slack (or a job) fails part-way."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from bot.services.due import MAX_ATTEMPTS
from bot.services.questions import PAUSED_WITHOUT_FORM
from bot.services.result import Asker, Done, Post, TurnThread
from bot.store.tables import DueJob, Meeting, Report, Turn
from tests.services.conftest import CHANNEL, MEMBERS, World, create_set, press, start_meeting

PRESENT = {"UANA": "Here, no issue", "UBEN": "Here, with an issue"}


def test_a_job_that_cannot_be_read_backs_off_without_holding_up_the_others(
    world: World,
) -> None:
    assert not create_set(world).errors
    ready = len([p for p in world.slack.posts() if p["channel"].startswith("D")])  # "is ready"
    with world.services.deps.session() as session:
        session.add(DueJob(key="prompt:x", kind="prompt", due_at=world.clock(), payload="{"))
    world.clock.advance(hours=1)  # meeting 1's prompts are due too: 24 h before Tue 10:00
    handled = world.services.due.run()
    assert handled >= 5
    sent = [p for p in world.slack.posts() if p["channel"].startswith("D")][ready:]
    assert len(sent) == 4  # every member's prompt went, the broken job aside
    (broken,) = [j for j in world.rows(DueJob) if j.key == "prompt:x"]
    assert broken.status == "pending" and broken.attempts == 1
    assert broken.due_at > world.clock() and "unreadable" in (broken.last_error or "")
    for _ in range(MAX_ATTEMPTS):
        world.clock.now = broken.due_at + timedelta(minutes=10)
        world.services.due.run()
        (broken,) = [j for j in world.rows(DueJob) if j.key == "prompt:x"]
    assert broken.status == "done" and "unreadable" in (broken.last_error or "")


def test_intervene_says_the_meeting_is_paused_when_slack_will_not_open_its_form(
    world: World,
) -> None:
    start_meeting(world, PRESENT)
    world.slack.fail("open_view", "expired_trigger_id")
    press(world, "UANA", "Intervene")
    assert world.slack.ephemerals("UANA")[-1] == PAUSED_WITHOUT_FORM
    state = json.loads(next(m for m in world.rows(Meeting) if m.phase != "scheduled").state)
    assert state["paused_at"]


def test_a_start_whose_opening_message_slack_refused_can_simply_be_run_again(
    world: World,
) -> None:
    assert not create_set(world).errors
    world.clock.advance(days=1, hours=1)
    world.slack.fail("post", "service_unavailable")  # the opening message, once
    world.command("UANA", "start")
    assert world.slack.posts(CHANNEL)[1:] == []  # no control message without its opening
    assert "wouldn't let me post it" in world.slack.ephemerals("UANA")[-1]
    world.command("UANA", "start")
    texts = [p["text"] for p in world.slack.posts(CHANNEL)]
    assert any("has started" in t for t in texts) and any("Check-in" in t for t in texts)
    (live,) = [m for m in world.rows(Meeting) if m.phase != "scheduled"]
    assert live.control_ts == world.slack.posts(CHANNEL)[-1]["ts"]


def test_a_nudge_slack_cannot_show_privately_is_not_sent_at_all(world: World) -> None:
    from bot.services.result import Ephemeral

    world.slack.fail("ephemeral", "user_not_in_channel")
    world.deliver(Done.only(Ephemeral(CHANNEL, "UBEN", "psst", dm_if_refused=False)), "UBEN")
    assert world.slack.posts() == []


def test_what_slack_showed_is_kept_even_when_the_delivery_breaks_half_way(
    world: World,
) -> None:
    start_meeting(world, PRESENT)
    press(world, "UANA", "Next")
    (turn,) = world.rows(Turn)
    real_post = world.slack.post
    calls = []

    def breaking(*args: object, **kwargs: object) -> str:
        calls.append(args)
        if len(calls) == 2:
            raise RuntimeError("a bug in the middle of a delivery")
        return real_post(*args, **kwargs)  # type: ignore[arg-type]

    world.slack.post = breaking  # type: ignore[method-assign]
    keep = TurnThread(turn.meeting_id, turn.slot)
    done = Done.only(Post(CHANNEL, "root", keep=keep), Post(CHANNEL, "then"))
    with pytest.raises(RuntimeError):
        world.services.outbox.deliver(world.slack, done, Asker("UANA", CHANNEL))
    (turn,) = world.rows(Turn)
    assert turn.thread_ts == world.slack.posts(CHANNEL)[-1]["ts"]


def test_a_delivery_breaking_mid_batch_keeps_what_went_and_sends_nothing_twice(
    world: World,
) -> None:
    """The batch's write-back still happens for the welcomes before the break; the one
    that broke after Slack took it stays claimed and is found in Slack when taken over; the
    one after it is claimable again at once. Every member ends with exactly one welcome."""
    direct, sent = world.slack.direct, []

    def breaks_on_the_third(to: str, *args: Any, **kwargs: Any) -> tuple[str, str]:
        placed = direct(to, *args, **kwargs)  # Slack has it...
        sent.append(to.removeprefix("D"))  # a member, by id or by DM channel
        if len(sent) == 3:
            raise ConnectionResetError("...and the answer is lost")
        return placed

    assert not create_set(world).errors  # (the facilitator's "is ready" DM goes first)
    world.slack.direct = breaks_on_the_third  # type: ignore[method-assign]
    world.clock.advance(hours=1)  # the four welcomes are due
    with pytest.raises(ConnectionResetError):
        world.services.due.run()
    status = {j.key: j.status for j in world.rows(DueJob) if j.kind == "welcome"}
    assert [status[f"welcome:1:{user}"] for user in sent[:3]] == ["done", "done", "claimed"]
    (fourth,) = set(MEMBERS) - set(sent[:3])
    # Let go at once: another worker still running takes it, or it waits for the next run.
    assert status[f"welcome:1:{fourth}"] == ("done" if fourth in sent else "pending")
    shown = {r.user_id for r in world.rows(Report) if r.prompt_ts}
    assert shown == {sent[0], sent[1], *sent[3:]}
    world.clock.advance(minutes=2)  # the broken claim's lease has run out
    world.services.due.run()
    assert {j.status for j in world.rows(DueJob) if j.kind == "welcome"} == {"done"}
    assert sorted(sent) == sorted(MEMBERS)  # looked for in Slack, found: not sent again
    assert {r.user_id for r in world.rows(Report) if r.prompt_ts} == set(MEMBERS)
