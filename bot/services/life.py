"""A set's life carried out: `flows.set_life` decides, this reads its inputs and persists
the outcome (the calendar planned or cleared, a meeting cancelled, the rota, the status)."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.blocks.text import escape
from bot.flows import meeting_codec, set_life
from bot.flows.cadence import Cadence, meeting_times
from bot.flows.meeting_state import Phase
from bot.flows.set_life import LifeEvent, LifeOutcome, SetLife
from bot.flows.setup import SetConfig
from bot.services import follow_up
from bot.services.core import DomainError
from bot.services.prompt_plans import plan_meeting, plan_set
from bot.store import repo_meetings, repo_sets
from bot.store.tables import LearningSet


def config_of(row: LearningSet, members: list[str] | tuple[str, ...]) -> SetConfig:
    """The set's settings as the form would give them (for re-planning its calendar)."""
    hour, minute = (int(p) for p in row.meeting_time.split(":"))
    return SetConfig(
        name=row.name,
        theme=row.theme,
        members=tuple(members),
        facilitator=row.facilitator_id,
        rotating=row.rotating,
        cadence=Cadence(row.cadence),
        weekday=row.weekday,
        at=time(hour, minute),
        timezone=row.timezone,
        first_date=row.first_date,
        meeting_minutes=row.meeting_minutes,
        meeting_count=row.meeting_count,
        lead_hours=row.prompt_lead_hours,
        ground_rules=row.ground_rules,
        reminder_hours=row.reminder_hours,
    )


def plan_calendar(session: Session, row: LearningSet, config: SetConfig, now: datetime) -> None:
    """(Re)plan the set's meetings not yet held, from its cadence, starting today."""
    start = max(config.first_date, now.astimezone(ZoneInfo(config.timezone)).date())
    held = repo_meetings.count_held(session=session, set_id=row.id or 0)
    remaining = None if config.meeting_count is None else max(0, config.meeting_count - held)
    # Today's slot may already have passed: ask for one more, keep the future ones.
    wanted = None if remaining is None else remaining + 1
    times = meeting_times(start, config.weekday, config.at, config.timezone, config.cadence, wanted)
    times = [t for t in times if t > now][:remaining]
    repo_meetings.plan_meetings(session=session, set_id=row.id or 0, times=times)


def life_of(
    session: Session, row: LearningSet, members: list[str] | tuple[str, ...] | None = None
) -> SetLife:
    """The set's life as the flows table sees it, read from its rows."""
    set_id = row.id or 0
    if members is None:
        members = repo_sets.list_members(session=session, set_id=set_id)
    running = repo_meetings.running_meeting(session=session, set_id=set_id, lock=True)
    state = meeting_codec.loads(running.state) if running else None
    return SetLife(
        status=set_life.status_of(row.status, row.suspended),
        facilitator=row.facilitator_id,
        members=tuple(members),
        rotating=row.rotating,
        rota=tuple(row.rota.split()),
        meeting_count=row.meeting_count,
        scheduled=repo_meetings.count_scheduled(session=session, set_id=set_id),
        running=running is not None,
        meeting_facilitator=state.facilitator if state else None,
    )


def change(
    session: Session,
    row: LearningSet,
    event: LifeEvent,
    now: datetime,
    life: SetLife | None = None,
) -> LifeOutcome:
    """Apply one event to the set's life and persist it; DomainError (nothing written) if
    the table refuses it."""
    outcome = set_life.apply(life or life_of(session, row), event)
    if not outcome.ok:
        reason = outcome.refused or "That can't be done now."
        raise DomainError(set_life.with_set_name(reason, f"*{escape(row.name)}*"))
    carry_out(session, row, outcome, now)
    return outcome


def carry_out(session: Session, row: LearningSet, outcome: LifeOutcome, now: datetime) -> None:
    """Persist what the table decided: the status first, then each effect in order."""
    row.status, row.suspended = set_life.columns_of(outcome.life.status)
    row.updated_at = now
    for effect in outcome.effects:
        if isinstance(effect, set_life.PlanCalendar):
            members = repo_sets.list_members(session=session, set_id=row.id or 0)
            plan_calendar(session, row, config_of(row, members), now)
            plan_set(session, row)
        elif isinstance(effect, set_life.ClearCalendar):
            repo_meetings.plan_meetings(session=session, set_id=row.id or 0, times=[])
        elif isinstance(effect, set_life.CancelNextMeeting):
            meeting = repo_meetings.next_scheduled(session=session, set_id=row.id or 0, lock=True)
            if meeting is not None:
                meeting.phase = Phase.CANCELLED
                session.add(meeting)
                session.flush()
                plan_meeting(session, row, meeting)  # a cancelled meeting keeps no pending jobs
                plan_set(session, row)  # the next one may now be the set's first
        elif isinstance(effect, set_life.RotaChanged):
            row.rota = " ".join(effect.rota)
        elif isinstance(effect, set_life.FacilitatorChanged):
            row.facilitator_id = effect.user
        elif isinstance(effect, set_life.SetClosed):
            row.closed_at = now
            follow_up.plan_on_close(session, row, now)
    session.add(row)
    session.flush()


def next_facilitator(outcome: LifeOutcome) -> str | None:
    """Who the rota names for the next meeting, when the table says so."""
    found = [e.user for e in outcome.effects if isinstance(e, set_life.NextFacilitator)]
    return found[0] if found else None


def closed(outcome: LifeOutcome) -> bool:
    return any(isinstance(e, set_life.SetClosed) for e in outcome.effects)
