"""App Home's use cases: opening it, paging, and its buttons (actions, notes, learnings,
nudges, export). Each shows Home again, with a notice saying what changed or why not."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlmodel import Session

from bot.blocks import home as views
from bot.blocks import ids
from bot.blocks.text import clip, escape, mention
from bot.flows.set_life import SetStatus
from bot.services import export as exporting
from bot.services import questions
from bot.services.core import Deps, DomainError
from bot.services.guards import life_status, set_by_id
from bot.services.home_model import home_for
from bot.services.result import Done, OpenView
from bot.store import repo_actions, repo_learning, repo_sets
from bot.store.tables import Action, LearningSet

STATUS_WORDS = {"done": "done", "partly": "partly done", "dropped": "dropped"}
EXPIRED = "That button has expired: here is your Home as it is now."

Change = Callable[[Session, str, str, str], views.Notice]  # (session, team, user, value)


class HomeService:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def show(self, user: str, page: int = 0, notice: views.Notice | None = None) -> Done:
        """Home as it is now (opened, paged, or due to be refreshed)."""
        with self.deps.session() as session:
            return Done.only(home_for(session, user, page, notice))

    def _changing(self, change: Change, team: str, user: str, value: str) -> Done:
        """Apply a Home button's change, then show Home with what it said (or why not);
        a refused change writes nothing."""
        try:
            with self.deps.session() as session:
                notice = change(session, team, user, value)
                return Done.only(home_for(session, user, notice=notice))
        except DomainError as error:
            return self.show(user, notice=views.Notice(f"⚠️ {error}"))

    def mark(self, team: str, user: str, value: str, status: str) -> Done:
        """Done / Partly / Drop on one of my actions."""

        def marking(session: Session, team: str, user: str, value: str) -> views.Notice:
            action, row = _own_action(session, team, user, value, "mark it")
            if life_status(row) == SetStatus.CLOSED:
                raise DomainError(f"*{escape(row.name)}* has closed, so its actions are read-only.")
            if action.status != "open":
                word = STATUS_WORDS.get(action.status, action.status.replace("_", " "))
                raise DomainError(f"That action is already marked {word}.")
            repo_actions.set_action_status(
                session=session,
                action_id=action.id or 0,
                owner_id=user,
                status=status,
                now=self.deps.clock(),
            )
            icon = "✅" if status == "done" else "☑️"
            text = f"{icon} Marked {STATUS_WORDS[status]}: {escape(clip(action.text, 200))}"
            return views.Notice(text, action.id)

        return self._changing(marking, team, user, value)

    def note_form(self, team: str, user: str, value: str, trigger_id: str) -> Done:
        try:
            with self.deps.session() as session:
                action, _ = _own_action(session, team, user, value, "add a note")
                return Done.only(OpenView(trigger_id, views.note_form(action.id or 0, action.text)))
        except DomainError as error:
            return self.show(user, notice=views.Notice(f"⚠️ {error}"))

    def save_note(self, team: str, user: str, view: dict[str, Any]) -> Done:
        """The note form submitted: an inline error, or the note kept and Home shown."""
        values = view.get("state", {}).get("values", {})
        note = str(((values.get(ids.NOTE_TEXT) or {}).get("value") or {}).get("value") or "")
        note = note.strip()
        if not note:
            return Done.invalid({ids.NOTE_TEXT: "Write a note, or cancel."})
        try:
            with self.deps.session() as session:
                action, _ = _own_action(
                    session, team, user, str(view.get("private_metadata", "")), "add a note"
                )
                action.note = clip(note, 2000)
                action.updated_at = self.deps.clock()
                session.add(action)
                notice = views.Notice(f"📝 Note saved on: {escape(clip(action.text, 200))}")
                return Done.only(home_for(session, user, notice=notice))
        except DomainError as error:
            return Done.invalid({ids.NOTE_TEXT: str(error)})

    def share(self, team: str, user: str, value: str) -> Done:
        def sharing(session: Session, team: str, user: str, value: str) -> views.Notice:
            learning, _, flag = value.partition(":")
            if not learning.isdigit() or flag not in ("0", "1"):
                raise DomainError(EXPIRED)
            if not repo_learning.set_shareable(
                session=session, learning_id=int(learning), user_id=user, shareable=flag == "1"
            ):
                raise DomainError("Only the learning's author can share it.")
            if flag == "1":
                return views.Notice(
                    "🌍 That learning may now be shared beyond the set (in exports)."
                )
            return views.Notice("🔒 That learning stays inside the set.")

        return self._changing(sharing, team, user, value)

    def switch_nudge(self, team: str, user: str, value: str) -> Done:
        def switching(session: Session, team: str, user: str, value: str) -> views.Notice:
            set_id, _, switch = value.partition(":")
            row = set_by_id(session, team, int(set_id) if set_id.isdigit() else 0)
            return views.Notice(questions.switch_nudges(session, row, user, switch == "on"))

        return self._changing(switching, team, user, value)

    def export(self, team: str, user: str, value: str) -> Done:
        """Export to my DMs: the files follow; Home says they are on their way."""
        try:
            with self.deps.session() as session:
                row = set_by_id(session, team, int(value) if value.isdigit() else 0)
                upload = exporting.upload_for(session, row, user)
                notice = views.Notice("📦 The export is on its way to your DMs.")
                return Done.only(home_for(session, user, notice=notice), upload)
        except DomainError as error:
            return self.show(user, notice=views.Notice(f"⚠️ {error}"))


def _own_action(
    session: Session, team: str, user: str, value: str, doing: str
) -> tuple[Action, LearningSet]:
    """The action a Home button names, if it is this person's; DomainError otherwise."""
    if not value.isdigit():
        raise DomainError(EXPIRED)
    action = repo_actions.get_action(session=session, action_id=int(value))
    row = repo_sets.get_set(session=session, set_id=action.set_id) if action else None
    if action is None or row is None or row.team_id != team:
        raise DomainError("That action no longer exists.")
    if action.owner_id != user:
        raise DomainError(f"That action is {mention(action.owner_id)}'s: only they can {doing}.")
    return action, row
