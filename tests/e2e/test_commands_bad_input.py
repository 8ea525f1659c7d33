"""`/set` with input that is not a command, as Slack delivers it (HTTP and Socket Mode): the
hint comes back in the ack, for the caller only, and nothing changes. The hints themselves
are tested on the use cases in tests/services/test_commands.py."""

from __future__ import annotations

from bot.flows.commands import Moment
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


def test_an_unknown_sub_command_is_answered_in_the_ack_for_the_caller_only(
    bot: RunningBot,
) -> None:
    create_set(bot)
    before = snapshot(bot)
    text = ack_text(bot.slack.command("UANA", CHANNEL, "strat"))
    assert "`/set strat`" in text and "`/set start`" in text
    assert text in ephemeral_texts(bot, "UANA")  # shown to the caller only
    assert snapshot(bot) == before


def test_a_5000_character_command_gets_a_short_hint_and_changes_nothing(bot: RunningBot) -> None:
    create_set(bot)
    before = snapshot(bot)
    text = ack_text(bot.slack.command("UANA", CHANNEL, "start " + "x" * 4994))
    assert text and len(text) < 500, text
    assert snapshot(bot) == before
    assert len(bot.standin.views_opened()) == 1  # only the create form, no other modal


def test_help_in_the_ack_lists_the_facilitators_commands(bot: RunningBot) -> None:
    create_set(bot)
    reply = bot.slack.command("UANA", CHANNEL, "")
    text = ack_text(reply)
    assert "`/set start`" in text and "`/set settings`" in text
    blocks = (reply.message or {})["blocks"]
    titles = [b["text"]["text"].split("\n")[0] for b in blocks[1:-1]]
    assert titles == [f"*{m}*" for m in Moment]  # Block Kit, by moment
