"""A member's actions between meetings, from App Home: Done, Partly, Drop, Edit, a note,
and Undo of any of these. Every change goes through `flows.actions` and is kept with what
the action was before, so Undo can put it back (if nothing changed it since)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.blocks import action_form, ids
from bot.blocks import home as views
from bot.blocks.text import clip, escape, mention
from bot.flows import actions as life
from bot.flows.actions import (
    ActionEvent,
    ActionEventType,
    ActionOutcome,
    ActionState,
    ActionStatus,
)
from bot.flows.set_life import SetStatus
from bot.services.brief import next_brief
from bot.services.core import Deps, DomainError
from bot.services.guards import life_status
from bot.services.home_model import home_for
from bot.services.result import Done, OpenView
from bot.store import repo_actions, repo_meetings, repo_sets
from bot.store.tables import Action, LearningSet

EXPIRED = "That button has expired: here is your Home as it is now."
CHANGED_SINCE = (
    "That action changed since you opened the form, so your edit wasn't saved: here it is now."
)
ICONS = {
    ActionStatus.DONE: "✅",
    ActionStatus.PARTLY: "☑️",
    ActionStatus.DROPPED: "🗑️",
}


def latest_due(session: Session, row: LearningSet) -> date | None:
    """The last day an action of this set can be due: its last planned meeting's (local),
    when it has a fixed number of meetings."""
    if row.meeting_count is None:
        return None
    planned = repo_meetings.scheduled_meetings(session=session, set_id=row.id or 0)
    if not planned:
        return None
    return planned[-1].scheduled_at.astimezone(ZoneInfo(row.timezone)).date()


def own_action(
    session: Session, team: str, user: str, value: str, doing: str, lock: bool = False
) -> tuple[Action, LearningSet]:
    """The action a Home button names, if it is this person's; DomainError otherwise."""
    if not value.isdigit():
        raise DomainError(EXPIRED)
    action = repo_actions.get_action(session=session, action_id=int(value), lock=lock)
    row = repo_sets.get_set(session=session, set_id=action.set_id) if action else None
    if action is None or row is None or row.team_id != team:
        raise DomainError("That action no longer exists.")
    if action.owner_id != user:
        raise DomainError(f"That action is {mention(action.owner_id)}'s: only they can {doing}.")
    if life_status(row) == SetStatus.CLOSED:
        raise DomainError(f"*{escape(row.name)}* has closed, so its actions are read-only.")
    return action, row


def apply_change(
    session: Session, action: Action, event: ActionEvent, user: str, now: datetime
) -> ActionOutcome:
    """One change through the flows table, kept (with its history row) if the table allows
    it; the outcome either way."""
    outcome = life.apply(repo_actions.state_of(action), event)
    if outcome.ok:
        repo_actions.change(
            session=session,
            action=action,
            after=outcome.action,
            kind=event.type.value,
            user_id=user,
            now=now,
        )
    return outcome


def change(
    session: Session, action: Action, event: ActionEvent, user: str, now: datetime
) -> ActionState:
    """Apply one change and keep it; DomainError if refused."""
    outcome = apply_change(session, action, event, user, now)
    if not outcome.ok:
        raise DomainError(outcome.refused or "That can't be done now.")
    return outcome.action


def close_for_leaver(session: Session, set_id: int, user: str, now: datetime) -> None:
    """A member leaves the set: their actions still on the list close as "left the set"
    (kept in the set's record and export, no longer on anyone's list)."""
    for action in repo_actions.open_actions(session=session, set_id=set_id, owner_id=user):
        change(session, action, ActionEvent(ActionEventType.LEAVE, now), user, now)


def version_of(session: Session, action: Action) -> str:
    """Which version of the action a form shows (its last change)."""
    return str(repo_actions.last_change_id(session=session, action_id=action.id or 0))


class ActionService:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def _home(self, user: str, work: Any) -> Done:
        """Run a change and show Home with what it said (and the set's brief, if sent,
        updated), or why not (nothing written)."""
        try:
            with self.deps.session() as session:
                notice, row = work(session)
                return Done.only(home_for(session, user, notice=notice), *next_brief(session, row))
        except DomainError as error:
            with self.deps.session() as session:
                return Done.only(home_for(session, user, notice=views.Notice(f"⚠️ {error}")))

    def mark(self, team: str, user: str, value: str, status: ActionStatus) -> Done:
        """Done / Partly / Drop on one of my actions, with Undo."""

        def marking(session: Session) -> tuple[views.Notice, LearningSet]:
            action, row = own_action(session, team, user, value, "mark it", lock=True)
            now = self.deps.clock()
            event = ActionEvent(ActionEventType.MARK, now, status=status)
            after = change(session, action, event, user, now)
            undo = repo_actions.latest_change(session=session, action_id=action.id or 0)
            text = (
                f"{ICONS.get(after.status, '•')} Marked {life.STATUS_WORDS[after.status]}: "
                f"{escape(clip(action.text, 200))}"
            )
            return views.Notice(text, action.id, undo.id if undo else None), row

        return self._home(user, marking)

    def edit_form(self, team: str, user: str, value: str, trigger_id: str) -> Done:
        try:
            with self.deps.session() as session:
                action, row = own_action(session, team, user, value, "change it")
                if not repo_actions.state_of(action).on_the_list:
                    raise DomainError(
                        life.apply(
                            repo_actions.state_of(action),
                            ActionEvent(ActionEventType.EDIT, self.deps.clock()),
                        ).refused
                        or ""
                    )
                view = action_form.edit(
                    action.id or 0,
                    row.name,
                    action.text,
                    action.expectation,
                    action.due_date,
                    version_of(session, action),
                )
                return Done.only(OpenView(trigger_id, view))
        except DomainError as error:
            with self.deps.session() as session:
                return Done.only(home_for(session, user, notice=views.Notice(f"⚠️ {error}")))

    def save_edit(self, team: str, user: str, view: dict[str, Any]) -> Done:
        """The edit form submitted: inline errors, or the action changed (with Undo)."""
        where = action_form.edit_metadata(view)
        if where is None:
            return Done.invalid({ids.ACTION_TEXT: "This form has expired. Close it and try again."})
        action_id, version = where
        now = self.deps.clock()
        draft = action_form.parse(view.get("state", {}).get("values", {}), now.date())
        if isinstance(draft, dict):
            return Done.invalid(draft)
        try:
            with self.deps.session() as session:
                action, row = own_action(
                    session, team, user, str(action_id), "change it", lock=True
                )
                if version_of(session, action) != version:
                    raise DomainError(CHANGED_SINCE)
                event = ActionEvent(
                    ActionEventType.EDIT,
                    now,
                    text=draft.text,
                    expectation=draft.expectation,
                    due_date=draft.due_date,
                    latest_due=latest_due(session, row),
                )
                was = ActionStatus(action.status)
                outcome = apply_change(session, action, event, user, now)
                if not outcome.ok:
                    field = (
                        ids.ACTION_DUE
                        if "last meeting" in (outcome.refused or "")
                        else ids.ACTION_TEXT
                    )
                    return Done.invalid({field: outcome.refused or ""})
                undo = repo_actions.latest_change(session=session, action_id=action.id or 0)
                recommitted = (
                    " It's back on your list as open, due then."
                    if outcome.action.status == ActionStatus.OPEN and was != ActionStatus.OPEN
                    else ""
                )
                notice = views.Notice(
                    f"✏️ Changed: {escape(clip(outcome.action.text, 200))}.{recommitted}",
                    action.id,
                    undo.id if undo else None,
                )
                return Done.only(home_for(session, user, notice=notice), *next_brief(session, row))
        except DomainError as error:
            if error.args and error.args[0] == CHANGED_SINCE:
                with self.deps.session() as session:
                    return Done.only(home_for(session, user, notice=views.Notice(f"⚠️ {error}")))
            return Done.invalid({ids.ACTION_TEXT: str(error)})

    def note_form(self, team: str, user: str, value: str, trigger_id: str) -> Done:
        try:
            with self.deps.session() as session:
                action, _ = own_action(session, team, user, value, "add a note")
                view = views.note_form(action.id or 0, action.text, action.note)
                return Done.only(OpenView(trigger_id, view))
        except DomainError as error:
            with self.deps.session() as session:
                return Done.only(home_for(session, user, notice=views.Notice(f"⚠️ {error}")))

    def save_note(self, team: str, user: str, view: dict[str, Any]) -> Done:
        """The note form submitted: an inline error, or the note kept and Home shown."""
        values = view.get("state", {}).get("values", {})
        note = str(((values.get(ids.NOTE_TEXT) or {}).get("value") or {}).get("value") or "")
        now = self.deps.clock()
        try:
            with self.deps.session() as session:
                value = str(view.get("private_metadata", ""))
                action, row = own_action(session, team, user, value, "add a note", lock=True)
                change(
                    session, action, ActionEvent(ActionEventType.NOTE, now, text=note), user, now
                )
                undo = repo_actions.latest_change(session=session, action_id=action.id or 0)
                notice = views.Notice(
                    f"📝 Note saved on: {escape(clip(action.text, 200))}",
                    None,
                    undo.id if undo else None,
                )
                return Done.only(home_for(session, user, notice=notice), *next_brief(session, row))
        except DomainError as error:
            return Done.invalid({ids.NOTE_TEXT: str(error)})

    def undo(self, team: str, user: str, value: str) -> Done:
        """Put an action back as it was before one change, if nothing changed it since and
        no meeting has heard it yet."""

        def undoing(session: Session) -> tuple[views.Notice, LearningSet]:
            if not value.isdigit():
                raise DomainError(EXPIRED)
            found = repo_actions.get_change(session=session, change_id=int(value))
            if found is None:
                raise DomainError(EXPIRED)
            action, row = own_action(
                session, team, user, str(found.action_id), "undo that", lock=True
            )
            if found.undone_at is not None:
                raise DomainError("That change was already undone.")
            latest = repo_actions.latest_change(session=session, action_id=action.id or 0)
            if latest is None or latest.id != found.id:
                raise DomainError(
                    "That action changed again since, so that can't be undone: here it is now."
                )
            if repo_meetings.started_since(
                session=session, set_id=row.id or 0, when=found.created_at
            ):
                raise DomainError(
                    "A meeting has heard about that since, so it can't be undone. Change the "
                    "action instead."
                )
            before = life.loads(found.before)
            now = self.deps.clock()
            repo_actions.change(
                session=session, action=action, after=before, kind="undo", user_id=user, now=now
            )
            found.undone_at = now
            session.add(found)
            # The undo itself is not undoable by this button: the change it undid is gone.
            undo_row = repo_actions.latest_change(session=session, action_id=action.id or 0)
            if undo_row is not None:
                undo_row.undone_at = now
                session.add(undo_row)
            notice = views.Notice(
                f"↩️ Undone: {escape(clip(action.text, 200))} is as it was.", action.id
            )
            return notice, row

        return self._home(user, undoing)
