"""App Home for a member, end to end: the set and its next meeting, whether my report-back is
in, my open actions (Done / Partly / Drop / a note, marked once), my learning log and sharing,
paging 200 actions within Block Kit's limits, and Home after leaving the set."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session

from bot.store.tables import Action, Learning, LearningSet, Report
from tests.e2e.conftest import CHANNEL
from tests.e2e.harness import RunningBot
from tests.e2e.steps import (
    MEETING_1,
    MEETING_2,
    PROMPT_2,
    at,
    control_message,
    create_set,
    meetings,
    past_the_first_meeting,
    press,
    rows,
    seen,
)
from tests.e2e.transports import http_only_bot  # noqa: F401  (`bot`: HTTP only)
from tests.slack_standin import payloads, textview
from tests.slack_standin.reply import Reply

LEARNED_REPORT = "Listening first changes the room 👂"
LEARNED_REFLECTION = "Asking before advising got further"
BEN_ACTIONS = ("Pilot the new rota with my team", "Write to the sponsor", "Run a retro")


# ---- steps shared with test_home_facilitator.py ----


def answer_in_dm(bot: RunningBot, user: str, learned: str = LEARNED_REPORT) -> None:
    """The member answers the five report-back questions in the DM; the last: what they learned."""
    for answer in ("Spoke to the team", "They agreed", "skip", "Yes, all of them", learned):
        assert bot.slack.dm(user, answer).ok


def run_meeting_one(
    bot: RunningBot,
    actions: tuple[str, ...] = BEN_ACTIONS,
    rating: str = "4",
    when: datetime = MEETING_1,
    reflection: str = LEARNED_REFLECTION,
) -> None:
    """The next meeting (the first by default): all four here, Ben presents and records
    `actions`, then reflects. A set's first meeting has no report-back round; a later
    one's turns are passed with Next."""
    bot.clock.now = when
    started = bot.slack.command("UANA", CHANNEL, "start")
    assert started.ok and not (started.message or {}).get("text"), started.message
    bot.tick()
    for user, button in [
        ("UANA", "Here, no issue"),
        ("UBEN", "Here, with an issue"),
        ("UCAI", "Here, no issue"),
        ("UDEE", "Here, no issue"),
    ]:
        assert press(bot, user, button).ok
    for _ in range(6):  # check-in → (any report-back turns) → Ben presents
        press(bot, "UANA", "Next")
        if "Issue round: present* · Floor: <@UBEN>" in seen(bot, control_message(bot)):
            break
    assert "Issue round: present* · Floor: <@UBEN>" in seen(bot, control_message(bot))
    press(bot, "UANA", "Next")
    press(bot, "UANA", "Next")
    assert "Issue round: actions" in seen(bot, control_message(bot))
    for text in actions:
        assert press(bot, "UBEN", "Add an action").ok
        view = bot.standin.views_opened("UBEN")[-1]
        values = {"action_text": {"value": text}, "action_expect": {"value": "It sticks"}}
        done = bot.slack.submit("UBEN", view["id"], values)
        assert done.ok and not done.errors, done.message
    press(bot, "UANA", "Next")
    assert "Reflection" in seen(bot, control_message(bot))
    post = next(
        m for m in reversed(bot.standin.messages(CHANNEL)) if "Write my reflection" in str(m)
    )
    assert bot.slack.click("UBEN", CHANNEL, post["ts"], button_text="Write my reflection").ok
    form = bot.standin.views_opened("UBEN")[-1]
    assert form["title"]["text"] == "Reflection"
    values = {"reflect_0": {"value": reflection}, "reflect_rating": {"value": rating}}
    saved = bot.slack.submit("UBEN", form["id"], values)
    assert saved.ok and not saved.errors, saved.message
    press(bot, "UANA", "Next")
    assert "Summary" in seen(bot, bot.standin.messages(CHANNEL)[-1]), bot.standin.transcript()


def home(bot: RunningBot, user: str) -> str:
    return seen(bot, bot.standin.home(user))


def open_home(bot: RunningBot, user: str) -> dict[str, Any]:
    assert bot.slack.open_home(user).ok
    view = bot.standin.home(user)
    assert view is not None, f"no App Home published for {user}"
    return view


def click_home(bot: RunningBot, user: str, button: str, value: str | None = None) -> Reply:
    """Click a button on the user's current Home and wait for the bot's work after its ack."""
    return click_view(bot, user, bot.standin.home(user) or {}, button, value)


def click_view(
    bot: RunningBot,
    user: str,
    view: dict[str, Any],
    button: str,
    value: str | None = None,
    forged: str | None = None,
) -> Reply:
    """Click `button` on a Home view kept from earlier (a stale client); `forged` sends
    another value than the button holds (a crafted request)."""
    element = textview.find_button(view, button, value)
    action = payloads.action(element)
    if forged is not None:
        action["value"] = forged
    standin = bot.standin
    payload = payloads.base_interaction(standin, "block_actions", user, standin.issue_trigger(user))
    payload.update(container={"type": "view", "view_id": view["id"]}, view=view, actions=[action])
    reply = bot.slack.transport.deliver("interactive", payload)
    bot.slack.executor.wait_idle()  # type: ignore[attr-defined]
    return reply


def values_of(view: dict[str, Any] | None, button: str) -> list[str]:
    return [b.get("value", "") for b in textview.buttons(view or {}) if b["text"]["text"] == button]


def actions_of(bot: RunningBot, user: str) -> list[Action]:
    return sorted((a for a in rows(bot, Action) if a.owner_id == user), key=lambda a: a.id)


# ---- the journeys ----


def test_next_meeting_report_back_status_and_learning_log(bot: RunningBot) -> None:
    assert not create_set(bot).errors
    past_the_first_meeting(bot)
    at(bot, PROMPT_2)
    first = meetings(bot)[1]  # the next: meeting 2 (meeting 1 had nothing to report on)

    view = open_home(bot, "UBEN")
    text = home(bot, "UBEN")
    assert "Leaders' set 🌱" in text and f"<#{CHANNEL}>" in text
    stamp = int(first.scheduled_at.timestamp())
    assert re.search(rf"Next meeting: <!date\^{stamp}\^[^|]+\|[^>]+>", text), text
    assert "report-back is in" not in text
    assert values_of(view, "Write my report") == [str(first.id)]
    assert not values_of(view, "Edit my report")

    # Ben answers in the DM: his Home is republished without reopening it
    answer_in_dm(bot, "UBEN")
    text = home(bot, "UBEN")
    assert "Your report-back is in" in text and "not in yet" not in text
    assert values_of(bot.standin.home("UBEN"), "Edit my report") == [str(first.id)]
    assert not values_of(bot.standin.home("UBEN"), "Write my report")
    assert LEARNED_REPORT in text and "meeting 2 · report-back" in text

    # Cai writes hers from Home with the form
    open_home(bot, "UCAI")
    assert click_home(bot, "UCAI", "Write my report").ok
    form = bot.standin.views_opened("UCAI")[-1]
    assert form["title"]["text"] == "Your report-back"
    sent = bot.slack.submit(
        "UCAI", form["id"], {"answer_0": {"value": "Met them"}, "answer_4": {"value": "Ask more"}}
    )
    assert sent.ok and not sent.errors, sent.message
    assert "Your report-back is in" in home(bot, "UCAI")
    assert values_of(bot.standin.home("UCAI"), "Edit my report") == [str(first.id)]
    assert {r.user_id for r in rows(bot, Report) if r.complete} == {"UBEN", "UCAI"}

    # after meeting 2: the next meeting is meeting 3, not asked yet; the reflection joins the log
    run_meeting_one(bot, when=MEETING_2)
    second = meetings(bot)[2]
    view = open_home(bot, "UBEN")
    text = home(bot, "UBEN")
    assert f"<!date^{int(second.scheduled_at.timestamp())}^" in text
    # not asked yet: Home says the DM will come, as the DM menu would (nothing open yet)
    assert "I'll DM you for your report-back before it" in text
    assert not values_of(view, "Write my report") and str(second.id)
    assert LEARNED_REFLECTION in text and "meeting 2 · reflection" in text
    assert LEARNED_REPORT in text
    mine = {x.source: x for x in rows(bot, Learning) if x.user_id == "UBEN"}
    assert set(mine) == {"report", "reflection"}
    assert not any(x.shareable for x in mine.values())

    # Share the reflection's learning point: it flips, and so does its button
    reflection = mine["reflection"]
    assert click_home(bot, "UBEN", "Share", value=f"{reflection.id}:1").ok
    after = {x.source: x for x in rows(bot, Learning) if x.user_id == "UBEN"}
    assert after["reflection"].shareable and not after["report"].shareable
    view = bot.standin.home("UBEN") or {}
    assert "may now be shared" in home(bot, "UBEN")
    assert values_of(view, "Keep private") == [f"{reflection.id}:0"]
    assert values_of(view, "Share") == [f"{mine['report'].id}:1"]

    assert click_home(bot, "UBEN", "Keep private", value=f"{reflection.id}:0").ok
    assert not next(x for x in rows(bot, Learning) if x.id == reflection.id).shareable
    assert "stays inside the set" in home(bot, "UBEN")
    assert bot.standin.violations == []


def test_open_actions_done_once_partly_drop_and_a_note(bot: RunningBot) -> None:
    assert not create_set(bot).errors
    run_meeting_one(bot)
    first, second, third = actions_of(bot, "UBEN")

    before = open_home(bot, "UBEN")
    text = home(bot, "UBEN")
    assert "Your open actions (3)" in text
    assert all(a in text for a in BEN_ACTIONS)
    for button in ("Done", "Partly", "Drop", "Add a note"):
        assert values_of(before, button) == [str(first.id), str(second.id), str(third.id)]

    # Done: the row is done, Home says so, and the action leaves the list
    assert click_home(bot, "UBEN", "Done", value=str(first.id)).ok
    done = actions_of(bot, "UBEN")[0]
    assert done.status == "done"
    text = home(bot, "UBEN")
    assert f"Marked done: {BEN_ACTIONS[0]}" in text
    assert "Your open actions (2)" in text
    assert values_of(bot.standin.home("UBEN"), "Done") == [str(second.id), str(third.id)]

    # Done again, and Partly, from the stale view: refused with why, nothing changes
    for button, why in (("Done", "already marked done"), ("Partly", "can't change any more")):
        assert click_view(bot, "UBEN", before, button, str(first.id)).ok
        assert why in home(bot, "UBEN"), home(bot, "UBEN")
        again = actions_of(bot, "UBEN")[0]
        assert (again.status, again.updated_at) == ("done", done.updated_at)

    # Add a note: a modal; saving keeps the note on the action
    assert click_home(bot, "UBEN", "Add a note", value=str(second.id)).ok
    modal = bot.standin.views_opened("UBEN")[-1]
    assert modal["title"]["text"] == "Note on an action" and BEN_ACTIONS[1] in seen(bot, modal)
    saved = bot.slack.submit("UBEN", modal["id"], {"note_text": {"value": "Sponsor on leave"}})
    assert saved.ok and not saved.errors, saved.message
    assert actions_of(bot, "UBEN")[1].note == "Sponsor on leave"
    assert "Note saved" in home(bot, "UBEN")

    # Partly: it stays on the list, carried forward, with its note; Drop: it leaves it
    assert click_home(bot, "UBEN", "Partly", value=str(second.id)).ok
    assert "Marked partly done" in home(bot, "UBEN")
    assert click_home(bot, "UBEN", "Drop", value=str(third.id)).ok
    assert "Marked dropped" in home(bot, "UBEN")
    assert [a.status for a in actions_of(bot, "UBEN")] == ["done", "partly", "dropped"]
    text = home(bot, "UBEN")
    assert "Your open actions (1)" in text and "partly done, carried forward" in text
    assert "Sponsor on leave" in text  # the note shows under the action
    assert values_of(bot.standin.home("UBEN"), "Done") == [str(second.id)]
    assert "Finished actions" in text and BEN_ACTIONS[2] in text.split("Finished actions")[1]
    assert bot.standin.violations == []


def two_hundred_actions(bot: RunningBot, user: str = "UDEE") -> None:
    """A set, and 200 open actions of `user` written straight into the store, long texts."""
    assert not create_set(bot).errors
    (the_set,) = rows(bot, LearningSet)
    first = meetings(bot)[0]
    now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    with Session(bot.services.deps.engine) as session:
        session.add_all(
            Action(
                set_id=the_set.id or 0,
                meeting_id=first.id or 0,
                owner_id=user,
                created_by=user,
                text=f"Action {n:03d}: " + "try it and see what happens " * 60,  # ~1700 chars
                created_at=now,
                updated_at=now,
            )
            for n in range(1, 201)
        )
        session.commit()


def test_two_hundred_open_actions_first_page_within_block_kit_limits(
    http_bot: RunningBot,
) -> None:
    bot = http_bot
    two_hundred_actions(bot)
    view = open_home(bot, "UDEE")
    text = home(bot, "UDEE")
    assert len(view["blocks"]) <= 100
    assert "Your open actions (200)" in text and "Showing 1–10 of 200" in text
    assert "Action 001:" in text and "Action 010:" in text and "Action 011:" not in text
    assert len(values_of(view, "Done")) == 10
    assert values_of(view, "Next →") == ["1"] and not values_of(view, "← Previous")
    assert bot.standin.violations == []


def test_two_hundred_open_actions_second_page_works(http_bot: RunningBot) -> None:
    bot = http_bot
    two_hundred_actions(bot)
    open_home(bot, "UDEE")
    assert click_home(bot, "UDEE", "Next →").ok
    problems = list(bot.standin.violations)
    bot.standin.violations.clear()  # asserted here, so the stand-in's teardown stays quiet
    view = bot.standin.home("UDEE") or {}
    text = home(bot, "UDEE")
    assert len(view["blocks"]) <= 100
    assert "Showing 11–20 of 200" in text, problems
    assert "Action 011:" in text and "Action 020:" in text and "Action 001:" not in text
    assert values_of(view, "← Previous") == ["0"] and values_of(view, "Next →") == ["2"]

    # Done on page 2 marks that action, and only that one
    ids = [a.id for a in actions_of(bot, "UDEE")]
    assert click_home(bot, "UDEE", "Done", value=str(ids[10])).ok
    statuses = [a.status for a in actions_of(bot, "UDEE")]
    assert statuses[10] == "done" and statuses.count("open") == 199
    assert "Your open actions (199)" in home(bot, "UDEE")
    problems += bot.standin.violations
    bot.standin.violations.clear()
    assert problems == []


def test_a_member_who_left_the_set_opens_home(http_bot: RunningBot) -> None:
    bot = http_bot
    assert not create_set(bot).errors
    run_meeting_one(bot)
    open_home(bot, "UBEN")
    assert "Your open actions (3)" in home(bot, "UBEN")

    left = bot.slack.command("UBEN", CHANNEL, "leave")
    assert left.ok and "You've left" in seen(bot, left.message), left.message
    view = open_home(bot, "UBEN")
    text = home(bot, "UBEN")
    assert "Welcome to Setbot" in text and "/set create" in text  # one welcome paragraph
    assert "You're not in any set" not in text and "Sets you facilitate" not in text
    assert f"<#{CHANNEL}>" not in text and "Next meeting" not in text
    assert not values_of(view, "Write my report") and not values_of(view, "Done")
    assert "Your open actions (0)" in text and "Finished actions" in text  # their history
    assert bot.standin.violations == []


def test_a_prompt_alone_is_not_a_started_report_back(http_bot: RunningBot) -> None:
    bot = http_bot
    assert not create_set(bot).errors
    past_the_first_meeting(bot)
    at(bot, PROMPT_2)
    assert [r.user_id for r in rows(bot, Report) if r.user_id == "UDEE"] == ["UDEE"]
    open_home(bot, "UDEE")
    assert "Report-back not in yet" in home(bot, "UDEE"), home(bot, "UDEE")
    bot.slack.dm("UDEE", "Met the board")  # one answer: now it has started
    open_home(bot, "UDEE")
    assert "Report-back started" in home(bot, "UDEE")
