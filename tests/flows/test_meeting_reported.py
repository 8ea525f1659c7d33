"""Reports in before the meeting: an absent member's report is heard like anyone's."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from bot.flows import meeting_codec
from bot.flows.meeting import apply
from bot.flows.meeting_state import Event, EventType, MeetingState, Phase, Presence

NOW = datetime(2026, 12, 1, 10, tzinfo=UTC)


def started(reported: tuple[str, ...]) -> MeetingState:
    state = MeetingState(facilitator="UF", members=("UA", "UB", "UC"), length_minutes=90)
    state = apply(state, Event(EventType.START, "UF"), NOW).state
    state = apply(state, Event(EventType.CHECK_IN, "UA", presence=Presence.ISSUE), NOW).state
    state = apply(state, Event(EventType.CHECK_IN, "UC", presence=Presence.APOLOGIES), NOW).state
    return replace(state, reported=reported)


def test_an_absent_member_who_reported_gets_a_report_back_turn() -> None:
    state = apply(started(("UA", "UC")), Event(EventType.NEXT, "UF"), NOW).state
    assert state.phase == Phase.REPORT_BACK
    assert state.reporters == ("UA", "UC")
    assert "UC" not in state.presenters  # absent: reported, but doesn't present


def test_an_absent_member_without_a_report_has_no_turn() -> None:
    state = apply(started(("UA",)), Event(EventType.NEXT, "UF"), NOW).state
    assert state.reporters == ("UA",)


def test_members_who_reported_survive_the_codec() -> None:
    state = started(("UA", "UC"))
    assert meeting_codec.loads(meeting_codec.dumps(state)).reported == ("UA", "UC")
