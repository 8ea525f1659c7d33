"""A meeting that closed: the set's life moves on (rota, automatic close), and the summary,
the next facilitator's briefing and, after the last meeting, the set's summary are posted."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot.blocks import reflection as reflection_views
from bot.blocks import summary as summary_views
from bot.blocks.text import escape, slack_date
from bot.flows import reflection
from bot.flows.actions import tally
from bot.flows.set_life import LifeEvent, LifeEventType, SetStatus
from bot.services import home_refresh, life, prompt_close, set_summary
from bot.services import result as fx
from bot.services.guards import life_status, set_people
from bot.services.meeting_render import NOT_SHOWN, Scene, action_lines
from bot.store import repo_actions, repo_learning, repo_meetings, repo_questions, repo_sets


def closing(session: Session, scene: Scene, now: datetime) -> list[fx.Effect]:
    """Everything a closed meeting shows, and the set's life moved on in this transaction."""
    row, state = scene.row, scene.state
    members = repo_sets.list_members(session=session, set_id=row.id or 0)
    next_up, set_closed = None, False
    if life_status(row) == SetStatus.ACTIVE:
        held = LifeEvent(LifeEventType.MEETING_HELD, "", held_by=state.facilitator)
        outcome = life.change(session, row, held, now, life.life_of(session, row, members))
        next_up, set_closed = life.next_facilitator(outcome), life.closed(outcome)
    upcoming = repo_meetings.next_scheduled(session=session, set_id=row.id or 0)
    next_at = upcoming.scheduled_at if upcoming else None
    out: list[fx.Effect] = [_summary(session, scene, next_at, next_up, set_closed)]
    if next_up and next_at:
        out.append(set_summary.facilitator_briefing(next_up, row.name, next_at))
    if set_closed:
        out.append(set_summary.post(session, row))
    out += prompt_close.on_close(session, row, scene.meeting)
    # A closed meeting changes every member's Home (actions, learning log, set health).
    home_refresh.refresh_later(session, row.team_id, set_people(row, members), now)
    return out


def _summary(
    session: Session,
    scene: Scene,
    next_at: datetime | None,
    next_facilitator: str | None,
    last: bool,
) -> fx.Post:
    meeting_id = scene.info.meeting_id
    actions = repo_actions.meeting_actions(session=session, meeting_id=meeting_id)
    asked = repo_questions.question_counts(session=session, meeting_id=meeting_id)
    reflected = repo_learning.reflections_for(session=session, meeting_id=meeting_id)
    label = "the next meeting"
    if next_at:
        label = f"the next meeting ({slack_date(next_at, '{date_short}')})"
    attendees = scene.state.attended()
    questions = [(u, asked.get(u, 0)) for u in attendees]
    questions += [(u, n) for u, n in asked.items() if u not in attendees]
    shared = [reflection_views.Shared(r.user_id, reflection.loads(r.answers)) for r in reflected]
    ratings = [r.rating for r in reflected if r.rating]
    extras = summary_views.SummaryExtras(
        questions=sorted(questions, key=lambda q: -q[1]),
        reflections=reflection_views.summary_blocks(shared, ratings),
        next_facilitator=next_facilitator if next_at else None,
        last=last,
        report_back=_report_back(session, scene),
    )
    lines = action_lines(actions, label)
    blocks = summary_views.summary(scene.info, scene.state, lines, next_at, extras)
    return fx.Post(
        scene.channel, f"Summary of {escape(scene.info.title)}", blocks, if_failed=NOT_SHOWN
    )


def _report_back(session: Session, scene: Scene) -> list[tuple[str, str]]:
    """The report-back round's outcomes per member who reported: "1 done, 1 partly"."""
    if not scene.state.report_round:
        return []
    meeting_id = scene.info.meeting_id
    said = repo_actions.reported_outcomes(
        session=session, set_id=scene.row.id or 0, meeting_id=meeting_id
    ).get(meeting_id, {})
    reported = [u for u in scene.state.members if u in scene.reports and scene.reports[u].complete]
    return [(u, tally(said.get(u, {}).values())) for u in reported]
