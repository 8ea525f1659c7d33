"""Two bot processes on one PostgreSQL, 200 first-meeting DMs (welcomes: meeting 1 has no
report-back) due at once: each DM is sent exactly once, and each member's DM is opened once."""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest

from bot.store.tables import DueJob, SlackUser
from tests.e2e.conftest import CHANNEL, MEMBERS, OUTSIDER
from tests.e2e.harness import RunningBot, running_bot
from tests.e2e.steps import PROMPT_1, create_set, is_ready_dm, rows
from tests.slack_standin.server import SlackStandin

SIZE = 200


def crowd(workspace: SlackStandin) -> list[str]:
    """200 people in the workspace and the set's channel (the four usual members first)."""
    extra = [f"UX{n:04d}" for n in range(SIZE - len(MEMBERS))]
    for user in extra:
        workspace.add_user(user, user.lower())
    everyone = [*MEMBERS, *extra]
    workspace.add_channel(CHANNEL, "action-set", members=[*everyone, OUTSIDER])
    return everyone


def tick_together(bots: list[RunningBot]) -> list[int]:
    """Both processes' schedulers wake at the same moment."""
    gate = threading.Barrier(len(bots))

    def wake(bot: RunningBot) -> int:
        gate.wait(timeout=10)
        return bot.tick()

    with ThreadPoolExecutor(len(bots)) as pool:
        return list(pool.map(wake, bots))


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_two_processes_send_200_due_prompts_exactly_once(
    workspace: SlackStandin, database_url: str
) -> None:
    members = crowd(workspace)
    with (
        running_bot(workspace, "http", database_url) as one,
        running_bot(workspace, "http", database_url) as two,
    ):
        # one meeting: planning 6 meetings × 200 members' rows takes ~2.5 s before the form's
        # ack on PostgreSQL, too close to Bolt's 3 s ack timeout for a steady test
        created = create_set(one, members=members, meeting_count="1")
        assert created.ok and not created.errors, created.message
        prompts = [j for j in rows(one, DueJob) if j.kind == "welcome" and j.due_at <= PROMPT_1]
        assert len(prompts) == SIZE

        one.clock.now = two.clock.now = PROMPT_1
        handled = tick_together([one, two])
        assert sum(handled) == SIZE, handled
        assert tick_together([one, two]) == [0, 0]

    posted = Counter(
        c.args.get("channel")
        for c in workspace.calls_to("chat.postMessage")
        if not is_ready_dm(c.args)  # the facilitator's, at creation
    )
    dms = {u: posted[u] for u in members}  # posted to the person: Slack opens the DM
    assert set(dms.values()) == {1}, {d: n for d, n in dms.items() if n != 1}
    assert workspace.calls_to("conversations.open") == []
    for user in members:
        (message,) = [m for m in workspace.messages(f"D{user}") if not is_ready_dm(m)]
        assert "Welcome to" in workspace.text_of(message), user
    with running_bot(workspace, "http", database_url) as three:
        done = [j for j in rows(three, DueJob) if j.key in {p.key for p in prompts}]
        assert {j.status for j in done} == {"done"} and len(done) == SIZE
        assert {u.user_id: u.dm_channel for u in rows(three, SlackUser)} == {
            u: f"D{u}" for u in members
        }


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_429_holds_back_every_replica_until_its_retry_after(
    workspace: SlackStandin, database_url: str
) -> None:
    with (
        running_bot(workspace, "http", database_url) as one,
        running_bot(workspace, "http", database_url) as two,
    ):
        assert not create_set(one).errors
        workspace.rate_limit("chat.postMessage", times=1, retry_after=30)
        one.clock.now = two.clock.now = PROMPT_1
        one.tick()  # its first post is told to wait 30 s: the rest wait with it
        limited = [c for c in workspace.calls if c.error == "ratelimited"]
        assert len(limited) == 1
        posted = len(workspace.calls_to("chat.postMessage"))
        two.clock.now = PROMPT_1 + timedelta(seconds=20)
        two.tick()  # the other replica sees the hold in the database: it posts nothing
        assert len(workspace.calls_to("chat.postMessage")) == posted
        assert [c for c in workspace.calls if c.error == "ratelimited"] == limited
        one.clock.now = two.clock.now = PROMPT_1 + timedelta(seconds=31)
        tick_together([one, two])
        assert tick_together([one, two]) == [0, 0]

    for user in MEMBERS:
        assert len([m for m in workspace.messages(f"D{user}") if not is_ready_dm(m)]) == 1, user
