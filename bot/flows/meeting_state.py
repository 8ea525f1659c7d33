"""The live meeting's state, its events and effects: plain immutable data.

The state is a value; `bot.flows.meeting.apply` returns a new one and never mutates
this. Dicts inside the state are never changed in place: every change builds a copy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class Phase(StrEnum):
    SCHEDULED = "scheduled"
    CHECK_IN = "check_in"
    REPORT_BACK = "report_back"
    PRESENT = "present"
    QUESTIONS = "questions"
    ACTIONS = "actions"
    REFLECTION = "reflection"
    CLOSED = "closed"
    CANCELLED = "cancelled"  # a scheduled meeting called off (`/set cancel`): it never ran


ISSUE_STEPS = (Phase.PRESENT, Phase.QUESTIONS, Phase.ACTIONS)
LIVE_PHASES = (Phase.CHECK_IN, Phase.REPORT_BACK, *ISSUE_STEPS, Phase.REFLECTION)

PHASE_TITLES = {
    Phase.SCHEDULED: "Not started",
    Phase.CHECK_IN: "Check-in",
    Phase.REPORT_BACK: "Report-back round",
    Phase.PRESENT: "Issue round: present",
    Phase.QUESTIONS: "Issue round: questions",
    Phase.ACTIONS: "Issue round: actions",
    Phase.REFLECTION: "Reflection",
    Phase.CLOSED: "Closed",
    Phase.CANCELLED: "Cancelled",
}


class EventType(StrEnum):
    START = "start"
    CHECK_IN = "check_in"
    NEXT = "next"
    BACK = "back"
    PASS = "pass"
    SKIP = "skip"
    EXTEND = "extend"
    PAUSE = "pause"
    RESUME = "resume"
    END = "end"
    RECORD_ACTION = "record_action"
    HAND_OVER = "hand_over"


# Events that drive the meeting: only a facilitator may send them.
DRIVING_EVENTS = frozenset(
    {
        EventType.START,
        EventType.NEXT,
        EventType.BACK,
        EventType.PASS,
        EventType.SKIP,
        EventType.EXTEND,
        EventType.PAUSE,
        EventType.RESUME,
        EventType.END,
        EventType.HAND_OVER,
    }
)


class Presence(StrEnum):
    ISSUE = "issue"
    NO_ISSUE = "no_issue"
    APOLOGIES = "apologies"
    # Recorded when the meeting closes, for members who never checked in. Never a check-in
    # choice: the meeting refuses it (see CHECK_IN_CHOICES).
    ABSENT = "absent"


PRESENT = (Presence.ISSUE, Presence.NO_ISSUE)
# What a member may say at check-in.
CHECK_IN_CHOICES = (Presence.ISSUE, Presence.NO_ISSUE, Presence.APOLOGIES)


class SlotKind(StrEnum):
    CHECK_IN = "check_in"
    REPORT_BACK = "report_back"
    ISSUE = "issue"
    REFLECTION = "reflection"


@dataclass(frozen=True)
class Event:
    type: EventType
    actor: str
    target: str | None = None
    minutes: int = 0
    presence: Presence | None = None


@dataclass(frozen=True)
class MeetingState:
    facilitator: str
    members: tuple[str, ...]
    length_minutes: int
    phase: Phase = Phase.SCHEDULED
    drivers: tuple[str, ...] = ()
    seed: int = 0
    last_presented: dict[str, int] = field(default_factory=dict)
    attendance: dict[str, Presence] = field(default_factory=dict)
    reported: tuple[str, ...] = ()  # members whose report-back is in (kept fresh by services)
    report_round: bool = True  # False at a set's first meeting: nothing to report on yet
    pinned: tuple[str, ...] = ()
    reporters: tuple[str, ...] = ()
    presenters: tuple[str, ...] = ()
    index: int = 0
    slot: int = 0
    slot_started_at: datetime | None = None
    slot_budget: int = 0
    slot_extra: int = 0
    paused_at: datetime | None = None
    paused_seconds: int = 0
    started_at: datetime | None = None
    ended_at: datetime | None = None
    ended_early: bool = False  # ended before its reflection: attendees may write it later
    # What the meeting's threads already show ("issue:UBEN", "questions:UBEN"): a turn or a
    # step reached again with Back (or Next after it) is not posted twice.
    shown: tuple[str, ...] = ()

    @property
    def live(self) -> bool:
        return self.phase in LIVE_PHASES

    @property
    def paused(self) -> bool:
        return self.paused_at is not None

    def may_drive(self, user: str) -> bool:
        return user == self.facilitator or user in self.drivers

    @property
    def slot_kind(self) -> SlotKind | None:
        if self.phase == Phase.CHECK_IN:
            return SlotKind.CHECK_IN
        if self.phase == Phase.REPORT_BACK:
            return SlotKind.REPORT_BACK
        if self.phase in ISSUE_STEPS:
            return SlotKind.ISSUE
        if self.phase == Phase.REFLECTION:
            return SlotKind.REFLECTION
        return None

    @property
    def speaker(self) -> str | None:
        """Who has the floor: the member reporting back or presenting, if any."""
        if self.phase == Phase.REPORT_BACK:
            return self.reporters[self.index]
        if self.phase in ISSUE_STEPS:
            return self.presenters[self.index]
        return None

    @property
    def up_next(self) -> str | None:
        """Who will have the floor after the current turn, if anyone."""
        if self.phase == Phase.CHECK_IN:
            queue = self.reporters or self.presenters
            return queue[0] if queue else None
        if self.phase == Phase.REPORT_BACK:
            if self.index + 1 < len(self.reporters):
                return self.reporters[self.index + 1]
            return self.presenters[0] if self.presenters else None
        if self.phase in ISSUE_STEPS and self.index + 1 < len(self.presenters):
            return self.presenters[self.index + 1]
        return None

    def seconds_left(self, now: datetime) -> int | None:
        """Seconds left in the current slot (negative once over); None when not live."""
        if not self.live or self.slot_started_at is None:
            return None
        until = self.paused_at or now
        used = (until - self.slot_started_at).total_seconds() - self.paused_seconds
        return int(self.slot_budget + self.slot_extra - used)

    def attended(self) -> tuple[str, ...]:
        return tuple(u for u in self.members if self.attendance.get(u) in PRESENT)

    def apologies(self) -> tuple[str, ...]:
        return tuple(u for u in self.members if self.attendance.get(u) == Presence.APOLOGIES)


# ---- effects: what the services should do after a transition ----


@dataclass(frozen=True)
class MeetingStarted:
    pass


@dataclass(frozen=True)
class SlotStarted:
    slot: int
    kind: SlotKind
    user: str | None
    again: bool = False  # this member's turn was open before (reached again with Back)


@dataclass(frozen=True)
class SlotEnded:
    slot: int
    kind: SlotKind
    user: str | None
    outcome: str  # "done" | "skipped" | "passed" | "back" | "ended"


@dataclass(frozen=True)
class StepChanged:
    user: str
    phase: Phase


@dataclass(frozen=True)
class TimersChanged:
    """Replace the meeting's pending timers: warn and over times, or none (paused/closed)."""

    slot: int
    warn_at: datetime | None
    over_at: datetime | None


@dataclass(frozen=True)
class AttendanceChanged:
    user: str
    presence: Presence


@dataclass(frozen=True)
class MeetingClosed:
    pass


Effect = (
    MeetingStarted
    | SlotStarted
    | SlotEnded
    | StepChanged
    | TimersChanged
    | AttendanceChanged
    | MeetingClosed
)


@dataclass(frozen=True)
class Outcome:
    """The result of applying an event: a new state and effects, or a refusal."""

    state: MeetingState
    effects: tuple[Effect, ...] = ()
    refused: str | None = None

    @property
    def ok(self) -> bool:
        return self.refused is None
