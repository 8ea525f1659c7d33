"""Slack failing while DMs go out (the welcomes before a set's first meeting, the report-back
prompts before the others): a 429 holds the workspace back until its Retry-After and
everything arrives once; a member Slack can't reach is recorded, and the facilitator is told
once."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from bot.store.tables import SlackUser
from tests.e2e.conftest import CHANNEL, MEMBERS, OUTSIDER
from tests.e2e.harness import RunningBot
from tests.e2e.steps import (
    MEETING_1,
    MEETING_2,
    PROMPT_1,
    PROMPT_2,
    REMINDER_2,
    at,
    bot_dms,
    create_set,
    is_ready_dm,
    jobs,
    past_the_first_meeting,
    rows,
    start_and_end,
)
from tests.slack_standin.server import SlackStandin

SIX = [*MEMBERS, "UFAY", "UGUS"]
CANT_REACH = "I can't reach"


def six_members(standin: SlackStandin) -> None:
    standin.add_user("UFAY", "fay")
    standin.add_user("UGUS", "gus")
    standin.add_channel(CHANNEL, "action-set", members=[*SIX, OUTSIDER])


def ok_calls(standin: SlackStandin, method: str, key: str) -> Counter:
    """Successful calls of `method` by their `key` argument, leaving out the set's channel
    (and the facilitator's "is ready" DM from the set's creation)."""
    return Counter(
        c.args.get(key)
        for c in standin.calls_to(method, ok_only=True)
        if c.args.get(key) != CHANNEL and not is_ready_dm(c.args)
    )


def test_429_on_every_third_call_delivers_every_prompt_once(http_bot: RunningBot) -> None:
    bot, standin = http_bot, http_bot.standin
    six_members(standin)
    assert not create_set(bot, members=SIX).errors
    standin.rate_limit("chat.postMessage", every=3)

    at(bot, PROMPT_1)  # the welcomes (the brief is later)
    for _ in range(20):  # each 429 holds the workspace for its Retry-After (1 s)
        bot.clock.advance(seconds=1)
        if {j.status for j in jobs(bot, "welcome", number=1)} == {"done"}:
            break
        bot.tick()
    for user in SIX:
        (welcome,) = bot_dms(bot, user)
        assert "Welcome to" in welcome, user
    posted = ok_calls(standin, "chat.postMessage", "channel")
    assert posted == Counter(u for u in SIX)  # to the person: Slack opens the DM itself
    assert standin.calls_to("conversations.open") == []
    limited = [c for c in standin.calls if c.error == "ratelimited"]
    # a 429 holds every worker back: nobody posts into a hold
    assert 1 <= len(limited) <= 3 and {c.method for c in limited} == {"chat.postMessage"}
    assert {j.status for j in jobs(bot, "welcome", number=1)} == {"done"}
    assert all(j.attempts == 1 for j in jobs(bot, "welcome", number=1))  # holds don't count
    assert bot.tick() == 0

    # replies in the DM are answered once each, through the same 429s
    for answer in ("A team that won't change", "Or my manager", "Either"):
        bot.slack.dm("UBEN", answer)
    assert [t.split(":")[0] for t in bot_dms(bot, "UBEN")[1:]] == ["Thanks"] * 3


def test_a_member_slack_cannot_reach_is_recorded_and_the_facilitator_told_once(
    http_bot: RunningBot,
) -> None:
    bot, standin = http_bot, http_bot.standin
    assert not create_set(bot).errors
    past_the_first_meeting(bot)
    standin.add_user("UDEE", "dee", deleted=True)  # deactivated after the set was made

    at(bot, PROMPT_2)
    assert bot_dms(bot, "UDEE") == []
    for user in ("UBEN", "UCAI"):
        assert [("What did you do?" in t) for t in bot_dms(bot, user)] == [True], user
    told = [t for t in bot_dms(bot, "UANA") if CANT_REACH in t]
    assert len(told) == 1 and "<@UDEE>" in told[0] and "user_disabled" in told[0]
    assert "`/set remove`" in told[0]
    (dee,) = jobs(bot, "prompt", "UDEE", number=2)
    assert dee.status == "done" and dee.last_error, dee
    (person,) = [p for p in rows(bot, SlackUser) if p.user_id == "UDEE"]
    assert person.unreachable == "user_disabled"

    at(bot, REMINDER_2)  # Dee's reminder falls due: still unreachable, nobody told again
    (reminder,) = jobs(bot, "reminder", "UDEE", number=2)
    assert reminder.status == "done" and reminder.last_error, reminder
    assert bot_dms(bot, "UDEE") == []
    assert len([t for t in bot_dms(bot, "UANA") if CANT_REACH in t]) == 1
    for user in ("UBEN", "UCAI"):
        assert bot_dms(bot, user)[-1].startswith("A reminder:"), user
    posted = ok_calls(standin, "chat.postMessage", "channel")
    assert posted["DUDEE"] == posted["UDEE"] == 0


def test_user_not_found_for_a_new_member_is_told_once_and_others_are_unaffected(
    http_bot: RunningBot,
) -> None:
    bot, standin = http_bot, http_bot.standin
    assert not create_set(bot).errors
    at(bot, PROMPT_1)  # the four DMs are open and kept
    start_and_end(bot, MEETING_1)
    added = bot.slack.command("UANA", CHANNEL, f"add <@{OUTSIDER}>")
    assert "Added" in (added.message or {}).get("text", ""), added.message
    standin.fail("users.info", "user_not_found", times=1)  # only Eve's zone is unknown

    at(bot, PROMPT_2)
    assert bot_dms(bot, OUTSIDER) == []
    for user in MEMBERS:
        texts = bot_dms(bot, user)
        assert sum("meeting 2" in t and "What did you do?" in t for t in texts) == 1, user
    told = [t for t in bot_dms(bot, "UANA") if CANT_REACH in t]
    assert len(told) == 1 and f"<@{OUTSIDER}>" in told[0] and "user_not_found" in told[0]
    (eve,) = jobs(bot, "prompt", OUTSIDER, number=2)
    assert eve.status == "done" and "user_not_found" in (eve.last_error or ""), eve

    at(bot, MEETING_2 - timedelta(hours=2))  # the reminders of meeting 2
    assert len([t for t in bot_dms(bot, "UANA") if CANT_REACH in t]) == 1
    assert bot_dms(bot, OUTSIDER) == []
    assert bot_dms(bot, "UBEN")[-1].startswith("A reminder:")


def test_the_dm_opened_to_tell_the_facilitator_is_kept(http_bot: RunningBot) -> None:
    bot, standin = http_bot, http_bot.standin
    assert not create_set(bot).errors
    standin.add_user("UANA", "ana", tz="America/New_York")  # 05:00 there: her prompt waits
    standin.add_user("UDEE", "dee", deleted=True)

    at(bot, PROMPT_1)
    assert len([t for t in bot_dms(bot, "UANA") if CANT_REACH in t]) == 1
    at(bot, PROMPT_1.replace(hour=13))  # 08:00 in New York
    assert sum("Welcome to" in t for t in bot_dms(bot, "UANA")) == 1
    assert standin.calls_to("conversations.open") == []
    (ana,) = [p for p in rows(bot, SlackUser) if p.user_id == "UANA"]
    assert ana.dm_channel == "DUANA"  # learned from the first post, kept
