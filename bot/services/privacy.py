"""`/set forget-me`: a member's answers and action texts leave the set; counts stay.

After the member confirms, their report-backs, reflections, learnings, thread messages and
action texts are blanked, and every row that counted them is relabelled with an anonymous
id, so attendance, report-back and follow-through figures stay true without naming them.
"""

from __future__ import annotations

import hashlib

from sqlmodel import Session

from bot.blocks import ids
from bot.blocks.text import button, escape, section
from bot.services.actions import close_for_leaver
from bot.services.core import Deps, DomainError, use_case
from bot.services.guards import any_set
from bot.services.home_model import home_for
from bot.services.prompt_plans import plan_set
from bot.services.result import Done, Respond
from bot.store import repo_meetings, repo_privacy, repo_sets


def alias(set_id: int, user: str) -> str:
    """A stable anonymous id for a forgotten member of one set (not a Slack user id)."""
    digest = hashlib.sha256(f"{set_id}:{user}".encode()).hexdigest()[:8]
    return f"anon-{digest}"


class PrivacyService:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    @use_case
    def ask(self, team: str, channel: str, user: str) -> Done:
        """The confirmation the member must give first."""
        with self.deps.session() as session:
            row = any_set(session, team, channel)
            self._check(session, row.id or 0, user)
            text = (
                f"*Forget me in {escape(row.name)}?* This removes your report-back answers, "
                "reflections, learnings, questions and the text of your actions from this set, "
                "and takes you out of it. The set's counts (attendance, report-backs, "
                "follow-through) stay, anonymised. This can't be undone."
            )
            value = str(row.id)
        blocks = [
            section(text),
            {
                "type": "actions",
                "block_id": "forget",
                "elements": [
                    button("Yes, forget me", ids.FORGET_CONFIRM, value, "danger"),
                    button("Cancel", ids.FORGET_CANCEL, value),
                ],
            },
        ]
        return Done.say(text, blocks=blocks)

    def _check(self, session: Session, set_id: int, user: str) -> None:
        if repo_meetings.running_meeting(session=session, set_id=set_id):
            raise DomainError(
                "A meeting of this set is running right now. Run `/set forget-me` after it "
                "ends, so nothing is lost half-way through."
            )
        if not repo_privacy.has_traces(session=session, set_id=set_id, user_id=user):
            raise DomainError("There's nothing of yours in this set to forget.")

    def forget(self, team: str, user: str, value: str, response_url: str) -> Done:
        """Erase the member from the set in one transaction; the confirmation replaces the
        question, and their Home shows the set no more."""
        try:
            with self.deps.session() as session:
                said = self._forget(session, team, user, value)
                home = home_for(session, user)
        except DomainError as error:
            return Done.only(Respond(response_url, str(error), replace_original=True))
        return Done.only(Respond(response_url, said, replace_original=True), home)

    @staticmethod
    def cancel(response_url: str) -> Done:
        return Done.only(Respond(response_url, "Nothing was removed.", replace_original=True))

    def _forget(self, session: Session, team: str, user: str, value: str) -> str:
        if not value.isdigit():
            raise DomainError("That button has expired. Run `/set forget-me` again.")
        set_id = int(value)
        row = repo_sets.get_set(session=session, set_id=set_id)
        if row is None or row.team_id != team:
            raise DomainError("That set no longer exists.")
        self._check(session, set_id, user)
        close_for_leaver(session, set_id, user, self.deps.clock())
        anon = alias(set_id, user)
        repo_privacy.anonymise(session=session, set_id=set_id, user_id=user, alias=anon)
        repo_sets.remove_member(session=session, set_id=set_id, user_id=user)
        row.rota = " ".join(u for u in row.rota.split() if u != user)
        session.add(row)
        plan_set(session, row)
        return (
            f"Done: your answers, reflections, learnings, questions and action texts are "
            f"gone from *{escape(row.name)}*, and you've left it. Its counts stay, anonymised."
        )
