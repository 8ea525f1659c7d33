"""The create form: bad values get inline errors by block_id and store nothing; any script
and emoji are kept exactly."""

from __future__ import annotations

from typing import Any

import pytest

from bot.store.tables import LearningSet, Meeting, Membership
from tests.e2e.conftest import CHANNEL, MEMBERS
from tests.e2e.harness import RunningBot
from tests.e2e.steps import FORM_VALUES, create_set, open_form, rows, seen, submit_unchecked
from tests.e2e.transports import http_only_bot  # noqa: F401  (`bot`: HTTP only)
from tests.slack_standin.payloads import SubmissionBlocked

# (block, value, raw, what the error says). raw: Slack's own client would not send this
# value (required and empty, longer than max_length), so it goes as a hand-built payload.
BAD_VALUES = [
    ("name", "   ", False, "Give the set a name"),
    ("name", "", True, "Give the set a name"),
    ("name", "n" * 81, True, "at most 80"),
    ("members", ["UANA"], False, "at least 2 members"),
    ("members", [], True, "at least 2 members"),
    ("facilitator", None, True, "Choose a facilitator"),
    ("timezone", "Mars/Phobos", False, "not a time zone"),
    ("first_date", "2026-11-20", False, "in the past"),
    ("meeting_minutes", "29", True, "from 30 to 480"),
    ("meeting_minutes", "481", True, "from 30 to 480"),
    ("meeting_count", "0", True, "from 1 to 52"),
    ("meeting_count", "53", True, "from 1 to 52"),
    ("lead_hours", "0", True, "from 1 to 168"),
    ("lead_hours", "169", True, "from 1 to 168"),
    ("theme", "t" * 5000, True, "at most 3,000"),
    ("ground_rules", "r" * 5000, True, "at most 3,000"),
]


def values_with(**overrides: Any) -> dict[str, Any]:
    """The good form values as block -> simple value, with some replaced."""
    return {**{block: v["value"] for block, v in FORM_VALUES.items()}, **overrides}


def nothing_stored(bot: RunningBot) -> None:
    assert rows(bot, LearningSet) == []
    assert rows(bot, Membership) == [] and rows(bot, Meeting) == []
    assert bot.standin.messages(CHANNEL) == []


@pytest.mark.parametrize(
    ("block", "value", "raw", "message"),
    BAD_VALUES,
    ids=[f"{b}={str(v)[:12]}" for b, v, *_ in BAD_VALUES],
)
def test_a_bad_value_gets_an_inline_error_and_stores_nothing(
    bot: RunningBot, block: str, value: Any, raw: bool, message: str
) -> None:
    view = open_form(bot)
    values = values_with(**{block: value})
    if raw:
        with pytest.raises(SubmissionBlocked, match=block):  # Slack's client would not send it
            bot.slack.submit("UANA", view["id"], {b: {"value": v} for b, v in values.items()})
        reply = submit_unchecked(bot, "UANA", view["id"], values)
    else:
        reply = bot.slack.submit("UANA", view["id"], {b: {"value": v} for b, v in values.items()})
    assert reply.ok and reply.errors is not None, reply.message
    assert set(reply.errors) == {block}
    assert message in reply.errors[block]
    assert len(reply.errors[block]) <= 300
    assert bot.standin.is_open(view["id"])  # the person can fix it
    nothing_stored(bot)


def test_several_bad_values_are_reported_together(bot: RunningBot) -> None:
    view = open_form(bot)
    reply = submit_unchecked(
        bot,
        "UANA",
        view["id"],
        values_with(name="", timezone="Mars/Phobos", meeting_minutes="29", lead_hours="169"),
    )
    assert reply.errors is not None
    assert set(reply.errors) == {"name", "timezone", "meeting_minutes", "lead_hours"}
    nothing_stored(bot)


def test_a_corrected_form_is_accepted_after_an_error(bot: RunningBot) -> None:
    view = open_form(bot)
    reminder_first = {"lead_hours": {"value": "2"}, "reminder_hours": {"value": "2"}}
    bad = bot.slack.submit("UANA", view["id"], {**FORM_VALUES, **reminder_first})
    assert bad.errors and set(bad.errors) == {"reminder_hours"}
    assert (
        "fewer hours before the meeting than the prompt lead time (2)"
        in bad.errors["reminder_hours"]
    )
    assert "`" not in bad.errors["reminder_hours"]  # plain text: Slack shows no mrkdwn there
    nothing_stored(bot)
    good = bot.slack.submit("UANA", view["id"], FORM_VALUES)
    assert good.ok and not good.errors, good.message
    assert len(rows(bot, LearningSet)) == 1


LIMITS = {
    "smallest": {
        "members": ["UANA", "UBEN"],
        "meeting_minutes": "30",
        "meeting_count": "1",
        "lead_hours": "2",  # the reminder (at least 1 hour) must come after the prompt
        "reminder_hours": "1",
        "name": "S",
    },
    "largest": {
        "name": "N" * 80,
        "theme": "T" * 3000,
        "ground_rules": "R" * 3000,
        "meeting_minutes": "480",
        "meeting_count": "52",
        "lead_hours": "168",
    },
}


@pytest.mark.parametrize("limit", list(LIMITS))
def test_values_at_the_limits_are_accepted_and_stored_exactly(bot: RunningBot, limit: str) -> None:
    values = values_with(**LIMITS[limit])
    view = open_form(bot)
    reply = bot.slack.submit("UANA", view["id"], {b: {"value": v} for b, v in values.items()})
    assert reply.ok and not reply.errors, reply.message
    (the_set,) = rows(bot, LearningSet)
    assert the_set.name == values["name"] and the_set.theme == values["theme"]
    assert the_set.meeting_minutes == int(values["meeting_minutes"])
    assert the_set.meeting_count == int(values["meeting_count"])
    assert the_set.prompt_lead_hours == int(values["lead_hours"])
    assert len(rows(bot, Meeting)) == the_set.meeting_count
    assert sorted(m.user_id for m in rows(bot, Membership)) == sorted(values["members"])
    assert values["name"] in seen(bot, bot.standin.messages(CHANNEL)[-1])
    rules = bot.slack.command("UBEN", CHANNEL, "rules")
    assert the_set.ground_rules in (rules.message or {}).get("text", "")


def test_an_empty_number_of_meetings_means_open_ended(bot: RunningBot) -> None:
    reply = create_set(bot, meeting_count=None)
    assert reply.ok and not reply.errors, reply.message
    (the_set,) = rows(bot, LearningSet)
    assert the_set.meeting_count is None
    assert len(rows(bot, Meeting)) > 0
    assert "open-ended" in seen(bot, bot.standin.messages(CHANNEL)[-1])


NAME = "مجموعة القادة 🌱 קבוצת מנהיגים"
THEME = "שינוי ארגוני 🚀 — إدارة التغيير 👩🏽‍💻 and leading through it"
RULES = "סודיות: מה שנאמר כאן נשאר כאן 🤐\nالحضور: احضر كل اجتماع 🙏\nListen first 👂"


def test_emoji_and_right_to_left_text_are_stored_exactly_and_shown(bot: RunningBot) -> None:
    reply = create_set(bot, name=NAME, theme=THEME)
    assert reply.ok and not reply.errors, reply.message
    (the_set,) = rows(bot, LearningSet)
    assert (the_set.name, the_set.theme) == (NAME, THEME)
    announcement = seen(bot, bot.standin.messages(CHANNEL)[-1])
    assert NAME in announcement and THEME in announcement

    view = open_form(bot, "UANA", "settings")
    reply = bot.slack.submit("UANA", view["id"], {"ground_rules": {"value": RULES}})
    assert reply.ok and not reply.errors, reply.message
    (the_set,) = rows(bot, LearningSet)
    assert (the_set.name, the_set.theme, the_set.ground_rules) == (NAME, THEME, RULES)
    assert "ground rules updated" in seen(bot, bot.standin.messages(CHANNEL)[-1])

    rules = bot.slack.command("UBEN", CHANNEL, "rules")
    assert RULES in (rules.message or {}).get("text", "")
    bot.clock.advance(days=1, hours=1)
    bot.slack.command("UANA", CHANNEL, "start")
    started = [seen(bot, m) for m in bot.standin.messages(CHANNEL) if "has started" in seen(bot, m)]
    assert len(started) == 1 and RULES in started[0] and NAME in started[0]
    assert sorted(m.user_id for m in rows(bot, Membership)) == sorted(MEMBERS)
