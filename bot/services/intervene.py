"""Intervene: the coach pauses the turn's clock and asks the whole set a question, in the
current turn's thread (or the control message's); the question loses its Resume button
once the meeting runs again (see meeting_render.intervention_answered)."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from bot.blocks import ids
from bot.blocks import reflection as views
from bot.blocks.text import button, clip, escape, mention, section
from bot.flows.meeting_state import EventType, MeetingState
from bot.services import meetings
from bot.services.core import Deps, DomainError, use_case
from bot.services.questions import ENDED, NOT_POSTED, PAUSED_WITHOUT_FORM, running_meeting
from bot.services.result import Done, Intervention, OpenView, Post
from bot.store import repo_meetings, repo_turns


def _thread_now(session: Session, meeting_id: int, state: MeetingState) -> str | None:
    """The thread a question to the set goes in: the turn's, else the control message's."""
    if state.speaker:
        thread = repo_turns.current_thread(
            session=session, meeting_id=meeting_id, user_id=state.speaker
        )
        if thread:
            return thread
    meeting = repo_meetings.get_meeting(session=session, meeting_id=meeting_id)
    return meeting.control_ts if meeting else None


class InterveneService:
    """Intervene: the coach pauses the turn's clock and asks the whole set a question."""

    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    @use_case
    def open(self, team: str, user: str, channel: str, value: str, trigger_id: str) -> Done:
        """The coach's modal, and the clock paused (unless it already was)."""
        meeting_id = value.split(":")[0]
        if not meeting_id.isdigit():
            raise DomainError(ENDED)
        with self.deps.session() as session:
            row, state = running_meeting(session, team, int(meeting_id))
            if not state.may_drive(user):
                raise DomainError(
                    f"Only the facilitator, {mention(state.facilitator)}, can intervene."
                )
            view = views.intervene(int(meeting_id), row.name, was_paused=state.paused)
            if state.paused:
                return Done.only(OpenView(trigger_id, view))
            request = meetings.Request(
                team, user, EventType.PAUSE, channel=channel, meeting_id=int(meeting_id)
            )
            paused = meetings.transition(session, request, self.deps.clock())
        return Done.only(OpenView(trigger_id, view, if_failed=PAUSED_WITHOUT_FORM), *paused)

    def submit(self, team: str, user: str, view: dict[str, Any]) -> Done:
        """The question posted to the whole set; an inline error if it can't be."""
        meeting_id, _ = views.intervene_metadata(view)
        text = views.intervene_text(view.get("state", {}).get("values", {}))
        if not text:
            return Done.invalid({ids.INTERVENE_TEXT: "Write the question you want to ask the set."})
        try:
            with self.deps.session() as session:
                row, state = running_meeting(session, team, meeting_id)
                if not state.may_drive(user):
                    raise DomainError(
                        f"Only the facilitator, {mention(state.facilitator)}, can intervene."
                    )
                thread = _thread_now(session, meeting_id, state)
        except DomainError as error:
            return Done.invalid({ids.INTERVENE_TEXT: str(error)})
        asked = f"✋ *{mention(user)} asks the whole set:*\n{escape(clip(text, 2800))}"
        blocks = [section(asked)]
        if state.paused:  # resumed meanwhile (someone pressed Resume): no button to offer
            resume = button("Resume the meeting", ids.RESUME, str(meeting_id))
            blocks.append({"type": "actions", "block_id": "intervention", "elements": [resume]})
        question = f"A question for the whole set: {escape(clip(text, 200))}"
        # In the current turn's thread (or the control message's): the channel stays quiet.
        post = Post(
            row.channel_id,
            question,
            blocks,
            thread_ts=thread,
            keep=Intervention(meeting_id, asked) if state.paused else None,
            if_failed=NOT_POSTED,
        )
        return Done.only(post)

    @use_case
    def cancelled(self, team: str, user: str, view: dict[str, Any]) -> Done:
        """The modal closed without asking: the meeting resumes, unless it was paused
        before the coach stepped in (or has resumed or ended meanwhile)."""
        meeting_id, was_paused = views.intervene_metadata(view)
        if was_paused or not meeting_id:
            return Done()
        request = meetings.Request(team, user, EventType.RESUME, meeting_id=meeting_id)
        try:
            with self.deps.session() as session:
                return Done.only(*meetings.transition(session, request, self.deps.clock()))
        except DomainError:
            return Done()
