"""The coach's Intervene button (pause, ask the whole set, resume) and stars on questions in a
turn's thread, which build the set's question bank (App Home, set summary, export)."""

from __future__ import annotations

import csv
import io
import re

from bot.store.tables import Contribution
from tests.e2e.conftest import CHANNEL
from tests.e2e.harness import RunningBot
from tests.e2e.steps import (
    control_message,
    end_meeting,
    ephemeral_texts,
    press,
    rows,
    seen,
    start_meeting,
    turn_roots,
)
from tests.e2e.transports import http_only_bot  # noqa: F401  (`bot`: HTTP only)

PRESENT = {
    "UANA": "Here, no issue",
    "UBEN": "Here, with an issue",
    "UCAI": "Here, no issue",
    "UDEE": "Here, no issue",
}
QUESTION = "What are we not asking Ben about?"


def to_questions(bot: RunningBot) -> str:
    """Start the meeting and press Next to Ben's questions step; his turn thread's ts."""
    start_meeting(bot, PRESENT)
    for _ in range(12):
        if "Issue round: questions" in seen(bot, control_message(bot)):
            return turn_roots(bot, "Issue round")[-1]["ts"]
        assert press(bot, "UANA", "Next").ok
    raise AssertionError(bot.standin.transcript())


def buttons(bot: RunningBot) -> set[str]:
    """The labels of the control message's buttons."""
    message = control_message(bot)
    return {
        e["text"]["text"]
        for b in message.get("blocks", [])
        if b.get("type") == "actions"
        for e in b["elements"]
    }


def paused(bot: RunningBot) -> bool:
    shown = buttons(bot)
    assert ("Resume" in shown) != ("Pause" in shown), shown
    return "Resume" in shown


def settle(bot: RunningBot) -> None:
    """Wait for the bot's work after a request the driver doesn't wait on itself."""
    bot.slack.executor.wait_idle()  # type: ignore[attr-defined]


def intervene(bot: RunningBot) -> dict:
    """Ana clicks Intervene; the modal that opened."""
    before = len(bot.standin.views_opened("UANA"))
    assert press(bot, "UANA", "Intervene").ok
    opened = bot.standin.views_opened("UANA")
    assert len(opened) == before + 1, bot.standin.transcript()
    view = opened[-1]
    assert view["title"]["text"] == "Intervene"
    assert bot.standin.is_open(view["id"])
    return view


# ---- Intervene ----


def test_the_facilitator_intervenes_asks_the_set_and_resumes(bot: RunningBot) -> None:
    thread = to_questions(bot)
    assert not paused(bot)
    left = re.search(r"⏱ (\d+) min left", seen(bot, control_message(bot)))
    assert left, seen(bot, control_message(bot))
    view = intervene(bot)
    assert paused(bot)
    # the turn's clock is stopped: no "time is up" while the coach asks
    bot.clock.advance(hours=2)
    assert bot.tick() == 0
    assert not any("Time is up" in seen(bot, m) for m in bot.standin.thread(CHANNEL, thread))

    reply = bot.slack.submit("UANA", view["id"], {"intervene_text": {"value": QUESTION}})
    assert reply.ok and not reply.errors, reply.message
    assert not bot.standin.is_open(view["id"])
    assert QUESTION not in seen(bot, bot.standin.messages(CHANNEL)[-1])  # not at top level
    asked = bot.standin.thread(CHANNEL, thread)[-1]  # in the presenter's thread
    text = seen(bot, asked)
    assert "<@UANA>" in text and QUESTION in text and "whole set" in text
    assert paused(bot)  # the clock stays stopped until the coach resumes

    assert bot.slack.click("UANA", CHANNEL, asked["ts"], button_text="Resume the meeting").ok
    assert not paused(bot)
    control = seen(bot, control_message(bot))
    assert "Issue round: questions" in control and f"⏱ {left.group(1)} min left" in control
    settle(bot)
    after = bot.standin.message(CHANNEL, asked["ts"])
    assert after is not None and QUESTION in seen(bot, after)  # the words stay...
    assert "Resume the meeting" not in str(after.get("blocks"))  # ...the button goes
    assert bot.standin.violations == []


def test_the_intervene_question_loses_its_button_however_the_meeting_resumes(
    bot: RunningBot,
) -> None:
    thread = to_questions(bot)
    view = intervene(bot)
    assert bot.slack.submit("UANA", view["id"], {"intervene_text": {"value": QUESTION}}).ok
    asked = bot.standin.thread(CHANNEL, thread)[-1]
    assert bot.slack.command("UANA", CHANNEL, "resume").ok  # not the question's own button
    settle(bot)
    after = bot.standin.message(CHANNEL, asked["ts"])
    assert after is not None and "Resume the meeting" not in str(after.get("blocks"))
    assert "has resumed" in seen(bot, after)


def test_cancelling_the_intervene_modal_resumes_the_meeting(bot: RunningBot) -> None:
    to_questions(bot)
    messages = len(bot.standin.messages(CHANNEL))
    view = intervene(bot)
    assert paused(bot)
    bot.slack.close("UANA", view["id"])
    settle(bot)
    assert not paused(bot)
    # nothing was asked in the channel
    assert not any(QUESTION in seen(bot, m) for m in bot.standin.messages(CHANNEL)[messages:])


def test_cancelling_intervene_keeps_a_meeting_paused_before_it_paused(bot: RunningBot) -> None:
    to_questions(bot)
    assert press(bot, "UANA", "Pause").ok
    assert paused(bot)
    view = intervene(bot)
    assert paused(bot)
    bot.slack.close("UANA", view["id"])
    settle(bot)
    assert paused(bot)


def test_a_member_who_is_not_facilitator_cannot_intervene(bot: RunningBot) -> None:
    to_questions(bot)
    assert press(bot, "UBEN", "Intervene").ok
    assert bot.standin.views_opened("UBEN") == []
    assert any("Only the facilitator" in t and "<@UANA>" in t for t in ephemeral_texts(bot, "UBEN"))
    assert not paused(bot)


def test_an_empty_intervention_gets_an_inline_error(bot: RunningBot) -> None:
    to_questions(bot)
    view = intervene(bot)
    messages = len(bot.standin.messages(CHANNEL))
    reply = bot.slack.submit("UANA", view["id"], {"intervene_text": {"value": "   "}})
    assert reply.ok
    assert set(reply.errors or {}) == {"intervene_text"}, reply.message
    assert "question" in (reply.errors or {})["intervene_text"]
    assert bot.standin.is_open(view["id"])
    assert len(bot.standin.messages(CHANNEL)) == messages
    assert paused(bot)


# ---- Stars and the question bank ----


def starred(bot: RunningBot) -> dict[str, str | None]:
    """text → who starred it, for every thread message the bot kept."""
    return {c.text: c.starred_by for c in rows(bot, Contribution)}


def test_a_star_reaction_adds_a_question_to_the_bank(bot: RunningBot) -> None:
    thread = to_questions(bot)
    said = bot.slack.say("UDEE", CHANNEL, "What would success look like for you?", thread)
    assert said.ok
    question = bot.standin.thread(CHANNEL, thread)[-1]
    assert bot.slack.react("UCAI", CHANNEL, question["ts"], "star").ok
    assert starred(bot) == {"What would success look like for you?": "UCAI"}
    (row,) = rows(bot, Contribution)
    assert row.starred_at is not None
    in_thread = [seen(bot, e) for e in bot.standin.ephemerals(user="UCAI", thread_ts=thread)]
    assert any("Added to" in t and "question bank" in t for t in in_thread), in_thread

    # a star on a message outside any turn's thread is not the bank's business
    bot.slack.say("UDEE", CHANNEL, "Coffee is in the kitchen")
    outside = bot.standin.messages(CHANNEL)[-1]
    ephemerals = len(bot.standin.ephemerals(user="UCAI"))
    assert bot.slack.react("UCAI", CHANNEL, outside["ts"], "star").ok
    assert len(bot.standin.ephemerals(user="UCAI")) == ephemerals
    assert len(rows(bot, Contribution)) == 1

    # taking the star off takes it out of the bank
    assert bot.slack.unreact("UCAI", CHANNEL, question["ts"], "star").ok
    assert starred(bot) == {"What would success look like for you?": None}


def test_the_star_shortcut_stars_a_thread_message_and_refuses_elsewhere(
    bot: RunningBot,
) -> None:
    thread = to_questions(bot)
    bot.slack.say("UANA", CHANNEL, "How did the board react", thread)
    question = bot.standin.thread(CHANNEL, thread)[-1]
    assert bot.slack.message_shortcut("UBEN", CHANNEL, question["ts"], "star_question").ok
    settle(bot)
    answer = bot.standin.ephemerals(user="UBEN")[-1]
    assert answer["via"] == "response_url" and "question bank" in seen(bot, answer)
    assert starred(bot) == {"How did the board react": "UBEN"}

    # a second star: it's there already
    assert bot.slack.message_shortcut("UCAI", CHANNEL, question["ts"], "star_question").ok
    settle(bot)
    assert "already" in ephemeral_texts(bot, "UCAI")[-1]
    assert starred(bot) == {"How did the board react": "UBEN"}

    # someone outside the set can't star its questions
    question2 = bot.slack.say("UDEE", CHANNEL, "Who decides in the end?", thread)
    assert question2.ok
    latest = bot.standin.thread(CHANNEL, thread)[-1]
    assert bot.slack.message_shortcut("UEVE", CHANNEL, latest["ts"], "star_question").ok
    settle(bot)
    assert "Only members" in ephemeral_texts(bot, "UEVE")[-1]
    assert starred(bot)["Who decides in the end?"] is None

    # outside any turn thread: a top-level message, and a report-back thread's reply
    bot.slack.say("UDEE", CHANNEL, "Where shall we have lunch?")
    top = bot.standin.messages(CHANNEL)[-1]
    report_thread = turn_roots(bot, "Report back")[0]["ts"]
    bot.slack.say("UDEE", CHANNEL, "What did you try first?", report_thread)
    reply_in_report = bot.standin.thread(CHANNEL, report_thread)[-1]
    for ts in (top["ts"], reply_in_report["ts"]):
        assert bot.slack.message_shortcut("UDEE", CHANNEL, ts, "star_question").ok
        settle(bot)
        said = bot.standin.ephemerals(user="UDEE")[-1]
        assert said["via"] == "response_url"
        assert "Only messages in an issue round's thread" in seen(bot, said)
    assert starred(bot) == {"How did the board react": "UBEN", "Who decides in the end?": None}


def test_starred_questions_reach_app_home_the_set_summary_and_the_export(
    http_bot: RunningBot,
) -> None:
    bot = http_bot
    thread = to_questions(bot)
    bot.slack.say("UDEE", CHANNEL, "What would success look like for you?", thread)
    first = bot.standin.thread(CHANNEL, thread)[-1]
    bot.slack.say("UCAI", CHANNEL, "You should talk to HR.", thread)
    bot.slack.say("UANA", CHANNEL, "How did the board react", thread)
    second = bot.standin.thread(CHANNEL, thread)[-1]
    bot.slack.react("UCAI", CHANNEL, first["ts"], "star")
    bot.slack.message_shortcut("UBEN", CHANNEL, second["ts"], "star_question")
    settle(bot)

    assert bot.slack.open_home("UANA").ok
    home = seen(bot, bot.standin.home("UANA"))
    assert "Question bank" in home
    assert "⭐ What would success look like for you?" in home
    assert "⭐ How did the board react" in home
    assert "You should talk to HR." not in home

    end_meeting(bot)
    assert bot.slack.open_home("UANA").ok
    home = seen(bot, bot.standin.home("UANA"))
    (asked,) = [line for line in home.splitlines() if "Questions asked" in line]
    assert asked == "*Questions asked (L = P + Q):* <@UANA> 1, <@UDEE> 1"
    assert bot.slack.command("UANA", CHANNEL, "close").ok
    closed = seen(bot, bot.standin.messages(CHANNEL)[-1])
    assert "has closed" in closed and "From the question bank" in closed
    assert "⭐ What would success look like for you?" in closed
    assert "⭐ How did the board react" in closed and "talk to HR" not in closed

    assert bot.slack.command("UANA", CHANNEL, "export").ok
    dm = bot.standin.dm_channel("UANA").id
    files = {f.name: f for f in bot.standin.files(dm)}
    (md,) = [f for name, f in files.items() if name.endswith(".md")]
    (table,) = [f for name, f in files.items() if name.endswith(".csv")]
    summary = bot.standin.file_text(md.id)
    bank = summary.split("## Question bank", 1)[1]
    assert "What would success look like for you?" in bank
    assert "How did the board react" in bank and "talk to HR" not in bank
    parsed = list(csv.DictReader(io.StringIO(bot.standin.file_text(table.id, "utf-8-sig"))))
    questions = sorted(r["text"] for r in parsed if r["section"] == "question")
    assert questions == ["How did the board react", "What would success look like for you?"]
    assert bot.standin.violations == []


def test_a_star_refreshes_the_facilitators_open_app_home(http_bot: RunningBot) -> None:
    """App Home is refreshed when something changes: a new question in the bank is one.

    The set's Homes are refreshed as due work (the scheduler's next wake-up), once per
    person however many stars came in before it: not one publish per member per star
    inside the reaction's request.
    """
    bot = http_bot
    thread = to_questions(bot)
    assert bot.slack.open_home("UANA").ok
    assert "Question bank" not in seen(bot, bot.standin.home("UANA"))
    asked = ["What would success look like for you?", "Who else sees it that way?"]
    for text in asked:
        bot.slack.say("UDEE", CHANNEL, text, thread)
    published = len(bot.standin.calls_to("views.publish"))
    for question in bot.standin.thread(CHANNEL, thread)[-2:]:
        assert bot.slack.react("UCAI", CHANNEL, question["ts"], "star").ok
    assert starred(bot) == dict.fromkeys(asked, "UCAI")
    assert len(bot.standin.calls_to("views.publish")) == published  # nothing in the request
    bot.tick()
    home = seen(bot, bot.standin.home("UANA"))
    assert all(f"⭐ {text}" in home for text in asked)
    publishes = [c.args.get("user_id") for c in bot.standin.calls_to("views.publish")]
    assert sorted(publishes[published:]) == sorted(["UANA", "UBEN", "UCAI", "UDEE"])
