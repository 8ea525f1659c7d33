"""A saved meeting transition as Slack effects: the posts, thread replies and the control
message it shows, read and rendered inside the use case's transaction."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from bot.blocks import meeting as views
from bot.blocks import report as report_views
from bot.blocks.text import context, section, slack_day
from bot.flows import meeting_codec, report_back
from bot.flows.meeting_state import (
    Effect,
    MeetingStarted,
    MeetingState,
    SlotKind,
    SlotStarted,
    StepChanged,
)
from bot.services import lookups, prompt_close
from bot.services import result as fx
from bot.store import repo_actions, repo_meetings, repo_sets, repo_turns
from bot.store.tables import Action, LearningSet, Meeting, Report

CONTROL = "control"  # the key of a control message posted in this result
INTRO = "intro"  # the key of the meeting's opening message (ground rules, how to check in)
NOT_SHOWN = (
    "That was saved, but Slack wouldn't let me update the channel. The control message "
    "catches up with the next change."
)
START_NOT_SHOWN = (
    "The meeting has started, but Slack wouldn't let me post it in the channel. Run "
    "`/set start` again to post the control message."
)


@dataclass(frozen=True)
class Scene:
    """One meeting as its messages show it: rows already read in this transaction."""

    row: LearningSet
    meeting: Meeting
    info: views.MeetingInfo
    state: MeetingState
    now: datetime
    reports: Mapping[str, Report] = field(default_factory=dict)  # the meeting's, by member

    @property
    def channel(self) -> str:
        return self.row.channel_id


def action_lines(actions: list[Action], next_meeting_label: str) -> list[views.ActionLine]:
    def due(day: date | None) -> str:
        return slack_day(day) if day else next_meeting_label

    return [
        views.ActionLine(
            owner=a.owner_id, text=a.text, expectation=a.expectation, due=due(a.due_date)
        )
        for a in actions
    ]


def control_update(scene: Scene) -> fx.Update | None:
    """The control message re-rendered in place, if it was posted."""
    ts = scene.meeting.control_ts
    if not ts:
        return None
    return fx.Update(
        scene.channel,
        views.control_text(scene.info, scene.state),
        views.control(scene.info, scene.state, scene.now),
        ts=ts,
    )


def render(session: Session, scene: Scene, effects: tuple[Effect, ...]) -> list[fx.Effect]:
    """Posts for each flow effect, in order (the control message is `control`'s)."""
    started = any(isinstance(e, MeetingStarted) for e in effects)
    failed = START_NOT_SHOWN if started else NOT_SHOWN
    out: list[fx.Effect] = []
    opened: dict[str, str] = {}  # speaker → key of the turn root posted in this result
    for effect in effects:
        if isinstance(effect, MeetingStarted):
            text = views.started(scene.info, scene.state, scene.row.ground_rules)
            blocks = views.started_blocks(scene.info, scene.row.ground_rules)
            out.append(fx.Post(scene.channel, text, blocks, key=INTRO, if_failed=failed))
            out.append(
                fx.Post(
                    scene.channel,
                    views.control_text(scene.info, scene.state),
                    views.control(scene.info, scene.state, scene.now),
                    key=CONTROL,
                    # Without the intro, no control message either: `/set start` shows both.
                    after=INTRO,
                    keep=fx.ControlMessage(scene.meeting.id or 0, scene.channel),
                    if_failed=failed,
                )
            )
            out += prompt_close.on_start(session, scene.row, scene.meeting)
        elif isinstance(effect, SlotStarted) and effect.user and not effect.again:
            # A turn reached again (Back) is in its thread already; the reflection shows
            # on the control message.
            key = f"slot:{effect.slot}"
            opened[effect.user] = key
            out += _turn(session, scene, effect, key, failed)
        elif isinstance(effect, StepChanged):
            under = opened.get(effect.user)
            thread = None
            if under is None:
                thread = repo_turns.current_thread(
                    session=session, meeting_id=scene.info.meeting_id, user_id=effect.user
                )
            text = views.STEP_PROMPTS[effect.phase].format(who=f"<@{effect.user}>")
            blocks = views.step(scene.info.meeting_id, effect.user, effect.phase)
            out.append(
                fx.Post(
                    scene.channel, text, blocks, thread_ts=thread, under=under, if_failed=failed
                )
            )
    return out


def control(scene: Scene) -> list[fx.Effect]:
    """The control message updated in place, once it has been posted (a control message
    posted in this result already shows the state after the change)."""
    update = control_update(scene)
    return [update] if update is not None else []


def live_control(
    session: Session, row: LearningSet, meeting: Meeting, now: datetime
) -> list[fx.Effect]:
    """A running meeting's control message re-rendered (a report came in, say)."""
    if not meeting.control_ts:
        return []
    members = repo_sets.list_members(session=session, set_id=row.id or 0)
    reports = lookups.reports_of(session, meeting.id or 0)
    info = lookups.meeting_info(
        row, meeting, meeting.version, members, lookups.reported_members(reports)
    )
    state = meeting_codec.loads(meeting.state)
    return control(Scene(row, meeting, info, state, now, reports))


def _turn(
    session: Session, scene: Scene, effect: SlotStarted, key: str, failed: str
) -> list[fx.Effect]:
    """A member's turn: its root (the turn's thread), and their report-back in it."""
    user = effect.user or ""
    meeting_id = scene.info.meeting_id
    lines: list[views.ActionLine] = []
    if effect.kind == SlotKind.REPORT_BACK:
        actions = repo_actions.open_actions(
            session=session, set_id=scene.row.id or 0, owner_id=user
        )
        listed = [a for a in actions if a.meeting_id != meeting_id]
        said = scene.reports.get(user)
        told = report_back.loads(said.data).outcomes if said else {}
        known = {a.id for a in listed}
        listed += [  # finished by the report itself: still what the member reports on
            a
            for a in repo_actions.actions_by_ids(
                session=session, ids=[i for i in told if i not in known]
            )
            if a.owner_id == user
        ]
        lines = action_lines(listed, "this meeting")
    if effect.kind != SlotKind.REPORT_BACK:
        root = fx.Post(
            scene.channel,
            f"Issue round: <@{user}>",
            views.turn_root(scene.state, user),
            key=key,
            keep=fx.TurnThread(meeting_id, effect.slot),
            if_failed=failed,
        )
        return [root]
    # The report-back round is one thread: its root comes with the first report, and each
    # member's turn (their actions, then their report) is one reply in it.
    thread = repo_turns.round_thread(session=session, meeting_id=meeting_id)
    pending = thread is None and repo_turns.round_begun(
        session=session, meeting_id=meeting_id, before_slot=effect.slot
    )
    out: list[fx.Effect] = []
    if thread is None and not pending:
        out.append(
            fx.Post(
                scene.channel,
                "Report-back round",
                views.round_root(scene.state),
                key=key,
                keep=fx.TurnThread(meeting_id, effect.slot),
                if_failed=failed,
                opens_round=meeting_id,
            )
        )
    turn = views.turn_root(scene.state, user, lines)
    shown = _report_shown(session, scene, user)
    under = key if thread is None and not pending else None
    out.append(
        fx.Post(
            scene.channel,
            f"Report back: <@{user}>",
            [*turn, *shown][: views.MAX_MESSAGE_BLOCKS],
            thread_ts=thread,
            under=under,
            if_failed=failed,
            in_round=meeting_id if pending else None,
        )
    )
    return out


def _report_shown(session: Session, scene: Scene, user: str) -> list[dict[str, Any]]:
    """The member's report-back, shown in their reply (or that none came in)."""
    meeting_id = scene.info.meeting_id
    row = scene.reports.get(user)
    if row is None or not row.complete:
        return [context(f"<@{user}> hasn't sent a written report-back.")]
    report = report_back.loads(row.data)
    actions = lookups.actions_of_report(session, scene.row.id or 0, user, meeting_id, report)
    return [section(f"📝 *<@{user}>'s report-back*"), *report_views.shown(report, actions)]


def intervention_answered(session: Session, row: LearningSet, meeting: Meeting) -> fx.Update:
    """The meeting runs again: the Intervene question keeps its words, not its button."""
    ts = meeting.intervention_ts or ""
    asked = meeting.intervention_text or ""
    repo_meetings.set_intervention(session=session, meeting_id=meeting.id or 0, ts=None, text=None)
    blocks = [section(asked), context("The meeting has resumed.")]
    return fx.Update(row.channel_id, "A question for the whole set", blocks, ts=ts)
