"""Bad input in the report-back DM: a reply when nothing is open, an empty answer, an answer
too long, and answers in emoji and right-to-left scripts (kept exactly as written)."""

from __future__ import annotations

import time
import unicodedata
from concurrent.futures import ThreadPoolExecutor

from tests.e2e.conftest import OUTSIDER
from tests.e2e.harness import RunningBot
from tests.e2e.steps import (
    PROMPT_2,
    answers_of,
    at,
    bot_dms,
    create_set,
    jobs,
    past_the_first_meeting,
    report_of,
)
from tests.e2e.transports import http_only_bot  # noqa: F401  (`bot`: HTTP only)

EMPTY = [""] * 5


def prompted(bot: RunningBot) -> None:
    """The default set past its first meeting, and its members' prompts for meeting 2."""
    assert not create_set(bot).errors
    past_the_first_meeting(bot)
    assert at(bot, PROMPT_2) >= 4
    assert "1/5* What did you do?" in bot_dms(bot, "UBEN")[-1]


def test_a_reply_with_no_report_back_open_gets_a_friendly_explanation(bot: RunningBot) -> None:
    reply = bot.slack.dm(OUTSIDER, "hello?")
    assert reply.ok
    (said,) = bot_dms(bot, OUTSIDER)  # in no set: what Setbot is, and how to join or start one
    assert "You're not in a set yet" in said and "`/set join`" in said

    # a member of a set whose prompts haven't gone out yet is told none is open, and nothing
    # is stored for them
    assert not create_set(bot).errors
    bot.slack.dm("UBEN", "I did everything")
    assert ["no report-back open" in t for t in bot_dms(bot, "UBEN")] == [True]
    assert report_of(bot, "UBEN", 2) is None


def test_an_empty_answer_is_refused_and_the_question_stays(bot: RunningBot) -> None:
    prompted(bot)
    before = report_of(bot, "UBEN", 2)
    for blank in ("   ", "\n\t ", "\u200b"):
        bot.slack.dm("UBEN", blank)
        assert "I didn't catch an answer" in bot_dms(bot, "UBEN")[-1], blank
        assert "`skip`" in bot_dms(bot, "UBEN")[-1]
    after = report_of(bot, "UBEN", 2)
    assert (after.data, after.complete, after.updated_at) == (
        before.data,
        before.complete,
        before.updated_at,
    )
    assert answers_of(bot, "UBEN", 2) == (EMPTY, 0)

    bot.slack.dm("UBEN", "Talked to the board")  # the same first question is still open
    assert answers_of(bot, "UBEN", 2) == (["Talked to the board", "", "", "", ""], 1)
    assert "2/5* What happened?" in bot_dms(bot, "UBEN")[-1]


def test_a_5000_character_answer_is_refused_with_the_limit(bot: RunningBot) -> None:
    prompted(bot)
    bot.slack.dm("UBEN", "First answer")
    before = report_of(bot, "UBEN", 2)

    bot.slack.dm("UBEN", "x" * 5000)
    said = bot_dms(bot, "UBEN")[-1]
    assert "5,000 characters" in said and "3,000" in said
    assert "form" in said  # it says what to do instead
    after = report_of(bot, "UBEN", 2)
    assert (after.data, after.updated_at) == (before.data, before.updated_at)
    assert answers_of(bot, "UBEN", 2) == (["First answer", "", "", "", ""], 1)

    bot.slack.dm("UBEN", "y" * 3000)  # exactly at the limit: taken, for question 2
    assert answers_of(bot, "UBEN", 2) == (["First answer", "y" * 3000, "", "", ""], 2)
    assert "3/5*" in bot_dms(bot, "UBEN")[-1]


ANSWERS = [
    "👩🏽‍💻 shipped it 🚀🇬🇧",
    "מה קרה? הצוות הסכים",
    "ما حدث: وافق الفريق ✅",
    "\u200fRTL mark first, then 日本語 and e\u0301 (combining)",
    "Mixed: שלום world مرحبا 👋🏿",
]


def test_emoji_and_right_to_left_answers_are_stored_and_shown_exactly(bot: RunningBot) -> None:
    prompted(bot)
    for answer in ANSWERS:
        bot.slack.dm("UCAI", answer)
    # kept exactly as written, in NFC: the combining é is stored as the one character é
    kept = [unicodedata.normalize("NFC", a) for a in ANSWERS]
    assert kept != ANSWERS and answers_of(bot, "UCAI", 2) == (kept, 5)
    assert report_of(bot, "UCAI", 2).complete
    confirmation = bot_dms(bot, "UCAI")[-1]
    assert "report is in" in confirmation
    for answer in kept:
        assert answer in confirmation, answer


def test_ampersands_and_angle_brackets_are_stored_as_typed(http_bot: RunningBot) -> None:
    prompted(http_bot)
    # Slack escapes &, < and > in a message event's text: "R&D <3 a>b" arrives like this
    http_bot.slack.dm("UBEN", "R&amp;D &lt;3 a&gt;b")
    assert answers_of(http_bot, "UBEN", 2) == (["R&D <3 a>b", "", "", "", ""], 1)
    for _ in range(4):
        http_bot.slack.dm("UBEN", "skip")
    shown = bot_dms(http_bot, "UBEN")[-1]
    assert "R&amp;D &lt;3 a&gt;b" in shown and "&amp;amp;" not in shown


def test_mentions_and_links_in_an_answer_still_show_as_mentions_and_links(
    http_bot: RunningBot,
) -> None:
    """Slack sends a mention as <@U…> and a pasted link as <https://…|label>: the answers are
    shown back with that markup intact, while a typed @here stays harmless text."""
    prompted(http_bot)
    said = "Asked <@UCAI> about <https://example.com/guide?a=1&amp;b=2|the guide> <!here>"
    http_bot.slack.dm("UBEN", said)
    for _ in range(4):
        http_bot.slack.dm("UBEN", "skip")
    shown = bot_dms(http_bot, "UBEN")[-1]
    assert "Asked <@UCAI> about <https://example.com/guide?a=1&amp;b=2|the guide>" in shown
    assert "&lt;!here&gt;" in shown and "&lt;@UCAI&gt;" not in shown


def test_an_answer_sent_while_the_prompt_is_still_being_delivered_is_taken(
    bot: RunningBot,
) -> None:
    """A member answers the moment the prompt shows, before its delivery has written the
    report it opens: the answer waits for that write, then is taken (not "nothing open")."""
    assert not create_set(bot).errors
    past_the_first_meeting(bot)
    bot.standin.latency = 1.0  # Slack takes a second over each post
    bot.clock.now = PROMPT_2
    with ThreadPoolExecutor(1) as pool:
        delivering = pool.submit(bot.tick)
        deadline = time.monotonic() + 10
        while {j.status for j in jobs(bot, "prompt", number=2)} != {"claimed"}:
            assert time.monotonic() < deadline, "the four prompts were never claimed"
            time.sleep(0.02)
        assert bot.slack.dm("UBEN", "Ran the pilot, quickly").ok
        assert delivering.result(timeout=30) >= 4
    bot.standin.latency = 0
    assert answers_of(bot, "UBEN", 2) == (["Ran the pilot, quickly", "", "", "", ""], 1)
    assert "*2/5*" in bot_dms(bot, "UBEN")[-1]
    assert "no report-back open" not in " ".join(bot_dms(bot, "UBEN"))
