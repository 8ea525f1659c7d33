"""When a member's report-back may change, from its meeting's phase."""

from __future__ import annotations

from enum import StrEnum

from bot.flows.meeting_state import Phase


class Window(StrEnum):
    """When a report may change: before the meeting, during it, after it."""

    OPEN = "open"  # the meeting hasn't started: answer and edit freely
    LIVE = "live"  # the meeting is running: a report not yet in is still taken
    CLOSED = "closed"  # the meeting ended or was cancelled

    @classmethod
    def for_phase(cls, phase: str) -> Window:
        """The window for a meeting in `phase` (a `Phase`, or the string the store keeps)."""
        if phase == Phase.SCHEDULED:
            return cls.OPEN
        if phase in (Phase.CLOSED, Phase.CANCELLED):
            return cls.CLOSED
        return cls.LIVE
