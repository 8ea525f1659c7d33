"""App Home's use cases: opening it, paging, and its buttons for learnings, nudges and
export (those for actions are `services.actions`'). Each shows Home again, with a notice
saying what changed or why not."""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session

from bot.blocks import home as views
from bot.services import export as exporting
from bot.services import questions
from bot.services.core import Deps, DomainError, now
from bot.services.guards import set_by_id
from bot.services.home_model import home_for
from bot.services.result import Done
from bot.store import repo_learning

EXPIRED = "That button has expired: here is your Home as it is now."

Change = Callable[[Session, str, str, str], views.Notice]  # (session, team, user, value)


class HomeService:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def show(self, user: str, page: int = 0, notice: views.Notice | None = None) -> Done:
        """Home as it is now (opened, paged, or due to be refreshed)."""
        with self.deps.read() as session:
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

    def share(self, team: str, user: str, value: str) -> Done:
        def sharing(session: Session, team: str, user: str, value: str) -> views.Notice:
            learning, _, flag = value.partition(":")
            if not learning.isdigit() or flag not in ("0", "1", "2"):
                raise DomainError(EXPIRED)
            if not repo_learning.set_shareable(
                session=session,
                learning_id=int(learning),
                user_id=user,
                shareable=flag != "0",
                named=flag == "2",
                now=now(session),
            ):
                raise DomainError("Only the learning's author can share it.")
            if flag == "2":
                return views.Notice(
                    "🌍 That learning may now be shared beyond the set, with your name "
                    "(in exports and with programme leads)."
                )
            if flag == "1":
                return views.Notice(
                    "🌍 That learning may now be shared beyond the set, without your name "
                    "(in exports and with programme leads)."
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
