"""Questions before advice: thread messages in issue rounds, the nudge, stars, Intervene."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlmodel import Session

from bot.blocks import ids
from bot.blocks import reflection as views
from bot.blocks.text import button, clip, escape, mention, section
from bot.flows import meeting_codec, questions
from bot.flows.meeting_state import ISSUE_STEPS, Phase
from bot.services.core import Deps, DomainError, log, post, slack_error
from bot.services.sets import require_facilitator, require_set
from bot.store import repo_jobs, repo_meetings, repo_questions, repo_sets
from bot.store.tables import Contribution, LearningSet, Meeting, Turn

STAR_REACTIONS = frozenset({"star", "star2", "glowing_star", "stars"})
NUDGE = (
    "💡 In the questions step it helps {presenter} most when we ask rather than tell. "
    "Could you turn that into an open question? (Only you see this, and only once this turn.)"
)
NOT_A_TURN = "Only messages in an issue round's thread can be starred into the question bank."


@dataclass(frozen=True)
class Nudge:
    channel: str
    thread_ts: str
    user: str
    text: str


@dataclass(frozen=True)
class Starred:
    """What to tell the person who starred, and whose App Home now shows a new bank."""

    text: str
    set_id: int
    thread_ts: str | None = None  # the turn's thread, where the confirmation belongs


@dataclass(frozen=True)
class Intervention:
    channel: str
    user: str
    text: str
    meeting_id: int
    thread_ts: str | None


class QuestionService:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    @staticmethod
    def _turn(
        session: Session, team: str, channel: str, thread_ts: str
    ) -> tuple[LearningSet, Meeting, Turn] | None:
        """(set, meeting, turn) when `thread_ts` is an issue round's thread in this channel."""
        found = repo_questions.turn_for_thread(session=session, thread_ts=thread_ts)
        if found is None:
            return None
        turn, meeting = found
        row = repo_sets.get_set(session=session, set_id=meeting.set_id)
        if row is None or row.team_id != team or row.channel_id != channel:
            return None
        return row, meeting, turn

    @staticmethod
    def _step(meeting: Meeting, turn: Turn) -> str | None:
        """The issue round's step while `turn` is the one running; None once it is over."""
        state = meeting_codec.loads(meeting.state)
        running = state.phase in ISSUE_STEPS and state.speaker == turn.user_id
        return state.phase.value if running and turn.ended_at is None else None

    @staticmethod
    def _contribution(
        found: tuple[LearningSet, Meeting, Turn],
        ts: str,
        user: str,
        text: str,
        step: str,
        now: datetime,
    ) -> Contribution:
        row, meeting, turn = found
        return Contribution(
            set_id=row.id or 0,
            meeting_id=meeting.id or 0,
            slot=turn.slot,
            channel_id=row.channel_id,
            ts=ts,
            user_id=user,
            presenter_id=turn.user_id,
            step=step,
            text=clip(text, 3000),
            is_question=questions.is_question(text),
            created_at=now,
        )

    def thread_message(
        self, team: str, channel: str, user: str, text: str, ts: str, thread_ts: str
    ) -> Nudge | None:
        """Count a question in an issue round's thread; a statement may earn a nudge."""
        now = self.deps.clock()
        with self.deps.session() as session:
            found = self._turn(session, team, channel, thread_ts)
            if found is None:
                return None
            row, meeting, turn = found
            step = self._step(meeting, turn)
            if user == turn.user_id or step is None:
                return None  # the presenter's own words, or a round already over
            contribution = self._contribution(found, ts, user, text, step, now)
            added = repo_questions.add_contribution(session=session, row=contribution)
            if not added or contribution.is_question or step != Phase.QUESTIONS:
                return None
            if not row.nudge_questions:
                return None
            key = f"nudge:{meeting.id}:{turn.slot}:{user}"
            if not repo_jobs.remember_event(session=session, event_id=key, now=now):
                return None  # once per person per turn
            return Nudge(channel, thread_ts, user, NUDGE.format(presenter=mention(turn.user_id)))

    def nudge(self, client: WebClient, nudge: Nudge) -> None:
        try:
            client.chat_postEphemeral(
                channel=nudge.channel, user=nudge.user, text=nudge.text, thread_ts=nudge.thread_ts
            )
        except SlackApiError as error:
            log.info("could not nudge %s: %s", nudge.user, slack_error(error))

    def star(
        self,
        team: str,
        channel: str,
        ts: str,
        user: str,
        starred: bool = True,
        message: dict[str, Any] | None = None,
    ) -> Starred:
        """Star (or unstar) a message of a turn's thread into the set's question bank."""
        now = self.deps.clock()
        with self.deps.session() as session:
            found = repo_questions.get_contribution(session=session, channel_id=channel, ts=ts)
            if found is None and message is not None:
                found = self._adopt(session, team, channel, ts, message)
            if found is None:
                raise DomainError(NOT_A_TURN)
            row = repo_sets.get_set(session=session, set_id=found.set_id)
            members = repo_sets.list_members(session=session, set_id=found.set_id)
            if row is None or row.team_id != team:
                raise DomainError(NOT_A_TURN)
            if user not in members and user != row.facilitator_id:
                raise DomainError(f"Only members of *{escape(row.name)}* can star its questions.")
            set_id = row.id or 0
            thread = repo_questions.thread_of(session=session, contribution=found)
            if not starred:
                if found.starred_by is not None:
                    repo_questions.star(session=session, contribution=found, user_id=None, now=now)
                return Starred("Taken out of the question bank.", set_id, thread)
            if found.starred_by is None:
                repo_questions.star(session=session, contribution=found, user_id=user, now=now)
                return Starred(f"⭐ Added to *{escape(row.name)}*'s question bank.", set_id, thread)
            return Starred(
                f"That question is already in *{escape(row.name)}*'s question bank.", set_id, thread
            )

    def _adopt(
        self, session: Session, team: str, channel: str, ts: str, message: dict[str, Any]
    ) -> Contribution | None:
        """A thread message the bot never saw (sent before it joined, say): keep it now."""
        thread_ts = message.get("thread_ts")
        author = message.get("user")
        if not thread_ts or thread_ts == ts or not author:
            return None
        found = self._turn(session, team, channel, str(thread_ts))
        if found is None:
            return None
        text = str(message.get("text") or "")
        contribution = self._contribution(found, ts, author, text, "starred", self.deps.clock())
        repo_questions.add_contribution(session=session, row=contribution)
        return repo_questions.get_contribution(session=session, channel_id=channel, ts=ts)

    def set_nudge(self, team: str, channel: str, user: str, on: bool) -> str:
        with self.deps.session() as session:
            row = require_set(session, team, channel)
            require_facilitator(row, user, "switch question nudges")
            return self._switch(session, row, on)

    def set_nudge_by_id(self, team: str, user: str, set_id: int, on: bool) -> str:
        with self.deps.session() as session:
            row = repo_sets.get_set(session=session, set_id=set_id)
            if row is None or row.team_id != team or row.status != "active":
                raise DomainError("That set is closed or no longer exists.")
            require_facilitator(row, user, "switch question nudges")
            return self._switch(session, row, on)

    @staticmethod
    def _switch(session: Session, row: LearningSet, on: bool) -> str:
        row.nudge_questions = on
        session.add(row)
        if on:
            return (
                f"Question nudges are on for *{escape(row.name)}*: a statement in a questions "
                "step gets a gentle private nudge, once per person per turn."
            )
        return f"Question nudges are off for *{escape(row.name)}*."

    # ---- Intervene ----

    def intervene_form(self, team: str, user: str, value: str) -> dict[str, Any]:
        """The coach's modal; DomainError when the meeting isn't running or they can't drive."""
        if not value.split(":")[0].isdigit():
            raise DomainError("That button belongs to a meeting that has ended.")
        meeting_id = int(value.split(":")[0])
        with self.deps.session() as session:
            row, _, state = self._running(session, team, meeting_id)
            if not state.may_drive(user):
                raise DomainError(
                    f"Only the facilitator, {mention(state.facilitator)}, can intervene."
                )
            return views.intervene(meeting_id, row.name, was_paused=state.paused)

    def _running(self, session: Session, team: str, meeting_id: int) -> tuple[Any, Any, Any]:
        meeting = repo_meetings.get_meeting(session=session, meeting_id=meeting_id)
        row = repo_sets.get_set(session=session, set_id=meeting.set_id) if meeting else None
        if meeting is None or row is None or row.team_id != team:
            raise DomainError("That button belongs to a meeting that has ended.")
        state = meeting_codec.loads(meeting.state)
        if not state.live:
            raise DomainError("That meeting has ended.")
        return row, meeting, state

    def intervention(self, team: str, user: str, view: dict[str, Any]) -> Intervention:
        """The question to post; DomainError (shown in the form) if it can't be."""
        meeting_id, _ = views.intervene_metadata(view)
        text = views.intervene_text(view.get("state", {}).get("values", {}))
        if not text:
            raise DomainError("Write the question you want to ask the set.")
        with self.deps.session() as session:
            row, _, state = self._running(session, team, meeting_id)
            if not state.may_drive(user):
                raise DomainError(
                    f"Only the facilitator, {mention(state.facilitator)}, can intervene."
                )
            thread = None
            if state.speaker:
                thread = repo_meetings.current_thread(
                    session=session, meeting_id=meeting_id, user_id=state.speaker
                )
            return Intervention(row.channel_id, user, text, meeting_id, thread)

    def post_intervention(self, client: WebClient, item: Intervention) -> None:
        blocks = [
            section(
                f"✋ *{mention(item.user)} asks the whole set:*\n{escape(clip(item.text, 2800))}"
            ),
            {
                "type": "actions",
                "block_id": "intervention",
                "elements": [button("Resume the meeting", ids.RESUME, str(item.meeting_id))],
            },
        ]
        post(client, item.channel, f"A question for the whole set: {clip(item.text, 200)}", blocks)
