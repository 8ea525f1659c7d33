"""Programmes of sets: `/set programme create` (workspace admins and owners, or a lead),
`/set programme join NAME` and `leave` by a set's facilitator, `/set programme` to see it.
Every lookup is within the asker's workspace, so installs never see each other's."""

from __future__ import annotations

from typing import Any

from sqlalchemy.exc import IntegrityError

from bot.blocks import programme_form
from bot.blocks.text import escape, mention, mentions, plural
from bot.flows.programme_setup import validate
from bot.services import digest, programme_choice, programme_report
from bot.services.core import Deps, DomainError, log, use_case
from bot.services.gateway import Gateway, SlackRefused
from bot.services.guards import require_facilitator, require_set
from bot.services.result import DirectMessage, Done, OpenView
from bot.store import repo_programmes, repo_reports
from bot.store.tables import LearningSet

LEARN_AT_ONCE = 3  # users.info calls a form's submission may wait for (Slack allows 3 s)
WHO_MAY = (
    "Only a workspace admin or owner, or the lead of one of this workspace's programmes, can "
    "create a programme."
)


def _names(programmes: list[Any]) -> str:
    shown = [f"*{escape(p.name)}*" for p in programmes[:10]]
    more = f" and {len(programmes) - 10} more" if len(programmes) > 10 else ""
    return ", ".join(shown) + more


class ProgrammeService:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    @use_case
    def open_form(self, gateway: Gateway, team: str, user: str, trigger_id: str) -> Done:
        """The programme form, for those who may create one; anyone else is told who may."""
        with self.deps.session() as session:
            leads_here = any(repo_programmes.led_by(session=session, team_id=team, user_id=user))
        if not leads_here and not self._admin(gateway, user):
            raise DomainError(f"{WHO_MAY} Ask one of them to create it and add you as a lead.")
        return Done.only(OpenView(trigger_id, programme_form.build(user)))

    @staticmethod
    def _admin(gateway: Gateway, user: str) -> bool:
        try:
            return gateway.is_admin(user)
        except SlackRefused as refused:
            log.info("users.info failed for %s: %s", user, refused)
            raise DomainError(
                "Slack couldn't tell me whether you're a workspace admin just now. Try again "
                "in a minute."
            ) from refused

    @use_case
    def submit(
        self, team: str, user: str, view: dict[str, Any], gateway: Gateway | None = None
    ) -> Done:
        form = programme_form.parse(view.get("state", {}).get("values", {}))
        now = self.deps.clock()
        with self.deps.session() as session:
            if gateway is not None:
                self._learn_zones(session, gateway, team, list(form.leads), now)
            taken = repo_programmes.by_name(session=session, team_id=team, name=form.name or "")
            config, errors = validate(form, now.date(), taken is not None)
            if config is None:
                return Done.invalid(errors)
            try:
                with session.begin_nested():  # a name taken a moment ago rolls back only this
                    row = repo_programmes.create(
                        session=session,
                        team_id=team,
                        name=config.name,
                        leads=list(config.leads),
                        by=user,
                        end_date=config.end_date,
                        digest_weekday=config.digest_weekday,
                        digest_hour=config.digest_hour,
                        follow_up_days=config.follow_up_days,
                        now=now,
                    )
            except IntegrityError:  # the same name, created a moment ago
                return Done.invalid(
                    {"name": "This workspace already has a programme of that name. Pick another."}
                )
            name = escape(row.name)
            leads = list(config.leads)
            digest.plan_for(session, row, leads, now)
        said = (
            f"📚 *{name}* is a programme now, led by {mentions(leads)}. A set's facilitator adds "
            f"it with `/set programme join {escape(config.name)}` in its channel, or from "
            "`/set settings`. Its leads see each set's health in App Home."
        )
        told = [
            DirectMessage(
                lead,
                f"📚 {mention(user)} made you a lead of the programme *{name}*. Your App Home "
                "shows its sets' health and the learning their members share; a digest "
                "comes once a week.",
            )
            for lead in leads
            if lead != user
        ]
        return Done.only(DirectMessage(user, said), *told)

    @use_case
    def export(self, team: str, user: str) -> Done:
        """`/set programme export`: each programme the asker leads, as a report in their DM."""
        today = self.deps.clock().date()
        with self.deps.read() as session:
            led = repo_programmes.led_by(session=session, team_id=team, user_id=user)
            if not led:
                raise DomainError(
                    "Only a programme's leads can export it. `/set programme` in a set's "
                    "channel says who leads its programme."
                )
            uploads = [programme_report.upload_of(session, p, user, today) for p, _ in led]
        names = ", ".join(f"*{escape(p.name)}*" for p, _ in led)
        return Done.say(f"📦 The report of {names} is on its way to our DM.", *uploads)

    @staticmethod
    def _learn_zones(session: Any, gateway: Gateway, team: str, leads: list[str], now: Any) -> None:
        """The leads' time zones, for their digests, where Setbot doesn't know them yet (a
        lead in no set): a few users.info calls before the form's ack, the rest later."""
        known = repo_reports.known_zones(session=session, team_id=team, user_ids=leads)
        for lead in [u for u in leads if not known.get(u)][:LEARN_AT_ONCE]:
            try:
                zone, locale = gateway.user_profile(lead)
            except SlackRefused as refused:
                log.info("users.info failed for %s: %s", lead, refused)
                continue
            if zone:
                repo_reports.remember_user(
                    session=session, team_id=team, user_id=lead, now=now, tz=zone, locale=locale
                )

    @use_case
    def show(self, team: str, channel: str) -> Done:
        with self.deps.session() as session:
            row = require_set(session, team, channel)
            if row.programme_id is None:
                found = repo_programmes.of_team(session=session, team_id=team)
                offer = (
                    f" This workspace's programmes: {_names(found)}; its facilitator adds "
                    "one with `/set programme join NAME`."
                    if found
                    else " Workspace admins create one with `/set programme create`."
                )
                return Done.say(f"*{escape(row.name)}* is in no programme.{offer}")
            programme = repo_programmes.get(session=session, programme_id=row.programme_id)
            assert programme is not None  # a programme deleted sets the column to NULL
            leads = repo_programmes.leads(session=session, programme_id=programme.id or 0)
            sets = len(repo_programmes.sets_of(session=session, programme_id=programme.id or 0))
        return Done.say(
            f"*{escape(row.name)}* is in the programme *{escape(programme.name)}* "
            f"({plural(sets, 'set')}), led by {mentions(leads)}. They see the set's health and the "
            "learning members mark shareable, never reports, reflections or actions."
        )

    @use_case
    def join(self, team: str, channel: str, user: str, name: str) -> Done:
        with self.deps.session() as session:
            row = require_set(session, team, channel)
            require_facilitator(row, user, "add the set to a programme")
            programme = repo_programmes.by_name(session=session, team_id=team, name=name)
            if programme is None:
                found = repo_programmes.of_team(session=session, team_id=team)
                which = f" Its programmes: {_names(found)}." if found else " It has none yet."
                raise DomainError(
                    f"This workspace has no programme called *{escape(name[:80])}*.{which}"
                )
            if row.programme_id == programme.id:
                return Done.say(f"*{escape(row.name)}* is already in *{escape(programme.name)}*.")
            return self._moved(session, row, programme.id, user, programme.name)

    @use_case
    def leave(self, team: str, channel: str, user: str) -> Done:
        with self.deps.session() as session:
            row = require_set(session, team, channel)
            require_facilitator(row, user, "take the set out of its programme")
            if row.programme_id is None:
                raise DomainError(f"*{escape(row.name)}* is in no programme.")
            programme = repo_programmes.get(session=session, programme_id=row.programme_id)
            return self._moved(session, row, None, user, programme.name if programme else "")

    def _moved(self, session: Any, row: LearningSet, to: int | None, user: str, name: str) -> Done:
        said = programme_choice.move(session, row, to, user)
        return (
            Done.only(said) if said else Done.say(f"*{escape(row.name)}* is in *{escape(name)}*.")
        )
