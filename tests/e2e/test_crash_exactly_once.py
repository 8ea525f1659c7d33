"""A process SIGKILLed mid fan-out, between a post reaching Slack and the commit that records
it: a restarted process (or the other replica) takes its claims over within a minute, finds
the message it had sent by its metadata tag, and sends nothing twice and loses nothing."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest

from bot.store.tables import DueJob, Report
from tests.e2e.conftest import CHANNEL, MEMBERS, OUTSIDER
from tests.e2e.harness import running_bot
from tests.e2e.steps import PROMPT_1, create_set, is_ready_dm, rows
from tests.slack_standin.model import Call
from tests.slack_standin.server import SlackStandin

ROOT = Path(__file__).resolve().parents[2]
CROWD = [*MEMBERS, *(f"UX{n:03d}" for n in range(16))]  # 20 welcomes due at once
KILL_AT = 7  # the dead process's 7th post reaches Slack; its answer never comes back


def crowd(workspace: SlackStandin) -> None:
    for user in CROWD[len(MEMBERS) :]:
        workspace.add_user(user, user.lower())
    workspace.add_channel(CHANNEL, "action-set", members=[*CROWD, OUTSIDER])


def dm_posts(workspace: SlackStandin) -> list[Call]:
    return [
        c
        for c in workspace.calls_to("chat.postMessage", ok_only=True)
        if c.args.get("channel") != CHANNEL and not is_ready_dm(c.args)
    ]


def killed_mid_fan_out(workspace: SlackStandin, database_url: str) -> None:
    """A due-work process that is SIGKILLed right after Slack stored its KILL_AT-th DM."""
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.e2e.due_worker",
            database_url,
            workspace.api_url,
            PROMPT_1.isoformat(),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    killed = threading.Event()

    def kill_after(call: Call) -> None:
        posted = call.method == "chat.postMessage" and call.error is None
        if posted and not killed.is_set() and len(dm_posts(workspace)) >= KILL_AT:
            killed.set()
            os.kill(worker.pid, signal.SIGKILL)

    workspace.before_answer = kill_after
    try:
        worker.wait(timeout=60)
    finally:
        workspace.before_answer = None
    assert killed.is_set() and worker.returncode == -signal.SIGKILL, worker.stderr.read()  # type: ignore[union-attr]


@pytest.mark.parametrize("database_url", ["sqlite", "postgresql"], indirect=True)
def test_a_process_killed_between_the_post_and_the_commit_sends_nothing_twice(
    workspace: SlackStandin, database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="setbot")
    crowd(workspace)
    workspace.ts_clock = lambda: PROMPT_1  # Slack's ts and the bot's clock agree
    with running_bot(workspace, "http", database_url) as bot:
        assert create_set(bot, members=CROWD, meeting_count="1").ok
    killed_mid_fan_out(workspace, database_url)
    sent_before = Counter(c.args["channel"] for c in dm_posts(workspace))
    assert len(sent_before) >= KILL_AT and set(sent_before.values()) == {1}

    # On PostgreSQL another replica is running all along: it sends what nobody claimed, and
    # leaves the dead process's claims alone while their lease runs.
    with running_bot(workspace, "http", database_url, now=PROMPT_1 + timedelta(seconds=5)) as two:
        two.tick()
        claimed = [j for j in rows(two, DueJob) if j.status == "claimed"]
        assert claimed, "the dead process held claims"
        # within a minute the lease has run out: the claims are taken over
        two.clock.now = PROMPT_1 + timedelta(minutes=1)
        two.tick()
        assert two.tick() == 0
        welcomes = [j for j in rows(two, DueJob) if j.kind == "welcome"]
        assert {j.status for j in welcomes} == {"done"} and len(welcomes) == len(CROWD)
        reports = {r.user_id for r in rows(two, Report)}
        assert reports == set(CROWD)  # the one Slack had but the database didn't: recorded

    sent = Counter(c.args["channel"] for c in dm_posts(workspace))
    assert sorted(sent) == sorted(CROWD) and set(sent.values()) == {1}, sent
    history = workspace.calls_to("conversations.history")
    assert history and all(c.args.get("include_all_metadata") for c in history)
    found = [r for r in caplog.records if "was sent before a restart" in r.getMessage()]
    assert found, "the post that reached Slack before the kill was found by its tag"
