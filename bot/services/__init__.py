"""Use cases: the only layer that sees both the store and Slack.

Every use case returns one `Done(reply, effects)`; `outbox` is the only code that turns
effects into Slack calls, through a `Gateway` (the only code that imports slack_sdk here).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine

from bot.services import commands, turns
from bot.services.actions import ActionService
from bot.services.apologies import ApologyService
from bot.services.calendar import CalendarService
from bot.services.core import Deps, DomainError, utcnow
from bot.services.dm import DmService
from bot.services.due import DueWork
from bot.services.export import ExportService
from bot.services.follow_up import FollowUpService
from bot.services.gateway import Gateway, WebGateway
from bot.services.home import HomeService
from bot.services.home_leads import LeadHome
from bot.services.intervene import InterveneService
from bot.services.lifecycle import LifecycleService
from bot.services.meetings import MeetingService
from bot.services.members import Members
from bot.services.outbox import Outbox
from bot.services.pacing import PacedGateway, Pacer
from bot.services.privacy import PrivacyService
from bot.services.programmes import ProgrammeService
from bot.services.questions import QuestionService
from bot.services.reflections import ReflectionService
from bot.services.remind_now import RemindNow
from bot.services.reports import ReportService
from bot.services.result import Asker, Done
from bot.services.schedule import ScheduleService
from bot.services.set_info import SetInfo
from bot.services.set_setup import SetSetup
from bot.store import repo_jobs

__all__ = ["Asker", "DomainError", "Done", "Said", "Services", "build_services"]


@dataclass(frozen=True)
class Said:
    """A person's message the bot may act on: in its DM, or in a thread of a channel."""

    team: str
    channel: str
    user: str
    text: str
    ts: str
    thread: str  # the thread it is in ("" at the top of a DM)
    in_dm: bool


@dataclass
class Services:
    deps: Deps
    outbox: Outbox
    info: SetInfo
    members: Members
    setup: SetSetup
    meetings: MeetingService
    due: DueWork
    reports: ReportService
    schedule: ScheduleService
    calendar: CalendarService
    reflections: ReflectionService
    questions: QuestionService
    intervene: InterveneService
    lifecycle: LifecycleService
    export: ExportService
    privacy: PrivacyService
    home: HomeService
    actions: ActionService
    apologies: ApologyService
    dm: DmService
    remind: RemindNow
    programmes: ProgrammeService
    lead_home: LeadHome
    follow_ups: FollowUpService
    pacer: Pacer | None = None

    def command(
        self, gateway: Gateway, team: str, channel: str, user: str, text: str, trigger_id: str
    ) -> Done:
        """One `/set` command: its reply (for the ack) and its effects."""
        return commands.run(self, gateway, team, channel, user, text, trigger_id)

    def message(self, said: Said) -> Done:
        """A message: in the bot's DM, an answer or the menu; in an issue round's thread, a
        question counted or a statement nudged."""
        if said.in_dm:
            return self.dm.message(said.team, said.user, said.text)
        return self.questions.thread_message(
            said.team, said.channel, said.user, said.text, said.ts, said.thread
        )

    def slack(self, client: Any, team: str = "") -> Gateway:
        """The gateway over the client Bolt authorized for this request: paced, and patient
        with a 429 (it runs after the ack)."""
        gateway = WebGateway(client)
        if self.pacer is None:
            return gateway
        return PacedGateway(gateway, team, self.pacer, patient=True)

    def first_delivery(self, event_id: str) -> bool:
        """True the first time Slack delivers this event; False for its re-deliveries."""
        with self.deps.session() as session:
            return repo_jobs.remember_event(
                session=session, event_id=event_id, now=self.deps.clock()
            )


def build_services(
    engine: Engine,
    gateway_for: Callable[[str], Gateway],
    clock: Callable[[], datetime] = utcnow,
    post_rate: float | None = None,
) -> Services:
    """Setbot's use cases. With `post_rate`, every Slack call is paced per workspace
    (`pacing`); due work gets impatient gateways, which leave a held workspace for later."""
    pacer = Pacer(engine, clock, post_rate, sleep=turns.sleep) if post_rate else None
    if pacer is not None:
        unpaced = gateway_for

        def gateway_for(team: str) -> Gateway:
            return PacedGateway(unpaced(team), team, pacer, patient=False)

    deps = Deps(engine=engine, gateway_for=gateway_for, clock=clock)
    outbox = Outbox(deps)
    home = HomeService(deps)
    reports = ReportService(deps)
    return Services(
        deps=deps,
        outbox=outbox,
        info=SetInfo(deps),
        members=Members(deps),
        setup=SetSetup(deps),
        meetings=MeetingService(deps),
        due=DueWork(deps, outbox),
        reports=reports,
        schedule=ScheduleService(deps),
        calendar=CalendarService(deps),
        reflections=ReflectionService(deps),
        questions=QuestionService(deps),
        intervene=InterveneService(deps),
        lifecycle=LifecycleService(deps),
        export=ExportService(deps),
        privacy=PrivacyService(deps),
        home=home,
        actions=ActionService(deps),
        apologies=ApologyService(deps),
        dm=DmService(deps, reports),
        remind=RemindNow(deps),
        programmes=ProgrammeService(deps),
        lead_home=LeadHome(deps),
        follow_ups=FollowUpService(deps),
        pacer=pacer,
    )
