"""Who is in a set: join, leave, add, remove. Prompts are re-planned for every change."""

from __future__ import annotations

from bot.blocks.text import escape, mention, mentions
from bot.services.actions import close_for_leaver
from bot.services.core import Deps, DomainError, use_case
from bot.services.guards import require_facilitator, require_set
from bot.services.prompt_plans import plan_set
from bot.services.result import Done
from bot.store import repo_sets


class Members:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    @use_case
    def join(self, team: str, channel: str, user: str) -> Done:
        with self.deps.session() as session:
            row = require_set(session, team, channel)
            added = repo_sets.add_members(
                session=session, set_id=row.id or 0, user_ids=[user], now=self.deps.clock()
            )
            if added:
                plan_set(session, row)
            name = escape(row.name)
        return Done.say(
            f"You've joined *{name}*." if added else f"You're already a member of *{name}*."
        )

    @use_case
    def leave(self, team: str, channel: str, user: str) -> Done:
        with self.deps.session() as session:
            row = require_set(session, team, channel)
            if not repo_sets.remove_member(session=session, set_id=row.id or 0, user_id=user):
                raise DomainError(f"You're not a member of *{escape(row.name)}*.")
            close_for_leaver(session, row.id or 0, user, self.deps.clock())
            plan_set(session, row)
            return Done.say(f"You've left *{escape(row.name)}*. `/set join` brings you back.")

    @use_case
    def add(self, team: str, channel: str, user: str, users: tuple[str, ...]) -> Done:
        with self.deps.session() as session:
            row = require_set(session, team, channel)
            require_facilitator(row, user, "add members")
            added = repo_sets.add_members(
                session=session, set_id=row.id or 0, user_ids=users, now=self.deps.clock()
            )
            if added:
                plan_set(session, row)
        already = [u for u in users if u not in added]
        parts = [f"Added {mentions(added)}." if added else "Nobody new to add."]
        if already:
            parts.append(f"Already members: {mentions(already)}.")
        return Done.say(" ".join(parts))

    @use_case
    def remove(self, team: str, channel: str, user: str, target: str) -> Done:
        with self.deps.session() as session:
            row = require_set(session, team, channel)
            require_facilitator(row, user, "remove members")
            if not repo_sets.remove_member(session=session, set_id=row.id or 0, user_id=target):
                raise DomainError(f"{mention(target)} is not a member of this set.")
            close_for_leaver(session, row.id or 0, target, self.deps.clock())
            plan_set(session, row)
        return Done.say(f"Removed {mention(target)} from the set.")
