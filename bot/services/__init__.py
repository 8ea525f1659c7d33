"""Use cases: the only layer that sees both the store and Slack."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from slack_sdk import WebClient
from sqlalchemy import Engine

from bot.services.core import Deps, DomainError, utcnow
from bot.services.due import DueWork
from bot.services.export import ExportService
from bot.services.home import HomeService
from bot.services.lifecycle import LifecycleService
from bot.services.meeting_effects import EffectRunner
from bot.services.meetings import Applied, MeetingService
from bot.services.privacy import PrivacyService
from bot.services.questions import QuestionService
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
    questions: QuestionService
    lifecycle: LifecycleService
    export: ExportService
    privacy: PrivacyService
    home: HomeService

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
    home = HomeService(deps)
    effects = EffectRunner(deps)
    # A closed meeting changes every member's Home (actions, learning log, set health).
    effects.after_close = lambda client, applied: home.publish_many(
        client, home.set_people(applied.set_id)
    )
    return Services(
        deps=deps,
        sets=SetService(deps),
        meetings=MeetingService(deps),
        effects=effects,
        due=DueWork(deps),
        reports=ReportService(deps),
        schedule=ScheduleService(deps),
        reflections=ReflectionService(deps),
        questions=QuestionService(deps),
        lifecycle=LifecycleService(deps),
        export=ExportService(deps),
        privacy=PrivacyService(deps),
        home=home,
    )
