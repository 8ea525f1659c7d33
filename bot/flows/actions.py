"""An action's life, from commitment to outcome, as a pure transition table.

Open → done / partly / not done / dropped. Partly and not-done actions stay on the member's
list (carried into the next prompt, brief and Home) until they mark them done, drop them, or
re-commit with a new due date (an edit of the date re-opens them). A member leaving the set
closes theirs as "left". A report-back may still change an outcome it gave itself (an
edited report) or one marked in App Home since (the later word wins).

`apply(action, event)` returns the new action or a refusal with the reason; it never
mutates its input, never reads the clock, never does I/O.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum

TEXT_MAX = 3000
NOTE_MAX = 2000


class ActionStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    PARTLY = "partly"
    NOT_DONE = "not_done"
    DROPPED = "dropped"
    LEFT = "left"  # its owner left the set: closed, kept in the record


ON_THE_LIST = (ActionStatus.OPEN, ActionStatus.PARTLY, ActionStatus.NOT_DONE)
FINISHED = (ActionStatus.DONE, ActionStatus.DROPPED, ActionStatus.LEFT)
STATUS_WORDS = {
    ActionStatus.OPEN: "open",
    ActionStatus.DONE: "done",
    ActionStatus.PARTLY: "partly done",
    ActionStatus.NOT_DONE: "not done",
    ActionStatus.DROPPED: "dropped",
    ActionStatus.LEFT: "closed (left the set)",
}


class ActionEventType(StrEnum):
    MARK = "mark"  # Done / Partly / Drop from App Home (a status of its own choosing)
    REPORT = "report"  # the outcome given in a report-back (done / partly / not done)
    EDIT = "edit"  # what I will do, by when, what I expect
    NOTE = "note"
    LEAVE = "leave"


@dataclass(frozen=True)
class ActionState:
    """What an action is now: the fields a change can touch (and an undo restore)."""

    status: ActionStatus
    text: str
    expectation: str
    due_date: date | None = None
    note: str = ""
    outcome_text: str = ""
    reported_at: datetime | None = None
    reported_meeting: int | None = None  # the meeting whose report-back carried the outcome

    @property
    def on_the_list(self) -> bool:
        return self.status in ON_THE_LIST


@dataclass(frozen=True)
class ActionEvent:
    type: ActionEventType
    at: datetime
    status: ActionStatus | None = None  # MARK, REPORT
    text: str = ""  # EDIT: what I will do; NOTE: the note; REPORT: what happened (optional)
    expectation: str = ""  # EDIT
    due_date: date | None = None  # EDIT (None: by the next meeting)
    latest_due: date | None = None  # EDIT: the set's last meeting day, when it has one
    meeting: int | None = None  # REPORT: the meeting reported to


@dataclass(frozen=True)
class ActionOutcome:
    action: ActionState
    refused: str | None = None

    @property
    def ok(self) -> bool:
        return self.refused is None


Rule = Callable[[ActionState, ActionEvent], ActionOutcome]

MARKS = (ActionStatus.DONE, ActionStatus.PARTLY, ActionStatus.DROPPED)
REPORTED = (ActionStatus.DONE, ActionStatus.PARTLY, ActionStatus.NOT_DONE)
REVISABLE = (ActionStatus.DONE, ActionStatus.DROPPED)  # by a report-back, see _revise


def _refuse(action: ActionState, reason: str) -> ActionOutcome:
    return ActionOutcome(action, reason)


def _mark(action: ActionState, event: ActionEvent) -> ActionOutcome:
    if event.status not in MARKS:
        return _refuse(action, "Mark an action Done, Partly or Drop.")
    if event.status == action.status:
        return _refuse(action, f"That action is already marked {STATUS_WORDS[action.status]}.")
    return ActionOutcome(  # a mark has no words: a report's earlier ones don't describe it
        replace(
            action,
            status=event.status,
            reported_at=event.at,
            reported_meeting=None,
            outcome_text="",
        )
    )


def _report(action: ActionState, event: ActionEvent) -> ActionOutcome:
    if event.status not in REPORTED:
        return _refuse(action, "A report-back says Done, Partly or Not done.")
    return ActionOutcome(
        replace(
            action,
            status=event.status,
            outcome_text=event.text,  # this report's words (none: none, not last time's)
            reported_at=event.at,
            reported_meeting=event.meeting,
        )
    )


def _revise(action: ActionState, event: ActionEvent) -> ActionOutcome:
    """A finished action named in a report-back: an edit of the report that finished it
    (Done changed to Partly before the meeting), or a report after a mark in App Home
    (the later word wins). An outcome a meeting has already heard stays."""
    if event.meeting is None or action.reported_meeting not in (None, event.meeting):
        return _refuse(action, finished_reason(action))
    return _report(action, event)


def _edit(action: ActionState, event: ActionEvent) -> ActionOutcome:
    text, expectation = event.text.strip(), event.expectation.strip()
    if not text:
        return _refuse(action, "Say what you will do.")
    if len(text) > TEXT_MAX or len(expectation) > TEXT_MAX:
        return _refuse(action, f"Keep each to {TEXT_MAX:,} characters.")
    if not expectation:
        return _refuse(action, "Say what you expect to happen.")
    if event.due_date and event.latest_due and event.due_date > event.latest_due:
        return _refuse(
            action,
            f"That's after the set's last meeting ({event.latest_due:%a %d %b %Y}). "
            "Pick a date on or before it.",
        )
    status = action.status
    if status != ActionStatus.OPEN and event.due_date != action.due_date:
        status = ActionStatus.OPEN  # a new date: re-committed, back on as open
    return ActionOutcome(
        replace(action, status=status, text=text, expectation=expectation, due_date=event.due_date)
    )


def _note(action: ActionState, event: ActionEvent) -> ActionOutcome:
    note = event.text.strip()
    if not note:
        return _refuse(action, "Write a note, or cancel.")
    if len(note) > NOTE_MAX:
        return _refuse(action, f"Keep the note to {NOTE_MAX:,} characters (it has {len(note):,}).")
    return ActionOutcome(replace(action, note=note))


def _leave(action: ActionState, event: ActionEvent) -> ActionOutcome:
    return ActionOutcome(replace(action, status=ActionStatus.LEFT))


TRANSITIONS: dict[tuple[ActionStatus, ActionEventType], Rule] = {
    (ActionStatus.OPEN, ActionEventType.MARK): _mark,
    (ActionStatus.OPEN, ActionEventType.REPORT): _report,
    (ActionStatus.OPEN, ActionEventType.EDIT): _edit,
    (ActionStatus.OPEN, ActionEventType.NOTE): _note,
    (ActionStatus.OPEN, ActionEventType.LEAVE): _leave,
    (ActionStatus.PARTLY, ActionEventType.MARK): _mark,
    (ActionStatus.PARTLY, ActionEventType.REPORT): _report,
    (ActionStatus.PARTLY, ActionEventType.EDIT): _edit,
    (ActionStatus.PARTLY, ActionEventType.NOTE): _note,
    (ActionStatus.PARTLY, ActionEventType.LEAVE): _leave,
    (ActionStatus.NOT_DONE, ActionEventType.MARK): _mark,
    (ActionStatus.NOT_DONE, ActionEventType.REPORT): _report,
    (ActionStatus.NOT_DONE, ActionEventType.EDIT): _edit,
    (ActionStatus.NOT_DONE, ActionEventType.NOTE): _note,
    (ActionStatus.NOT_DONE, ActionEventType.LEAVE): _leave,
    (ActionStatus.DONE, ActionEventType.REPORT): _revise,
    (ActionStatus.DROPPED, ActionEventType.REPORT): _revise,
}


def apply(action: ActionState, event: ActionEvent) -> ActionOutcome:
    """One change to an action: the action as it is after it, or why it can't be."""
    rule = TRANSITIONS.get((action.status, event.type))
    if rule is None:
        if event.type == ActionEventType.MARK and event.status == action.status:
            return _refuse(action, f"That action is already marked {STATUS_WORDS[action.status]}.")
        return _refuse(action, finished_reason(action))
    return rule(action, event)


def finished_reason(action: ActionState) -> str:
    """Why a finished action can't change."""
    return (
        f"That action is {STATUS_WORDS[action.status]}, so it can't change any more. "
        "Finished actions stay in your record."
    )


def to_data(action: ActionState) -> dict[str, object]:
    """An action's state as plain JSON-able data (kept with each change, for Undo)."""
    return {
        "status": action.status.value,
        "text": action.text,
        "expectation": action.expectation,
        "due_date": action.due_date.isoformat() if action.due_date else None,
        "note": action.note,
        "outcome_text": action.outcome_text,
        "reported_at": action.reported_at.isoformat() if action.reported_at else None,
        "reported_meeting": action.reported_meeting,
    }


def from_data(data: dict[str, object]) -> ActionState:
    due, reported = data.get("due_date"), data.get("reported_at")
    meeting = data.get("reported_meeting")
    return ActionState(
        status=ActionStatus(str(data.get("status") or ActionStatus.OPEN.value)),
        text=str(data.get("text") or ""),
        expectation=str(data.get("expectation") or ""),
        due_date=date.fromisoformat(str(due)) if due else None,
        note=str(data.get("note") or ""),
        outcome_text=str(data.get("outcome_text") or ""),
        reported_at=datetime.fromisoformat(str(reported)) if reported else None,
        reported_meeting=int(str(meeting)) if meeting is not None else None,
    )


def dumps(action: ActionState) -> str:
    return json.dumps(to_data(action), ensure_ascii=False, sort_keys=True)


def loads(text: str) -> ActionState:
    data = json.loads(text)
    return from_data(data if isinstance(data, dict) else {})


TALLIED = {
    ActionStatus.DONE: "done",
    ActionStatus.PARTLY: "partly",
    ActionStatus.NOT_DONE: "not done",
}


def tally(statuses: Iterable[str]) -> str:
    """A report-back's outcomes in a few words: "1 done, 1 partly"."""
    counted = Counter(statuses)
    said = [f"{counted[s]} {word}" for s, word in TALLIED.items() if counted[s]]
    return ", ".join(said) or "reported, no action outcomes"  # none, or none given
