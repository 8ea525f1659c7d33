"""The follow-up months after a set of a programme closes: each member is asked once,
after the programme's delay, what changed in how they work. The answer is theirs; only
what they mark shareable reaches the programme's report. Due rows, like every prompt."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session

from bot.blocks import follow_up as views
from bot.services.core import Deps, DomainError, use_case
from bot.services.prompt_message import Delivery
from bot.services.result import DirectMessage, Done, FollowUpState, OpenView, Respond
from bot.store import repo_follow_ups, repo_jobs, repo_programmes, repo_sets
from bot.store.tables import DueJob, LearningSet

KIND = "follow_up"
EXPIRED = "That follow-up is no longer open."


def plan_on_close(session: Session, row: LearningSet, now: datetime) -> None:
    """A closing set of a programme: one follow-up per member, after the programme's delay
    (none when it is 0)."""
    if row.programme_id is None:
        return
    programme = repo_programmes.get(session=session, programme_id=row.programme_id)
    if programme is None or programme.follow_up_days <= 0:
        return
    due = now + timedelta(days=programme.follow_up_days)
    members = repo_sets.list_members(session=session, set_id=row.id or 0)
    for item in repo_follow_ups.plan(
        session=session,
        programme_id=programme.id or 0,
        set_id=row.id or 0,
        users=list(members),
        due=due,
    ):
        repo_jobs.add_once(
            session=session,
            meeting_id=None,
            key=f"{KIND}:{item.id}",
            kind=KIND,
            due_at=due,
            payload={"team": row.team_id, "follow_up": item.id},
        )


def read(session: Session, job: DueJob) -> Done | Delivery:
    """The follow-up DM, unless it was answered or withdrawn meanwhile. A member Slack no
    longer reaches is recorded as such (the report says "not reachable"), never retried."""
    payload = json.loads(job.payload or "{}")
    item = repo_follow_ups.get(session=session, follow_up_id=int(payload.get("follow_up", 0)))
    if item is None or item.status != "planned":
        return Delivery.DONE
    row = repo_sets.get_set(session=session, set_id=item.set_id)
    programme = repo_programmes.get(session=session, programme_id=item.programme_id)
    if row is None or programme is None:
        return Delivery.DONE
    days = programme.follow_up_days
    return Done.only(
        DirectMessage(
            item.user_id,
            views.question(days),
            views.dm(item.id or 0, row.name, days),
            keep=FollowUpState(item.id or 0, "asked"),
            if_unreachable=FollowUpState(item.id or 0, "unreachable"),
        )
    )


class FollowUpService:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def _mine(self, session: Session, team: str, user: str, value: str) -> Any:
        item = repo_follow_ups.get(
            session=session, follow_up_id=int(value) if value.isdigit() else 0
        )
        row = repo_sets.get_set(session=session, set_id=item.set_id) if item else None
        if item is None or row is None or item.user_id != user or row.team_id != team:
            raise DomainError(EXPIRED)
        programme = repo_programmes.get(session=session, programme_id=item.programme_id)
        return item, (programme.follow_up_days if programme else 90)

    @use_case
    def form(self, team: str, user: str, value: str, trigger_id: str) -> Done:
        with self.deps.read() as session:
            item, days = self._mine(session, team, user, value)
            view = views.form(item.id or 0, days, item.changed, item.kept)
        return Done.only(OpenView(trigger_id, view))

    @use_case
    def not_now(self, team: str, user: str, value: str, url: str) -> Done:
        with self.deps.session() as session:
            item, _ = self._mine(session, team, user, value)
            if item.status != "answered":
                item.status = "declined"
                session.add(item)
        said = "No problem: I won't ask again. If you change your mind, press Answer."
        blocks = views.declined(item.id or 0)
        return Done.only(Respond(url, said, replace_original=True, blocks=blocks))

    @use_case
    def submit(self, team: str, user: str, view: dict[str, Any]) -> Done:
        found, changed, kept, shared = views.parse(view)
        if found is None:
            return Done.invalid({"changed": "This form has expired. Close it and open it again."})
        if not changed:
            return Done.invalid({"changed": "Say what has changed, even if it's small."})
        too_long = {
            block: f"Keep this under {views.ANSWER_MAX:,} characters."
            for block, text in (("changed", changed), ("kept", kept))
            if len(text) > views.ANSWER_MAX
        }
        if too_long:
            return Done.invalid(too_long)
        with self.deps.session() as session:
            try:
                item, _ = self._mine(session, team, user, str(found))
            except DomainError as error:
                return Done.invalid({"changed": str(error)})
            item.changed, item.kept, item.shareable = changed, kept, shared
            item.status, item.answered_at = "answered", self.deps.clock()
            session.add(item)
        privacy = (
            "They appear in the programme's report, without your name."
            if shared
            else "They stay with you."
        )
        return Done.only(DirectMessage(user, f"🙏 Thank you: your answers are saved. {privacy}"))
