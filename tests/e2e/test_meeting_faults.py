"""A live meeting under faults: simultaneous clicks, stale buttons, late modals, pauses."""

from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor

from bot.store.tables import Action, Meeting, Turn
from tests.e2e.conftest import CHANNEL
from tests.e2e.harness import RunningBot
from tests.e2e.steps import (
    bot_dms,
    click_copy,
    control_message,
    end_meeting,
    ephemeral_texts,
    press,
    rows,
    seen,
    start_meeting,
    submit_unchecked,
    turn_roots,
)
from tests.e2e.transports import http_only_bot  # noqa: F401  (`bot`: HTTP only)
from tests.slack_standin.reply import Reply

# Ana facilitates; Ben brings the one issue; Dee sends apologies. Reporters: Ana, Ben, Cai.
PRESENT = {
    "UANA": "Here, no issue",
    "UBEN": "Here, with an issue",
    "UCAI": "Here, no issue",
    "UDEE": "Apologies",
}


def meeting(bot: RunningBot) -> Meeting:
    """The meeting under test: the set's second (its first was held with nothing to report)."""
    return next(m for m in rows(bot, Meeting) if m.number == 2)


def to_bens_actions(bot: RunningBot) -> None:
    """From check-in: three report-backs, then Ben's present, questions and actions steps."""
    for _ in range(6):
        assert press(bot, "UANA", "Next").ok
    assert "Issue round: actions" in seen(bot, control_message(bot))


def open_action_form(bot: RunningBot, user: str = "UBEN") -> str:
    assert press(bot, user, "Add an action").ok
    view = bot.standin.views_opened(user)[-1]
    assert view["title"]["text"] == "Record an action"
    return str(view["id"])


def action_values(text: str, expect: str = "They will push back") -> dict:
    return {"action_text": {"value": text}, "action_expect": {"value": expect}}


def test_two_simultaneous_next_clicks_advance_the_meeting_once(bot: RunningBot) -> None:
    start_meeting(bot, PRESENT)
    control = control_message(bot)  # both people's Slack shows this same message
    before = meeting(bot)
    barrier = threading.Barrier(2)

    def click(_: int) -> Reply:
        barrier.wait()
        return click_copy(bot, "UANA", control, "Next")

    with ThreadPoolExecutor(2) as pool:
        replies = list(pool.map(click, range(2)))

    assert all(r.ok for r in replies)
    after = meeting(bot)
    assert after.phase == "report_back" and after.version == before.version + 1
    assert len(turn_roots(bot)) == 1
    assert [(t.kind, t.user_id) for t in rows(bot, Turn)] == [("report_back", "UANA")]
    told = [t for t in ephemeral_texts(bot, "UANA") if "moved on" in t]
    assert len(told) == 1
    assert "Report-back round" in seen(bot, control_message(bot))


def test_two_simultaneous_end_now_clicks_post_one_summary(bot: RunningBot) -> None:
    start_meeting(bot, PRESENT)
    press(bot, "UANA", "Next")
    asked = bot.slack.command("UANA", CHANNEL, "end")
    assert "haven't happened" in str((asked.message or {}).get("text"))
    assert meeting(bot).phase != "closed"  # asked first: nothing ended yet
    (question,) = [e for e in bot.standin.ephemerals("UANA") if "round and" in str(e)]
    barrier = threading.Barrier(2)

    def click(_: int) -> Reply:
        barrier.wait()
        return bot.slack.click("UANA", CHANNEL, question["message_ts"], button_text="End now")

    with ThreadPoolExecutor(2) as pool:
        assert all(r.ok for r in pool.map(click, range(2)))
    assert meeting(bot).phase == "closed"
    summaries = [m for m in bot.standin.messages(CHANNEL) if "Summary" in seen(bot, m)]
    summaries = [m for m in summaries if "meeting 2" in seen(bot, m)]
    assert len(summaries) == 1
    answers = sorted(r.body["text"] for r in bot.standin.responses[-2:])
    assert answers[0].startswith("Ended") and answers[1] == "That meeting has ended."


def test_next_from_a_member_who_is_not_facilitator_changes_nothing(bot: RunningBot) -> None:
    start_meeting(bot, PRESENT)
    press(bot, "UANA", "Next")
    before = (meeting(bot), bot.standin.messages(CHANNEL), control_message(bot))
    assert press(bot, "UBEN", "Next").ok
    assert any("Only the facilitator, <@UANA>" in t for t in ephemeral_texts(bot, "UBEN"))
    assert (meeting(bot), bot.standin.messages(CHANNEL), control_message(bot)) == before


def test_an_action_submitted_after_the_meeting_moved_on_asks_for_back_then_saves(
    bot: RunningBot,
) -> None:
    start_meeting(bot, PRESENT)
    to_bens_actions(bot)
    view_id = open_action_form(bot)
    assert press(bot, "UANA", "Next").ok  # on to reflection while Ben is still typing
    assert "Reflection" in seen(bot, control_message(bot))

    late = bot.slack.submit("UBEN", view_id, action_values("Talk to my team"))
    assert late.ok and late.errors is not None
    assert "Back" in late.errors["action_text"]
    assert rows(bot, Action) == []
    assert bot.standin.is_open(view_id)

    assert press(bot, "UANA", "Back").ok
    assert "Issue round: actions" in seen(bot, control_message(bot))
    again = bot.slack.submit("UBEN", view_id, action_values("Talk to my team"))
    assert again.ok and not again.errors, again.message
    (action,) = rows(bot, Action)
    assert (action.owner_id, action.text) == ("UBEN", "Talk to my team")


def test_a_5000_character_action_gets_an_inline_error_and_stores_nothing(
    bot: RunningBot,
) -> None:
    start_meeting(bot, PRESENT)
    to_bens_actions(bot)
    view_id = open_action_form(bot)
    reply = submit_unchecked(
        bot, "UBEN", view_id, {"action_text": "a" * 5000, "action_expect": "e" * 5000}
    )
    assert reply.ok and reply.errors is not None, reply.message
    assert set(reply.errors) == {"action_text", "action_expect"}
    assert "3,000" in reply.errors["action_text"] and len(reply.errors["action_text"]) < 300
    assert rows(bot, Action) == []
    assert bot.standin.is_open(view_id)


ACTION = "أتحدث مع فريقي 🚀 ואז אשאל את המנהלת 👩🏽‍💼"
EXPECT = "הם יתנגדו בהתחלה 🤔 ثم يوافقون"


def test_emoji_and_right_to_left_action_text_is_stored_exactly_and_summarised(
    bot: RunningBot,
) -> None:
    start_meeting(bot, PRESENT)
    to_bens_actions(bot)
    view_id = open_action_form(bot)
    reply = bot.slack.submit("UBEN", view_id, action_values(ACTION, EXPECT))
    assert reply.ok and not reply.errors, reply.message
    (action,) = rows(bot, Action)
    assert (action.text, action.expectation) == (ACTION, EXPECT)
    press(bot, "UANA", "Next")  # reflection
    press(bot, "UANA", "Next")  # close
    summary = seen(bot, bot.standin.messages(CHANNEL)[-1])
    assert "Summary" in summary and ACTION in summary and EXPECT in summary


def test_buttons_of_an_ended_meeting_say_so_and_change_nothing(bot: RunningBot) -> None:
    start_meeting(bot, PRESENT)
    old_control = control_message(bot)  # check-in: check-in buttons and the drive buttons
    to_bens_actions(bot)
    (step,) = [
        m
        for m in bot.standin.thread(CHANNEL, turn_roots(bot, "Issue round")[0]["ts"])
        if "decide what you will do" in seen(bot, m)
    ]
    end_meeting(bot, how="button")
    assert meeting(bot).phase == "closed"
    before = (
        meeting(bot),
        len(bot.standin.calls_to("chat.postMessage")),
        len(bot.standin.calls_to("chat.update")),
    )

    for button in ("Next", "Back", "+5 min", "Pause", "End", "Here, with an issue"):
        assert click_copy(bot, "UANA", old_control, button).ok
    assert bot.slack.click("UBEN", CHANNEL, step["ts"], button_text="Add an action").ok

    told = ephemeral_texts(bot, "UANA")[-6:]
    assert all("ended" in t for t in told), told
    assert "ended" in ephemeral_texts(bot, "UBEN")[-1]
    assert bot.standin.views_opened("UBEN") == []
    after = (
        meeting(bot),
        len(bot.standin.calls_to("chat.postMessage")),
        len(bot.standin.calls_to("chat.update")),
    )
    assert after == before


def test_a_stale_button_of_a_live_meeting_says_it_moved_on(bot: RunningBot) -> None:
    start_meeting(bot, PRESENT)
    old_control = control_message(bot)
    press(bot, "UANA", "Next")
    before = (meeting(bot), bot.standin.messages(CHANNEL))
    for button in ("Next", "Back", "+5 min"):
        assert click_copy(bot, "UANA", old_control, button).ok
    assert all("moved on" in t for t in ephemeral_texts(bot, "UANA")[-3:])
    assert (meeting(bot), bot.standin.messages(CHANNEL)) == before


def test_pause_refuses_next_until_resume(bot: RunningBot) -> None:
    start_meeting(bot, PRESENT)
    press(bot, "UANA", "Next")
    assert press(bot, "UANA", "Pause").ok
    control = seen(bot, control_message(bot))
    assert "Paused" in control and "Resume" in control
    paused = meeting(bot)

    assert press(bot, "UANA", "Next").ok
    assert "Resume it first" in ephemeral_texts(bot, "UANA")[-1]
    assert meeting(bot) == paused and len(turn_roots(bot)) == 1

    assert press(bot, "UANA", "Resume").ok
    control = seen(bot, control_message(bot))
    assert "Paused" not in control and "⏱" in control
    bot.standin.find_button(control_message(bot), "Pause")
    assert press(bot, "UANA", "Next").ok
    assert len(turn_roots(bot)) == 2 and meeting(bot).phase == "report_back"


def minutes_left(bot: RunningBot) -> int:
    match = re.search(r"⏱ (\d+) min left", seen(bot, control_message(bot)))
    assert match, seen(bot, control_message(bot))
    return int(match.group(1))


def test_plus_five_minutes_changes_the_time_shown(bot: RunningBot) -> None:
    start_meeting(bot, PRESENT)
    press(bot, "UANA", "Next")
    shown = minutes_left(bot)
    assert press(bot, "UANA", "+5 min").ok
    assert minutes_left(bot) == shown + 5
    bot.clock.advance(minutes=2)
    assert press(bot, "UANA", "+5 min").ok
    assert minutes_left(bot) == shown + 8


def test_keep_going_leaves_the_meeting_running_and_the_question_without_buttons(
    bot: RunningBot,
) -> None:
    start_meeting(bot, PRESENT)
    press(bot, "UANA", "Next")
    before = meeting(bot)
    bot.slack.command("UANA", CHANNEL, "end")
    (question,) = [e for e in bot.standin.ephemerals("UANA") if "round and" in str(e)]
    assert bot.slack.click("UANA", CHANNEL, question["message_ts"], button_text="Keep going").ok
    bot.standin.wait_until(lambda: "Carrying on" in str(bot.standin.responses), what="it")
    shown = bot.standin.find_ephemeral(question["message_ts"])
    assert shown is not None and "Carrying on" in seen(bot, shown)
    assert "End now" not in str(shown.get("blocks"))
    after = meeting(bot)
    assert (after.phase, after.version) == (before.phase, before.version)


def test_a_meeting_ended_early_lets_its_attendees_write_their_reflection(bot: RunningBot) -> None:
    start_meeting(bot, PRESENT)
    press(bot, "UANA", "Next")
    end_meeting(bot)
    summary = bot.standin.messages(CHANNEL)[-1]
    assert "ended before its reflection" in seen(bot, summary)
    assert bot.slack.click("UBEN", CHANNEL, summary["ts"], button_text="Write my reflection").ok
    form = bot.standin.views_opened("UBEN")[-1]
    assert form["title"]["text"] == "Reflection"
    saved = bot.slack.submit("UBEN", form["id"], {"reflect_0": {"value": "Stop rushing"}})
    assert saved.ok and not saved.errors, saved.message
    assert any("reflection on" in t for t in bot_dms(bot, "UBEN"))
