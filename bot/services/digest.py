"""The weekly digest: one due row per lead and week, planned a week ahead each time one is
read, so the rows survive restarts like every prompt. A row covers the week before it
(from `since` in its payload): read again after a failure, it says the same."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime

from sqlmodel import Session

from bot.blocks import digest as views
from bot.flows import programme as console
from bot.flows import themes
from bot.flows.digest import Week, has_news, next_due
from bot.services.home_programme import set_facts, stop_words_for
from bot.services.prompt_message import Delivery
from bot.services.result import DirectMessage, Done
from bot.store import repo_jobs, repo_metrics, repo_programmes, repo_reports
from bot.store.tables import DueJob, Learning
from bot.store.tables_programme import Programme

KIND = "digest"


def _key(programme_id: int, lead: str, due: datetime) -> str:
    return f"{KIND}:{programme_id}:{lead}:{due.date().isoformat()}"


def plan_next(
    session: Session, programme: Programme, lead: str, after: datetime, since: datetime
) -> None:
    """The lead's next digest: the programme's weekday and hour in their own time zone
    (as Slack last told it; UTC until then), covering everything since `since`."""
    zone = repo_reports.known_zones(session=session, team_id=programme.team_id, user_ids=[lead])
    due = next_due(after, programme.digest_weekday, programme.digest_hour, zone[lead] or "UTC")
    payload = {
        "team": programme.team_id,
        "programme": programme.id,
        "lead": lead,
        "since": since.isoformat(),
    }
    repo_jobs.add_once(
        session=session,
        meeting_id=None,
        key=_key(programme.id or 0, lead, due),
        kind=KIND,
        due_at=due,
        payload=payload,
    )


def plan_for(session: Session, programme: Programme, leads: list[str], now: datetime) -> None:
    for lead in leads:
        plan_next(session, programme, lead, now, now)


def week_of(session: Session, programme: Programme, since: datetime, until: datetime) -> Week:
    """What happened in the programme's sets (those in it now) between the two times."""
    rows = repo_programmes.sets_of(session=session, programme_id=programme.id or 0)
    facts = repo_metrics.facts_of_sets(session=session, zones={r.id or 0: r.timezone for r in rows})
    start, end = since.date(), until.date()
    held = sum(1 for f in facts.values() for m in f if start <= m.held_on < end)
    newly = []
    for item in set_facts(rows, facts):
        before = replace(item, meetings=tuple(m for m in item.meetings if m.held_on < start))
        reasons = console.risks(item, end)
        if reasons and not console.risks(before, start):
            newly.append((item.name, reasons))
    shared = repo_programmes.shared_learnings(session=session, programme_ids=[programme.id or 0])
    stop = stop_words_for(
        repo_programmes.locales(session=session, programme_ids=[programme.id or 0])
    )

    def shared_on(x: Learning) -> datetime:
        return x.shared_at or x.updated_at  # shared before this was kept: when last written

    def themes_until(when: datetime) -> list[themes.Theme]:
        return themes.themes(
            (themes.Shared(x.set_id, x.text) for _, _, _, x in shared if shared_on(x) < when),
            stop,
        )

    return Week(
        programme=programme.name,
        held=held,
        newly_at_risk=newly,
        shared=[
            (name, number, x.text, x.user_id if x.named else None)
            for _, name, number, x in shared
            if since <= shared_on(x) < until
        ],
        themes_before=themes_until(since),
        themes_now=themes_until(until),
    )


def read(session: Session, job: DueJob, now: datetime) -> Done | Delivery:
    """The digest the row stands for, or nothing: a programme gone, a lead no longer one
    (nothing more is planned for them), the digest turned off, or a week with no news."""
    payload = json.loads(job.payload or "{}")
    programme = repo_programmes.get(session=session, programme_id=int(payload.get("programme", 0)))
    lead = str(payload.get("lead", ""))
    if programme is None:
        return Delivery.DONE
    row = repo_programmes.lead_of(session=session, programme_id=programme.id or 0, user_id=lead)
    if row is None:
        return Delivery.DONE
    ended = programme.end_date is not None and job.due_at.date() > programme.end_date
    if not ended:  # the week after the programme's end is its last digest
        plan_next(session, programme, lead, job.due_at, job.due_at)
    if row.digest_off:
        return Delivery.DONE
    since = datetime.fromisoformat(str(payload.get("since") or job.due_at.isoformat()))
    week = week_of(session, programme, since, job.due_at)
    if not has_news(week):
        return Delivery.DONE
    return Done.only(DirectMessage(lead, views.text(week), views.blocks(week)))
