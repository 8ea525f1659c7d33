"""Questions before advice: thread messages in issue rounds, the nudge, stars, Intervene."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session

from bot.blocks.text import clip, escape, mention
from bot.flows import meeting_codec, questions
from bot.flows.meeting_state import ISSUE_STEPS, MeetingState, Phase
from bot.flows.set_life import SetStatus
from bot.services import home_refresh
from bot.services.core import Deps, DomainError, use_case
from bot.services.guards import life_status, require_facilitator, require_set, set_people
from bot.services.result import Done, Ephemeral, Respond
from bot.store import repo_jobs, repo_meetings, repo_questions, repo_sets
from bot.store.tables import Contribution, LearningSet, Meeting, Turn

STAR_REACTIONS = frozenset({"star", "star2", "glowing_star", "stars"})
NUDGE = (
    "💡 In the questions step it helps {presenter} most when we ask rather than tell. "
    "Could you turn that into an open question? (Only you see this, and only once this turn.)"
)
NOT_A_TURN = "Only messages in an issue round's thread can be starred into the question bank."


NOT_POSTED = "Slack wouldn't let me post your question in the channel just now. Please try again."
ENDED = "That button belongs to a meeting that has ended."
PAUSED_WITHOUT_FORM = (
    "Slack couldn't open the Intervene form just now, so the meeting is paused: press "
    "Intervene again to ask your question, or Resume to carry on."
)


def switch_nudges(session: Session, row: LearningSet, user: str, on: bool) -> str:
    """Switch the questions-before-advice nudge of a set; what to tell the facilitator."""
    if life_status(row) == SetStatus.CLOSED:
        raise DomainError("That set is closed or no longer exists.")
    require_facilitator(row, user, "switch question nudges")
    row.nudge_questions = on
    session.add(row)
    if on:
        return (
            f"Question nudges are on for *{escape(row.name)}*: a statement in a questions "
            "step gets a gentle private nudge, once per person per turn."
        )
    return f"Question nudges are off for *{escape(row.name)}*."


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

    @use_case
    def thread_message(
        self, team: str, channel: str, user: str, text: str, ts: str, thread_ts: str
    ) -> Done:
        """Count a question in an issue round's thread; a statement may earn a nudge."""
        now = self.deps.clock()
        with self.deps.session() as session:
            found = self._turn(session, team, channel, thread_ts)
            if found is None:
                return Done()
            row, meeting, turn = found
            step = self._step(meeting, turn)
            if user == turn.user_id or step is None:
                return Done()  # the presenter's own words, or a round already over
            contribution = self._contribution(found, ts, user, text, step, now)
            added = repo_questions.add_contribution(session=session, row=contribution)
            if not added or contribution.is_question or step != Phase.QUESTIONS:
                return Done()
            if not row.nudge_questions:
                return Done()
            key = f"nudge:{meeting.id}:{turn.slot}:{user}"
            if not repo_jobs.remember_event(session=session, event_id=key, now=now):
                return Done()  # once per person per turn
            text = NUDGE.format(presenter=mention(turn.user_id))
            return Done.only(Ephemeral(channel, user, text, thread_ts, dm_if_refused=False))

    def star(
        self,
        team: str,
        channel: str,
        ts: str,
        user: str,
        starred: bool = True,
        message: dict[str, Any] | None = None,
        response_url: str | None = None,
    ) -> Done:
        """Star (or unstar) a message of a turn's thread into the set's question bank.

        By reaction, the confirmation is an ephemeral in the turn's thread and a star
        somewhere else is ignored; by the message shortcut, both go to its response_url.
        Everyone's Home shows the bank, so their Homes are refreshed as due work.
        """
        now = self.deps.clock()

        def answer(text: str, thread: str | None = None) -> Done:
            if response_url:
                return Done.only(Respond(response_url, text))
            return Done.only(Ephemeral(channel, user, text, thread)) if starred else Done()

        try:
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
                    raise DomainError(
                        f"Only members of *{escape(row.name)}* can star its questions."
                    )
                thread = repo_questions.thread_of(session=session, contribution=found)
                home_refresh.refresh_later(session, team, set_people(row, members), now)
                if not starred:
                    if found.starred_by is not None:
                        repo_questions.star(
                            session=session, contribution=found, user_id=None, now=now
                        )
                    return answer("Taken out of the question bank.", thread)
                if found.starred_by is None:
                    repo_questions.star(session=session, contribution=found, user_id=user, now=now)
                    return answer(f"⭐ Added to *{escape(row.name)}*'s question bank.", thread)
                return answer(
                    f"That question is already in *{escape(row.name)}*'s question bank.", thread
                )
        except DomainError as error:
            return answer(str(error)) if response_url else Done()

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

    @use_case
    def set_nudge(self, team: str, channel: str, user: str, on: bool) -> Done:
        with self.deps.session() as session:
            row = require_set(session, team, channel)
            return Done.say(switch_nudges(session, row, user, on))


def running_meeting(
    session: Session, team: str, meeting_id: int
) -> tuple[LearningSet, MeetingState]:
    """The live meeting a button names: its set and state; DomainError once it is over."""
    meeting = repo_meetings.get_meeting(session=session, meeting_id=meeting_id)
    row = repo_sets.get_set(session=session, set_id=meeting.set_id) if meeting else None
    if meeting is None or row is None or row.team_id != team:
        raise DomainError(ENDED)
    state = meeting_codec.loads(meeting.state)
    if not state.live:
        raise DomainError("That meeting has ended.")
    return row, state
