"""The bot restarted between a DM's due time and its send: the new process sends it, once;
unless the meeting has started by then, when it is dropped and marked done. Before a set's
first meeting that DM is each member's welcome (there is nothing to report on yet); later
ones are report-back prompts, delivered the same way."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from tests.e2e.conftest import CHANNEL, MEMBERS
from tests.e2e.harness import running_bot
from tests.e2e.steps import (
    MEETING_1,
    PROMPT_1,
    bot_dms,
    create_set,
    is_ready_dm,
    jobs,
    meetings,
)
from tests.slack_standin.server import SlackStandin


@pytest.mark.parametrize("mode", ["http", "socket"])
def test_a_prompt_due_while_the_bot_was_down_is_sent_once_after_restart(
    workspace: SlackStandin, tmp_path: Path, mode: str
) -> None:
    url = f"sqlite:///{tmp_path / 'setbot.db'}"
    with running_bot(workspace, mode, url) as bot:
        assert not create_set(bot).errors
        bot.clock.now = PROMPT_1 - timedelta(seconds=1)
        assert bot.tick() == 0  # not due yet
        bot.clock.now = PROMPT_1 + timedelta(seconds=30)  # due now, but the process stops
    assert all(bot_dms(bot, u) == [] for u in MEMBERS)

    with running_bot(workspace, mode, url, now=PROMPT_1 + timedelta(minutes=7)) as bot:
        assert bot.tick() == len(MEMBERS)
        for user in MEMBERS:
            (welcome,) = bot_dms(bot, user)
            assert "Welcome to Leaders' set" in welcome and "What issue might you bring" in welcome
        assert bot.tick() == 0
        bot.clock.advance(minutes=10)
        assert bot.tick() == 0
        assert all(len(bot_dms(bot, u)) == 1 for u in MEMBERS)
        dms = [
            c.args["channel"]
            for c in workspace.calls_to("chat.postMessage", ok_only=True)
            if not is_ready_dm(c.args)  # the facilitator's, at creation
        ]
        assert sorted(c for c in dms if c != CHANNEL) == sorted(MEMBERS)
        assert {j.status for j in jobs(bot, "welcome", number=1)} == {"done"}


@pytest.mark.parametrize("mode", ["http", "socket"])
def test_a_prompt_due_while_down_is_dropped_once_the_meeting_has_started(
    workspace: SlackStandin, tmp_path: Path, mode: str
) -> None:
    url = f"sqlite:///{tmp_path / 'setbot.db'}"
    with running_bot(workspace, mode, url) as bot:
        assert not create_set(bot).errors
    # down for a day: the welcomes and the brief all fell due meanwhile; the facilitator
    # starts the meeting before the scheduler's first wake-up
    with running_bot(workspace, mode, url, now=MEETING_1 + timedelta(minutes=2)) as bot:
        assert bot.slack.command("UANA", CHANNEL, "start").ok
        assert meetings(bot)[0].phase != "scheduled"
        assert bot.tick() == len(MEMBERS) + 1  # welcomes (no reminder at meeting 1), the brief
        assert all(bot_dms(bot, u) == [] for u in MEMBERS)
        posted = {
            c.args["channel"]
            for c in workspace.calls_to("chat.postMessage")
            if not is_ready_dm(c.args)  # the facilitator's, at creation
        }
        assert posted == {CHANNEL}  # the meeting's messages, no DM
        welcomes = jobs(bot, "welcome", number=1)
        assert len(welcomes) == len(MEMBERS) and jobs(bot, "reminder", number=1) == []
        for job in [*welcomes, *jobs(bot, "brief", number=1)]:
            assert job.status == "done" and job.done_at is not None, job
        assert bot.tick() == 0
