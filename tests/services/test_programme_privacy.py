"""Nothing private reaches a programme lead: unique words planted in every private field
of two sets (report-back answers, reflections' answers, a learning kept private, action
texts, expectations, outcomes and notes, a follow-up answer not shared) appear in none of
what the lead receives: Home, the weekly digest, the export and its follow-up report."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlmodel import Session, select

from bot.flows import report_back
from bot.store.tables import Action, Learning, LearningSet, Meeting, Reflection, Report
from bot.store.tables_programme import FollowUp
from tests.services.conftest import World, create_set, start_meeting
from tests.services.test_programme_home import LEAD, a_programme

PLANTED = {
    "report": "WOMBATREPORT",
    "reflection": "ZEBRAREFLECT",
    "learning": "OKAPILEARN",
    "action": "NARWHALACTION",
    "expectation": "IBEXEXPECT",
    "outcome": "LYNXOUTCOME",
    "note": "MARMOTNOTE",
    "follow_up": "TAPIRFOLLOW",
}


def plant(world: World, set_id: int, meeting_id: int, n: int) -> None:
    with Session(world.engine) as session:
        answers = (f"{PLANTED['report']}{n}",) * len(report_back.QUESTIONS)
        data = report_back.dumps(report_back.Report(answers=answers, complete=True))
        session.add(Report(meeting_id=meeting_id, user_id="UCAI", data=data, complete=True))
        session.add(
            Reflection(
                set_id=set_id,
                meeting_id=meeting_id,
                user_id="UCAI",
                answers=json.dumps([f"{PLANTED['reflection']}{n}", "x", "y"]),
                rating=2,
            )
        )
        session.add(
            Learning(
                set_id=set_id,
                meeting_id=meeting_id,
                user_id="UCAI",
                source="report",
                text=f"{PLANTED['learning']}{n} listening",
            )
        )
        session.add(
            Learning(
                set_id=set_id,
                meeting_id=meeting_id,
                user_id="UBEN",
                source="reflection",
                text="Listening beats telling",
                shareable=True,
            )
        )
        session.add(
            Action(
                set_id=set_id,
                meeting_id=meeting_id,
                owner_id="UCAI",
                created_by="UCAI",
                text=f"{PLANTED['action']}{n}",
                expectation=f"{PLANTED['expectation']}{n}",
                outcome_text=f"{PLANTED['outcome']}{n}",
                note=f"{PLANTED['note']}{n}",
                status="partly",
            )
        )
        session.commit()


def received(world: World) -> str:
    """Every Slack call that reached the lead: Home views, DMs, uploads (files included)."""
    out = []
    for call in world.slack.calls:
        args = call.args
        to_lead = args.get("user") == LEAD or args.get("channel") == f"D{LEAD}"
        if to_lead:
            out.append(repr(args))
    return "\n".join(out)


def test_no_private_word_reaches_the_lead(world: World) -> None:
    a_programme(world)
    assert not create_set(world, channel="C0TWO", name="Second").errors
    world.command("UANA", "programme join Leaders 2027", channel="C0TWO")
    start_meeting(world, {u: "Here, no issue" for u in ("UANA", "UBEN", "UCAI", "UDEE")})
    world.end()
    world.command("UANA", "programme join Leaders 2027")
    with Session(world.engine) as session:
        sets = list(session.exec(select(LearningSet)))
        firsts = {m.set_id: m.id for m in session.exec(select(Meeting)) if m.number == 1}
    for n, row in enumerate(sets):
        plant(world, row.id or 0, firsts[row.id or 0] or 0, n)
    world.command("UANA", "close")  # follow-ups for the first set's members
    with Session(world.engine) as session:
        for item in session.exec(select(FollowUp)):
            item.status, item.changed = "answered", f"{PLANTED['follow_up']} changed"
            session.add(item)
        session.commit()

    world.deliver(world.services.home.show(LEAD), LEAD)  # Home
    world.clock.now = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # the digest
    world.services.due.run()
    world.command(LEAD, "programme export", channel=f"D{LEAD}")  # report and CSV

    seen = received(world)
    assert "Listening beats telling" in seen  # what was shared did arrive
    assert "This week in Leaders 2027" in seen and "leaders-2027-programme.md" in seen
    assert "answered" in seen  # the follow-ups are counted
    for field, word in PLANTED.items():
        assert word not in seen, field


def test_a_meeting_one_person_rated_shows_no_rating_to_the_lead(world: World) -> None:
    from tests.services.test_end_question import ended_early
    from tests.services.test_sharing import reflect

    a_programme(world)
    _, held = ended_early(world)
    world.command("UANA", "programme join Leaders 2027")
    reflect(world, "UBEN", held)  # the one rating of the meeting (ANSWERS rate nothing)
    with Session(world.engine) as session:
        (only,) = session.exec(select(Reflection))
        only.rating = 1
        session.add(only)
        session.commit()
    world.deliver(world.services.home.show(LEAD), LEAD)
    assert "rating 1" not in received(world) and "rating" not in str(world.slack.home(LEAD))
