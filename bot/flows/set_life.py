"""A set's life as a pure transition function: suspend, reactivate, close, hand over, rota.

`apply(life, event)` → `LifeOutcome`: a new `SetLife` plus effects (data for the services
to carry out), or a refusal with a reason for the person. It never mutates its input,
never reads the clock and never does I/O. `TRANSITIONS` declares every legal
(status, event) pair; any pair missing from it is refused. The data (the life, its events
and effects, and the store's columns) lives in `bot.flows.set_life_state`; every name is
also importable from here.

Refusals that name the set hold the placeholder `{set}` (see `SET`); the services put the
set's bold, escaped name in its place (`with_set_name`), since flows know no Slack escaping.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from bot.flows import rota
from bot.flows.set_life_state import (
    CancelNextMeeting,
    ClearCalendar,
    FacilitatorChanged,
    LifeEffect,
    LifeEvent,
    LifeEventType,
    LifeOutcome,
    NextFacilitator,
    PlanCalendar,
    RotaChanged,
    SetClosed,
    SetLife,
    SetStatus,
    columns_of,
    status_of,
)

__all__ = [
    "ALREADY_SUSPENDED",
    "CALENDAR_STOPPED",
    "FACILITATOR_ONLY",
    "NOT_SUSPENDED",
    "NO_MEETINGS_WHILE_SUSPENDED",
    "NO_UPCOMING",
    "READ_ONLY",
    "ROTA_EVENTS",
    "RUNNING",
    "SET",
    "TRANSITIONS",
    "CancelNextMeeting",
    "ClearCalendar",
    "FacilitatorChanged",
    "LifeEffect",
    "LifeEvent",
    "LifeEventType",
    "LifeOutcome",
    "NextFacilitator",
    "PlanCalendar",
    "RotaChanged",
    "Rule",
    "SetClosed",
    "SetLife",
    "SetStatus",
    "apply",
    "columns_of",
    "status_of",
    "with_set_name",
]


# ---- refusals people see ----

SET = "{set}"  # stands for the set's name in a refusal
RUNNING = "A meeting is running: the facilitator ends it with `/set end` first."
READ_ONLY = f"{SET} has closed, so it is read-only."
ALREADY_SUSPENDED = f"{SET} is already suspended."
NOT_SUSPENDED = f"{SET} isn't suspended: its calendar is running."
CALENDAR_STOPPED = (
    f"{SET} is suspended, so its calendar is stopped. The facilitator restarts it with "
    "`/set reactivate`."
)
NO_UPCOMING = "There's no upcoming meeting. `/set settings` plans more."
NO_MEETINGS_WHILE_SUSPENDED = f"{SET} is suspended, so none of its meetings can be held."

# What each facilitator-only event does, as the refusal to anyone else puts it.
FACILITATOR_ONLY: dict[LifeEventType, str] = {
    LifeEventType.SCHEDULE: "change the settings",
    LifeEventType.CANCEL_MEETING: "cancel meetings",
    LifeEventType.SUSPEND: "suspend the set",
    LifeEventType.REACTIVATE: "reactivate the set",
    LifeEventType.CLOSE: "close the set",
    LifeEventType.ROTA_SKIP: "edit the rota",
    LifeEventType.ROTA_SWAP: "edit the rota",
}
ROTA_EVENTS = frozenset({LifeEventType.ROTA_SKIP, LifeEventType.ROTA_SWAP})

Rule = Callable[[SetLife, LifeEvent], LifeOutcome]


def with_set_name(reason: str, set_name: str) -> str:
    """A refusal with `set_name` (already formatted and escaped by the caller) for `{set}`."""
    return reason.replace(SET, set_name)


def _refuse(life: SetLife, reason: str) -> LifeOutcome:
    return LifeOutcome(life=life, refused=reason)


def _mention(user: str | None) -> str:
    return f"<@{user}>" if user else "nobody"


def _synced(life: SetLife) -> tuple[str, ...]:
    """The rota kept in step with the members; until a meeting moves it, the form's choice leads."""
    return rota.sync(life.rota or (life.facilitator,), life.members)


# ---- rules ----


def _plan(status: SetStatus) -> Rule:
    def rule(life: SetLife, event: LifeEvent) -> LifeOutcome:
        return LifeOutcome(life=replace(life, status=status), effects=(PlanCalendar(),))

    return rule


def _keep(life: SetLife, event: LifeEvent) -> LifeOutcome:
    return LifeOutcome(life=life)


def _suspend(life: SetLife, event: LifeEvent) -> LifeOutcome:
    if life.running:
        return _refuse(life, RUNNING)
    suspended = replace(life, status=SetStatus.SUSPENDED, scheduled=0)
    return LifeOutcome(life=suspended, effects=(ClearCalendar(),))


def _close(life: SetLife, event: LifeEvent) -> LifeOutcome:
    if life.running:
        return _refuse(life, RUNNING)
    closed = replace(life, status=SetStatus.CLOSED, scheduled=0)
    return LifeOutcome(life=closed, effects=(ClearCalendar(), SetClosed(early=True)))


def _cancel_meeting(life: SetLife, event: LifeEvent) -> LifeOutcome:
    if life.scheduled == 0:
        return _refuse(life, NO_UPCOMING)
    fewer = replace(life, scheduled=life.scheduled - 1)
    return LifeOutcome(life=fewer, effects=(CancelNextMeeting(),))


def _meeting_held(life: SetLife, event: LifeEvent) -> LifeOutcome:
    """The rota moves on; after the last planned meeting the set closes by itself."""
    effects: list[LifeEffect] = []
    moved = replace(life, running=False, meeting_facilitator=None)
    if life.rotating:
        held_by = event.held_by or life.meeting_facilitator
        after = rota.after_meeting(_synced(life), held_by) if held_by else _synced(life)
        moved = replace(moved, rota=after)
        effects.append(RotaChanged(rota=after))
    if life.scheduled == 0 and life.meeting_count is not None:
        closed = replace(moved, status=SetStatus.CLOSED)
        return LifeOutcome(life=closed, effects=(*effects, SetClosed(early=False)))
    up_next = rota.next_up(moved.rota) if life.rotating and life.scheduled > 0 else None
    if up_next is not None:
        effects.append(NextFacilitator(user=up_next))
    return LifeOutcome(life=moved, effects=tuple(effects))


def _hand_over(life: SetLife, event: LifeEvent) -> LifeOutcome:
    """Rotating: `target` heads the rota. Fixed: `target` becomes the set's facilitator."""
    target = event.target
    if target is None:
        return _refuse(life, "Name who takes over: `/set facilitator @user`.")
    # A running meeting changes hands at once (the services apply the meeting's HAND_OVER).
    running_by = target if life.running else life.meeting_facilitator
    if life.rotating:
        try:
            handed = rota.hand_over(_synced(life), target)
        except rota.RotaError as error:
            return _refuse(life, str(error))
        moved = replace(life, rota=handed, meeting_facilitator=running_by)
        return LifeOutcome(life=moved, effects=(RotaChanged(rota=handed),))
    if target not in life.members:
        return _refuse(life, f"{_mention(target)} isn't a member: `/set add` them first.")
    moved = replace(life, facilitator=target, meeting_facilitator=running_by)
    return LifeOutcome(life=moved, effects=(FacilitatorChanged(user=target),))


def _rota_skip(life: SetLife, event: LifeEvent) -> LifeOutcome:
    try:
        skipped = rota.skip(_synced(life))
    except rota.RotaError as error:
        return _refuse(life, str(error))
    return LifeOutcome(life=replace(life, rota=skipped), effects=(RotaChanged(rota=skipped),))


def _rota_swap(life: SetLife, event: LifeEvent) -> LifeOutcome:
    if event.pair is None:
        return _refuse(life, "Name two members to swap: `/set rota swap @user @user`.")
    try:
        swapped = rota.swap(_synced(life), *event.pair)
    except rota.RotaError as error:
        return _refuse(life, str(error))
    return LifeOutcome(life=replace(life, rota=swapped), effects=(RotaChanged(rota=swapped),))


_A, _S, _E = SetStatus.ACTIVE, SetStatus.SUSPENDED, LifeEventType

TRANSITIONS: dict[tuple[SetStatus, LifeEventType], Rule] = {
    (_A, _E.SCHEDULE): _plan(SetStatus.ACTIVE),
    (_S, _E.SCHEDULE): _keep,  # settings saved; the calendar stays stopped until reactivated
    (_A, _E.CANCEL_MEETING): _cancel_meeting,
    (_A, _E.SUSPEND): _suspend,
    (_S, _E.REACTIVATE): _plan(SetStatus.ACTIVE),
    (_A, _E.CLOSE): _close,
    (_S, _E.CLOSE): _close,
    (_A, _E.MEETING_HELD): _meeting_held,
    (_A, _E.HAND_OVER): _hand_over,
    (_S, _E.HAND_OVER): _hand_over,
    (_A, _E.ROTA_SKIP): _rota_skip,
    (_S, _E.ROTA_SKIP): _rota_skip,
    (_A, _E.ROTA_SWAP): _rota_swap,
    (_S, _E.ROTA_SWAP): _rota_swap,
}


def _no_transition(life: SetLife, event: LifeEvent) -> str:
    if life.status == SetStatus.CLOSED:
        return READ_ONLY
    if event.type == LifeEventType.REACTIVATE:
        return NOT_SUSPENDED
    if life.status == SetStatus.SUSPENDED and event.type == LifeEventType.SUSPEND:
        return ALREADY_SUSPENDED
    if life.status == SetStatus.SUSPENDED and event.type == LifeEventType.CANCEL_MEETING:
        return CALENDAR_STOPPED
    if life.status == SetStatus.SUSPENDED and event.type == LifeEventType.MEETING_HELD:
        return NO_MEETINGS_WHILE_SUSPENDED
    return f"`{event.type.value}` can't be used while the set is {life.status.value}."


def _not_allowed(life: SetLife, event: LifeEvent) -> str | None:
    """Why `event` is refused before its rule is looked at: closed set, fixed rota, role."""
    if life.status == SetStatus.CLOSED:
        return READ_ONLY  # read-only for everyone, whoever asks
    if event.type in ROTA_EVENTS and not life.rotating:
        return (
            f"{SET} has a fixed facilitator, {_mention(life.facilitator)}. Choose rotating "
            "facilitation in `/set settings` to use a rota."
        )
    doing = FACILITATOR_ONLY.get(event.type)
    if doing is not None and event.actor != life.facilitator:
        return f"Only the set's facilitator, {_mention(life.facilitator)}, can {doing}."
    if event.type == LifeEventType.HAND_OVER and event.actor not in (
        life.facilitator,
        life.meeting_facilitator,
    ):
        return (
            f"Only the set's facilitator, {_mention(life.facilitator)}, can hand facilitation over."
        )
    return None


def apply(life: SetLife, event: LifeEvent) -> LifeOutcome:
    """Apply one event to a set's life: the new life and effects, or a refusal.

    The role is checked before the state, as people expect: someone who may not do a thing
    hears that first. MEETING_HELD comes from the system and is never refused for its actor.
    """
    reason = _not_allowed(life, event)
    if reason is not None:
        return _refuse(life, reason)
    rule = TRANSITIONS.get((life.status, event.type))
    if rule is None:
        return _refuse(life, _no_transition(life, event))
    return rule(life, event)
