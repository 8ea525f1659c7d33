"""Reads several use cases share: a member's open actions, who has reported, what a
meeting's messages show besides its state."""

from __future__ import annotations

from sqlmodel import Session

from bot.blocks import report as views
from bot.blocks.meeting import MeetingInfo
from bot.flows import report_back
from bot.store import repo_actions, repo_reports
from bot.store.tables import Action, LearningSet, Meeting, Report


def open_actions_of(
    session: Session, set_id: int, user: str, meeting_id: int
) -> list[views.OpenAction]:
    """The member's open actions from earlier meetings (what this report-back is about)."""
    listed = repo_actions.open_actions(session=session, set_id=set_id, owner_id=user)
    return open_actions_from(listed, meeting_id)


def open_actions_from(listed: list[Action], meeting_id: int) -> list[views.OpenAction]:
    """`open_actions_of`, from the member's listed actions already read."""
    return [
        views.OpenAction(
            id=a.id or 0,
            text=a.text,
            expectation=a.expectation,
            note=a.note,
            # carried forward from an earlier report (not from the one being written)
            carried=a.status if a.status != "open" and a.reported_meeting_id != meeting_id else "",
        )
        for a in listed
        if a.meeting_id != meeting_id
    ]


def actions_of_report(
    session: Session, set_id: int, user: str, meeting_id: int, report: report_back.Report
) -> list[views.OpenAction]:
    """The actions a report speaks of: still open, or given an outcome in it."""
    listed = open_actions_of(session, set_id, user, meeting_id)
    known = {a.id for a in listed}
    for action in repo_actions.actions_by_ids(
        session=session, ids=[i for i in report.outcomes if i not in known]
    ):
        if action.owner_id == user:
            listed.append(
                views.OpenAction(action.id or 0, action.text, action.expectation, action.note)
            )
    return listed


def reports_of(session: Session, meeting_id: int) -> dict[str, Report]:
    """Every report-back row of a meeting, by member (complete or still being written)."""
    return {r.user_id: r for r in repo_reports.reports_for(session=session, meeting_id=meeting_id)}


def reported_members(reports: dict[str, Report]) -> tuple[str, ...]:
    """Members whose report-back is in."""
    return tuple(user for user, r in reports.items() if r.complete)


def meeting_info(
    row: LearningSet,
    meeting: Meeting,
    version: int,
    members: list[str] | tuple[str, ...],
    reported: tuple[str, ...],
) -> MeetingInfo:
    """What the meeting's messages show besides its state (from rows already read)."""
    return MeetingInfo(
        meeting_id=meeting.id or 0,
        version=version,
        set_name=row.name,
        number=meeting.number,
        count=row.meeting_count,
        reported=len(set(reported) & set(members)),
        members=len(members),
    )
