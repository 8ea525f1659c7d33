"""`/set export` (the facilitator's DM gets a Markdown summary, a CSV and a chart) and
`/set forget-me` (a member's words leave the set after they confirm; the counts stay)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from bot.store.tables import (
    Action,
    Attendance,
    Learning,
    Membership,
    Reflection,
    Report,
    Turn,
)
from tests.e2e.conftest import CHANNEL
from tests.e2e.harness import RunningBot
from tests.e2e.steps import (
    MEETING_2,
    PROMPT_2,
    at,
    control_message,
    create_set,
    end_meeting,
    ephemeral_texts,
    is_home_chart,
    past_the_first_meeting,
    press,
    rows,
    seen,
)
from tests.e2e.test_intervene_and_stars import to_questions
from tests.e2e.transports import http_only_bot  # noqa: F401  (`bot`: HTTP only)

BEN_REPORT = ["Tried the pilot", "It stalled", "Yes", "Most of them", "Ben's private report note"]
BEN_SHARED = "Ben shares: small pilots beat big plans"
CAI_PRIVATE = "Cai keeps: my team needs more time"
COLUMNS = [
    "section",
    "meeting",
    "date",
    "item",
    "value",
    "text",
    "owner",
    "expected_outcome",
    "status",
    "outcome_text",
    "committed_at_meeting",
    "reported_at_meeting",
    "due_date",
    "note",
]


def csv_rows(bot: RunningBot, file_id: str) -> list[dict[str, str]]:
    """The export's CSV as a spreadsheet reads it: UTF-8 with a byte-order mark."""
    assert bot.standin.file_content(file_id).startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(bot.standin.file_text(file_id, "utf-8-sig"))))


def run(bot: RunningBot, user: str, text: str) -> dict[str, Any]:
    reply = bot.slack.command(user, CHANNEL, text)
    assert reply.ok, reply
    return reply.message or {}


def reflect(bot: RunningBot, user: str, learning: str, rating: str, share: bool) -> None:
    post = next(
        m for m in reversed(bot.standin.messages(CHANNEL)) if "Write my reflection" in seen(bot, m)
    )
    bot.slack.click(user, CHANNEL, post["ts"], button_text="Write my reflection")
    view = bot.standin.views_opened(user)[-1]
    values: dict[str, dict[str, Any]] = {
        "reflect_0": {"value": learning},
        "reflect_rating": {"value": rating},
        "reflect_share": {"value": ["share"] if share else []},
    }
    reply = bot.slack.submit(user, view["id"], values)
    assert reply.ok and not reply.errors, reply.message


def hold_first_meeting(bot: RunningBot) -> None:
    """After the set's first meeting (nothing to report on at it), Ben reports back in his
    DM for meeting 2, presents, records an action and shares his reflection; Cai keeps
    hers private."""
    assert not create_set(bot).errors
    past_the_first_meeting(bot)
    at(bot, PROMPT_2)
    for answer in BEN_REPORT:
        bot.slack.dm("UBEN", answer)
    at(bot, MEETING_2)
    assert run(bot, "UANA", "start") == {}
    for user, button in [
        ("UANA", "Here, no issue"),
        ("UBEN", "Here, with an issue"),
        ("UCAI", "Here, no issue"),
        ("UDEE", "Apologies"),
    ]:
        assert press(bot, user, button).ok
    for _ in range(30):
        control = seen(bot, control_message(bot))
        if "*Reflection*" in control:
            break
        if "Issue round: actions" in control:
            press(bot, "UBEN", "Add an action")
            view = bot.standin.views_opened("UBEN")[-1]
            values = {
                "action_text": {"value": "Ben will run a smaller pilot"},
                "action_expect": {"value": "It lands"},
            }
            assert not bot.slack.submit("UBEN", view["id"], values).errors
        assert press(bot, "UANA", "Next").ok
    reflect(bot, "UBEN", BEN_SHARED, "5", True)
    reflect(bot, "UCAI", CAI_PRIVATE, "3", False)
    assert press(bot, "UANA", "Next").ok
    assert seen(bot, bot.standin.messages(CHANNEL)[-1]).startswith("Summary")


def dm_files(bot: RunningBot, user: str) -> list:
    """Export files in the DM (not App Home's trend picture, set-N-trend.png)."""
    files = bot.standin.files(bot.standin.dm_channel(user).id)
    return [f for f in files if not is_home_chart(f)]


def snapshot(bot: RunningBot) -> dict[str, Any]:
    def dump(table: type) -> list:
        return sorted(repr(sorted(r.model_dump().items())) for r in rows(bot, table))

    tables = (Action, Attendance, Learning, Membership, Reflection, Report, Turn)
    return {t.__name__: dump(t) for t in tables}


def test_export_before_any_meeting_sends_nothing(http_bot: RunningBot) -> None:
    bot = http_bot
    assert not create_set(bot).errors
    said = run(bot, "UANA", "export").get("text", "")
    assert "hasn't held a meeting yet" in said and "nothing to export" in said
    assert bot.standin.files(pending=True) == []
    assert bot.standin.calls_to("files.getUploadURLExternal") == []


def test_export_dms_the_facilitator_markdown_csv_and_chart_with_only_shared_learning(
    http_bot: RunningBot,
) -> None:
    bot = http_bot
    hold_first_meeting(bot)

    said = run(bot, "UBEN", "export").get("text", "")
    assert "Only the set's facilitator" in said
    assert dm_files(bot, "UBEN") == []

    assert "Preparing the export" in run(bot, "UANA", "export").get("text", "")
    files = dm_files(bot, "UANA")
    assert sorted(f.name.rsplit(".", 1)[1] for f in files) == ["csv", "md", "png"]
    by_kind = {f.name.rsplit(".", 1)[1]: f for f in files}
    assert bot.standin.file_content(by_kind["png"].id).startswith(b"\x89PNG\r\n\x1a\n")

    table = csv_rows(bot, by_kind["csv"].id)
    assert table and list(table[0]) == COLUMNS
    learnings = [r for r in table if r["section"] == "learning"]
    assert [(r["meeting"], r["date"], r["item"], r["text"]) for r in learnings] == [
        ("2", "2026-12-01", "reflection", BEN_SHARED)
    ]
    metrics = {
        r["item"]: r["value"] for r in table if r["section"] == "metric" and r["meeting"] == "2"
    }
    assert metrics["attendance_percent"] == "75" and metrics["report_backs_percent"] == "25"
    assert metrics["follow_through_percent"] == "" and metrics["rating"] == "4.0"
    (action,) = [r for r in table if r["section"] == "action"]
    assert (action["owner"], action["text"], action["expected_outcome"]) == (
        "Ben",
        "Ben will run a smaller pilot",
        "It lands",
    )
    assert (action["meeting"], action["status"], action["reported_at_meeting"]) == ("2", "open", "")

    markdown = bot.standin.file_text(by_kind["md"].id)
    assert "Leaders' set" in markdown and BEN_SHARED in markdown
    for private in (CAI_PRIVATE, BEN_REPORT[-1]):
        assert private not in markdown and private not in bot.standin.file_text(by_kind["csv"].id)
    assert "<@" not in markdown and "UBEN" not in markdown  # names, not Slack ids
    assert "### Meeting 2 · 2026-12-01" in markdown and "- Apologies: Dee" in markdown
    assert "- Report-back: Ben: reported, no action outcomes" in markdown
    assert "| Ben | Ben will run a smaller pilot | It lands | next meeting | open |" in markdown
    comment = " ".join(
        seen(bot, m) for m in bot.standin.messages(bot.standin.dm_channel("UANA").id)
    )
    assert "1 shareable learning" in comment
    assert bot.standin.violations == []


def forget_prompt(bot: RunningBot, user: str) -> dict[str, Any]:
    """`/set forget-me`: the confirmation the member sees (an ephemeral with buttons)."""
    run(bot, user, "forget-me")
    shown = [e for e in bot.standin.ephemerals(user) if "Yes, forget me" in seen(bot, e)]
    assert shown, ephemeral_texts(bot, user)
    return shown[-1]


def test_forget_me_asks_first_and_cancel_changes_nothing(http_bot: RunningBot) -> None:
    bot = http_bot
    hold_first_meeting(bot)
    before = snapshot(bot)
    prompt = forget_prompt(bot, "UBEN")
    assert "This can't be undone" in seen(bot, prompt) and "Cancel" in seen(bot, prompt)
    assert bot.slack.click("UBEN", CHANNEL, prompt["message_ts"], button_text="Cancel").ok
    assert any("Nothing was removed" in t for t in ephemeral_texts(bot, "UBEN"))
    assert snapshot(bot) == before


def test_forget_me_blanks_a_members_words_and_keeps_the_counts(http_bot: RunningBot) -> None:
    bot = http_bot
    hold_first_meeting(bot)
    counts = {t: len(rows(bot, t)) for t in (Attendance, Report, Action, Reflection, Turn)}
    others = [r for r in rows(bot, Reflection) if r.user_id == "UCAI"]

    prompt = forget_prompt(bot, "UBEN")
    assert bot.slack.click("UBEN", CHANNEL, prompt["message_ts"], button_text="Yes, forget me").ok
    assert any(t.startswith("Done:") for t in ephemeral_texts(bot, "UBEN"))

    assert {t: len(rows(bot, t)) for t in counts} == counts
    for table in (Attendance, Report, Reflection, Turn):
        assert "UBEN" not in {r.user_id for r in rows(bot, table)}, table
    (report,) = [r for r in rows(bot, Report) if r.user_id.startswith("anon-")]
    assert json.loads(report.data or "{}") == {}
    assert report.complete  # the report-back still counts as in
    (action,) = rows(bot, Action)
    assert action.owner_id == report.user_id and "smaller pilot" not in action.text
    assert action.expectation == ""
    mine = [r for r in rows(bot, Reflection) if r.user_id == report.user_id]
    assert [(json.loads(r.answers), r.rating) for r in mine] == [([], 5)]
    assert [r.answers for r in rows(bot, Reflection) if r.user_id == "UCAI"] == [
        r.answers for r in others
    ]
    assert [x.user_id for x in rows(bot, Learning)] == ["UCAI"]
    assert "UBEN" not in {m.user_id for m in rows(bot, Membership)}
    attendance = sorted(a.status for a in rows(bot, Attendance) if a.user_id == report.user_id)
    assert attendance == ["issue", "no_issue"]  # meeting 2, and the first
    assert "Leaders' set" not in seen(bot, bot.standin.home("UBEN"))

    # the export no longer holds what Ben shared
    run(bot, "UANA", "export")
    csv_file = next(f for f in dm_files(bot, "UANA") if f.name.endswith(".csv"))
    exported = csv_rows(bot, csv_file.id)
    assert [r for r in exported if r["section"] == "learning"] == []
    (action,) = [r for r in exported if r["section"] == "action"]
    assert action["owner"] == "a former member" and "smaller pilot" not in action["text"]
    assert bot.standin.violations == []


def test_forget_me_is_refused_while_a_meeting_runs(http_bot: RunningBot) -> None:
    bot = http_bot
    hold_first_meeting(bot)
    prompt = forget_prompt(bot, "UBEN")  # asked before meeting 2 starts, confirmed during it
    bot.clock.now = MEETING_2
    assert run(bot, "UANA", "start") == {}
    before = snapshot(bot)

    said = run(bot, "UBEN", "forget-me")
    assert "meeting of this set is running" in said.get("text", "")
    assert "Yes, forget me" not in seen(bot, said)
    bot.slack.click("UBEN", CHANNEL, prompt["message_ts"], button_text="Yes, forget me")
    assert "meeting of this set is running" in ephemeral_texts(bot, "UBEN")[-1]
    assert snapshot(bot) == before
    assert "UBEN" in {m.user_id for m in rows(bot, Membership)}


def test_a_forgotten_members_counts_show_as_a_former_member_not_a_broken_mention(
    http_bot: RunningBot,
) -> None:
    bot = http_bot
    thread = to_questions(bot)
    bot.slack.say("UDEE", CHANNEL, "What would success look like?", thread)
    bot.slack.say("UDEE", CHANNEL, "Who else knows?", thread)
    bot.slack.say("UCAI", CHANNEL, "What did you try first?", thread)
    end_meeting(bot)
    prompt = forget_prompt(bot, "UDEE")
    assert bot.slack.click("UDEE", CHANNEL, prompt["message_ts"], button_text="Yes, forget me").ok

    assert bot.slack.open_home("UANA").ok
    home = seen(bot, bot.standin.home("UANA"))
    assert "*Questions asked (L = P + Q):* _a former member_ 2, <@UCAI> 1" in home, home
    run(bot, "UANA", "close")
    closing = seen(bot, bot.standin.messages(CHANNEL)[-1])
    assert "_a former member_ 2, <@UCAI> 1" in closing
    assert "anon-" not in home and "anon-" not in closing
    assert bot.standin.violations == []
