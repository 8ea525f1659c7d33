"""The accountability loop, end to end over three meetings of one set, in each transport:
what a member commits to at one meeting is asked about, reported on and kept, and nothing
is lost between meetings.

Meeting 1 welcomes and runs no report-back round. Before meeting 2, Ben edits, undoes and
notes his actions in App Home, then reports in the DM conversation (one action done, one
partly); Cai reports in the form; Dee sends apologies and takes them back, and is reminded
from the brief, which is updated in place as reports arrive. Ben's partly action is still
open in Home, in meeting 3's prompt and brief; the export holds every action's outcome.
"""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

from bot.store.tables import Action, ActionChange, Attendance, Report
from tests.e2e.conftest import CHANNEL
from tests.e2e.harness import RunningBot
from tests.e2e.steps import (
    MEETING_1,
    MEETING_2,
    PROMPT_1,
    PROMPT_2,
    WEEK,
    at,
    bot_dms,
    click_in_dm,
    control_message,
    create_set,
    dm_messages,
    end_meeting,
    meetings,
    press,
    rows,
    seen,
    start_and_end,
)

HOUR = timedelta(hours=1)
FIVE = ("Ran the pilot in one team", "Mixed", "Yes: slower", "Mostly", "Start smaller")
PILOT, FINANCE, PLAN = "Run the pilot", "Ask finance", "Write the plan"
NOTE = "Two teams signed up 📝"


def dm_with(bot: RunningBot, user: str, starts: str) -> list[dict[str, Any]]:
    """The bot's messages in `user`'s DM whose text starts with `starts`."""
    return [m for m in dm_messages(bot, user) if m.get("text", "").startswith(starts)]


def brief(bot: RunningBot, number: int) -> dict[str, Any]:
    """The facilitator's one brief for meeting `number`."""
    (found,) = [
        m for m in dm_with(bot, "UANA", "Brief for") if m["text"].endswith(f"meeting {number}")
    ]
    return found


def home(bot: RunningBot, user: str) -> str:
    assert bot.slack.open_home(user).ok
    return seen(bot, bot.standin.home(user))


def action(bot: RunningBot, text: str) -> Action:
    (found,) = [a for a in rows(bot, Action) if a.text.startswith(text)]
    return found


def meeting_one(bot: RunningBot) -> None:
    """The first meeting: check-in straight into issue rounds; Ben agrees two actions, Cai one."""
    bot.clock.now = MEETING_1
    assert bot.slack.command("UANA", CHANNEL, "start").ok
    for user, button in [
        ("UANA", "Here, no issue"),
        ("UBEN", "Here, with an issue"),
        ("UCAI", "Here, with an issue"),
        ("UDEE", "Here, no issue"),
    ]:
        assert press(bot, user, button).ok
    assert press(bot, "UANA", "Next").ok  # no report-back round at a first meeting
    agreed = {"UBEN": [(PILOT, "Two teams try it"), (FINANCE, "A yes")], "UCAI": [(PLAN, "Done")]}
    for _ in range(2):
        control = seen(bot, control_message(bot))
        assert "Report-back" not in control and "Issue round: present" in control, control
        presenter = next(u for u in agreed if f"Floor: <@{u}>" in control)
        press(bot, "UANA", "Next")
        press(bot, "UANA", "Next")
        for text, expect in agreed[presenter]:
            assert press(bot, presenter, "Add an action").ok
            view = bot.standin.views_opened(presenter)[-1]
            values = {"action_text": {"value": text}, "action_expect": {"value": expect}}
            assert not bot.slack.submit(presenter, view["id"], values).errors
        press(bot, "UANA", "Next")
    end_meeting(bot)
    channel = [seen(bot, m) for m in bot.standin.messages(CHANNEL)]
    assert not any("written report-back" in text for text in channel)
    assert channel[-1].startswith("Summary") and "Report-back" not in channel[-1]
    bot.tick()


def between_meetings_in_home(bot: RunningBot) -> None:
    """Ben edits one action, marks the other done and undoes it, and notes it."""
    home(bot, "UBEN")
    pilot, finance = action(bot, PILOT), action(bot, FINANCE)
    assert bot.slack.click_home("UBEN", "Edit", value=str(finance.id)).ok
    form = bot.standin.views_opened("UBEN")[-1]
    values = {
        "action_text": {"value": "Ask finance for the budget"},
        "action_expect": {"value": "A yes by Friday"},
        "action_due": {"value": "2026-11-27"},
    }
    assert not bot.slack.submit("UBEN", form["id"], values).errors
    assert bot.slack.click_home("UBEN", "Done", value=str(pilot.id)).ok
    assert "Marked done: Run the pilot" in seen(bot, bot.standin.home("UBEN"))
    assert bot.slack.click_home("UBEN", "Undo").ok
    assert "Undone" in seen(bot, bot.standin.home("UBEN"))
    assert bot.slack.click_home("UBEN", "Add a note", value=str(pilot.id)).ok
    note = bot.standin.views_opened("UBEN")[-1]
    assert not bot.slack.submit("UBEN", note["id"], {"note_text": {"value": NOTE}}).errors
    shown = home(bot, "UBEN")
    assert "Ask finance for the budget" in shown and NOTE in shown
    assert (action(bot, PILOT).status, action(bot, "Ask finance").text) == (
        "open",
        "Ask finance for the budget",
    )


def reports_before_meeting_two(bot: RunningBot) -> None:
    """Ben in the DM conversation, Cai in the form, Dee apologises and takes it back."""
    (prompt,) = dm_with(bot, "UBEN", "Report back for")
    shown = seen(bot, prompt)
    assert PILOT in shown and NOTE in shown and "Ask finance for the budget" in shown
    for text in FIVE:
        assert bot.slack.dm("UBEN", text).ok
    assert "Action 1 of 2:* Run the pilot" in bot_dms(bot, "UBEN")[-1]
    assert bot.slack.dm("UBEN", "Only one team tried it").ok
    assert click_in_dm(bot, "UBEN", dm_messages(bot, "UBEN")[-1], "Partly").ok
    assert "Action 2 of 2:* Ask finance for the budget" in bot_dms(bot, "UBEN")[-1]
    assert click_in_dm(bot, "UBEN", dm_messages(bot, "UBEN")[-1], "Done").ok
    report = bot_dms(bot, "UBEN")[-1]
    assert "report is in" in report and "Partly" in report and "Only one team tried it" in report

    (cai,) = dm_with(bot, "UCAI", "Report back for")
    assert click_in_dm(bot, "UCAI", cai, "Answer in a form").ok
    form = bot.standin.views_opened("UCAI")[-1]
    values = {"answer_0": {"value": "Drafted the plan"}, "answer_4": {"value": "Ask early"}}
    values[f"outcome_{action(bot, PLAN).id}"] = {"value": "not_done"}
    assert not bot.slack.submit("UCAI", form["id"], values).errors
    assert "report is in" in bot_dms(bot, "UCAI")[-1]

    (dee,) = dm_with(bot, "UDEE", "Report back for")
    assert click_in_dm(bot, "UDEE", dee, "Send apologies").ok
    sent = dm_messages(bot, "UDEE")[-1]
    assert "Apologies sent" in seen(bot, sent)
    assert click_in_dm(bot, "UDEE", sent, "I can come after all").ok
    assert "apologies are taken back" in bot_dms(bot, "UDEE")[-1]
    assert not [a for a in rows(bot, Attendance) if a.user_id == "UDEE" and a.status == "apologies"]


def the_brief_before_meeting_two(bot: RunningBot) -> None:
    at(bot, MEETING_2 - HOUR)
    sent = brief(bot, 2)
    text = seen(bot, sent)
    assert "<@UBEN> reported" in text and "Run the pilot — *Partly*: Only one team tried it" in text
    assert "<@UCAI> reported" in text and "Write the plan — *Not done*" in text
    assert "<@UDEE> hasn't reported yet" in text
    (dee,) = [b for b in sent["blocks"] if b.get("block_id") == "remind_UDEE"]
    channel = bot.standin.dm_channel("UANA").id
    value = dee["accessory"]["value"]
    assert bot.slack.click("UANA", channel, sent["ts"], "Remind now", value=value).ok
    bot.tick()
    assert "A reminder from <@UANA>" in bot_dms(bot, "UDEE")[-1]
    now = brief(bot, 2)  # still one brief, updated in place
    assert now["ts"] == sent["ts"] and "<@UDEE> hasn't reported yet · _reminded_ ✓" in seen(
        bot, now
    )
    for text in FIVE:
        assert bot.slack.dm("UDEE", text).ok
    now = brief(bot, 2)
    assert "<@UDEE> reported" in seen(bot, now) and "Reported (3)" in seen(bot, now)


def test_three_meetings_follow_every_action_to_its_outcome(bot: RunningBot) -> None:
    assert not create_set(bot).errors
    at(bot, PROMPT_1)
    (welcome,) = dm_with(bot, "UBEN", "Welcome to")
    assert "What issue might you bring?" in seen(bot, welcome)
    assert not dm_with(bot, "UBEN", "Report back for")  # nothing to report on yet
    assert bot.slack.dm("UBEN", "Our merger").ok
    at(bot, MEETING_1 - HOUR)
    assert "<@UBEN>: Our merger" in seen(bot, brief(bot, 1))
    assert bot.slack.dm("UCAI", "Team morale").ok  # after the brief: it is updated in place
    assert "<@UCAI>: Team morale" in seen(bot, brief(bot, 1))
    meeting_one(bot)

    between_meetings_in_home(bot)
    at(bot, PROMPT_2)
    reports_before_meeting_two(bot)
    the_brief_before_meeting_two(bot)
    start_and_end(bot, MEETING_2)
    summary = seen(bot, bot.standin.messages(CHANNEL)[-1])
    assert "*Report-back:* <@UBEN>: 1 done, 1 partly" in summary
    assert "<@UCAI>: 1 not done" in summary
    (prompt,) = dm_with(bot, "UBEN", "✅ Your report was shared in the meeting.")  # updated
    assert "Report back · Leaders' set 🌱 · meeting 2" in seen(bot, prompt)
    assert not prompt_buttons(prompt)

    shown = home(bot, "UBEN")
    assert "Your open actions (1)" in shown and "partly done, carried forward" in shown
    assert NOTE in shown and "Finished actions" in shown
    assert "Ask finance for the budget" in shown.split("Finished actions")[1]

    at(bot, PROMPT_2 + WEEK)
    prompt_3 = dm_with(bot, "UBEN", "Report back for")[-1]
    assert "Run the pilot _(partly done last time)_" in seen(bot, prompt_3)
    assert NOTE in seen(bot, prompt_3) and "Ask finance" not in seen(bot, prompt_3)
    at(bot, MEETING_2 + WEEK - HOUR)
    brief_3 = brief(bot, 3)
    assert "<@UBEN>: Run the pilot (partly done last time)" in seen(bot, brief_3)
    assert "<@UCAI>: Write the plan (not done last time)" in seen(bot, brief_3)
    assert NOTE in seen(bot, brief_3)
    start_and_end(bot, MEETING_2 + WEEK)
    assert [m.number for m in meetings(bot) if m.phase == "closed"] == [1, 2, 3]

    stored = {a.text: a for a in rows(bot, Action)}
    pilot, finance = stored[PILOT], stored["Ask finance for the budget"]
    second = next(m for m in meetings(bot) if m.number == 2)
    assert (pilot.status, pilot.outcome_text, pilot.note) == (
        "partly",
        "Only one team tried it",
        NOTE,
    )
    assert (finance.status, finance.reported_meeting_id) == ("done", second.id)
    assert (stored[PLAN].status, stored[PLAN].reported_meeting_id) == ("not_done", second.id)
    kinds = [c.kind for c in rows(bot, ActionChange) if c.action_id == pilot.id]
    assert kinds == ["mark", "undo", "note", "report"]
    reports = {r.user_id: r for r in rows(bot, Report) if r.meeting_id == second.id}
    assert {u for u, r in reports.items() if r.complete} == {"UBEN", "UCAI", "UDEE"}

    assert bot.slack.command("UANA", CHANNEL, "export").ok
    files = {
        f.name.rsplit(".", 1)[1]: f
        for f in bot.standin.files(bot.standin.dm_channel("UANA").id)
        if not f.name.startswith("set-")
    }
    table = list(csv.DictReader(io.StringIO(bot.standin.file_text(files["csv"].id, "utf-8-sig"))))
    exported = {r["text"]: r for r in table if r["section"] == "action"}
    assert set(exported) == {PILOT, "Ask finance for the budget", PLAN}
    assert (exported[PILOT]["status"], exported[PILOT]["outcome_text"]) == (
        "partly",
        "Only one team tried it",
    )
    assert (exported[PILOT]["committed_at_meeting"], exported[PILOT]["reported_at_meeting"]) == (
        "1",
        "2",
    )
    assert exported[PILOT]["owner"] == "Ben" and exported[PILOT]["note"] == NOTE
    assert exported["Ask finance for the budget"]["due_date"] == "2026-11-27"
    markdown = bot.standin.file_text(files["md"].id)
    assert "- Report-back: Ben: 1 done, 1 partly; Cai: 1 not done; Dee: reported" in markdown
    assert bot.standin.violations == []


def prompt_buttons(message: dict[str, Any]) -> list[str]:
    return [
        e["text"]["text"]
        for b in message.get("blocks") or []
        for e in b.get("elements") or []
        if e.get("type") == "button"
    ]
