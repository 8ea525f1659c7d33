"""Steps a test takes as people in Slack: create a set, find the control message, click."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.common import FORM_VALUES
from tests.e2e.conftest import CHANNEL, MEMBERS
from tests.e2e.harness import RunningBot
from tests.slack_standin.reply import Reply


def open_form(bot: RunningBot, user: str = "UANA", text: str = "create") -> dict[str, Any]:
    reply = bot.slack.command(user, CHANNEL, text)
    assert reply.ok, reply
    views = bot.standin.views_opened(user)
    assert views, f"no modal opened; ack was {reply.message}"
    return views[-1]


def create_set(bot: RunningBot, **overrides: Any) -> Reply:
    view = open_form(bot)
    values = {**FORM_VALUES, **{k: {"value": v} for k, v in overrides.items()}}
    return bot.slack.submit("UANA", view["id"], values)


def control_message(bot: RunningBot) -> dict[str, Any]:
    """The live control message: the channel message that has a Next button."""
    for message in reversed(bot.standin.messages(CHANNEL)):
        try:
            bot.standin.find_button(message, "Next")
        except LookupError:
            continue
        return message
    raise AssertionError("no control message in the channel")


def press(bot: RunningBot, user: str, button: str) -> Reply:
    message = control_message(bot)
    return bot.slack.click(user, CHANNEL, message["ts"], button_text=button)


def end_meeting(bot: RunningBot, user: str = "UANA", how: str = "command") -> Reply:
    """`/set end` (or **End**), then **End now** when it asks first because issue rounds
    or the reflection are still to come; the answer that ended it."""
    before = len(bot.standin.ephemerals(user, CHANNEL))
    ended = bot.slack.command(user, CHANNEL, "end") if how == "command" else press(bot, user, "End")
    assert ended.ok, ended.message
    if how == "button":
        bot.standin.wait_until(
            lambda: (
                len(bot.standin.ephemerals(user, CHANNEL)) > before
                or "Summary" in seen(bot, bot.standin.messages(CHANNEL)[-1])
            ),
            what="the End question or the summary",
        )
    asked = bot.standin.ephemerals(user, CHANNEL)[before:]
    for question in asked:
        with contextlib.suppress(LookupError):
            bot.standin.find_button(question, "End now")
            now = bot.slack.click(user, CHANNEL, question["message_ts"], button_text="End now")
            assert now.ok, now.message
            return now
    return ended


def seen(bot: RunningBot, message: dict[str, Any] | None) -> str:
    return bot.standin.text_of(message) if message else ""


# ---- helpers for the fault and bad-input tests ----


def rows(bot: RunningBot, table: type) -> list:
    """Every row of `table`, read through the bot's own engine."""
    from sqlmodel import Session, select

    with Session(bot.services.deps.engine) as session:
        return list(session.exec(select(table)))


def ephemeral_texts(bot: RunningBot, user: str) -> list[str]:
    return [seen(bot, e) for e in bot.standin.ephemerals(user)]


def submit_unchecked(
    bot: RunningBot, user: str, view_id: str, values: dict[str, dict[str, Any]]
) -> Reply:
    """Submit a modal as driver.submit does, minus the client-side checks Slack's app makes.

    For values Slack's own client would refuse to send (too long, required and empty), so
    that the bot's own validation is what answers.
    """
    import copy

    from tests.slack_standin import payloads

    standin = bot.standin
    assert standin.is_open(view_id), f"view {view_id} is not open"
    simple = {block: {"value": value} for block, value in values.items()}
    with standin.lock:
        stored = standin.views[view_id]
        stored["state"] = payloads.view_state(stored, simple)
        view = copy.deepcopy(stored)
    payload = payloads.base_interaction(
        standin, "view_submission", user, standin.issue_trigger(user)
    )
    payload.update(view=view, response_urls=[])
    reply = bot.slack.transport.deliver("interactive", payload)
    bot.slack.executor.wait_idle()  # type: ignore[attr-defined]
    return reply


def click_copy(
    bot: RunningBot, user: str, message: dict[str, Any], button: str, where: str = CHANNEL
) -> Reply:
    """Click `button` on a copy of a message kept from earlier: a stale Slack client (in the
    set's channel, or `where`: a DM channel id)."""
    from tests.slack_standin import payloads, textview

    standin = bot.standin
    element = textview.find_button(message, button)
    channel = standin.resolve(where)
    assert channel is not None
    payload = payloads.base_interaction(standin, "block_actions", user, standin.issue_trigger(user))
    payload.update(
        container={
            "type": "message",
            "message_ts": message["ts"],
            "channel_id": channel.id,
            "is_ephemeral": False,
        },
        channel={"id": channel.id, "name": payloads.channel_name(channel)},
        message=message,
        state=payloads.view_state(message),
        response_url=standin.new_response_url(
            {
                "user": user,
                "channel": channel.id,
                "message_ts": message["ts"],
                "kind": "block_actions",
            }
        ),
        actions=[payloads.action(element)],
    )
    reply = bot.slack.transport.deliver("interactive", payload)
    bot.slack.executor.wait_idle()  # type: ignore[attr-defined]
    return reply


def start_meeting(
    bot: RunningBot, presence: dict[str, str], first: bool = False, **form: Any
) -> None:
    """Create the set (form overrides), `/set start`, and check members in by button text.

    The meeting started is the set's second, with a report-back round, unless `first`: the
    set's first meeting has nothing to report on, so no report-back round."""
    created = create_set(bot, **form)
    assert created.ok and not created.errors, created.message
    if first:
        bot.clock.advance(days=1, hours=1)
    else:
        past_the_first_meeting(bot)
        bot.clock.advance(hours=1)
    started = bot.slack.command("UANA", CHANNEL, "start")
    assert started.ok and not (started.message or {}).get("text"), started.message
    bot.tick()  # the scheduler drops the prompts of a meeting that has started
    for user, button in presence.items():
        assert press(bot, user, button).ok


def turn_roots(bot: RunningBot, kind: str = "Report back") -> list[dict[str, Any]]:
    """Where each member's turn opens: an issue round's thread root ("Issue round"); for
    "Report back", each member's reply in the round's one thread ("thread_ts" is the round's
    root)."""
    top = bot.standin.messages(CHANNEL)
    if kind != "Report back":
        return [m for m in top if m.get("text", "").startswith(kind)]
    rounds = [m for m in top if m.get("text", "").startswith("Report-back round")]
    return [
        reply
        for root in rounds
        for reply in bot.standin.thread(CHANNEL, root["ts"])
        if reply.get("text", "").startswith("Report back:")
    ]


def slack_day(fallback: str, morning_utc: int) -> str:
    """A calendar day as the bot writes it: Slack's date token (each reader's own words),
    with the plain date as its fallback."""
    return f"<!date^{morning_utc}^{{date_short_pretty}}|{fallback}>"


DAY_1 = slack_day("Tue 24 Nov 2026", 1795514400)  # meeting 1 of the default set
DAY_2 = slack_day("Tue 01 Dec 2026", 1796119200)  # meeting 2


# ---- helpers for the report-back tests ----

# Meeting 1 of the default set (FORM_VALUES, created at 09:00 UTC on 23 Nov) is Tue 24 Nov
# 10:00 London (= UTC in winter); its prompts fall due 24 hours before, its reminder 2 hours
# before, the facilitator's brief 1 hour before. Meeting 2 is a week later.
PROMPT_1 = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
REMINDER_1 = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
MEETING_1 = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
PROMPT_2 = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
REMINDER_2 = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
MEETING_2 = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
WEEK = timedelta(days=7)


def past_the_first_meeting(bot: RunningBot) -> None:
    """Hold the set's first meeting at once, everyone there without an issue (its members
    were welcomed; there was nothing to report on): what follows is the report-back cycle,
    before meeting 2."""
    bot.clock.now = MEETING_1
    started = bot.slack.command("UANA", CHANNEL, "start")
    assert started.ok and not (started.message or {}).get("text"), started.message
    for user in MEMBERS:
        assert press(bot, user, "Here, no issue").ok
    end_meeting(bot)
    assert "Summary" in seen(bot, bot.standin.messages(CHANNEL)[-1])
    bot.tick()  # the scheduler's next wake-up: the welcomes are dropped, Homes refreshed


def at(bot: RunningBot, when: datetime) -> int:
    """Move the clock and let the scheduler deliver what fell due."""
    bot.clock.now = when
    return bot.tick()


def bot_dms(bot: RunningBot, user: str) -> list[str]:
    """What the bot wrote in its DM with `user`, oldest first (not the user's own replies),
    the facilitator's one "is ready" message from the set's creation aside."""
    return [seen(bot, m) for m in dm_messages(bot, user)]


def dm_messages(bot: RunningBot, user: str) -> list[dict[str, Any]]:
    """The bot's messages (with their buttons) in its DM with `user`, "is ready" aside."""
    channel = bot.standin.dm_channel(user).id
    return [
        m for m in bot.standin.messages(channel) if m.get("user") != user and not is_ready_dm(m)
    ]


def is_ready_dm(message: dict[str, Any]) -> bool:
    """The facilitator's DM as the set is created (its dates, what's next, three commands)."""
    return " is ready in <#" in str(message.get("text", ""))


def click_in_dm(bot: RunningBot, user: str, message: dict[str, Any], button: str) -> Reply:
    return bot.slack.click(user, bot.standin.dm_channel(user).id, message["ts"], button_text=button)


def meetings(bot: RunningBot) -> list:
    from bot.store.tables import Meeting

    return sorted(rows(bot, Meeting), key=lambda m: m.number)


def report_of(bot: RunningBot, user: str, number: int = 1) -> Any:
    """The member's Report row for meeting `number` (None if there is none)."""
    from bot.store.tables import Report

    meeting = next(m for m in meetings(bot) if m.number == number)
    found = [r for r in rows(bot, Report) if r.user_id == user and r.meeting_id == meeting.id]
    return found[0] if found else None


def answers_of(bot: RunningBot, user: str, number: int = 1) -> tuple[list[str], int]:
    """The member's stored answers and the question the bot is on."""
    import json

    data = json.loads(report_of(bot, user, number).data)
    return data["answers"], data["cursor"]


def jobs(
    bot: RunningBot, kind: str | None = None, user: str | None = None, number: int | None = None
) -> list:
    """Due rows of `kind` (prompt, reminder, brief, timer_*) for `user` and meeting `number`,
    by due time."""
    from bot.store.tables import DueJob

    ids = None if number is None else {m.id for m in meetings(bot) if m.number == number}
    found = [
        j
        for j in rows(bot, DueJob)
        if kind in (None, j.kind)
        and (user is None or j.key.endswith(f":{user}"))
        and (ids is None or j.meeting_id in ids)
    ]
    return sorted(found, key=lambda j: (j.due_at, j.key))


def start_and_end(bot: RunningBot, when: datetime) -> None:
    """Hold the next meeting at `when`: `/set start`, then `/set end` at once."""
    bot.clock.now = when
    started = bot.slack.command("UANA", CHANNEL, "start")
    assert started.ok and not (started.message or {}).get("text"), started.message
    end_meeting(bot)
    assert "Summary" in seen(bot, bot.standin.messages(CHANNEL)[-1]), bot.standin.transcript()
    bot.tick()  # the scheduler's next wake-up: the set's Homes show the meeting held


def is_home_chart(file: Any) -> bool:
    """App Home's trend picture (set-N-trend.png), shared into the facilitator's DM once per
    meeting; not one of an export's files."""
    return str(file.name).startswith("set-")


# ---- a whole meeting ----

TWO_PRESENTERS = {
    "UANA": "Here, no issue",
    "UBEN": "Here, with an issue",
    "UCAI": "Here, with an issue",
    "UDEE": "Here, no issue",
}


def _floor(bot: RunningBot) -> str:
    shown = bot.standin.text_of(control_message(bot))
    return next((u for u in MEMBERS if f"Floor: <@{u}>" in shown), "")


def _thread_of(bot: RunningBot, user: str) -> str:
    """The ts of `user`'s issue-round thread."""
    for message in bot.standin.messages(CHANNEL):
        if message.get("text", "").startswith("Issue round") and f"<@{user}>" in str(message):
            return str(message["ts"])
    raise AssertionError(f"no issue-round thread for {user}")


def hold_a_meeting(bot: RunningBot) -> None:
    """The set's next meeting as people run it: everyone checks in, Ben and Cai with an issue;
    the report-back round; each presenter questioned in their thread and recording an action;
    the reflection; the close."""
    assert bot.slack.command("UANA", CHANNEL, "start").ok
    for user, button in TWO_PRESENTERS.items():
        assert press(bot, user, button).ok
    for _ in range(12):  # through check-in and the report-back round to the first round
        press(bot, "UANA", "Next")
        if "Issue round: present" in bot.standin.text_of(control_message(bot)):
            break
    for _ in range(2):
        presenter = _floor(bot)
        thread = _thread_of(bot, presenter)
        press(bot, "UANA", "Next")  # questions
        for asker in MEMBERS:
            if asker != presenter:
                bot.slack.say(asker, CHANNEL, "What would success look like?", thread)
        press(bot, "UANA", "Next")  # actions
        assert press(bot, presenter, "Add an action").ok
        view = bot.standin.views_opened(presenter)[-1]
        values = {"action_text": {"value": "Talk to my team"}, "action_expect": {"value": "Yes"}}
        assert bot.slack.submit(presenter, view["id"], values).ok
        press(bot, "UANA", "Next")  # the next round, or the reflection
    press(bot, "UANA", "Next")  # close
    assert "Summary" in bot.standin.text_of(bot.standin.messages(CHANNEL)[-1])
