"""A report-back that is in (from the DM conversation or the form): the outcomes it gives
go onto the actions, the one message showing it in the member's DM is posted or updated in
place, the running meeting's count and the facilitator's brief follow, and so does Home."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlmodel import Session

from bot.blocks import report as views
from bot.blocks.text import section
from bot.flows import report_back
from bot.flows.actions import ActionEvent, ActionEventType, ActionStatus
from bot.flows.reflection import Source
from bot.flows.report_back import Window
from bot.services.actions import apply_change
from bot.services.brief import brief_update
from bot.services.home_model import home_for
from bot.services.lookups import actions_of_report
from bot.services.meeting_render import live_control
from bot.services.result import DirectMessage, Effect, ReportShown, Update
from bot.store import repo_actions, repo_learning
from bot.store.tables import LearningSet, Meeting, Report

UPDATED = "Your report-back, updated:"


def keep_learning(
    session: Session, meeting: Meeting, user: str, report: report_back.Report, now: datetime
) -> None:
    """The report's "What did you learn?" joins the member's learning log (private until
    they share it)."""
    repo_learning.save_learning(
        session=session,
        set_id=meeting.set_id,
        meeting_id=meeting.id or 0,
        user_id=user,
        source=Source.REPORT.value,
        text=report.answers[report_back.LEARNED],
        now=now,
    )


def settle(
    session: Session, meeting: Meeting, user: str, report: report_back.Report, now: datetime
) -> report_back.Report:
    """Tell the actions what the report says became of them, as soon as it says it (a
    button in the conversation, a saved form), and only what changed since this report
    last told them: a Done or Drop made in App Home since stays, an edit of the report
    that changes an outcome wins. The report comes back knowing what it has told."""
    pending = report.to_apply()
    if not pending:
        return report
    told = dict(report.applied)
    for action in repo_actions.actions_by_ids(session=session, ids=list(pending)):
        if action.owner_id != user or action.id is None:
            continue
        outcome, said = pending[action.id]
        event = ActionEvent(
            ActionEventType.REPORT,
            now,
            status=ActionStatus(outcome.value),
            text=said,
            meeting=meeting.id,
        )
        apply_change(session, action, event, user, now)
        told[action.id] = (outcome.value, said)  # refused (finished for good): not retried
    return replace(report, applied=told)


def report_in(
    session: Session,
    row: LearningSet,
    meeting: Meeting,
    stored: Report,
    report: report_back.Report,
    window: Window,
    now: datetime,
) -> list[Effect]:
    """Everything a report that is in changes, as effects for the outbox."""
    user = stored.user_id
    keep_learning(session, meeting, user, report, now)
    actions = actions_of_report(session, row.id or 0, user, meeting.id or 0, report)
    editable = meeting.id if window == Window.OPEN else None
    first = not stored.shown_ts
    said = report_back.IS_IN if first else UPDATED
    blocks = [section(said), *views.shown(report, actions, editable)]
    effects: list[Effect] = []
    if stored.shown_ts and stored.dm_channel:
        effects.append(Update(stored.dm_channel, said, blocks, ts=stored.shown_ts))
    else:
        effects.append(
            DirectMessage(
                user,
                said,
                blocks,
                channel=stored.dm_channel,
                keep=ReportShown(meeting.id or 0, user),
            )
        )
    if window == Window.LIVE:
        effects += live_control(session, row, meeting, now)
    effects += brief_update(session, row, meeting)
    effects.append(home_for(session, user))
    return effects
