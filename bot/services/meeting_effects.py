"""The Slack side of a saved meeting transition: posts, threads, the control message."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.blocks import meeting as views
from bot.blocks import reflection as reflection_views
from bot.blocks import report as report_views
from bot.blocks.action_form import ActionDraft
from bot.blocks.text import clip, escape, section, slack_date
from bot.flows import meeting_codec, reflection, report_back
from bot.flows.meeting_state import (
    MeetingClosed,
    MeetingStarted,
    MeetingState,
    SlotKind,
    SlotStarted,
    StepChanged,
)
from bot.services import prompts
from bot.services.core import Deps, DomainError, ephemeral, log, post, update
from bot.services.meetings import Applied, meeting_info
from bot.services.set_summary import brief_facilitator, post_set_summary
from bot.store import repo_learning, repo_meetings, repo_questions, repo_reports, repo_sets
from bot.store.tables import Action


def action_lines(actions: list[Action], next_meeting_label: str) -> list[views.ActionLine]:
    def due(day: date | None) -> str:
        return day.strftime("%a %d %b %Y") if day else next_meeting_label

    return [
        views.ActionLine(
            owner=a.owner_id, text=a.text, expectation=a.expectation, due=due(a.due_date)
        )
        for a in actions
    ]


class EffectRunner:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps
        self.after_close: Callable[[WebClient, Applied], None] | None = None

    def perform(self, client: WebClient, applied: Applied) -> None:
        """Show a saved transition in Slack. Failures are logged: the database already moved."""
        try:
            self._perform(client, applied)
        except (SlackApiError, DomainError) as error:
            log.warning("meeting %s: Slack effects incomplete: %s", applied.info.meeting_id, error)
            ephemeral(client, applied.channel, applied.actor, self._incomplete(applied, error))

    @staticmethod
    def _incomplete(applied: Applied, error: Exception) -> str:
        """What to tell the person whose change was saved but not fully shown in Slack."""
        if isinstance(error, DomainError):
            return str(error)
        if any(isinstance(e, MeetingStarted) for e in applied.effects):
            return (
                "The meeting has started, but Slack wouldn't let me post it in the channel. "
                "Run `/set start` again to post the control message."
            )
        return (
            "That was saved, but Slack wouldn't let me update the channel. The control "
            "message catches up with the next change."
        )

    def _perform(self, client: WebClient, applied: Applied) -> None:
        info, state, channel = applied.info, applied.state, applied.channel
        control_ts = applied.control_ts
        for effect in applied.effects:
            if isinstance(effect, MeetingStarted):
                post(client, channel, views.started(info, state, applied.ground_rules))
                control_ts = post(
                    client,
                    channel,
                    views.control_text(info, state),
                    views.control(info, state, self.deps.clock()),
                )
                with self.deps.session() as session:
                    repo_meetings.set_control(
                        session=session,
                        meeting_id=info.meeting_id,
                        channel=channel,
                        ts=control_ts,
                    )
            elif isinstance(effect, SlotStarted) and effect.user:
                open_actions = self._open_actions(info.meeting_id, effect.user, effect.kind)
                blocks = views.turn_root(state, effect.user, open_actions)
                kind = "Report back" if effect.kind == SlotKind.REPORT_BACK else "Issue round"
                ts = post(client, channel, f"{kind}: <@{effect.user}>", blocks)
                with self.deps.session() as session:
                    repo_meetings.set_thread(
                        session=session,
                        meeting_id=info.meeting_id,
                        slot=effect.slot,
                        thread_ts=ts,
                    )
                if effect.kind == SlotKind.REPORT_BACK:
                    self._show_report(client, channel, ts, info.meeting_id, effect.user)
            elif isinstance(effect, SlotStarted) and effect.kind == SlotKind.REFLECTION:
                post(client, channel, "Reflection", views.reflection(info.meeting_id))
            elif isinstance(effect, StepChanged):
                with self.deps.session() as session:
                    thread = repo_meetings.current_thread(
                        session=session, meeting_id=info.meeting_id, user_id=effect.user
                    )
                text = views.STEP_PROMPTS[effect.phase].format(who=f"<@{effect.user}>")
                post(
                    client,
                    channel,
                    text,
                    views.step(info.meeting_id, effect.user, effect.phase),
                    thread_ts=thread,
                )
            elif isinstance(effect, MeetingClosed):
                self._post_summary(client, applied)
        if control_ts:
            show_control(client, channel, control_ts, info, state, self.deps.clock())
        if self.after_close and any(isinstance(e, MeetingClosed) for e in applied.effects):
            self.after_close(client, applied)

    def action_recorded(
        self, client: WebClient, applied: Applied, owner: str, draft: ActionDraft
    ) -> None:
        """Confirm a recorded action in the presenter's thread."""
        with self.deps.session() as session:
            thread = repo_meetings.current_thread(
                session=session, meeting_id=applied.info.meeting_id, user_id=owner
            )
        due = draft.due_date.strftime("%a %d %b %Y") if draft.due_date else "the next meeting"
        text = (
            f"📝 Action for <@{owner}>, by {due}: {escape(clip(draft.text, 1500))}\n"
            f"_Expects: {escape(clip(draft.expectation, 1000))}_"
        )
        try:
            post(client, applied.channel, text, thread_ts=thread)
        except (SlackApiError, DomainError) as error:
            log.warning("could not confirm action in %s: %s", applied.channel, error)

    def _show_report(
        self, client: WebClient, channel: str, thread: str, meeting_id: int, user: str
    ) -> None:
        """The member's report-back, in their turn's thread (or that none came in)."""
        with self.deps.session() as session:
            row = repo_reports.get_report(session=session, meeting_id=meeting_id, user_id=user)
            meeting = repo_meetings.get_meeting(session=session, meeting_id=meeting_id)
            set_id = meeting.set_id if meeting else 0
            if row is None or not row.complete:
                report = None
            else:
                report = report_back.loads(row.data)
                actions = prompts.actions_of_report(session, set_id, user, meeting_id, report)
        if report is None:
            post(client, channel, f"<@{user}> hasn't sent a written report-back.", thread_ts=thread)
            return
        blocks = [section(f"📝 *<@{user}>'s report-back*"), *report_views.shown(report, actions)]
        post(client, channel, f"<@{user}>'s report-back", blocks, thread_ts=thread)

    def refresh(self, client: WebClient, meeting_id: int) -> None:
        """Re-render a live meeting's control message (a report came in, say)."""
        with self.deps.session() as session:
            meeting = repo_meetings.get_meeting(session=session, meeting_id=meeting_id)
            row = repo_sets.get_set(session=session, set_id=meeting.set_id) if meeting else None
            if meeting is None or row is None or not meeting.control_ts:
                return
            state = meeting_codec.loads(meeting.state)
            info = meeting_info(session, row, meeting, meeting.version)
            ts = meeting.control_ts
        show_control(client, row.channel_id, ts, info, state, self.deps.clock())

    def _open_actions(self, meeting_id: int, user: str, kind: SlotKind) -> list[views.ActionLine]:
        if kind != SlotKind.REPORT_BACK:
            return []
        with self.deps.session() as session:
            meeting = repo_meetings.get_meeting(session=session, meeting_id=meeting_id)
            actions = repo_meetings.open_actions(
                session=session, set_id=meeting.set_id if meeting else 0, owner_id=user
            )
            earlier = [a for a in actions if a.meeting_id != meeting_id]
        return action_lines(earlier, "this meeting")

    def _post_summary(self, client: WebClient, applied: Applied) -> None:
        meeting_id = applied.info.meeting_id
        with self.deps.session() as session:
            actions = repo_meetings.meeting_actions(session=session, meeting_id=meeting_id)
            asked = repo_questions.question_counts(session=session, meeting_id=meeting_id)
            reflected = repo_learning.reflections_for(session=session, meeting_id=meeting_id)
        label = "the next meeting"
        if applied.next_meeting:
            label = f"the next meeting ({slack_date(applied.next_meeting, '{date_short}')})"
        attendees = applied.state.attended()
        questions = [(u, asked.get(u, 0)) for u in attendees]
        questions += [(u, n) for u, n in asked.items() if u not in attendees]
        shared = [
            reflection_views.Shared(r.user_id, reflection.loads(r.answers)) for r in reflected
        ]
        ratings = [r.rating for r in reflected if r.rating]
        extras = views.SummaryExtras(
            questions=sorted(questions, key=lambda q: -q[1]),
            reflections=reflection_views.summary_blocks(shared, ratings),
            next_facilitator=applied.next_facilitator,
            last=applied.set_closed,
        )
        blocks = views.summary(
            applied.info, applied.state, action_lines(actions, label), applied.next_meeting, extras
        )
        post(client, applied.channel, f"Summary of {applied.info.title}", blocks)
        if applied.next_facilitator and applied.next_meeting:
            brief_facilitator(
                client, applied.next_facilitator, applied.info.set_name, applied.next_meeting
            )
        if applied.set_closed:
            post_set_summary(self.deps, client, applied.set_id)


def show_control(
    client: WebClient,
    channel: str,
    ts: str,
    info: views.MeetingInfo,
    state: MeetingState,
    now: datetime,
) -> None:
    """Re-render the live control message in place."""
    update(client, channel, ts, views.control_text(info, state), views.control(info, state, now))
