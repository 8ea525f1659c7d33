"""Use cases: the only layer that sees both the store and Slack."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from slack_sdk import WebClient
from sqlalchemy import Engine

from bot.services.core import Deps, DomainError, utcnow
from bot.services.due import DueWork
from bot.services.meeting_effects import EffectRunner
from bot.services.meetings import Applied, MeetingService
from bot.services.reflections import ReflectionService
from bot.services.reports import ReportService
from bot.services.schedule import ScheduleService
from bot.services.sets import SetService
from bot.store import repo_jobs

__all__ = ["Applied", "DomainError", "Services", "build_services"]


@dataclass
class Services:
    deps: Deps
    sets: SetService
    meetings: MeetingService
    effects: EffectRunner
    due: DueWork
    reports: ReportService
    schedule: ScheduleService
    reflections: ReflectionService

    def first_delivery(self, event_id: str) -> bool:
        """True the first time Slack delivers this event; False for its re-deliveries."""
        with self.deps.session() as session:
            return repo_jobs.remember_event(
                session=session, event_id=event_id, now=self.deps.clock()
            )


def build_services(
    engine: Engine,
    client_for: Callable[[str], WebClient],
    clock: Callable[[], datetime] = utcnow,
) -> Services:
    deps = Deps(engine=engine, client_for=client_for, clock=clock)
    return Services(
        deps=deps,
        sets=SetService(deps),
        meetings=MeetingService(deps),
        effects=EffectRunner(deps),
        due=DueWork(deps),
        reports=ReportService(deps),
        schedule=ScheduleService(deps),
        reflections=ReflectionService(deps),
    )
