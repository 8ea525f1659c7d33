"""When a report can change: freely before its meeting; while the meeting runs only a report
not yet in is taken (and the control message counts it); after the meeting, nothing."""

from __future__ import annotations

import copy

from bot.blocks.dm_menu import MENU
from bot.services.dm import NOTHING_OPEN
from tests.e2e.harness import RunningBot
from tests.e2e.steps import (
    MEETING_1,
    MEETING_2,
    PROMPT_2,
    answers_of,
    at,
    bot_dms,
    click_copy,
    click_in_dm,
    control_message,
    create_set,
    dm_messages,
    past_the_first_meeting,
    report_of,
    seen,
    start_and_end,
)
from tests.e2e.transports import http_only_bot  # noqa: F401  (`bot`: HTTP only)

FIVE = ["Did it", "It went well", "Not really", "Yes", "Ask earlier"]
CLOSED = "That meeting has ended, so its report-back is closed"
LOCKED = "Your report is in and the meeting has started, so it can't change now"


def answer_all(bot: RunningBot, user: str, answers: list[str] = FIVE) -> None:
    for text in answers:
        bot.slack.dm(user, text)
    assert "report is in" in bot_dms(bot, user)[-1]


def edit_button_message(bot: RunningBot, user: str) -> dict:
    return next(m for m in reversed(dm_messages(bot, user)) if "Edit my report" in str(m))


def test_after_meeting_two_ends_a_reply_and_an_edit_are_refused(bot: RunningBot) -> None:
    assert not create_set(bot).errors
    start_and_end(bot, MEETING_1)
    at(bot, PROMPT_2)
    answer_all(bot, "UANA")
    stale = copy.deepcopy(edit_button_message(bot, "UANA"))  # a Slack client not refreshed
    bot.slack.dm("UBEN", "Half an answer")
    prompt = dm_messages(bot, "UBEN")[0]
    assert click_in_dm(bot, "UBEN", prompt, "Answer in a form").ok  # left open till after
    form = bot.standin.views_opened("UBEN")[-1]
    start_and_end(bot, MEETING_2)
    ana, ben = report_of(bot, "UANA", 2), report_of(bot, "UBEN", 2)
    views_before = len(bot.standin.views_opened())

    # a DM after the meeting answers nothing: a menu of what's open, not a word about the
    # meeting that ended
    bot.slack.dm("UANA", "One more thing I forgot")
    said = bot_dms(bot, "UANA")[-1]  # Ana has nothing open: says so, with the menu's buttons
    assert NOTHING_OPEN in said and "My actions" in said and CLOSED not in said
    bot.slack.dm("UBEN", "Second answer, too late")
    assert NOTHING_OPEN in bot_dms(bot, "UBEN")[-1] and CLOSED not in bot_dms(bot, "UBEN")[-1]
    assert not any("Edit my report" in str(m) for m in dm_messages(bot, "UANA"))  # none left
    dm = bot.standin.dm_channel("UANA").id
    assert click_copy(bot, "UANA", stale, "Edit my report", where=dm).ok
    assert CLOSED in bot_dms(bot, "UANA")[-1]

    assert len(bot.standin.views_opened()) == views_before  # no form opened
    reply = bot.slack.submit("UBEN", form["id"], {"answer_1": {"value": "Too late"}})
    assert reply.errors and CLOSED in reply.errors.get("answer_0", ""), reply.message
    for before in (ana, ben):
        after = report_of(bot, before.user_id, 2)
        assert (after.data, after.complete, after.updated_at) == (
            before.data,
            before.complete,
            before.updated_at,
        )
    assert answers_of(bot, "UBEN", 2) == (["Half an answer", "", "", "", ""], 1)


def test_a_report_sent_while_the_meeting_runs_is_taken_and_counted(bot: RunningBot) -> None:
    assert not create_set(bot).errors
    past_the_first_meeting(bot)
    at(bot, PROMPT_2)
    answer_all(bot, "UANA")
    bot.slack.dm("UBEN", FIVE[0])  # Ben starts before the meeting, finishes during it
    bot.clock.now = MEETING_2
    assert bot.slack.command("UANA", "C0SET", "start").ok
    assert "1 of 4 reported" in seen(bot, control_message(bot))

    for text in FIVE[1:]:
        bot.slack.dm("UBEN", text)
    said = dm_messages(bot, "UBEN")[-1]
    assert "report is in" in seen(bot, said) and "Edit my report" not in str(said)
    assert report_of(bot, "UBEN", 2).complete
    assert answers_of(bot, "UBEN", 2) == (FIVE, 5)
    assert "2 of 4 reported" in seen(bot, control_message(bot))

    # Cai, who hadn't started, uses the form during the meeting
    prompt = dm_messages(bot, "UCAI")[0]
    assert click_in_dm(bot, "UCAI", prompt, "Answer in a form").ok
    form = bot.standin.views_opened("UCAI")[-1]
    reply = bot.slack.submit("UCAI", form["id"], {"answer_0": {"value": "Late but here"}})
    assert reply.ok and not reply.errors, reply.message
    assert "report is in" in bot_dms(bot, "UCAI")[-1]
    assert "3 of 4 reported" in seen(bot, control_message(bot))


def test_a_complete_report_cannot_be_edited_once_the_meeting_runs(bot: RunningBot) -> None:
    assert not create_set(bot).errors
    past_the_first_meeting(bot)
    at(bot, PROMPT_2)
    answer_all(bot, "UANA")
    # Ana opens the form to edit before the meeting, and keeps it open
    stale = copy.deepcopy(edit_button_message(bot, "UANA"))  # a Slack client not refreshed
    assert click_in_dm(bot, "UANA", edit_button_message(bot, "UANA"), "Edit my report").ok
    form = bot.standin.views_opened("UANA")[-1]
    assert form["title"]["text"] == "Your report-back"
    before = report_of(bot, "UANA", 2)

    bot.clock.now = MEETING_2
    assert bot.slack.command("UANA", "C0SET", "start").ok
    bot.slack.dm("UANA", "Actually, one more thing")
    said = bot_dms(bot, "UANA")[-1]
    assert MENU in said and "is running; your report-back is in" in said
    assert not any("Edit my report" in str(m) for m in dm_messages(bot, "UANA"))  # none left
    dm = bot.standin.dm_channel("UANA").id
    assert click_copy(bot, "UANA", stale, "Edit my report", where=dm).ok
    assert LOCKED in bot_dms(bot, "UANA")[-1]
    assert bot.standin.views_opened("UANA")[-1]["id"] == form["id"]  # no new form
    reply = bot.slack.submit("UANA", form["id"], {"answer_0": {"value": "Rewritten"}})
    assert reply.errors and LOCKED in reply.errors.get("answer_0", ""), reply.message

    after = report_of(bot, "UANA", 2)
    assert (after.data, after.updated_at) == (before.data, before.updated_at)
    assert answers_of(bot, "UANA", 2) == (FIVE, 5)
    assert "1 of 4 reported" in seen(bot, control_message(bot))
