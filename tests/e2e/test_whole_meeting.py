"""A set of four runs a whole meeting, in HTTP mode and in Socket Mode."""

from __future__ import annotations

from sqlmodel import Session, select

from bot.store.tables import Action, Attendance, LearningSet, Meeting, Membership, Turn
from tests.e2e.conftest import CHANNEL, MEMBERS
from tests.e2e.harness import RunningBot
from tests.e2e.steps import control_message, create_set, press, seen


def rows(bot: RunningBot, table: type) -> list:
    with Session(bot.services.deps.engine) as session:
        return list(session.exec(select(table)))


def record_action(bot: RunningBot, user: str, text: str, expect: str) -> None:
    message = control_message(bot)
    reply = bot.slack.click(user, CHANNEL, message["ts"], button_text="Add an action")
    assert reply.ok
    view = bot.standin.views_opened(user)[-1]
    assert view["title"]["text"] == "Record an action"
    submitted = bot.slack.submit(
        user, view["id"], {"action_text": {"value": text}, "action_expect": {"value": expect}}
    )
    assert submitted.ok and not submitted.errors, submitted.message


def test_four_members_run_a_whole_meeting(bot: RunningBot) -> None:
    # create: the form, then the announcement in the channel
    reply = create_set(bot)
    assert reply.ok and not reply.errors, reply.message
    announcement = seen(bot, bot.standin.messages(CHANNEL)[-1])
    assert "Leaders' set 🌱" in announcement and "Members (4)" in announcement
    (the_set,) = rows(bot, LearningSet)
    assert the_set.channel_id == CHANNEL and the_set.meeting_count == 6
    assert sorted(m.user_id for m in rows(bot, Membership)) == sorted(MEMBERS)
    assert len(rows(bot, Meeting)) == 6

    # start: ground rules and a control message with check-in buttons
    bot.clock.advance(days=1, hours=1)
    reply = bot.slack.command("UANA", CHANNEL, "start")
    assert reply.ok
    texts = [seen(bot, m) for m in bot.standin.messages(CHANNEL)]
    assert any("ground rules" in t.lower() and "Confidentiality" in t for t in texts)
    control = seen(bot, control_message(bot))
    assert "Check-in" in control

    # check-in: Ben and Cai bring issues, Dee sends apologies, Ana is here
    for user, button in [
        ("UBEN", "Here, with an issue"),
        ("UCAI", "Here, with an issue"),
        ("UANA", "Here, no issue"),
        ("UDEE", "Apologies"),
    ]:
        assert press(bot, user, button).ok
    assert any("checked in" in seen(bot, e) for e in bot.standin.ephemerals("UBEN"))
    assert "Apologies" in seen(bot, control_message(bot))

    # a member who is not the facilitator can't drive
    press(bot, "UBEN", "Next")
    assert any("Only the facilitator" in seen(bot, e) for e in bot.standin.ephemerals("UBEN"))

    # a set's first meeting has nothing to report on: no report-back round, Next goes
    # straight to the first issue round
    assert "Next: issue rounds" in seen(bot, control_message(bot))

    # two issue rounds: present → questions → actions (with actions recorded)
    presenters = []
    for _ in range(2):
        press(bot, "UANA", "Next")
        control = seen(bot, control_message(bot))
        assert "Issue round: present" in control
        presenter = next(u for u in ("UBEN", "UCAI") if f"Floor: <@{u}>" in control)
        presenters.append(presenter)
        press(bot, "UANA", "Next")
        assert "Issue round: questions" in seen(bot, control_message(bot))
        press(bot, "UANA", "Next")
        assert "Issue round: actions" in seen(bot, control_message(bot))
        record_action(bot, presenter, f"Talk to my team ({presenter}) 🚀", "They will push back")
    assert sorted(presenters) == ["UBEN", "UCAI"]

    # reflection, then close with the summary
    press(bot, "UANA", "Next")
    assert "Reflection" in seen(bot, control_message(bot))
    press(bot, "UANA", "Next")
    summary = seen(bot, bot.standin.messages(CHANNEL)[-1])
    assert "Summary" in summary
    for user in ("UANA", "UBEN", "UCAI"):
        assert f"<@{user}>" in summary
    assert "Apologies:* <@UDEE>" in summary or "Apologies: <@UDEE>" in summary
    assert summary.count("Talk to my team") == 2
    assert "<!date^" in str(bot.standin.messages(CHANNEL)[-1]["blocks"])

    # what was stored
    actions = rows(bot, Action)
    assert sorted(a.owner_id for a in actions) == ["UBEN", "UCAI"]
    assert all(a.status == "open" and a.expectation == "They will push back" for a in actions)
    attendance = {a.user_id: a.status for a in rows(bot, Attendance)}
    assert attendance == {"UANA": "no_issue", "UBEN": "issue", "UCAI": "issue", "UDEE": "apologies"}
    turns = rows(bot, Turn)
    assert sorted((t.kind, t.outcome) for t in turns) == [("issue", "done")] * 2
    assert not [m for m in bot.standin.messages(CHANNEL) if "Report back" in seen(bot, m)]
    assert all(t.thread_ts for t in turns)
    first = min(rows(bot, Meeting), key=lambda m: m.number)
    assert first.phase == "closed" and first.ended_at is not None
    assert bot.standin.violations == []
