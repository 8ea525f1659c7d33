"""A full cycle: meeting 1 with actions → prompts in DMs → reports → meeting 2's report-back
round. One member answers in the DM, one with the form, one sends apologies, one is reminded."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.store.tables import Action, Attendance, DueJob, Report
from tests.e2e.conftest import CHANNEL
from tests.e2e.harness import RunningBot
from tests.e2e.steps import (
    control_message,
    create_set,
    end_meeting,
    is_ready_dm,
    press,
    rows,
    seen,
    turn_roots,
)

ANSWERS = [
    "Spoke to my team 🌍",
    "They pushed back",
    "skip",
    "Yes, all of them",
    "מה למדתי: listen",
]


def dm_texts(bot: RunningBot, user: str) -> list[str]:
    """The DM's messages, less App Home's trend picture (the facilitator's, after a meeting)
    and the facilitator's "is ready" message from the set's creation."""
    channel = bot.standin.dm_channel(user).id
    texts = [seen(bot, m) for m in bot.standin.messages(channel) if not is_ready_dm(m)]
    return [t for t in texts if not t.startswith("📈")]


def at(bot: RunningBot, when: datetime) -> int:
    """Move the clock and let the scheduler deliver what fell due."""
    bot.clock.now = when
    return bot.tick()


def run_first_meeting(bot: RunningBot) -> None:
    """Meeting 1: Ben and Cai present and record one action each."""
    bot.clock.now = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
    assert bot.slack.command("UANA", CHANNEL, "start").ok
    for user, button in [
        ("UANA", "Here, no issue"),
        ("UBEN", "Here, with an issue"),
        ("UCAI", "Here, with an issue"),
        ("UDEE", "Here, no issue"),
    ]:
        press(bot, user, button)
    press(bot, "UANA", "Next")  # check-in → the first presenter (nothing to report on yet)
    for _ in range(2):
        presenter = next(
            u for u in ("UBEN", "UCAI") if f"Floor: <@{u}>" in seen(bot, control_message(bot))
        )
        press(bot, "UANA", "Next")
        press(bot, "UANA", "Next")
        press(bot, presenter, "Add an action")
        view = bot.standin.views_opened(presenter)[-1]
        bot.slack.submit(
            presenter,
            view["id"],
            {
                "action_text": {"value": f"Action of {presenter}"},
                "action_expect": {"value": f"Outcome {presenter} expects"},
            },
        )
        press(bot, "UANA", "Next")
    end_meeting(bot, how="button")
    assert "Summary" in seen(bot, bot.standin.messages(CHANNEL)[-1])
    bot.tick()  # the scheduler's next wake-up: the set's Homes show the meeting held


def test_prompts_reports_apologies_and_a_reminder_reach_meeting_two(bot: RunningBot) -> None:
    assert not create_set(bot).errors
    run_first_meeting(bot)
    opened_before = len(bot.standin.calls_to("conversations.open"))

    # 24 hours before meeting 2 (Tue 1 Dec, 10:00 London), every member gets a prompt
    at(bot, datetime(2026, 11, 30, 10, 0, tzinfo=UTC))
    for user in ("UANA", "UBEN", "UCAI", "UDEE"):
        texts = dm_texts(bot, user)
        assert len(texts) == 1 and "What did you do?" in texts[0], (user, texts)
    assert "Action of UBEN" in dm_texts(bot, "UBEN")[0]
    assert "Outcome UBEN expects" in dm_texts(bot, "UBEN")[0]
    assert bot.standin.calls_to("conversations.open")[opened_before:] == []  # DMs known
    assert at(bot, datetime(2026, 11, 30, 10, 1, tzinfo=UTC)) == 0  # nothing twice

    # Ana answers in the DM conversation, one question at a time
    for answer in ANSWERS:
        bot.slack.dm("UANA", answer)
    texts = dm_texts(bot, "UANA")
    assert "2/5" in texts[2] and "What happened?" in texts[2]
    assert "report is in" in texts[-1] and "Spoke to my team 🌍" in texts[-1]
    assert "(skipped)" in texts[-1] and "מה למדתי: listen" in texts[-1]

    # Ben answers in the form and says his action is done
    prompt = bot.standin.messages(bot.standin.dm_channel("UBEN").id)[0]
    bot.slack.click(
        "UBEN", bot.standin.dm_channel("UBEN").id, prompt["ts"], button_text="Answer in a form"
    )
    form = bot.standin.views_opened("UBEN")[-1]
    assert form["title"]["text"] == "Your report-back"
    (action,) = [a for a in rows(bot, Action) if a.owner_id == "UBEN"]
    reply = bot.slack.submit(
        "UBEN",
        form["id"],
        {
            "answer_0": {"value": "Ran the pilot"},
            "answer_4": {"value": "Start smaller"},
            f"outcome_{action.id}": {"value": "done"},
        },
    )
    assert reply.ok and not reply.errors, reply.message
    assert "report is in" in dm_texts(bot, "UBEN")[-1]

    # Cai sends apologies
    prompt = bot.standin.messages(bot.standin.dm_channel("UCAI").id)[0]
    bot.slack.click(
        "UCAI", bot.standin.dm_channel("UCAI").id, prompt["ts"], button_text="Send apologies"
    )
    assert "Apologies sent" in dm_texts(bot, "UCAI")[-1]
    assert "I can come after all" in dm_texts(bot, "UCAI")[-1]
    assert {(a.user_id, a.status) for a in rows(bot, Attendance)} >= {("UCAI", "apologies")}

    # Two hours before: only Dee (no report, no apologies) is reminded
    at(bot, datetime(2026, 12, 1, 8, 0, tzinfo=UTC))
    assert dm_texts(bot, "UDEE")[-1].startswith("A reminder:")
    for user in ("UANA", "UBEN", "UCAI"):
        assert not any(t.startswith("A reminder:") for t in dm_texts(bot, user)), user

    # The facilitator's brief: who reported, who hasn't, apologies
    at(bot, datetime(2026, 12, 1, 9, 0, tzinfo=UTC))
    brief = dm_texts(bot, "UANA")[-1]
    assert "Brief" in brief and "Not reported yet:* <@UDEE>" in brief
    assert "Apologies:* <@UCAI>" in brief

    # Meeting 2: the report-back round's one thread shows each member's report as a reply
    bot.clock.now = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
    bot.slack.command("UANA", CHANNEL, "start")
    control = seen(bot, control_message(bot))
    assert "2 of 4 reported" in control and "*Apologies:* <@UCAI>" in control
    for user in ("UANA", "UBEN", "UDEE"):
        press(bot, user, "Here, no issue")
    press(bot, "UANA", "Next")
    threads = {}
    for _ in range(3):
        control = seen(bot, control_message(bot))
        speaker = next(u for u in ("UANA", "UBEN", "UDEE") if f"Floor: <@{u}>" in control)
        (turn,) = [m for m in turn_roots(bot) if f"Report back: <@{speaker}>" in seen(bot, m)]
        threads[speaker] = seen(bot, turn)
        press(bot, "UANA", "Next")
    (round_root,) = [m for m in bot.standin.messages(CHANNEL) if "Report-back round" in str(m)]
    assert len(bot.standin.thread(CHANNEL, round_root["ts"])) == 3  # one reply per member
    assert "Spoke to my team 🌍" in threads["UANA"]
    assert "Ran the pilot" in threads["UBEN"] and "Done" in threads["UBEN"]
    assert "hasn't sent a written report-back" in threads["UDEE"]
    (action,) = [a for a in rows(bot, Action) if a.owner_id == "UBEN"]
    assert action.status == "done"
    assert {r.user_id for r in rows(bot, Report) if r.complete} == {"UANA", "UBEN"}
    assert all(
        j.status in ("done", "cancelled")
        for j in rows(bot, DueJob)
        if not j.kind.startswith("timer_") and j.meeting_id == 2
    )
