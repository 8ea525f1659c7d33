"""A member removed from the set between their prompt and their answer: the answer is met
with an explanation and not stored, and no reminder follows."""

from __future__ import annotations

from tests.e2e.conftest import CHANNEL
from tests.e2e.harness import RunningBot
from tests.e2e.steps import (
    PROMPT_2,
    REMINDER_2,
    answers_of,
    at,
    bot_dms,
    click_in_dm,
    create_set,
    dm_messages,
    jobs,
    past_the_first_meeting,
    report_of,
)
from tests.e2e.transports import http_only_bot  # noqa: F401  (`bot`: HTTP only)


def test_a_member_removed_after_the_prompt_is_told_and_not_reminded(bot: RunningBot) -> None:
    assert not create_set(bot).errors
    past_the_first_meeting(bot)
    at(bot, PROMPT_2)
    assert len(bot_dms(bot, "UDEE")) == 1
    before = report_of(bot, "UDEE", 2)
    removed = bot.slack.command("UANA", CHANNEL, "remove <@UDEE>")
    assert "Removed <@UDEE>" in (removed.message or {}).get("text", ""), removed.message

    bot.slack.dm("UDEE", "I spoke to my manager")
    said = bot_dms(bot, "UDEE")[-1]
    assert "no longer a member" in said and "Leaders' set 🌱" in said
    assert "`/set join`" in said
    after = report_of(bot, "UDEE", 2)
    assert (after.data, after.complete, after.updated_at) == (
        before.data,
        before.complete,
        before.updated_at,
    )
    assert answers_of(bot, "UDEE", 2) == ([""] * 5, 0)

    # the form from the prompt is refused the same way, and opens nothing
    views = len(bot.standin.views_opened("UDEE"))
    assert click_in_dm(bot, "UDEE", dm_messages(bot, "UDEE")[0], "Answer in a form").ok
    assert "no longer a member" in bot_dms(bot, "UDEE")[-1]
    assert len(bot.standin.views_opened("UDEE")) == views

    # two hours before the meeting: the others are reminded, Dee is not
    dee_dms = len(bot_dms(bot, "UDEE"))
    assert [j.status for j in jobs(bot, "reminder", "UDEE") if j.status == "pending"] == []
    at(bot, REMINDER_2)
    assert len(bot_dms(bot, "UDEE")) == dee_dms
    for user in ("UANA", "UBEN", "UCAI"):
        assert bot_dms(bot, user)[-1].startswith("A reminder:"), user
    assert not any(t.startswith("A reminder:") for t in bot_dms(bot, "UDEE"))
