"""Questions before advice: statements in a presenter's questions step get one gentle nudge
per person per turn (never the presenter's, never a question's); questions are counted per
member into the closing summary; the facilitator can switch the nudge off."""

from __future__ import annotations

import uuid

from bot.store.tables import Contribution, LearningSet
from tests.e2e.conftest import CHANNEL
from tests.e2e.harness import RunningBot
from tests.e2e.steps import (
    control_message,
    end_meeting,
    press,
    rows,
    seen,
    start_meeting,
    turn_roots,
)
from tests.e2e.transports import http_only_bot  # noqa: F401  (`bot`: HTTP only)

# Ben is the only presenter; Ana facilitates; Cai and Dee ask (or tell).
PRESENT = {
    "UANA": "Here, no issue",
    "UBEN": "Here, with an issue",
    "UCAI": "Here, no issue",
    "UDEE": "Here, no issue",
}
NUDGE_WORDS = "open question"


def to_step(bot: RunningBot, step: str) -> str:
    """Press Next until the control message shows `step` ("Issue round: questions"...);
    the ts of the presenter's turn thread."""
    for _ in range(12):
        if step in seen(bot, control_message(bot)):
            break
        assert press(bot, "UANA", "Next").ok
    else:
        raise AssertionError(f"never reached {step!r}:\n{bot.standin.transcript()}")
    roots = turn_roots(bot, "Issue round")
    assert roots, bot.standin.transcript()
    return roots[-1]["ts"]


def nudges(bot: RunningBot, user: str, thread: str) -> list[str]:
    return [seen(bot, e) for e in bot.standin.ephemerals(user=user, thread_ts=thread)]


def say(bot: RunningBot, user: str, thread: str, text: str) -> None:
    assert bot.slack.say(user, CHANNEL, text, thread_ts=thread).ok


def contributions(bot: RunningBot) -> dict[str, tuple[str, str, bool]]:
    """text → (author, step, is_question) of every stored thread message."""
    return {c.text: (c.user_id, c.step, c.is_question) for c in rows(bot, Contribution)}


def asked_line(bot: RunningBot) -> str:
    """The closing summary's line of questions asked per member."""
    last = seen(bot, bot.standin.messages(CHANNEL)[-1])
    assert "Summary" in last, bot.standin.transcript()
    (line,) = [x for x in last.splitlines() if "Questions asked" in x]
    return line


def test_a_statement_is_nudged_once_per_person_and_questions_are_counted(
    bot: RunningBot,
) -> None:
    start_meeting(bot, PRESENT)
    thread = to_step(bot, "Issue round: present")
    assert "<@UBEN>" in seen(bot, turn_roots(bot, "Issue round")[-1])
    # while Ben presents, telling is not nudged (but it is kept, as a statement)
    say(bot, "UCAI", thread, "I had the same problem last year")
    assert nudges(bot, "UCAI", thread) == []

    assert to_step(bot, "Issue round: questions") == thread
    say(bot, "UCAI", thread, "You should talk to HR.")
    (nudge,) = nudges(bot, "UCAI", thread)
    assert NUDGE_WORDS in nudge and "<@UBEN>" in nudge
    (shown,) = bot.standin.ephemerals(user="UCAI", thread_ts=thread)
    assert shown["channel"] == CHANNEL
    # a second statement by the same person in the same turn: no second nudge
    say(bot, "UCAI", thread, "I think you need to escalate it")
    assert len(nudges(bot, "UCAI", thread)) == 1
    # the presenter's own statements are never nudged
    say(bot, "UBEN", thread, "I think it is really about the budget.")
    assert nudges(bot, "UBEN", thread) == []
    # questions, with a question mark and without, are not nudged
    say(bot, "UDEE", thread, "What would success look like for you?")
    say(bot, "UDEE", thread, "Tell me more about the team")
    say(bot, "UANA", thread, "How did the board react")
    assert nudges(bot, "UDEE", thread) == [] and nudges(bot, "UANA", thread) == []
    # nobody else saw a nudge
    assert [e["user"] for e in bot.standin.ephemerals(thread_ts=thread)] == ["UCAI"]

    assert contributions(bot) == {
        "I had the same problem last year": ("UCAI", "present", False),
        "You should talk to HR.": ("UCAI", "questions", False),
        "I think you need to escalate it": ("UCAI", "questions", False),
        "What would success look like for you?": ("UDEE", "questions", True),
        "Tell me more about the team": ("UDEE", "questions", True),
        "How did the board react": ("UANA", "questions", True),
    }
    assert all(c.presenter_id == "UBEN" for c in rows(bot, Contribution))

    end_meeting(bot)
    # most first; Cai asked nothing and Ben presented: neither is listed
    assert asked_line(bot) == "*Questions asked (L = P + Q):* <@UDEE> 2, <@UANA> 1"
    assert bot.standin.violations == []


def test_statements_while_the_presenter_presents_are_not_nudged(bot: RunningBot) -> None:
    start_meeting(bot, PRESENT)
    thread = to_step(bot, "Issue round: present")
    for user in ("UCAI", "UDEE", "UANA"):
        say(bot, user, thread, "You should just reorganise the team.")
    assert bot.standin.ephemerals(thread_ts=thread) == []
    assert {c.step for c in rows(bot, Contribution)} == {"present"}
    # nor do questions asked while presenting count for the summary
    say(bot, "UCAI", thread, "What did your manager say?")
    end_meeting(bot)
    assert asked_line(bot) == "*Questions asked (L = P + Q):* none counted this time."


def test_the_facilitator_switches_nudges_off_and_on(bot: RunningBot) -> None:
    start_meeting(bot, PRESENT)
    thread = to_step(bot, "Issue round: questions")
    reply = bot.slack.command("UANA", CHANNEL, "nudge off")
    assert reply.ok and "Question nudges are off" in (reply.message or {}).get("text", "")
    assert [s.nudge_questions for s in rows(bot, LearningSet)] == [False]

    say(bot, "UCAI", thread, "You should talk to HR.")
    assert nudges(bot, "UCAI", thread) == []
    assert contributions(bot)["You should talk to HR."] == ("UCAI", "questions", False)

    reply = bot.slack.command("UANA", CHANNEL, "nudge on")
    assert reply.ok and "Question nudges are on" in (reply.message or {}).get("text", "")
    assert [s.nudge_questions for s in rows(bot, LearningSet)] == [True]
    say(bot, "UDEE", thread, "Delegate it to your deputy.")
    assert len(nudges(bot, "UDEE", thread)) == 1

    # the meeting runs to its end with Next: the summary counts the one question asked
    say(bot, "UDEE", thread, "Who else is affected")
    for _ in range(3):  # questions → actions → reflection → summary
        assert press(bot, "UANA", "Next").ok
    assert asked_line(bot) == "*Questions asked (L = P + Q):* <@UDEE> 1"


def test_a_member_who_is_not_facilitator_cannot_switch_nudges_off(bot: RunningBot) -> None:
    start_meeting(bot, PRESENT)
    thread = to_step(bot, "Issue round: questions")
    reply = bot.slack.command("UBEN", CHANNEL, "nudge off")
    assert reply.ok
    message = reply.message or {}
    assert message.get("response_type") != "in_channel"
    text = message.get("text", "")
    assert "Only" in text and "<@UANA>" in text, text
    assert [s.nudge_questions for s in rows(bot, LearningSet)] == [True]
    say(bot, "UCAI", thread, "You should talk to HR.")
    assert len(nudges(bot, "UCAI", thread)) == 1


def test_a_redelivered_message_event_nudges_once_and_is_stored_once(bot: RunningBot) -> None:
    start_meeting(bot, PRESENT)
    thread = to_step(bot, "Issue round: questions")
    text = "You should talk to HR."
    message = bot.standin.store_message(CHANNEL, {"text": text}, user="UCAI", thread_ts=thread)
    event = {
        "type": "message",
        "channel": CHANNEL,
        "user": "UCAI",
        "text": text,
        "ts": message["ts"],
        "event_ts": message["ts"],
        "team": bot.standin.team_id,
        "client_msg_id": str(uuid.uuid4()),
        "channel_type": "channel",
        "thread_ts": thread,
        "parent_user_id": bot.standin.message(CHANNEL, thread)["user"],
    }
    assert bot.slack.event(event, event_id="Ev0REDELIVER1").ok
    assert bot.slack.event(event, event_id="Ev0REDELIVER1", retry=1).ok
    assert bot.slack.event(event, event_id="Ev0REDELIVER1").ok
    assert len(nudges(bot, "UCAI", thread)) == 1
    # the same message under a new event id (a replayed delivery) is still the one message
    assert bot.slack.event(event, event_id="Ev0REDELIVER2").ok
    assert len(nudges(bot, "UCAI", thread)) == 1
    stored = rows(bot, Contribution)
    assert [(c.user_id, c.ts, c.is_question) for c in stored] == [("UCAI", message["ts"], False)]


def test_each_new_turn_may_nudge_again_and_a_finished_round_is_left_alone(
    bot: RunningBot,
) -> None:
    start_meeting(bot, {**PRESENT, "UCAI": "Here, with an issue"})
    first = to_step(bot, "Issue round: questions")
    say(bot, "UDEE", first, "You should talk to HR.")
    assert len(nudges(bot, "UDEE", first)) == 1

    assert press(bot, "UANA", "Next").ok  # actions
    second = to_step(bot, "Issue round: questions")
    assert second != first
    say(bot, "UDEE", second, "Just say no to them.")
    assert len(nudges(bot, "UDEE", second)) == 1
    # the first round is over: a late statement there is neither nudged nor counted
    say(bot, "UDEE", first, "Honestly, you should quit.")
    assert len(nudges(bot, "UDEE", first)) == 1
    assert "Honestly, you should quit." not in contributions(bot)
    presenters = {c.presenter_id for c in rows(bot, Contribution)}
    assert presenters == {"UBEN", "UCAI"}


def test_a_reply_also_sent_to_the_channel_is_counted_and_nudged_like_any_reply(
    http_bot: RunningBot,
) -> None:
    """ "Also send to #channel" makes the reply a thread_broadcast: still a reply in the thread."""
    bot = http_bot
    start_meeting(bot, PRESENT)
    thread = to_step(bot, "Issue round: questions")
    for user, text in [("UCAI", "What is in your way?"), ("UDEE", "You should ask HR.")]:
        message = bot.standin.store_message(CHANNEL, {"text": text}, user=user, thread_ts=thread)
        event = {
            "type": "message",
            "subtype": "thread_broadcast",
            "channel": CHANNEL,
            "user": user,
            "text": text,
            "ts": message["ts"],
            "event_ts": message["ts"],
            "team": bot.standin.team_id,
            "channel_type": "channel",
            "thread_ts": thread,
        }
        assert bot.slack.event(event).ok
    assert contributions(bot) == {
        "What is in your way?": ("UCAI", "questions", True),
        "You should ask HR.": ("UDEE", "questions", False),
    }
    assert len(nudges(bot, "UDEE", thread)) == 1 and nudges(bot, "UCAI", thread) == []
