"""Reflection: each attendee's answers and rating, at a meeting's end or the set's end."""

from __future__ import annotations

from typing import Any

from bot.blocks import ids
from bot.blocks import reflection as views
from bot.blocks.text import escape
from bot.flows import meeting_codec, reflection
from bot.flows.meeting_state import PRESENT, Phase
from bot.flows.reflection import REFLECT_LATE, Source
from bot.flows.set_life import SetStatus
from bot.services.core import Deps, DomainError, use_case
from bot.services.guards import life_status
from bot.services.home_model import home_for
from bot.services.result import DirectMessage, Done, OpenView
from bot.store import repo_learning, repo_meetings, repo_sets
from bot.store.tables import LearningSet, Meeting

NOT_YET = "Reflection opens at the end of the meeting: the facilitator moves to it with Next."
GONE = "That meeting no longer exists."


class ReflectionService:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def _target(
        self, session: Any, team: str, user: str, meeting_id: int, final: bool
    ) -> tuple[LearningSet, Meeting]:
        meeting = repo_meetings.get_meeting(session=session, meeting_id=meeting_id)
        row = repo_sets.get_set(session=session, set_id=meeting.set_id) if meeting else None
        if meeting is None or row is None or row.team_id != team:
            raise DomainError(GONE)
        members = repo_sets.list_members(session=session, set_id=row.id or 0)
        attended = repo_meetings.attendance(session=session, meeting_id=meeting_id)
        if user not in members and attended.get(user) not in PRESENT:
            raise DomainError(f"Only members of *{escape(row.name)}* reflect on its meetings.")
        if final and life_status(row) != SetStatus.CLOSED:
            raise DomainError("The final reflection opens when the set closes.")
        if not final and meeting.phase not in (Phase.REFLECTION, Phase.CLOSED):
            raise DomainError(NOT_YET)
        if not final and meeting.phase == Phase.CLOSED:
            self._late_allowed(meeting, user, attended)
        return row, meeting

    def _late_allowed(self, meeting: Meeting, user: str, attended: dict[str, Any]) -> None:
        """A meeting that ended before its reflection: its attendees, for 24 hours."""
        state = meeting_codec.loads(meeting.state)
        if not state.ended_early:
            return
        if attended.get(user) not in PRESENT:
            raise DomainError(
                "This meeting ended before its reflection; only those who were there write one now."
            )
        ended = state.ended_at or self.deps.clock()
        if self.deps.clock() > ended + REFLECT_LATE:
            raise DomainError(
                f"Reflections on meeting {meeting.number} closed 24 hours after it ended. "
                "The next meeting has its own."
            )

    @use_case
    def form(self, team: str, user: str, value: str, trigger_id: str) -> Done:
        """The reflection modal, prefilled with what this member wrote before."""
        meeting_part, _, kind = value.partition(":")
        if not meeting_part.isdigit():
            raise DomainError(GONE)
        final = kind == "final"
        with self.deps.session() as session:
            row, meeting = self._target(session, team, user, int(meeting_part), final)
            earlier = repo_learning.get_reflection(
                session=session, meeting_id=meeting.id or 0, user_id=user, final=final
            )
            learning = repo_learning.get_learning(
                session=session,
                meeting_id=meeting.id or 0,
                user_id=user,
                source=_source(final).value,
            )
            shared = bool(learning and learning.shareable)
            prefill = views.Prefill()
            if earlier is not None:
                prefill = views.Prefill(
                    answers=reflection.loads(earlier.answers),
                    rating=earlier.rating,
                    share=shared,
                    named=bool(learning and learning.named),
                )
            title = f"{row.name}" + ("" if final else f" · meeting {meeting.number}")
            return Done.only(
                OpenView(trigger_id, views.build(meeting.id or 0, title, final, prefill))
            )

    def submit(self, team: str, user: str, view: dict[str, Any]) -> Done:
        """Save a reflection and its learning point; inline errors by block id otherwise."""
        where = views.metadata(view)
        first_block = f"{ids.REFLECT_ANSWER}0"
        if where is None:
            return Done.invalid({first_block: "This form has expired. Close it and open it again."})
        meeting_id, final = where
        values = view.get("state", {}).get("values", {})
        answers, rating, share, named = views.parse(values, final)
        checked = reflection.validate(answers, rating, share, final, named)
        if isinstance(checked, dict):
            return Done.invalid(views.errors_for(checked))
        now = self.deps.clock()
        try:
            with self.deps.session() as session:
                row, meeting = self._target(session, team, user, meeting_id, final)
                repo_learning.save_reflection(
                    session=session,
                    set_id=row.id or 0,
                    meeting_id=meeting_id,
                    user_id=user,
                    final=final,
                    answers=reflection.dumps(checked.answers),
                    rating=checked.rating,
                    now=now,
                )
                repo_learning.save_learning(
                    session=session,
                    set_id=row.id or 0,
                    meeting_id=meeting_id,
                    user_id=user,
                    source=_source(final).value,
                    text=checked.learning,
                    now=now,
                    shareable=checked.share,
                    named=checked.named,
                )
                what = f"*{escape(row.name)}*" + ("" if final else f", meeting {meeting.number}")
                home = home_for(session, user)
        except DomainError as error:
            return Done.invalid({first_block: str(error)})
        privacy = (
            "Your learning point may be shared beyond the set, with your name."
            if checked.named
            else "Your learning point may be shared beyond the set, without your name."
            if checked.share
            else "Your learning point stays inside the set; you can share it from App Home."
        )
        confirmation = f"🪞 Your reflection on {what} is saved. {privacy}"
        return Done.only(DirectMessage(user, confirmation), home)


def _source(final: bool) -> Source:
    return Source.FINAL if final else Source.REFLECTION
