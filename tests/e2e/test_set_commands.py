"""`/set` commands about the set and its meeting: refusals that change nothing, and the
membership commands that do change rows."""

from __future__ import annotations

import pytest

from bot.store.tables import LearningSet, Meeting, Membership
from tests.e2e.conftest import CHANNEL, MEMBERS
from tests.e2e.harness import RunningBot
from tests.e2e.steps import control_message, create_set, ephemeral_texts, rows, start_meeting

PRESENT = {"UANA": "Here, no issue", "UBEN": "Here, with an issue", "UCAI": "Here, no issue"}


def said(bot: RunningBot, user: str, text: str) -> str:
    """Run `/set text` as `user`; the ack text (an ephemeral for the caller only)."""
    reply = bot.slack.command(user, CHANNEL, text)
    assert reply.ok, reply
    message = reply.message or {}
    assert message.get("response_type") != "in_channel"
    return str(message.get("text") or "")


def members(bot: RunningBot) -> list[str]:
    return sorted(m.user_id for m in rows(bot, Membership))


def meetings(bot: RunningBot) -> list[tuple]:
    return sorted((m.number, m.phase, m.version) for m in rows(bot, Meeting))


def test_next_with_no_meeting_running_says_how_to_start_one(bot: RunningBot) -> None:
    create_set(bot)
    before = meetings(bot)
    text = said(bot, "UANA", "next")
    assert "No meeting is running" in text and "`/set start`" in text
    assert meetings(bot) == before
    assert all(m.phase == "scheduled" for m in rows(bot, Meeting))


@pytest.mark.parametrize("command", ["start", "next", "pause", "end"])
def test_a_meeting_command_in_a_channel_without_a_set_points_to_create(
    bot: RunningBot, command: str
) -> None:
    text = said(bot, "UANA", command)
    assert "no set" in text and "`/set create`" in text
    assert rows(bot, LearningSet) == [] and rows(bot, Meeting) == []
    assert bot.standin.messages(CHANNEL) == []


@pytest.mark.parametrize("command", ["pass", "remove"])
def test_pass_and_remove_of_a_non_member_say_so_and_change_nothing(
    bot: RunningBot, command: str
) -> None:
    start_meeting(bot, PRESENT)
    before = (members(bot), meetings(bot), bot.standin.messages(CHANNEL))
    text = said(bot, "UANA", f"{command} <@UEVE|eve>")  # as Slack escapes `@eve`
    assert "<@UEVE> is not a member" in text
    assert (members(bot), meetings(bot), bot.standin.messages(CHANNEL)) == before


def test_add_by_a_member_who_is_not_facilitator_is_refused_naming_the_facilitator(
    bot: RunningBot,
) -> None:
    create_set(bot)
    text = said(bot, "UBEN", "add <@UEVE|eve>")
    assert "Only the set's facilitator, <@UANA>" in text
    assert members(bot) == sorted(MEMBERS)


@pytest.mark.parametrize("command", ["remove <@UCAI|cai>", "settings", "start"])
def test_facilitator_commands_by_a_member_change_nothing_and_say_who_may(
    bot: RunningBot, command: str
) -> None:
    create_set(bot)
    before = (members(bot), meetings(bot), bot.standin.messages(CHANNEL))
    text = said(bot, "UBEN", command)
    assert "<@UANA>" in text and "Only" in text
    assert (members(bot), meetings(bot), bot.standin.messages(CHANNEL)) == before
    assert len(bot.standin.views_opened("UBEN")) == 0


def test_a_second_start_while_a_meeting_runs_says_it_is_already_running(
    bot: RunningBot,
) -> None:
    start_meeting(bot, PRESENT)
    control = control_message(bot)
    before = (meetings(bot), len(bot.standin.messages(CHANNEL)))
    text = said(bot, "UANA", "start")
    assert "already running" in text
    assert (meetings(bot), len(bot.standin.messages(CHANNEL))) == before
    assert control_message(bot) == control
    assert [m.number for m in rows(bot, Meeting) if m.phase != "scheduled"] == [1]


def test_join_leave_add_remove_rules_and_status(bot: RunningBot) -> None:
    create_set(bot)
    assert "You've joined" in said(bot, "UEVE", "join")
    assert members(bot) == sorted([*MEMBERS, "UEVE"])
    assert "already a member" in said(bot, "UEVE", "join")
    assert "You've left" in said(bot, "UEVE", "leave")
    assert members(bot) == sorted(MEMBERS)
    assert "not a member" in said(bot, "UEVE", "leave")
    assert members(bot) == sorted(MEMBERS)

    assert "Added <@UEVE>" in said(bot, "UANA", "add <@UEVE|eve>")
    assert members(bot) == sorted([*MEMBERS, "UEVE"])
    text = said(bot, "UANA", "add <@UEVE|eve> <@UBEN|ben>")
    assert "Nobody new to add" in text and "<@UEVE>" in text and "<@UBEN>" in text
    assert "Removed <@UEVE>" in said(bot, "UANA", "remove <@UEVE|eve>")
    assert members(bot) == sorted(MEMBERS)

    rules = said(bot, "UBEN", "rules")
    assert "Ground rules of Leaders' set 🌱" in rules and "Confidentiality" in rules
    status = said(bot, "UEVE", "status")
    assert "Leaders' set 🌱" in status and "Members (4)" in status
    assert "facilitated by <@UANA>" in status and "6 meetings" in status
    # none of this was posted to the channel: it concerned only the caller
    assert len(bot.standin.messages(CHANNEL)) == 1  # the creation announcement
    assert "You've joined" in "\n".join(ephemeral_texts(bot, "UEVE"))
