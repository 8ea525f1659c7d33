"""Reflection at a meeting's end (the modal, what is stored, what the summary shows) and the
final reflection once a set has closed after its last planned meeting."""

from __future__ import annotations

import json
from typing import Any

from bot.store.tables import Learning, LearningSet, Reflection
from tests.e2e.conftest import CHANNEL, OUTSIDER
from tests.e2e.harness import RunningBot
from tests.e2e.steps import (
    click_copy,
    control_message,
    dm_messages,
    ephemeral_texts,
    press,
    rows,
    seen,
    start_meeting,
)
from tests.e2e.transports import http_only_bot  # noqa: F401  (`bot`: HTTP only)
from tests.slack_standin.reply import Reply

PRESENCE = {
    "UANA": "Here, no issue",
    "UBEN": "Here, with an issue",
    "UCAI": "Here, no issue",
    "UDEE": "Apologies",
}
RATING_WORDS = ("Poor", "Fair", "Good", "Very good", "Excellent")


def to_reflection(bot: RunningBot) -> None:
    """The facilitator presses Next (recording nothing) until the reflection step."""
    for _ in range(20):
        if "*Reflection*" in seen(bot, control_message(bot)):
            return
        assert press(bot, "UANA", "Next").ok
    raise AssertionError(bot.standin.transcript())


def post_with(bot: RunningBot, button: str) -> dict[str, Any]:
    """The latest channel message that has `button`."""
    for message in reversed(bot.standin.messages(CHANNEL)):
        try:
            bot.standin.find_button(message, button)
        except LookupError:
            continue
        return message
    raise AssertionError(f"no message with {button!r}: {bot.standin.transcript()}")


def open_reflection(bot: RunningBot, user: str, button: str = "Write my reflection") -> dict:
    before = len(bot.standin.views_opened(user))
    post = post_with(bot, button)
    assert bot.slack.click(user, CHANNEL, post["ts"], button_text=button).ok
    views = bot.standin.views_opened(user)
    assert len(views) == before + 1, ephemeral_texts(bot, user)
    return views[-1]


def answers(
    learning: str, differently: str, process: str, rating: str | None, share: bool
) -> dict[str, dict[str, Any]]:
    values: dict[str, dict[str, Any]] = {
        "reflect_0": {"value": learning},
        "reflect_1": {"value": differently},
        "reflect_2": {"value": process},
        "reflect_share": {"value": ["share"] if share else []},
    }
    if rating:
        values["reflect_rating"] = {"value": rating}
    return values


def reflect(
    bot: RunningBot,
    user: str,
    values: dict[str, dict[str, Any]],
    button: str = "Write my reflection",
) -> Reply:
    view = open_reflection(bot, user, button)
    return bot.slack.submit(user, view["id"], values)


def test_reflections_are_stored_confirmed_and_summarised_without_names_on_ratings(
    bot: RunningBot,
) -> None:
    start_meeting(bot, PRESENCE)
    to_reflection(bot)
    post = post_with(bot, "Write my reflection")
    assert "Reflection" in seen(bot, post) and "1–5" in seen(bot, post)

    view = open_reflection(bot, "UBEN")
    assert view["title"]["text"] == "Reflection" and view["submit"]["text"] == "Save reflection"
    assert "What was the learning point for you?" in seen(bot, view)
    reply = bot.slack.submit(
        "UBEN",
        view["id"],
        answers("Ask before advising 🌱", "Listen longer", "Well, we kept time", "4", True),
    )
    assert reply.ok and not reply.errors, reply.message
    reply = reflect(
        bot, "UCAI", answers("Silence helps people think", "Speak less", "Rushed", "2", False)
    )
    assert reply.ok and not reply.errors, reply.message

    # stored: one reflection each, and the learning point in the learning log
    by_user = {r.user_id: r for r in rows(bot, Reflection)}
    assert set(by_user) == {"UBEN", "UCAI"}
    assert json.loads(by_user["UBEN"].answers) == [
        "Ask before advising 🌱",
        "Listen longer",
        "Well, we kept time",
    ]
    assert (by_user["UBEN"].rating, by_user["UCAI"].rating) == (4, 2)
    assert not any(r.final for r in by_user.values())
    learnings = {(x.user_id, x.source, x.text, x.shareable) for x in rows(bot, Learning)}
    assert learnings == {
        ("UBEN", "reflection", "Ask before advising 🌱", True),
        ("UCAI", "reflection", "Silence helps people think", False),
    }

    # each gets a DM saying it is saved, and whether the learning point may leave the set
    ben = [seen(bot, m) for m in dm_messages(bot, "UBEN")]
    cai = [seen(bot, m) for m in dm_messages(bot, "UCAI")]
    assert any("reflection" in t and "saved" in t and "may be shared" in t for t in ben), ben
    assert any("saved" in t and "stays inside the set" in t for t in cai), cai

    # opening it again shows what was written, share still ticked
    again = open_reflection(bot, "UBEN")
    blocks = {b.get("block_id"): b for b in again["blocks"]}
    assert blocks["reflect_0"]["element"]["initial_value"] == "Ask before advising 🌱"
    assert blocks["reflect_rating"]["element"]["initial_option"]["value"] == "4"
    assert [o["value"] for o in blocks["reflect_share"]["element"]["initial_options"]] == ["share"]
    bot.slack.close("UBEN", again["id"])

    # the facilitator closes: answers by name, the rating only as an average
    assert press(bot, "UANA", "Next").ok
    summary = bot.standin.messages(CHANNEL)[-1]
    text = seen(bot, summary)
    assert "Summary" in text and "Reflections (2)" in text
    assert "Ask before advising 🌱" in text and "Silence helps people think" in text
    assert "<@UBEN>" in text and "<@UCAI>" in text
    assert "3.0 / 5 on average (2 rated)" in text
    for block in summary["blocks"]:
        for line in seen(bot, {"blocks": [block]}).splitlines():
            if "<@" in line:
                assert "/ 5" not in line and not any(w in line for w in RATING_WORDS), line
    assert bot.standin.violations == []


def test_an_empty_learning_point_gets_an_inline_error_and_nothing_is_stored(
    http_bot: RunningBot,
) -> None:
    bot = http_bot
    start_meeting(bot, PRESENCE)
    to_reflection(bot)
    view = open_reflection(bot, "UANA")
    reply = bot.slack.submit("UANA", view["id"], answers("   ", "More", "Fine", "5", True))
    assert reply.errors and "reflect_0" in reply.errors, reply.message
    assert "learned" in reply.errors["reflect_0"]
    assert bot.standin.is_open(view["id"])
    assert rows(bot, Reflection) == [] and rows(bot, Learning) == []
    assert not any("saved" in seen(bot, m) for m in dm_messages(bot, "UANA"))


def test_a_non_member_cannot_reflect_on_the_sets_meeting(http_bot: RunningBot) -> None:
    bot = http_bot
    start_meeting(bot, PRESENCE)
    to_reflection(bot)
    post = post_with(bot, "Write my reflection")
    assert bot.slack.click(OUTSIDER, CHANNEL, post["ts"], button_text="Write my reflection").ok
    assert bot.standin.views_opened(OUTSIDER) == []
    assert any("Only members" in t for t in ephemeral_texts(bot, OUTSIDER))
    assert rows(bot, Reflection) == []


def test_reflection_is_refused_before_the_reflection_step(http_bot: RunningBot) -> None:
    """A stale or early click: the modal opens only once the meeting reaches reflection."""
    bot = http_bot
    start_meeting(bot, {**PRESENCE, "UDEE": "Here, no issue"})
    to_reflection(bot)
    post = post_with(bot, "Write my reflection")  # the control message, as it was shown
    assert press(bot, "UANA", "Back").ok  # back to the last issue round: the button goes
    assert "Write my reflection" not in str(control_message(bot))
    assert click_copy(bot, "UDEE", post, "Write my reflection").ok  # a stale client
    assert bot.standin.views_opened("UDEE") == []
    assert any("Reflection opens at the end" in t for t in ephemeral_texts(bot, "UDEE"))


def test_after_its_last_meeting_the_set_closes_and_asks_for_a_final_reflection(
    http_bot: RunningBot,
) -> None:
    bot = http_bot
    start_meeting(bot, PRESENCE, first=True, meeting_count="1")  # its one and only meeting
    to_reflection(bot)
    assert reflect(bot, "UBEN", answers("Short turns work", "", "", "5", False)).ok
    assert press(bot, "UANA", "Next").ok

    texts = [seen(bot, m) for m in bot.standin.messages(CHANNEL)]
    summary = next(t for t in texts if t.startswith("Summary"))
    assert "last meeting" in summary and "5.0 / 5 on average" in summary
    assert "has closed" in texts[-1] and "Write my final reflection" in texts[-1]
    assert "read-only" in texts[-1] and "/set export" in texts[-1]
    (the_set,) = rows(bot, LearningSet)
    assert the_set.status == "closed" and the_set.closed_at is not None

    # the final reflection: its own questions, stored apart from the meeting's
    view = open_reflection(bot, "UCAI", "Write my final reflection")
    assert view["title"]["text"] == "Final reflection"
    assert "What was your main learning from this set?" in seen(bot, view)
    reply = bot.slack.submit(
        "UCAI", view["id"], answers("Questions beat answers", "Ask more", "Very well", "4", True)
    )
    assert reply.ok and not reply.errors, reply.message
    final = [r for r in rows(bot, Reflection) if r.final]
    assert [(r.user_id, r.rating) for r in final] == [("UCAI", 4)]
    learnings = {(x.user_id, x.source, x.text, x.shareable) for x in rows(bot, Learning)}
    assert learnings == {
        ("UBEN", "reflection", "Short turns work", False),
        ("UCAI", "final", "Questions beat answers", True),
    }
    assert any("saved" in seen(bot, m) for m in dm_messages(bot, "UCAI"))

    # an outsider can't write one either
    post = post_with(bot, "Write my final reflection")
    bot.slack.click(OUTSIDER, CHANNEL, post["ts"], button_text="Write my final reflection")
    assert bot.standin.views_opened(OUTSIDER) == []
    assert any("Only members" in t for t in ephemeral_texts(bot, OUTSIDER))
    assert bot.standin.violations == []
