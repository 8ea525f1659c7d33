"""The meeting state survives the store: dumps/loads round-trips at every step."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from bot.flows import meeting_codec
from bot.flows.meeting import apply
from bot.flows.meeting_state import MeetingState, Phase
from tests.flows.meetings import APOLOGIES, ISSUE, NO_ISSUE, at, ev, new, ok

FAC = "Fàcil😀"
U1, U2, U3, U4 = "U1", "Ünïcødé", "مستخدم", "用户🎉"
MEMBERS = (U1, U2, U3, U4)


def _roundtrip(state: MeetingState) -> None:
    text = meeting_codec.dumps(state)
    assert isinstance(json.loads(text), dict)
    back = meeting_codec.loads(text)
    assert back == state
    assert meeting_codec.dumps(back) == text
    assert type(back.members) is tuple and type(back.phase) is Phase
    for kind in ("next", "back", "pause", "resume"):  # it behaves the same once loaded
        assert apply(back, ev(kind, FAC), at(999)) == apply(state, ev(kind, FAC), at(999))


def _meeting_steps() -> list[MeetingState]:
    """Every state of a full meeting: pauses, passes, late check-ins, back and end."""
    state = new(members=MEMBERS, facilitator=FAC, seed=7, last_presented={U2: 3, U4: 1})
    states = [state]
    script = [
        ev("start", FAC),
        ev("check_in", U1, presence=ISSUE),
        ev("check_in", U2, presence=ISSUE),
        ev("check_in", U3, presence=APOLOGIES),
        ev("pass", FAC, target=U4),
        ev("pause", FAC),
        ev("resume", FAC),
        ev("next", FAC),
        ev("extend", FAC, minutes=5),
        ev("pass", FAC, target=U2),
        ev("check_in", U3, presence=NO_ISSUE),
        ev("next", FAC),
        ev("pause", FAC),
        ev("end", FAC),
    ]
    for n, event in enumerate(script):
        state = ok(state, event, at(60 * n)).state
        states.append(state)
    return states


STEPS = _meeting_steps()


def test_the_script_reaches_every_kind_of_state() -> None:
    assert any(s.paused for s in STEPS)
    assert any(s.pinned for s in STEPS) and any(s.slot_extra for s in STEPS)
    assert STEPS[-1].phase == Phase.CLOSED and STEPS[0].phase == Phase.SCHEDULED


@pytest.mark.parametrize("step", range(len(STEPS)))
def test_roundtrip_at_every_step(step: int) -> None:
    _roundtrip(STEPS[step])


def _issue_round() -> MeetingState:
    state = ok(STEPS[-2], ev("resume", FAC), at(2000)).state
    while state.phase not in (Phase.PRESENT, Phase.REFLECTION):
        state = ok(state, ev("next", FAC), at(2000)).state
    return state


@pytest.mark.parametrize("steps", [0, 1, 2, 3])
def test_roundtrip_through_the_issue_rounds(steps: int) -> None:
    state = _issue_round()
    for _ in range(steps):
        state = ok(state, ev("next", FAC), at(3000)).state
    _roundtrip(ok(state, ev("pause", FAC), at(3100)).state)
    _roundtrip(state)


def test_unicode_is_kept_readable() -> None:
    text = meeting_codec.dumps(STEPS[5])
    for user in (FAC, U2, U3, U4):
        assert user in text


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2025, 3, 30, 1, 30, tzinfo=UTC),
        datetime(2025, 3, 30, 1, 30, 15, 123456, tzinfo=timezone(timedelta(hours=-5))),
    ],
)
def test_times_keep_their_instant(moment: datetime) -> None:
    state = ok(new(), ev("start"), moment).state
    back = meeting_codec.loads(meeting_codec.dumps(state))
    assert back.started_at == moment and back.slot_started_at == moment
    assert back.started_at.utcoffset() == moment.utcoffset()


def test_dumps_is_stable_json() -> None:
    state = STEPS[8]
    assert meeting_codec.dumps(state) == meeting_codec.dumps(state)
    data = json.loads(meeting_codec.dumps(state))
    assert data["phase"] == state.phase.value
    assert data["attendance"] == {u: p.value for u, p in state.attendance.items()}
