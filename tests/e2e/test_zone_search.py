"""The set form's time zone: a searchable select whose options come from the bot as Slack
asks for them (block_suggestion), in both transports; defaulting to the facilitator's own
zone from Slack."""

from __future__ import annotations

from typing import Any

from tests.e2e.harness import RunningBot
from tests.e2e.steps import open_form
from tests.slack_standin import payloads


def options_for(bot: RunningBot, user: str, view: dict[str, Any], typed: str) -> list[dict]:
    """Type into the time zone select as `user`: the options the bot answers with."""
    payload = payloads.base_interaction(
        bot.standin, "block_suggestion", user, bot.standin.issue_trigger(user)
    )
    payload.update(
        action_id="value", block_id="timezone", value=typed, view=view, container={"type": "view"}
    )
    reply = bot.slack.transport.deliver("interactive", payload)
    assert reply.ok, reply
    return list((reply.message or {}).get("options") or [])


def zone_select(view: dict[str, Any]) -> dict[str, Any]:
    (block,) = [b for b in view["blocks"] if b.get("block_id") == "timezone"]
    return block["element"]


def test_typing_a_city_or_a_region_finds_the_zone(bot: RunningBot) -> None:
    view = open_form(bot)
    select = zone_select(view)
    assert select["type"] == "external_select"
    assert select["initial_option"]["value"] == "Europe/London"  # Ana's own zone in Slack
    for typed in ("denver", "mountain"):
        found = options_for(bot, "UANA", view, typed)
        assert found[0]["value"] == "America/Denver", (typed, found[:3])
        assert found[0]["text"]["text"].startswith("America/Denver (UTC")
    assert options_for(bot, "UANA", view, "zzzz") == []
    assert len(options_for(bot, "UANA", view, "a")) == 100  # Slack shows at most 100


def test_someone_else_searching_the_form_gets_no_options(bot: RunningBot) -> None:
    view = open_form(bot)
    assert options_for(bot, "UEVE", view, "denver") == []


def test_a_zone_picked_from_the_search_is_saved(bot: RunningBot) -> None:
    from bot.store.tables import LearningSet
    from tests.common import FORM_VALUES
    from tests.e2e.steps import rows

    view = open_form(bot)
    (option,) = [o for o in options_for(bot, "UANA", view, "denver")][:1]
    values = {**FORM_VALUES, "timezone": {"value": option}}
    reply = bot.slack.submit("UANA", view["id"], values)
    assert reply.ok and not reply.errors, reply.message
    (the_set,) = rows(bot, LearningSet)
    assert the_set.timezone == "America/Denver"
