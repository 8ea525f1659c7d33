"""The export's files, drawn from plain data: every action with its outcome, each meeting's
summary, names instead of ids, a CSV a spreadsheet opens cleanly."""

from __future__ import annotations

import csv
import io
from datetime import date

from bot.flows import export, export_csv, metrics
from bot.flows.actions import tally
from bot.flows.metrics import MeetingFacts

FACTS = [
    MeetingFacts(1, date(2026, 11, 24), 4, 4, 0, ("done", "partly"), (4, 5), {"UA": 3}, False),
    MeetingFacts(2, date(2026, 12, 1), 4, 3, 2, ("open",), (3,), {"UB": 2}, True),
]
ACTIONS = [
    export.ExportAction("UBEN", "Run | the pilot", "It lands", "done", "", 1, 2),
    export.ExportAction(
        "UCAI", "Ask finance\nagain", "A yes", "partly", "Half of it", 1, 2, date(2026, 12, 1)
    ),
    export.ExportAction("anon-3-x", export.FORMER_MEMBER, "", "left", "", 2, None, note="n"),
]
RECORDS = [
    export.MeetingRecord(1, date(2026, 11, 24), ["UBEN", "UCAI"], report_round=False, agreed=2),
    export.MeetingRecord(
        2,
        date(2026, 12, 1),
        attended=["UBEN", "UCAI"],
        apologies=["UDEE"],
        absent=["anon-3-x"],
        report_back=[("UBEN", "1 done"), ("UCAI", "1 partly")],
        agreed=1,
        questions=2,
        rating=3.0,
    ),
]
NAMES = {"UBEN": "Ben Ng", "UCAI": "Cai Ortiz", "UDEE": "Dee 🌱"}


def data(**changes: object) -> export.ExportData:
    base = {
        "set_name": "Leaders' set",
        "theme": "Change",
        "status": "active",
        "meetings": metrics.trend(FACTS),
        "totals": metrics.totals(FACTS),
        "learnings": [],
        "questions": [],
        "actions": ACTIONS,
        "records": RECORDS,
    }
    return export.ExportData(**{**base, **changes})  # type: ignore[arg-type]


def test_the_markdown_holds_each_meetings_summary_with_names() -> None:
    md = export.markdown(data(), NAMES)
    assert "### Meeting 1 · 2026-11-24" in md
    assert "- Report-back: none (the set's first meeting: nothing to report on yet)" in md
    assert "### Meeting 2 · 2026-12-01" in md
    assert "- Report-back: Ben Ng: 1 done; Cai Ortiz: 1 partly" in md
    assert "- Apologies: Dee 🌱" in md and "- Absent: a former member" in md
    assert "- Questions asked: 2 · Rating: 3.0 / 5" in md
    assert "UBEN" not in md and "anon-" not in md


def test_the_markdown_lists_every_action_in_a_table_that_stays_a_table() -> None:
    md = export.markdown(data(), NAMES)
    assert (
        "| Ben Ng | Run \\| the pilot | It lands | next meeting | done | – | meeting 1 "
        "| meeting 2 | – |" in md
    )
    assert (
        "| Cai Ortiz | Ask finance again | A yes | 2026-12-01 | partly done | Half of it "
        "| meeting 1 | meeting 2 | – |" in md
    )
    assert "| a former member |" in md and "closed (left the set)" in md
    table = [line for line in md.splitlines() if line.startswith("| ") and "meeting 1" in line]
    assert all(line.count(" | ") == 8 for line in table)  # the pipe in the text is escaped


def test_a_name_slack_could_not_tell_stays_readable() -> None:
    md = export.markdown(data(), {})
    assert "user UBEN" in md and "<@" not in md


def test_no_actions_and_no_meetings_say_so() -> None:
    md = export.markdown(data(actions=[], records=[]), NAMES)
    assert "No actions have been agreed yet." in md


def test_the_csv_has_a_bom_numbers_as_numbers_and_every_action() -> None:
    text = export_csv.csv_text(data(), NAMES)
    assert text.startswith("\ufeff") and "\r\n" in text
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert list(rows[0]) == list(export_csv.COLUMNS)
    widths = {len(r) for r in csv.reader(io.StringIO(text.removeprefix("\ufeff")))}
    assert widths == {len(export_csv.COLUMNS)}  # every row as wide as the header
    metric = {(r["meeting"], r["item"]): r["value"] for r in rows if r["section"] == "metric"}
    assert metric[("1", "attendance_percent")] == "100"
    assert metric[("1", "report_backs_percent")] == ""  # the first meeting: no data, not 0
    assert metric[("2", "report_backs_percent")] == "50"
    assert metric[("1", "rating")] == "4.5" and metric[("2", "questions")] == "2"
    actions = [r for r in rows if r["section"] == "action"]
    assert [
        (a["owner"], a["status"], a["committed_at_meeting"], a["reported_at_meeting"])
        for a in actions
    ] == [
        ("Ben Ng", "done", "1", "2"),
        ("Cai Ortiz", "partly", "1", "2"),
        ("a former member", "left", "2", ""),
    ]
    assert actions[1]["text"] == "Ask finance\nagain"  # kept whole, quoted by the CSV
    assert actions[1]["due_date"] == "2026-12-01" and actions[1]["outcome_text"] == "Half of it"
    assert actions[0]["date"] == "2026-11-24" and actions[2]["note"] == "n"


def test_people_are_everyone_the_files_name_but_forgotten_members() -> None:
    assert data().people() == ["UBEN", "UCAI", "UDEE"]


def test_a_tally_counts_outcomes_in_words() -> None:
    assert tally(["done", "partly", "done"]) == "2 done, 1 partly"
    assert tally(["not_done"]) == "1 not done"
    assert tally([]) == "reported, no action outcomes"
