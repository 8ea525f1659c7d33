"""What a programme lead's App Home shows of each programme they lead: every set's row,
read in one query per measure for all of their sets (never a query per set)."""

from __future__ import annotations

import hashlib
from dataclasses import replace

from sqlmodel import Session
from stop_words import safe_get_stop_words

from bot.blocks.home_programme import MAX_PROGRAMMES, MAX_SHARED, ProgrammeConsole, SharedLine
from bot.flows import programme, themes
from bot.flows.metrics import MeetingFacts
from bot.flows.programme import Order, SetFacts
from bot.flows.set_life import SetStatus
from bot.services.core import now
from bot.services.guards import life_status
from bot.services.result import ProgrammeChart
from bot.store import repo_metrics, repo_programmes
from bot.store.tables import LearningSet


def stop_words_for(locales: list[str | None]) -> set[str]:
    """The stop words of every language the members' Slack locales name (English when none
    is known); a language with no list adds none."""
    words: set[str] = set()
    for language in themes.languages(locales):
        words.update(safe_get_stop_words(language))
    return words


def _order(raw: str) -> Order:
    return next((o for o in Order if o.value == raw), Order.AT_RISK)


MIN_RATERS = 2  # a meeting's rating reaches a lead only as an average of two or more


def _anonymous(meeting: MeetingFacts) -> MeetingFacts:
    """A meeting as a lead may see it: one person's rating alone would be theirs to see."""
    if len(meeting.ratings) >= MIN_RATERS:
        return meeting
    return replace(meeting, ratings=())


def set_facts(rows: list[LearningSet], facts: dict[int, list[MeetingFacts]]) -> list[SetFacts]:
    """The console's view of each set: its meetings' facts, a lone rating left out."""
    return [
        SetFacts(
            set_id=row.id or 0,
            name=row.name,
            channel=row.channel_id,
            facilitator=row.facilitator_id,
            cadence=row.cadence,
            started_on=row.first_date,
            planned=row.meeting_count,
            meetings=tuple(_anonymous(m) for m in facts.get(row.id or 0, ())),
            closed=life_status(row) == SetStatus.CLOSED,
            paused=life_status(row) == SetStatus.SUSPENDED,
        )
        for row in rows
    ]


def consoles(
    session: Session, user: str, paging: tuple[int, int] | None = None
) -> tuple[list[ProgrammeConsole], list[ProgrammeChart], int]:
    """The first programmes `user` leads, the pictures of theirs that changed, and how
    many they lead in all; `paging` (programme id, page) turns one to a page."""
    led = repo_programmes.led_by(session=session, user_id=user)
    total = len(led)
    led = led[:MAX_PROGRAMMES]
    if not led:
        return [], [], 0
    ids = [p.id or 0 for p, _ in led]
    sets = repo_programmes.sets_of_programmes(session=session, programme_ids=ids)
    zones = {row.id or 0: row.timezone for rows in sets.values() for row in rows}
    facts = repo_metrics.facts_of_sets(session=session, zones=zones)
    today = now(session).date()
    shared = repo_programmes.shared_learnings(session=session, programme_ids=ids)
    stop = stop_words_for(repo_programmes.locales(session=session, programme_ids=ids))
    shown, charts = [], []
    for item, lead in led:
        its_shared = [s for s in shared if s[0] == item.id]
        its = set_facts(sets.get(item.id or 0, []), facts)
        rows = [programme.row(f, today) for f in its]
        weeks = programme.weekly(its)
        drawn = [(w.held_on, w.attendance, w.report_rate, w.follow_through) for w in weeks]
        key = f"{user}:{drawn!r}"
        key = hashlib.sha256(key.encode()).hexdigest()[:32]
        fresh = lead.chart_key == key
        if weeks and not fresh:
            charts.append(ProgrammeChart(item.id or 0, item.name, weeks, key))
        order = _order(lead.home_order)
        wanted = paging[1] if paging and paging[0] == item.id else 0
        page, number = programme.page(programme.ordered(rows, order), wanted)
        shown.append(
            ProgrammeConsole(
                id=item.id or 0,
                name=item.name,
                order=order,
                rows=page,
                page=number,
                pages=max(1, -(-len(rows) // programme.PAGE)),
                totals=programme.programme_totals(its, rows),
                digest_on=not lead.digest_off,
                chart_file_id=lead.chart_file_id if fresh else None,
                end_date=item.end_date,
                shared=[
                    SharedLine(name, number, x.text, x.user_id if x.named else None)
                    for _, name, number, x in its_shared[:MAX_SHARED]
                ],
                shared_total=len(its_shared),
                themes=themes.themes(
                    (themes.Shared(x.set_id, x.text) for _, _, _, x in its_shared), stop
                ),
            )
        )
    return shown, charts, total
