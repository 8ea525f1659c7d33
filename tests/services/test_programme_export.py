"""`/set programme export`: its leads only; a Markdown report and a CSV with a row per set
and meeting (numbers as numbers), holding only counts and what members chose to share."""

from __future__ import annotations

import csv
import io

from tests.services.conftest import TEAM, World
from tests.services.test_end_question import ended_early
from tests.services.test_programme_home import LEAD, a_programme
from tests.services.test_sharing import reflect


def files_of(world: World, user: str) -> dict[str, str]:
    (upload,) = [c.args for c in world.slack.done("upload") if c.args["channel"] == f"D{user}"]
    return {f["filename"]: f["content"] for f in upload["files"]}


def test_only_a_lead_exports_it(world: World) -> None:
    a_programme(world)
    said = world.command("UBEN", "programme export").text
    assert "Only a programme's leads can export it" in said
    assert not world.slack.done("upload")


def test_the_report_and_the_csv(world: World) -> None:
    a_programme(world)
    _, held = ended_early(world)
    world.command("UANA", "programme join Leaders 2027")
    reflect(world, "UBEN", held, "named")
    reflect(world, "UCAI", held)  # private
    world.slack.names.update({"UANA": "Ana Lopez", "UBEN": "Ben Okafor", LEAD: "Dee Lead"})
    said = world.command(LEAD, "programme export", channel="DUDEE").text
    assert "The report of *Leaders 2027* is on its way" in said
    found = files_of(world, LEAD)
    report = found["leaders-2027-programme.md"]
    assert report.startswith("# Programme: Leaders 2027")
    assert "Leads: Dee Lead." in report and "Facilitator: Ana Lopez." in report
    assert "- Meeting 1: Listening — Ben Okafor" in report
    assert "Slow down" not in report  # the reflection's other answers stay in the set
    rows = list(csv.DictReader(io.StringIO(found["leaders-2027-programme.csv"])))
    assert [(r["set"], r["meeting"], r["attendance_pct"]) for r in rows] == [
        ("Leaders' set 🌱", "1", "75")
    ]
    assert world.services.programmes.export(TEAM, "UBEN").text.startswith("Only")
