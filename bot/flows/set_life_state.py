"""A set's life, its events and effects: plain immutable data.

The life is a value; `bot.flows.set_life.apply` returns a new one and never mutates this.
`status_of` and `columns_of` translate between `SetStatus` and the store's two columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class SetStatus(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    CLOSED = "closed"


class LifeEventType(StrEnum):
    SCHEDULE = "schedule"  # settings saved: (re)plan the calendar from the cadence
    CANCEL_MEETING = "cancel_meeting"  # the next scheduled meeting is cancelled
    SUSPEND = "suspend"
    REACTIVATE = "reactivate"
    CLOSE = "close"  # the facilitator ends the set early
    MEETING_HELD = "meeting_held"  # a meeting closed: the rota moves on; the last one closes
    HAND_OVER = "hand_over"  # `/set facilitator @user`
    ROTA_SKIP = "rota_skip"
    ROTA_SWAP = "rota_swap"


@dataclass(frozen=True)
class SetLife:
    status: SetStatus
    facilitator: str  # the set's coach (fixed), or who the form chose (rotating)
    members: tuple[str, ...]
    rotating: bool = False
    rota: tuple[str, ...] = ()  # as stored; apply() works on rota.sync(rota or (facilitator,), …)
    meeting_count: int | None = None  # planned meetings in all; None = open-ended
    scheduled: int = 0  # meetings still scheduled (not started, not cancelled)
    running: bool = False  # a meeting of the set is live now
    meeting_facilitator: str | None = None  # who facilitates the running meeting, if one runs


@dataclass(frozen=True)
class LifeEvent:
    type: LifeEventType
    actor: str  # "" for MEETING_HELD (the system)
    target: str | None = None  # HAND_OVER: to whom
    pair: tuple[str, str] | None = None  # ROTA_SWAP
    held_by: str | None = None  # MEETING_HELD: who facilitated the meeting that closed


# ---- effects: what the services should do after a transition ----


@dataclass(frozen=True)
class PlanCalendar:
    """Plan the meetings not yet held from the cadence, from today."""


@dataclass(frozen=True)
class ClearCalendar:
    """Drop every scheduled meeting: no meetings, prompts or reminders."""


@dataclass(frozen=True)
class CancelNextMeeting:
    """Cancel the next scheduled meeting (its phase becomes `Phase.CANCELLED`)."""


@dataclass(frozen=True)
class RotaChanged:
    rota: tuple[str, ...]


@dataclass(frozen=True)
class FacilitatorChanged:
    user: str


@dataclass(frozen=True)
class NextFacilitator:
    """A rotating set's next facilitator after a meeting: they get a briefing DM."""

    user: str


@dataclass(frozen=True)
class SetClosed:
    early: bool  # the facilitator closed it, rather than its last planned meeting


LifeEffect = (
    PlanCalendar
    | ClearCalendar
    | CancelNextMeeting
    | RotaChanged
    | FacilitatorChanged
    | NextFacilitator
    | SetClosed
)


@dataclass(frozen=True)
class LifeOutcome:
    """The result of applying an event: a new life and effects, or a refusal."""

    life: SetLife
    effects: tuple[LifeEffect, ...] = ()
    refused: str | None = None

    @property
    def ok(self) -> bool:
        return self.refused is None


# ---- the store's columns ----


def status_of(status_column: str, suspended: bool) -> SetStatus:
    """The set's status from its two store columns.

    The store keeps `status` ("active" or "closed") and a `suspended` flag. A suspended set
    keeps status "active" so it keeps its channel: only one active set may hold a channel,
    and a suspended one still does. A closed set is closed, whatever the flag says.
    """
    if status_column == SetStatus.CLOSED:
        return SetStatus.CLOSED
    if status_column == SetStatus.ACTIVE:
        return SetStatus.SUSPENDED if suspended else SetStatus.ACTIVE
    raise ValueError(f"Unknown set status {status_column!r}: expected 'active' or 'closed'.")


def columns_of(status: SetStatus) -> tuple[str, bool]:
    """The store's (`status`, `suspended`) columns for a status; the inverse of `status_of`.

    A suspended set is stored as ("active", True), so it keeps its channel (see `status_of`).
    """
    if status == SetStatus.CLOSED:
        return SetStatus.CLOSED.value, False
    return SetStatus.ACTIVE.value, status == SetStatus.SUSPENDED
