"""Actions members commit to in meetings, what became of them, and each change (for Undo).

"Open" in these names means on the member's list: open, partly or not done (see
`flows.actions.ON_THE_LIST`); finished ones are done, dropped or closed when their owner left.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ColumnElement, func, or_
from sqlmodel import Session, col, select

from bot.flows.actions import FINISHED, ON_THE_LIST, ActionState, ActionStatus
from bot.flows.actions import dumps as dump_state
from bot.flows.actions import loads as load_state
from bot.store.tables import Action, ActionChange, LearningSet, Membership

LISTED = [s.value for s in ON_THE_LIST]
DONE_WITH = [s.value for s in FINISHED]


def add_action(
    *,
    session: Session,
    set_id: int,
    meeting_id: int,
    owner_id: str,
    created_by: str,
    text: str,
    expectation: str,
    due_date: date | None,
    now: datetime,
) -> Action:
    row = Action(
        set_id=set_id,
        meeting_id=meeting_id,
        owner_id=owner_id,
        created_by=created_by,
        text=text,
        expectation=expectation,
        due_date=due_date,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    session.flush()
    return row


def meeting_actions(*, session: Session, meeting_id: int) -> list[Action]:
    return list(
        session.exec(select(Action).where(Action.meeting_id == meeting_id).order_by(col(Action.id)))
    )


def actions_of_set(*, session: Session, set_id: int) -> list[Action]:
    """Every action of a set, whatever became of it, in the order they were agreed."""
    return list(
        session.exec(select(Action).where(Action.set_id == set_id).order_by(col(Action.id)))
    )


def open_actions(*, session: Session, set_id: int, owner_id: str) -> list[Action]:
    return list(
        session.exec(
            select(Action)
            .where(
                Action.set_id == set_id,
                Action.owner_id == owner_id,
                col(Action.status).in_(LISTED),
            )
            .order_by(col(Action.id))
        )
    )


def open_actions_of_set(
    *, session: Session, set_id: int, reported_at: int | None = None
) -> dict[str, list[Action]]:
    """Every member's open actions in a set, by owner, in one query; with `reported_at`, the
    ones a report-back for that meeting finished too."""
    listed: ColumnElement[bool] = col(Action.status).in_(LISTED)
    if reported_at is not None:
        listed = or_(listed, col(Action.reported_meeting_id) == reported_at)
    found: dict[str, list[Action]] = {}
    for action in session.exec(
        select(Action).where(Action.set_id == set_id, listed).order_by(col(Action.id))
    ):
        found.setdefault(action.owner_id, []).append(action)
    return found


def actions_by_ids(*, session: Session, ids: list[int]) -> list[Action]:
    if not ids:
        return []
    return list(session.exec(select(Action).where(col(Action.id).in_(ids))))


def open_actions_of_user(
    *, session: Session, user_id: str, offset: int, limit: int
) -> tuple[list[tuple[Action, str]], int]:
    """A member's open actions in the sets they belong to (with each set's name), and
    how many there are in all."""
    query = (
        select(Action, LearningSet.name)
        .join(LearningSet, col(LearningSet.id) == col(Action.set_id))
        .join(
            Membership,
            (col(Membership.set_id) == col(Action.set_id)) & (col(Membership.user_id) == user_id),
        )
        .where(Action.owner_id == user_id, col(Action.status).in_(LISTED))
    )
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(query.order_by(col(Action.id)).offset(offset).limit(limit))
    return [(action, name) for action, name in rows], total


def has_listed_actions(*, session: Session, user_id: str) -> bool:
    found = session.exec(
        select(Action.id).where(Action.owner_id == user_id, col(Action.status).in_(LISTED)).limit(1)
    ).first()
    return found is not None


def finished_actions_of_user(
    *, session: Session, user_id: str, limit: int
) -> list[tuple[Action, str]]:
    """A member's most recently finished actions (done, dropped, left) with their set's name."""
    rows = session.exec(
        select(Action, LearningSet.name)
        .join(LearningSet, col(LearningSet.id) == col(Action.set_id))
        .where(Action.owner_id == user_id, col(Action.status).in_(DONE_WITH))
        .order_by(col(Action.updated_at).desc(), col(Action.id).desc())
        .limit(limit)
    )
    return [(action, name) for action, name in rows]


def get_action(*, session: Session, action_id: int, lock: bool = False) -> Action | None:
    return session.get(Action, action_id, with_for_update=lock or None)


def state_of(action: Action) -> ActionState:
    """The action's row as the flows see it."""
    return ActionState(
        status=ActionStatus(action.status),
        text=action.text,
        expectation=action.expectation,
        due_date=action.due_date,
        note=action.note,
        outcome_text=action.outcome_text,
        reported_at=action.reported_at,
        reported_meeting=action.reported_meeting_id,
    )


def change(
    *,
    session: Session,
    action: Action,
    after: ActionState,
    kind: str,
    user_id: str,
    now: datetime,
) -> ActionChange:
    """Save the action as `after`, and the change (with what it was) for Undo."""
    before = state_of(action)
    action.status = after.status.value
    action.text, action.expectation, action.due_date = after.text, after.expectation, after.due_date
    action.note, action.outcome_text = after.note, after.outcome_text
    action.reported_at, action.reported_meeting_id = after.reported_at, after.reported_meeting
    action.updated_at = now
    session.add(action)
    row = ActionChange(
        action_id=action.id or 0,
        user_id=user_id,
        kind=kind,
        before=dump_state(before),
        after=dump_state(after),
        created_at=now,
    )
    session.add(row)
    session.flush()
    return row


def get_change(*, session: Session, change_id: int) -> ActionChange | None:
    return session.get(ActionChange, change_id)


def last_change_id(*, session: Session, action_id: int) -> int:
    """The id of the action's last change (undone or not), 0 if it never changed: what a form
    opened on it saw, to tell whether it changed since."""
    found = session.exec(
        select(func.max(ActionChange.id)).where(ActionChange.action_id == action_id)
    ).one()
    return int(found or 0)


def latest_change(*, session: Session, action_id: int) -> ActionChange | None:
    """The action's last change that still stands (not undone)."""
    return session.exec(
        select(ActionChange)
        .where(ActionChange.action_id == action_id, col(ActionChange.undone_at).is_(None))
        .order_by(col(ActionChange.id).desc())
    ).first()


def reported_outcomes(
    *, session: Session, set_id: int, meeting_id: int | None = None
) -> dict[int, dict[str, dict[int, str]]]:
    """What each report-back said became of each action, from the change history (so a
    later change doesn't rewrite an earlier meeting's record): meeting → owner → action →
    status, the last word of each report, undone ones left out. One query."""
    query = (
        select(ActionChange.action_id, ActionChange.after, Action.owner_id)
        .join(Action, col(Action.id) == col(ActionChange.action_id))
        .where(
            Action.set_id == set_id,
            ActionChange.kind == "report",
            col(ActionChange.undone_at).is_(None),
        )
        .order_by(col(ActionChange.id))
    )
    found: dict[int, dict[str, dict[int, str]]] = {}
    for action_id, after, owner in session.exec(query):
        state = load_state(after)
        if state.reported_meeting is None:
            continue
        if meeting_id is not None and state.reported_meeting != meeting_id:
            continue
        by_owner = found.setdefault(state.reported_meeting, {}).setdefault(owner, {})
        by_owner[action_id] = state.status.value
    return found
