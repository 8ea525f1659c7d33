"""`/set` with input that is not a command: a short, clear hint, and nothing changes."""

from __future__ import annotations

import pytest

from bot.store.tables import DueJob, LearningSet, Meeting, Membership
from tests.e2e.conftest import CHANNEL
from tests.e2e.harness import RunningBot
from tests.e2e.steps import create_set, ephemeral_texts, rows
from tests.slack_standin.reply import Reply


def ack_text(reply: Reply) -> str:
    assert reply.ok, reply
    message = reply.message or {}
    assert message.get("response_type") != "in_channel", "a hint for one person went to all"
    return str(message.get("text") or "")


def snapshot(bot: RunningBot) -> tuple:
    """What a bad command must not change: the set, members, meetings, timers, the channel."""
    return (
        [(s.name, s.updated_at, s.meeting_minutes) for s in rows(bot, LearningSet)],
        sorted(m.user_id for m in rows(bot, Membership)),
        sorted((m.id, m.phase, m.version) for m in rows(bot, Meeting)),
        len(rows(bot, DueJob)),
        bot.standin.messages(CHANNEL),
    )


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [("strat", "`/set start`"), ("stauts", "`/set status`"), ("nxet", "`/set next`")],
)
def test_an_unknown_sub_command_gets_a_hint_naming_the_closest_one(
    bot: RunningBot, typed: str, suggested: str
) -> None:
    create_set(bot)
    before = snapshot(bot)
    text = ack_text(bot.slack.command("UANA", CHANNEL, typed))
    assert f"`/set {typed}`" in text and suggested in text and "/set help" in text
    assert text in ephemeral_texts(bot, "UANA")  # shown to the caller only
    assert snapshot(bot) == before


@pytest.mark.parametrize("typed", ["next now", "status please", "start the meeting", "help me"])
def test_arguments_after_a_command_that_takes_none_are_refused(bot: RunningBot, typed: str) -> None:
    create_set(bot)
    before = snapshot(bot)
    name = typed.split()[0]
    text = ack_text(bot.slack.command("UANA", CHANNEL, typed))
    assert f"`/set {name}` takes nothing after it" in text
    assert snapshot(bot) == before


@pytest.mark.parametrize("typed", ["", "help", "  HELP  "])
def test_help_lists_the_commands_of_the_callers_role(bot: RunningBot, typed: str) -> None:
    create_set(bot)  # Ana facilitates; Ben is a member
    facilitator = ack_text(bot.slack.command("UANA", CHANNEL, typed))
    member = ack_text(bot.slack.command("UBEN", CHANNEL, typed))
    for text in (facilitator, member):
        assert "`/set help`" in text and "`/set status`" in text and "`/set leave`" in text
        assert "`/set join`" not in text and "`/set create`" not in text
    for command in ("`/set start`", "`/set next`", "`/set settings`", "`/set end`"):
        assert command in facilitator
        assert command not in member


def test_help_in_a_channel_without_a_set_shows_how_to_create_one(bot: RunningBot) -> None:
    text = ack_text(bot.slack.command("UBEN", CHANNEL, "help"))
    assert "`/set create`" in text and "no set yet" in text
    assert "`/set start`" not in text and "`/set settings`" not in text


@pytest.mark.parametrize(
    "typed",
    [
        "x" * 5000,
        "start " + "x" * 4994,
        "add <@UEVE|eve> " + "y" * 4984,
        "pass " + "z " * 2497,
        "time +" + "9" * 4994,
        "strat " + "🌱" * 4994,
    ],
    ids=["one-word", "start", "add", "pass", "time", "emoji"],
)
def test_a_5000_character_command_gets_a_short_hint_and_changes_nothing(
    bot: RunningBot, typed: str
) -> None:
    create_set(bot)
    before = snapshot(bot)
    assert len(typed) >= 4990
    text = ack_text(bot.slack.command("UANA", CHANNEL, typed))
    assert text and len(text) < 500, text
    assert "Traceback" not in text and "went wrong" not in text
    assert snapshot(bot) == before
    assert len(bot.standin.views_opened()) == 1  # only the create form, no other modal


def test_help_for_someone_outside_the_set_leaves_out_member_commands(bot: RunningBot) -> None:
    create_set(bot)  # Eve is in the channel but not in the set
    text = ack_text(bot.slack.command("UEVE", CHANNEL, "help"))
    assert "`/set join`" in text and "`/set start`" not in text
    assert "`/set leave`" not in text
