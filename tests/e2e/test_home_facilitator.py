"""App Home for a facilitator, end to end: each held meeting's attendance, report-backs and
follow-through, the trend picture (a file in Slack shown with slack_file), the export to their
DMs and the question-nudge switch; and the same buttons pressed by someone who isn't the
set's facilitator, which change nothing."""

from __future__ import annotations

import csv
import io
from typing import Any

from bot.store.tables import Action, Learning, LearningSet
from tests.e2e.conftest import CHANNEL
from tests.e2e.harness import RunningBot
from tests.e2e.steps import (
    DAY_1,
    DAY_2,
    FORM_VALUES,
    MEETING_2,
    PROMPT_2,
    at,
    create_set,
    is_home_chart,
    past_the_first_meeting,
    rows,
    seen,
)
from tests.e2e.test_home_member import (
    answer_in_dm,
    click_home,
    click_view,
    home,
    open_home,
    run_meeting_one,
    values_of,
)
from tests.e2e.transports import http_only_bot  # noqa: F401  (`bot`: HTTP only)
from tests.slack_standin.reply import Reply

OTHER = "C0BEN"


def meeting_one_with_follow_through(bot: RunningBot) -> None:
    """After the set's first meeting (all four there, nothing to report on), Ben and Cai
    report (2 of 4) for meeting 2, all four attend, Ben agrees three actions and rates the
    meeting 4; then he marks them done, partly and dropped from his Home."""
    assert not create_set(bot).errors
    past_the_first_meeting(bot)
    at(bot, PROMPT_2)
    answer_in_dm(bot, "UBEN")
    answer_in_dm(bot, "UCAI")
    run_meeting_one(bot, rating="4", when=MEETING_2)
    open_home(bot, "UBEN")
    ids = sorted(a.id for a in rows(bot, Action))
    for button, action in zip(("Done", "Partly", "Drop"), ids, strict=True):
        assert click_home(bot, "UBEN", button, value=str(action)).ok
    assert sorted(a.status for a in rows(bot, Action)) == ["done", "dropped", "partly"]


def files_in_dm(bot: RunningBot, user: str) -> list:
    return bot.standin.files(bot.standin.dm_channel(user).id)


def exports_in_dm(bot: RunningBot, user: str) -> list[str]:
    """The names of export files in the DM (App Home's trend picture, set-N-trend.png, is
    shared there too, so the facilitator may see it)."""
    return sorted(f.name for f in files_in_dm(bot, user) if f.completed and not is_home_chart(f))


def test_facilitator_sees_set_health_chart_exports_and_switches_nudges(bot: RunningBot) -> None:
    meeting_one_with_follow_through(bot)
    (the_set,) = rows(bot, LearningSet)

    view = open_home(bot, "UANA")
    text = home(bot, "UANA")
    assert "Sets you facilitate" in text
    assert "Leaders' set 🌱* · 2 meetings held" in text
    # report-backs count only meeting 2: meeting 1 had nothing to report on
    assert "Attendance 100% · Report-backs 50% · Follow-through 50%" in text
    assert "(1 done, 1 partly, 1 not done, 0 open)" in text and "Rating 4" in text
    # a first meeting has no report-backs: that figure is left out, not a dash
    assert f"Meeting 1 ({DAY_1}): attendance 100%\n" in text, text
    assert (
        f"Meeting 2 ({DAY_2}): attendance 100%, report-backs 50%, "
        "actions 1 done / 1 partly / 1 not done" in text
    ), text

    # the trend picture: a PNG uploaded to Slack and shown by its file id
    images = [b for b in view["blocks"] if b["type"] == "image"]
    assert len(images) == 1, view["blocks"]
    file_id = images[0]["slack_file"]["id"]
    chart = bot.standin.file(file_id)
    assert chart is not None and chart.completed, bot.standin.transcript()
    assert bot.standin.file_content(file_id).startswith(b"\x89PNG")
    assert file_id in {f.id for f in bot.standin.files()}
    assert rows(bot, LearningSet)[0].chart_file_id == file_id
    uploaded = len(bot.standin.files(pending=True))
    again = open_home(bot, "UANA")  # opened again, the same picture: no second upload
    assert len(bot.standin.files(pending=True)) == uploaded
    assert [b["slack_file"]["id"] for b in again["blocks"] if b["type"] == "image"] == [file_id]

    # Export to my DMs: the summary, a CSV that parses, and the chart arrive in her DM
    assert values_of(view, "Export to my DMs") == [str(the_set.id)]
    assert click_home(bot, "UANA", "Export to my DMs").ok
    assert "export is on its way" in home(bot, "UANA")
    sent = {f.name.rsplit("-", 1)[-1]: f for f in files_in_dm(bot, "UANA")}
    assert set(sent) == {"summary.md", "export.csv", "trend.png"}, bot.standin.transcript()
    exported = bot.standin.file_text(sent["export.csv"].id, "utf-8-sig")
    table = list(csv.reader(io.StringIO(exported)))
    found = {(r[0], r[1], r[3]): r[4] for r in table[1:]}
    assert found[("metric", "2", "report_backs_percent")] == "50"
    assert found[("actions", "2", "done")] == "1" and found[("actions", "2", "partly")] == "1"
    assert not any(r[0] == "learning" for r in table)  # nobody marked a learning shareable
    assert "Leaders' set" in bot.standin.file_text(sent["summary.md"].id)
    assert bot.standin.file_content(sent["trend.png"].id).startswith(b"\x89PNG")
    assert not files_in_dm(bot, "UBEN")

    # Turn question nudges off, then on again
    assert the_set.nudge_questions
    assert values_of(bot.standin.home("UANA"), "Turn question nudges off") == [f"{the_set.id}:off"]
    assert click_home(bot, "UANA", "Turn question nudges off").ok
    assert rows(bot, LearningSet)[0].nudge_questions is False
    assert "Question nudges are off" in home(bot, "UANA")
    assert values_of(bot.standin.home("UANA"), "Turn question nudges on") == [f"{the_set.id}:on"]
    assert click_home(bot, "UANA", "Turn question nudges on").ok
    assert rows(bot, LearningSet)[0].nudge_questions is True
    assert "Question nudges are on" in home(bot, "UANA")

    # a member who doesn't facilitate sees no set health and no facilitator buttons
    member = open_home(bot, "UDEE")
    assert "Sets you facilitate" not in home(bot, "UDEE")
    assert not values_of(member, "Export to my DMs")
    assert not [b for b in member["blocks"] if b["type"] == "image"]
    assert bot.standin.violations == []


def bens_own_set(bot: RunningBot) -> LearningSet:
    """Ben facilitates a set of his own in another channel: his Home has the buttons."""
    bot.standin.add_channel(OTHER, "ben-set", members=["UBEN", "UCAI"])
    assert bot.slack.command("UBEN", OTHER, "create").ok
    form = bot.standin.views_opened("UBEN")[-1]
    values: dict[str, Any] = {
        **FORM_VALUES,
        "name": {"value": "Ben's set"},
        "members": {"value": ["UBEN", "UCAI"]},
        "facilitator": {"value": "UBEN"},
        "first_date": {"value": "2026-12-01"},
    }
    created = bot.slack.submit("UBEN", form["id"], values)
    assert created.ok and not created.errors, created.message
    return next(s for s in rows(bot, LearningSet) if s.channel_id == OTHER)


def crafted_click(bot: RunningBot, user: str, action_id: str, value: str) -> Reply:
    """A button the user's Home doesn't show, with someone else's value, sent as a click."""
    view = open_home(bot, user)
    button = {"type": "button", "action_id": action_id, "text": {"type": "plain_text", "text": "X"}}
    view["blocks"].append(
        {"type": "actions", "block_id": "crafted", "elements": [{**button, "value": value}]}
    )
    return click_view(bot, user, view, "X")


def test_facilitator_buttons_pressed_by_someone_else_change_nothing(
    http_bot: RunningBot,
) -> None:
    bot = http_bot
    assert not create_set(bot).errors
    run_meeting_one(bot)
    anas = next(s for s in rows(bot, LearningSet) if s.channel_id == CHANNEL)
    bens = bens_own_set(bot)
    view = open_home(bot, "UBEN")
    assert values_of(view, "Export to my DMs") == [str(bens.id)]
    uploads = len(bot.standin.files(pending=True))

    # Ben sends his buttons with Ana's set in them
    assert click_view(bot, "UBEN", view, "Export to my DMs", forged=str(anas.id)).ok
    assert "Only the set's facilitator, <@UANA>" in home(bot, "UBEN"), home(bot, "UBEN")
    forged = f"{anas.id}:off"
    assert click_view(bot, "UBEN", view, "Turn question nudges off", forged=forged).ok
    assert "Only the set's facilitator, <@UANA>" in home(bot, "UBEN"), home(bot, "UBEN")
    assert next(s for s in rows(bot, LearningSet) if s.id == anas.id).nudge_questions is True
    assert len(bot.standin.files(pending=True)) == uploads

    # Cai sends Done on Ben's action and Share on Ben's learning (crafted values): refused
    action = min(a.id for a in rows(bot, Action))
    assert crafted_click(bot, "UCAI", "home_action_done", str(action)).ok
    assert "only they can mark it" in home(bot, "UCAI"), home(bot, "UCAI")
    assert next(a for a in rows(bot, Action) if a.id == action).status == "open"
    (learning,) = [x for x in rows(bot, Learning) if x.user_id == "UBEN"]
    assert crafted_click(bot, "UCAI", "home_learning_share", f"{learning.id}:1").ok
    assert "Only the learning's author" in home(bot, "UCAI"), home(bot, "UCAI")
    assert not rows(bot, Learning)[0].shareable

    # Ana hands the set over to Cai; her Home from before still has the buttons
    anas_view = open_home(bot, "UANA")
    handed = bot.slack.command("UANA", CHANNEL, "facilitator <@UCAI>")
    assert handed.ok, handed.message
    assert rows(bot, LearningSet)[0].facilitator_id == "UCAI"
    uploads = len(bot.standin.files(pending=True))
    assert click_view(bot, "UANA", anas_view, "Export to my DMs").ok
    assert "Only the set's facilitator, <@UCAI>" in home(bot, "UANA"), home(bot, "UANA")
    assert click_view(bot, "UANA", anas_view, "Turn question nudges off").ok
    assert "Only the set's facilitator, <@UCAI>" in home(bot, "UANA"), home(bot, "UANA")
    assert next(s for s in rows(bot, LearningSet) if s.id == anas.id).nudge_questions is True
    assert "Sets you facilitate" not in home(bot, "UANA")  # republished as it is now

    # nothing was uploaded or sent to anyone's DM for all that
    assert len(bot.standin.files(pending=True)) == uploads
    for user in ("UANA", "UBEN", "UCAI"):
        assert not exports_in_dm(bot, user), seen(bot, bot.standin.last_message(f"D{user}"))
    assert not files_in_dm(bot, "UCAI")

    # Cai, the facilitator now, gets the set's picture in his DM and in his Home
    cais = open_home(bot, "UCAI")
    assert "Sets you facilitate" in seen(bot, cais)
    (chart,) = files_in_dm(bot, "UCAI")
    assert [b["slack_file"]["id"] for b in cais["blocks"] if b["type"] == "image"] == [chart.id]
    assert bot.standin.violations == []
