"""Where `/set create` and `/set settings` open the form, and where they explain instead."""

from __future__ import annotations

from typing import Any

from bot.flows.setup import DEFAULT_GROUND_RULES
from bot.store.tables import LearningSet, Meeting, Membership
from tests.e2e.conftest import CHANNEL, MEMBERS
from tests.e2e.harness import RunningBot
from tests.e2e.steps import FORM_VALUES, create_set, open_form, rows, seen
from tests.e2e.transports import http_only_bot  # noqa: F401  (`bot`: HTTP only)

OUTSIDE = "C0OUT"


def element(view: dict[str, Any], block_id: str) -> dict[str, Any]:
    block = next(b for b in view["blocks"] if b.get("block_id") == block_id)
    return block["element"]


def test_create_where_the_bot_is_not_a_member_says_how_to_invite_it(bot: RunningBot) -> None:
    bot.standin.add_channel(OUTSIDE, "no-bot-here", members=list(MEMBERS), bot_member=False)
    reply = bot.slack.command("UANA", OUTSIDE, "create")
    assert reply.ok
    text = (reply.message or {}).get("text", "")
    assert "/invite" in text and "@setbot" in text
    assert bot.standin.views_opened() == []
    assert rows(bot, LearningSet) == []
    assert bot.standin.messages(OUTSIDE) == []


def test_create_in_a_private_channel_the_bot_cannot_see_says_how_to_invite_it(
    bot: RunningBot,
) -> None:
    bot.standin.add_channel(
        OUTSIDE, "secret", private=True, members=list(MEMBERS), bot_member=False
    )
    reply = bot.slack.command("UANA", OUTSIDE, "create")
    assert "/invite" in (reply.message or {}).get("text", "")
    assert bot.standin.views_opened() == []


def test_create_where_a_set_exists_points_to_settings(bot: RunningBot) -> None:
    create_set(bot)
    reply = bot.slack.command("UBEN", CHANNEL, "create")
    text = (reply.message or {}).get("text", "")
    assert "already has a set" in text and "Leaders' set 🌱" in text
    assert "`/set settings`" in text
    assert bot.standin.views_opened("UBEN") == []
    assert len(rows(bot, LearningSet)) == 1


def test_settings_opens_the_form_prefilled_and_saving_updates_the_set(bot: RunningBot) -> None:
    create_set(bot, rotating="rotating", cadence="biweekly", lead_hours="48")
    view = open_form(bot, "UANA", "settings")
    assert view["title"]["text"] == "Set settings" and view["submit"]["text"] == "Save"
    created_with = bot.standin.views_opened("UANA")[0]
    assert [b["block_id"] for b in view["blocks"]] == [
        b["block_id"] for b in created_with["blocks"]
    ]
    assert element(view, "name")["initial_value"] == "Leaders' set 🌱"
    assert element(view, "theme")["initial_value"] == "Leading through change"
    assert element(view, "members")["initial_users"] == list(MEMBERS)
    assert element(view, "facilitator")["initial_user"] == "UANA"
    assert element(view, "rotating")["initial_option"]["value"] == "rotating"
    assert element(view, "cadence")["initial_option"]["value"] == "biweekly"
    assert element(view, "weekday")["initial_option"]["value"] == "1"
    assert element(view, "time")["initial_time"] == "10:00"
    assert element(view, "timezone")["initial_option"]["value"] == "Europe/London"
    assert element(view, "first_date")["initial_date"] == "2026-11-24"
    assert element(view, "meeting_minutes")["initial_value"] == "90"
    assert element(view, "meeting_count")["initial_value"] == "6"
    assert element(view, "lead_hours")["initial_value"] == "48"
    assert element(view, "ground_rules")["initial_value"] == DEFAULT_GROUND_RULES

    # change the length, the name and drop Dee; everything else stays as prefilled
    changes = {
        "name": {"value": "Leaders' set, renamed"},
        "meeting_minutes": {"value": "120"},
        "members": {"value": ["UANA", "UBEN", "UCAI"]},
    }
    reply = bot.slack.submit("UANA", view["id"], changes)
    assert reply.ok and not reply.errors, reply.message
    (the_set,) = rows(bot, LearningSet)
    assert the_set.name == "Leaders' set, renamed" and the_set.meeting_minutes == 120
    assert the_set.rotating and the_set.cadence == "biweekly" and the_set.prompt_lead_hours == 48
    assert the_set.theme == "Leading through change" and the_set.meeting_count == 6
    assert sorted(m.user_id for m in rows(bot, Membership)) == ["UANA", "UBEN", "UCAI"]
    assert len(rows(bot, Meeting)) == 6
    announcement = seen(bot, bot.standin.messages(CHANNEL)[-1])
    assert "\n" not in announcement  # one line: what changed, not the whole set again
    assert announcement.startswith("⚙️ <@UANA> changed the settings:")
    assert "name Leaders' set, renamed (was Leaders' set" in announcement
    assert "length 120 minutes (was 90 minutes)" in announcement
    assert "removed <@UDEE>" in announcement


def test_settings_by_someone_other_than_the_facilitator_is_refused(bot: RunningBot) -> None:
    create_set(bot)
    before = [(s.name, s.updated_at) for s in rows(bot, LearningSet)]
    reply = bot.slack.command("UBEN", CHANNEL, "settings")
    text = (reply.message or {}).get("text", "")
    assert "Only the set's facilitator, <@UANA>" in text
    assert bot.standin.views_opened("UBEN") == []
    assert [(s.name, s.updated_at) for s in rows(bot, LearningSet)] == before


def test_settings_in_a_channel_without_a_set_points_to_create(bot: RunningBot) -> None:
    reply = bot.slack.command("UANA", CHANNEL, "settings")
    assert "`/set create`" in (reply.message or {}).get("text", "")
    assert bot.standin.views_opened() == []


def test_two_create_forms_open_at_once_the_later_one_gets_an_inline_error(
    bot: RunningBot,
) -> None:
    ana = open_form(bot, "UANA")
    ben = open_form(bot, "UBEN")  # both opened before any set exists
    first = bot.slack.submit("UANA", ana["id"], FORM_VALUES)
    assert first.ok and not first.errors, first.message
    second = bot.slack.submit("UBEN", ben["id"], {**FORM_VALUES, "facilitator": {"value": "UBEN"}})
    assert second.ok
    assert len(rows(bot, LearningSet)) == 1 and rows(bot, LearningSet)[0].facilitator_id == "UANA"
    assert second.errors is not None, "the form closed without a word"
    assert "already has a set" in second.errors["name"]
    assert bot.standin.is_open(ben["id"])
