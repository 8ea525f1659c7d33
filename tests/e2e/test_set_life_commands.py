"""A set's life: `/set suspend`, `/set reactivate`, `/set close` (read-only after), and
rotating facilitation (`/set rota`, skip, swap, `/set facilitator @user`)."""

from __future__ import annotations

from datetime import timedelta

from bot.store.tables import DueJob, LearningSet, Meeting
from tests.e2e.conftest import CHANNEL
from tests.e2e.harness import RunningBot
from tests.e2e.steps import (
    MEETING_1,
    MEETING_2,
    PROMPT_1,
    at,
    bot_dms,
    control_message,
    create_set,
    ephemeral_texts,
    is_home_chart,
    meetings,
    press,
    rows,
    seen,
    start_and_end,
)
from tests.e2e.transports import http_only_bot  # noqa: F401  (`bot`: HTTP only)


def run(bot: RunningBot, user: str, text: str) -> str:
    """`/set text` as `user`: what Slack shows them (the ack, or an ephemeral)."""
    reply = bot.slack.command(user, CHANNEL, text)
    assert reply.ok, reply
    return (reply.message or {}).get("text", "")


def channel_texts(bot: RunningBot) -> list[str]:
    return [seen(bot, m) for m in bot.standin.messages(CHANNEL)]


def scheduled(bot: RunningBot) -> list[int]:
    return [m.number for m in meetings(bot) if m.phase == "scheduled"]


def the_set(bot: RunningBot) -> LearningSet:
    (row,) = rows(bot, LearningSet)
    return row


def test_suspend_stops_the_calendar_and_reactivate_replans_it(http_bot: RunningBot) -> None:
    bot = http_bot
    assert not create_set(bot).errors
    assert scheduled(bot) == [1, 2, 3, 4, 5, 6]

    # a member who isn't the facilitator: refused, nothing changes
    said = run(bot, "UBEN", "suspend")
    assert "Only the set's facilitator" in said and "<@UANA>" in said
    assert not the_set(bot).suspended and scheduled(bot) == [1, 2, 3, 4, 5, 6]

    posted = len(channel_texts(bot))
    run(bot, "UANA", "suspend")
    assert the_set(bot).suspended
    assert scheduled(bot) == [] and meetings(bot) == []
    assert "suspended" in channel_texts(bot)[-1] and len(channel_texts(bot)) == posted + 1
    assert not any(j.status == "pending" and j.kind == "prompt" for j in rows(bot, DueJob))
    assert "no meetings scheduled" in run(bot, "UANA", "schedule")
    assert "already suspended" in run(bot, "UANA", "suspend")
    assert "Suspended: no meetings, prompts or reminders" in run(bot, "UBEN", "status")

    # no prompts go out while suspended, and a meeting can't be started
    at(bot, PROMPT_1)
    assert bot_dms(bot, "UBEN") == []
    said = run(bot, "UANA", "start")
    assert "suspended" in said and "/set reactivate" in said
    assert rows(bot, Meeting) == []

    # reactivated: the calendar runs again from today, with all six meetings to hold
    run(bot, "UANA", "reactivate")
    assert not the_set(bot).suspended
    assert "reactivated" in channel_texts(bot)[-1] and "next meeting" in channel_texts(bot)[-1]
    assert len(scheduled(bot)) == 6
    assert meetings(bot)[0].scheduled_at == MEETING_1
    listing = run(bot, "UANA", "schedule")
    assert "Next meetings of" in listing and "Meeting 1" in listing
    assert "isn't suspended" in run(bot, "UANA", "reactivate")
    at(bot, PROMPT_1 + timedelta(minutes=1))  # the first meeting's welcomes were planned again
    assert any("Welcome to" in t for t in bot_dms(bot, "UBEN"))
    assert bot.standin.violations == []


def test_reactivating_after_a_missed_slot_keeps_every_meeting_still_to_hold(
    http_bot: RunningBot,
) -> None:
    bot = http_bot
    assert not create_set(bot, meeting_count="3").errors
    run(bot, "UANA", "suspend")
    bot.clock.now = MEETING_1 + timedelta(hours=2)  # Tuesday's slot went by while suspended
    run(bot, "UANA", "reactivate")
    assert [m.scheduled_at for m in meetings(bot)] == [
        MEETING_2,
        MEETING_2 + timedelta(days=7),
        MEETING_2 + timedelta(days=14),
    ]


def test_close_ends_the_set_early_and_leaves_it_read_only(http_bot: RunningBot) -> None:
    bot = http_bot
    assert not create_set(bot).errors
    start_and_end(bot, MEETING_1)

    said = run(bot, "UBEN", "close")
    assert "Only the set's facilitator" in said
    assert the_set(bot).status == "active" and len(scheduled(bot)) == 5

    run(bot, "UANA", "close")
    row = the_set(bot)
    assert row.status == "closed" and row.closed_at is not None
    assert scheduled(bot) == []
    texts = channel_texts(bot)
    assert "<@UANA> closed" in texts[-2]
    assert "has closed" in texts[-1] and "Meetings held:* 1" in texts[-1]
    assert "Write my final reflection" in texts[-1]

    # read-only: changes are refused, with why; reading and exporting still work
    bot.clock.now = MEETING_2
    for command in ("start", "add <@UEVE>", "suspend", "rota skip", "schedule", "settings"):
        said = run(bot, "UANA", command)
        assert "closed" in said and "read-only" in said, (command, said)
    helped = run(bot, "UBEN", "help")
    assert "closed" in helped and "no set yet" not in helped and "/set create" in helped
    assert rows(bot, Meeting)[0].phase == "closed" and scheduled(bot) == []
    assert "Preparing the export" in run(bot, "UANA", "export")
    files = bot.standin.files(bot.standin.dm_channel("UANA").id)
    names = sorted(f.name for f in files if not is_home_chart(f))
    assert [n.rsplit(".", 1)[1] for n in names] == ["csv", "md", "png"]
    assert bot.standin.violations == []


def test_rotating_facilitation_moves_on_and_can_be_edited_and_handed_over(
    http_bot: RunningBot,
) -> None:
    bot = http_bot
    assert not create_set(bot, rotating="rotating").errors
    assert "Facilitation: rotating, starting with <@UANA>" in channel_texts(bot)[-1]
    assert "<@UANA> → <@UBEN> → <@UCAI> → <@UDEE>" in run(bot, "UCAI", "rota")

    # meeting 1, facilitated by the rota's head; the summary names the next one
    start_and_end(bot, MEETING_1)
    summary = next(t for t in reversed(channel_texts(bot)) if t.startswith("Summary"))
    assert "facilitated by <@UBEN>" in summary
    briefing = bot_dms(bot, "UBEN")[-1]
    assert "You're facilitating" in briefing and "/set start" in briefing
    assert not any("You're facilitating" in t for t in bot_dms(bot, "UCAI"))
    assert "<@UBEN> → <@UCAI> → <@UDEE> → <@UANA>" in run(bot, "UANA", "rota")

    # edits: skip the next one, swap two places
    assert "<@UCAI> → <@UDEE> → <@UANA> → <@UBEN>" in run(bot, "UANA", "rota skip")
    said = run(bot, "UANA", "rota swap <@UCAI> <@UANA>")
    assert "<@UANA> → <@UDEE> → <@UCAI> → <@UBEN>" in said
    assert "not in the rota" in run(bot, "UANA", "rota swap <@UCAI> <@UEVE>")
    assert "<@UANA> → <@UDEE> → <@UCAI> → <@UBEN>" in run(bot, "UANA", "rota")

    # hand over between meetings: Dee facilitates the next one
    run(bot, "UANA", "facilitator <@UDEE>")
    assert "<@UDEE> facilitates the next meeting of" in channel_texts(bot)[-1]
    assert run(bot, "UANA", "rota").split(": ", 1)[1].startswith("<@UDEE>")

    # meeting 2: Dee starts it and drives; mid-meeting she hands over to Cai, who drives
    bot.clock.now = MEETING_2
    assert run(bot, "UDEE", "start") == ""
    assert "Facilitator: <@UDEE>" in seen(bot, control_message(bot))
    assert press(bot, "UDEE", "Here, no issue").ok
    run(bot, "UDEE", "facilitator <@UCAI>")
    assert "<@UCAI> now facilitates" in channel_texts(bot)[-1]
    (live,) = [m for m in meetings(bot) if m.number == 2]
    assert live.facilitator_id == "UCAI"
    run(bot, "UCAI", "next")
    control = seen(bot, control_message(bot))
    assert "Report-back round" in control and "Facilitator: <@UCAI>" in control
    assert bot.standin.violations == []


def test_handing_over_mid_meeting_shows_on_the_control_message(http_bot: RunningBot) -> None:
    bot = http_bot
    assert not create_set(bot).errors
    bot.clock.now = MEETING_1
    run(bot, "UANA", "start")
    assert "Facilitator: <@UANA>" in seen(bot, control_message(bot))
    run(bot, "UANA", "facilitator <@UBEN>")
    assert [m.facilitator_id for m in meetings(bot) if m.number == 1] == ["UBEN"]
    assert "Facilitator: <@UBEN>" in seen(bot, control_message(bot))
    assert press(bot, "UBEN", "Next").ok  # the new facilitator drives from the buttons
    assert not any("moved on" in t for t in ephemeral_texts(bot, "UBEN"))
    assert "Check-in" not in seen(bot, control_message(bot))


def test_a_fixed_facilitator_hands_over_the_set(http_bot: RunningBot) -> None:
    bot = http_bot
    assert not create_set(bot).errors
    assert "fixed facilitator" in run(bot, "UANA", "rota skip")
    assert "Only the set's facilitator" in run(bot, "UBEN", "facilitator <@UBEN>")
    assert the_set(bot).facilitator_id == "UANA"
    assert "isn't a member" in run(bot, "UANA", "facilitator <@UEVE>")
    run(bot, "UANA", "facilitator <@UBEN>")
    assert the_set(bot).facilitator_id == "UBEN"
    assert "<@UBEN> facilitates the next meeting of" in channel_texts(bot)[-1]
    assert "Only the set's facilitator" in run(bot, "UANA", "suspend")
    run(bot, "UBEN", "suspend")
    assert the_set(bot).suspended


def test_a_rotating_set_starts_with_the_facilitator_chosen_in_the_form(
    http_bot: RunningBot,
) -> None:
    bot = http_bot
    assert not create_set(bot, rotating="rotating", facilitator="UCAI").errors
    assert "rotating, starting with <@UCAI>" in channel_texts(bot)[-1]
    bot.clock.now = MEETING_1
    run(bot, "UCAI", "start")
    assert "Facilitator: <@UCAI>" in seen(bot, control_message(bot))
    assert run(bot, "UBEN", "rota").split(": ", 1)[1].startswith("<@UCAI>")
