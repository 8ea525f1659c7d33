"""Prompts close cleanly: at the meeting's start and end each member's prompt says what
became of their report, with only the buttons that still work; apologies can be taken back."""

from __future__ import annotations

from typing import Any

from bot.store.tables import Attendance, DueJob, Meeting, Report
from tests.services.conftest import TEAM, World, create_set
from tests.services.gateway import view_text
from tests.services.reporting import FIVE, PROMPTS_2, dm, with_actions


def shown(world: World, user: str, ts: str) -> dict[str, Any]:
    """A DM message as the member sees it now (its last update)."""
    posted = next(p for p in world.slack.posts(f"D{user}") if p["ts"] == ts)
    updates = [c.args for c in world.slack.done("update") if c.args["ts"] == ts]
    return updates[-1] if updates else posted


def labels(message: dict[str, Any]) -> list[str]:
    return [
        e["text"]["text"]
        for b in message.get("blocks") or []
        for e in b.get("elements") or []
        if e.get("type") == "button"
    ]


def prompt_ts(world: World, user: str, number: int = 2) -> str:
    meeting = next(m for m in world.rows(Meeting) if m.number == number)
    (report,) = [r for r in world.rows(Report) if r.user_id == user and r.meeting_id == meeting.id]
    assert report.prompt_ts
    return report.prompt_ts


def test_at_the_start_and_end_of_the_meeting_every_prompt_closes_cleanly(world: World) -> None:
    with_actions(world, user="UCAI", texts=("Pilot",))
    for text in FIVE:
        dm(world, "UBEN", text)  # Ben has no open actions: his report is in
    (ben_report,) = [r for r in world.rows(Report) if r.user_id == "UBEN" and r.complete]
    assert "Edit my report" in labels(shown(world, "UBEN", ben_report.shown_ts or ""))
    assert labels(shown(world, "UCAI", prompt_ts(world, "UCAI"))) == [
        "Answer in a form",
        "Send apologies",
    ]

    world.clock.now = next(m for m in world.rows(Meeting) if m.number == 2).scheduled_at
    world.command("UANA", "start")
    ben = shown(world, "UBEN", prompt_ts(world, "UBEN"))
    assert "shared in the meeting" in view_text(ben) and labels(ben) == []
    cai = shown(world, "UCAI", prompt_ts(world, "UCAI"))
    assert "you can still send your report" in view_text(cai)
    assert labels(cai) == ["Answer in a form"]
    assert labels(shown(world, "UBEN", ben_report.shown_ts or "")) == []  # no Edit now

    world.end()
    cai = shown(world, "UCAI", prompt_ts(world, "UCAI"))
    assert "report-back is closed" in view_text(cai) and labels(cai) == []
    for user in ("UANA", "UDEE"):
        assert labels(shown(world, user, prompt_ts(world, user))) == []


def meeting_two_prompted(world: World) -> Meeting:
    assert not create_set(world).errors
    world.clock.advance(days=1, hours=1)
    world.command("UANA", "start")
    world.end()
    world.clock.now = PROMPTS_2
    world.services.due.run()
    return next(m for m in world.rows(Meeting) if m.number == 2)


def send_apologies(world: World, meeting: Meeting) -> dict[str, Any]:
    world.deliver(
        world.services.apologies.send(TEAM, "UBEN", str(meeting.id), "DUBEN"), "UBEN", "DUBEN"
    )
    return world.slack.posts("DUBEN")[-1]


def come_back(world: World, meeting: Meeting, ts: str) -> str:
    done = world.services.apologies.come_after_all(TEAM, "UBEN", str(meeting.id), "DUBEN", ts)
    return world.deliver(done, "UBEN", "DUBEN").text


def test_apologies_are_sent_and_can_be_taken_back_before_the_meeting(world: World) -> None:
    meeting = meeting_two_prompted(world)
    said = send_apologies(world, meeting)
    assert said["text"].startswith("Apologies sent") and labels(said) == ["I can come after all"]
    assert [
        (a.user_id, a.status) for a in world.rows(Attendance) if a.meeting_id == meeting.id
    ] == [("UBEN", "apologies")]
    assert not [j for j in world.rows(DueJob) if j.key == f"reminder:{meeting.id}:UBEN"]

    posted = len(world.slack.posts("DUBEN"))
    come_back(world, meeting, said["ts"])
    now = shown(world, "UBEN", said["ts"])  # the same message, rewritten: no contradiction
    assert "you're down as coming" in view_text(now) and labels(now) == []
    assert "Apologies sent" not in view_text(now)
    assert len(world.slack.posts("DUBEN")) == posted
    assert not [a for a in world.rows(Attendance) if a.meeting_id == meeting.id]
    assert [j.status for j in world.rows(DueJob) if j.key == f"reminder:{meeting.id}:UBEN"] == [
        "pending"
    ]

    world.clock.now = meeting.scheduled_at
    world.command("UANA", "start")
    late = world.services.apologies.come_after_all(TEAM, "UBEN", str(meeting.id))
    assert "has started" in late.text


def test_an_apologies_message_loses_its_button_when_the_meeting_starts(world: World) -> None:
    meeting = meeting_two_prompted(world)
    said = send_apologies(world, meeting)
    world.clock.now = meeting.scheduled_at
    world.command("UANA", "start")
    now = shown(world, "UBEN", said["ts"])
    assert labels(now) == [] and "Apologies sent" in view_text(now)
    assert not next(
        r for r in world.rows(Report) if r.meeting_id == meeting.id and r.user_id == "UBEN"
    ).live_ts
    world.end()
    over = world.services.apologies.come_after_all(TEAM, "UBEN", str(meeting.id), "DUBEN", "1")
    assert "is over" in over.text


def test_nothing_to_send_and_a_question_asked_again_close_their_buttons(world: World) -> None:
    with_actions(world, texts=("Pilot",))
    meeting = next(m for m in world.rows(Meeting) if m.number == 2)
    for _ in FIVE:
        dm(world, "UBEN", "skip")
    question = world.slack.posts("DUBEN")[-1]
    assert labels(question) == ["Done", "Partly", "Not done", "Skip"]
    dm(world, "UBEN", "It went sideways")  # what happened: the question comes again below
    again = world.slack.posts("DUBEN")[-1]
    assert labels(shown(world, "UBEN", question["ts"])) == []
    assert labels(again) == ["Done", "Partly", "Not done", "Skip"]
    assert "Kept what you wrote: “It went sideways”" in view_text(again)
    dm(world, "UBEN", "skip")
    nothing = world.slack.posts("DUBEN")[-1]
    assert labels(shown(world, "UBEN", again["ts"])) == []
    assert "Nothing to send" in view_text(nothing) and labels(nothing) == ["Send apologies"]

    world.clock.now = meeting.scheduled_at
    world.command("UANA", "start")
    assert labels(shown(world, "UBEN", nothing["ts"])) == []
    for _ in FIVE:
        dm(world, "UBEN", "skip")
    late_question = world.slack.posts("DUBEN")[-1]
    assert labels(late_question) == ["Done", "Partly", "Not done", "Skip"]  # still taken live
    world.end()
    assert labels(shown(world, "UBEN", late_question["ts"])) == []


def test_apologies_sent_twice_leave_one_message_to_take_them_back(world: World) -> None:
    meeting = meeting_two_prompted(world)
    first = send_apologies(world, meeting)
    second = send_apologies(world, meeting)
    assert labels(shown(world, "UBEN", first["ts"])) == []
    assert "see below" in view_text(shown(world, "UBEN", first["ts"]))
    assert labels(second) == ["I can come after all"]
    come_back(world, meeting, second["ts"])
    world.clock.now = meeting.scheduled_at
    world.command("UANA", "start")
    assert "see below" in view_text(shown(world, "UBEN", first["ts"]))  # not "Apologies sent"


def test_a_cancelled_meeting_closes_its_prompts_messages_and_brief(world: World) -> None:
    meeting = meeting_two_prompted(world)
    said = send_apologies(world, meeting)
    world.clock.now = meeting.scheduled_at.replace(hour=9)  # the brief has gone
    world.services.due.run()
    (brief,) = [p for p in world.slack.posts("DUANA") if p["text"].startswith("Brief for")]
    world.command("UANA", "cancel")
    for user in ("UBEN", "UCAI"):
        prompt = shown(world, user, prompt_ts(world, user))
        assert labels(prompt) == [] and "was cancelled" in view_text(prompt)
    assert labels(shown(world, "UBEN", said["ts"])) == []
    updates = [c.args for c in world.slack.done("update") if c.args["ts"] == brief["ts"]]
    assert updates and "cancelled" in updates[-1]["text"] and "button" not in str(updates[-1])
