"""The meeting's messages stay within Block Kit's limits and show what people need."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.blocks import ids
from bot.blocks import meeting as views
from bot.blocks import summary as summary_views
from bot.flows.meeting import apply
from bot.flows.meeting_state import Event, EventType, MeetingState, Phase, Presence

NOW = datetime(2026, 11, 24, 10, tzinfo=UTC)
INFO = views.MeetingInfo(meeting_id=7, version=3, set_name="Set 🌱", number=2, count=6)


def walk() -> list[MeetingState]:
    """States of one meeting from check-in to closed."""
    state = MeetingState(facilitator="UF", members=("UA", "UB", "UC"), length_minutes=90)
    state = apply(state, Event(EventType.START, "UF"), NOW).state
    state = apply(state, Event(EventType.CHECK_IN, "UA", presence=Presence.ISSUE), NOW).state
    state = apply(state, Event(EventType.CHECK_IN, "UB", presence=Presence.NO_ISSUE), NOW).state
    states = [state]
    while state.phase != Phase.CLOSED:
        state = apply(state, Event(EventType.NEXT, "UF"), NOW).state
        states.append(state)
    return states


def texts(blocks: list[dict]) -> str:
    return str(blocks)


def action_ids(blocks: list[dict]) -> set[str]:
    return {e["action_id"] for b in blocks if b["type"] == "actions" for e in b["elements"]}


@pytest.mark.parametrize("state", walk(), ids=lambda s: s.phase.value)
def test_control_message_shows_phase_floor_and_buttons(state: MeetingState) -> None:
    blocks = views.control(INFO, state, NOW + timedelta(minutes=1))
    assert len(blocks) <= views.MAX_MESSAGE_BLOCKS
    assert views.PHASE_TITLES[state.phase] in texts(blocks)
    if state.speaker:
        assert f"Floor: <@{state.speaker}>" in texts(blocks)
    if state.live:
        assert set(ids.DRIVE_ACTIONS) - {ids.RESUME} <= action_ids(blocks)
        assert "min left" in texts(blocks)
    else:
        assert not action_ids(blocks)
    assert (ids.CHECKIN_ISSUE in action_ids(blocks)) == (state.phase == Phase.CHECK_IN)
    assert (ids.ADD_ACTION in action_ids(blocks)) == (state.phase == Phase.ACTIONS)


def test_paused_meeting_offers_resume_not_pause() -> None:
    state = walk()[1]
    paused = apply(state, Event(EventType.PAUSE, "UF"), NOW).state
    found = action_ids(views.control(INFO, paused, NOW))
    assert ids.RESUME in found and ids.PAUSE not in found
    assert "Paused" in texts(views.control(INFO, paused, NOW))


def test_buttons_carry_the_meeting_and_its_version() -> None:
    blocks = views.control(INFO, walk()[1], NOW)
    drive = next(b for b in blocks if b.get("block_id") == "drive")
    versioned = {e["value"] for e in drive["elements"] if e["action_id"] != ids.INTERVENE}
    assert versioned == {"7:3"}
    # Intervening pauses whatever the version: it names the meeting only.
    assert {e["value"] for e in drive["elements"] if e["action_id"] == ids.INTERVENE} == {"7"}


def test_summary_of_two_hundred_long_actions_fits_in_one_message() -> None:
    closed = walk()[-1]
    actions = [
        views.ActionLine(owner="UA", text="x" * 2000, expectation="y" * 1000, due="Tue")
        for _ in range(200)
    ]
    blocks = summary_views.summary(INFO, closed, actions, NOW + timedelta(days=7))
    assert len(blocks) <= views.MAX_MESSAGE_BLOCKS
    for block in blocks:
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= 3000
    assert "Next meeting" in texts(blocks) and "<!date^" in texts(blocks)
    assert "cut to fit" in texts(blocks)


def test_summary_lists_attendance_and_says_when_there_is_no_next_meeting() -> None:
    closed = walk()[-1]
    blocks = summary_views.summary(INFO, closed, [], None)
    shown = texts(blocks)
    assert "Attended:* <@UA>, <@UB>" in shown and "Absent:* <@UC>" in shown
    assert "none recorded" in shown and "last meeting" in shown


def test_user_text_is_escaped_in_the_summary() -> None:
    closed = walk()[-1]
    line = views.ActionLine(owner="UA", text="<!channel> & co", expectation="ok", due="Tue")
    shown = texts(summary_views.summary(INFO, closed, [line], None))
    assert "&lt;!channel&gt; &amp; co" in shown and "<!channel>" not in shown


def test_notices_name_the_turn() -> None:
    report = walk()[1]
    assert views.notice(report, "warn") == "⏳ One minute left for <@UA>'s turn."
    assert "Time is up for <@UA>'s turn" in views.notice(report, "over")
