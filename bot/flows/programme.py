"""A programme lead's view of many sets: each set's figures, whether it is at risk and
why, the order the console lists them in, and the programme's totals. Pure arithmetic
over `metrics.MeetingFacts`, so one read of the facts serves every set at once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from bot.flows import metrics
from bot.flows.cadence import Cadence
from bot.flows.metrics import MeetingFacts

CADENCE_DAYS = {Cadence.WEEKLY: 7, Cadence.BIWEEKLY: 14, Cadence.MONTHLY: 31}
RECENT = 3  # at-risk rates look at a set's last three meetings
LOW_RATE = 0.6  # attendance or report-backs under 60%
LOW_FOLLOW_THROUGH = 0.5
RATING_FALL = 1.0
PAGE = 10


class Order(StrEnum):
    AT_RISK = "risk"
    NAME = "name"
    LAST_MET = "last_met"


ORDER_LABELS = {Order.AT_RISK: "At risk first", Order.NAME: "Name", Order.LAST_MET: "Last met"}


@dataclass(frozen=True)
class SetFacts:
    """What the console knows of one set of the programme."""

    set_id: int
    name: str
    channel: str
    facilitator: str
    cadence: str
    started_on: date  # its first planned meeting: "not met for" counts from here before any
    planned: int | None  # meetings planned in all (None: open-ended)
    meetings: Sequence[MeetingFacts] = ()
    closed: bool = False
    paused: bool = False  # suspended on purpose: not meeting is no sign of trouble


@dataclass(frozen=True)
class SetRow:
    set_id: int
    name: str
    channel: str
    facilitator: str
    held: int
    planned: int | None
    last_met: date | None
    days_since: int | None  # since the last meeting (None: never met, or closed)
    attendance: float | None
    report_rate: float | None
    follow_through: float | None  # done + partly, of the actions reported on
    rating: float | None
    rating_change: float | None  # the last meeting's rating minus the one before it
    risks: tuple[str, ...] = ()
    closed: bool = False


def follow_through_rate(statuses: Sequence[str]) -> float | None:
    """Done and partly, of the actions whose outcome is known (open ones don't count)."""
    counted = metrics.follow_through(statuses)
    return metrics.ratio(counted.done + counted.partly, counted.decided)


def cadence_days(cadence: str) -> int:
    """Days between meetings (a month as 31: "twice the cadence" errs on the kind side)."""
    for known, days in CADENCE_DAYS.items():
        if cadence == known.value:
            return days
    return 7


def _rated(meetings: Sequence[metrics.MeetingMetrics]) -> list[float]:
    return [m.rating for m in meetings if m.rating is not None]


def risks(facts: SetFacts, today: date) -> tuple[str, ...]:
    """Why a set is at risk (empty: it isn't). A closed set is never at risk."""
    if facts.closed:
        return ()
    found: list[str] = []
    held = sorted(facts.meetings, key=lambda f: f.number)
    cadence = cadence_days(facts.cadence)
    since = held[-1].held_on if held else facts.started_on
    quiet = (today - since).days
    if quiet > 2 * cadence and not facts.paused:
        what = "hasn't met" if held else "hasn't held a meeting"
        found.append(f"{what} for {quiet} days (meets every {cadence})")
    recent = held[-RECENT:]
    if len(recent) == RECENT:
        totals = metrics.totals(recent)
        if totals.attendance is not None and totals.attendance < LOW_RATE:
            found.append(f"attendance {metrics.percent(totals.attendance)} over 3 meetings")
        if totals.report_rate is not None and totals.report_rate < LOW_RATE:
            found.append(f"report-backs {metrics.percent(totals.report_rate)} over 3 meetings")
        rated = _rated(metrics.trend(recent))
        if len(rated) >= 2 and rated[0] - rated[-1] >= RATING_FALL:
            found.append(f"rating fell from {rated[0]:.1f} to {rated[-1]:.1f}")
    rate = follow_through_rate([s for f in held for s in f.action_statuses])
    if rate is not None and rate < LOW_FOLLOW_THROUGH:
        found.append(f"follow-through {metrics.percent(rate)}")
    return tuple(found)


def row(facts: SetFacts, today: date) -> SetRow:
    held = sorted(facts.meetings, key=lambda f: f.number)
    totals = metrics.totals(held)
    rated = _rated(metrics.trend(held))
    last = held[-1].held_on if held else None
    return SetRow(
        set_id=facts.set_id,
        name=facts.name,
        channel=facts.channel,
        facilitator=facts.facilitator,
        held=len(held),
        planned=facts.planned,
        last_met=last,
        days_since=(today - last).days if last and not facts.closed else None,
        attendance=totals.attendance,
        report_rate=totals.report_rate,
        follow_through=follow_through_rate([s for f in held for s in f.action_statuses]),
        rating=totals.rating,
        rating_change=round(rated[-1] - rated[-2], 1) if len(rated) >= 2 else None,
        risks=risks(facts, today),
        closed=facts.closed,
    )


def ordered(rows: Sequence[SetRow], order: Order) -> list[SetRow]:
    """At risk first (most reasons first, then by name); by name; or longest since it
    met first (never met before all)."""
    by_name = sorted(rows, key=lambda r: (r.name.casefold(), r.set_id))
    if order == Order.NAME:
        return by_name
    if order == Order.AT_RISK:
        return sorted(by_name, key=lambda r: -len(r.risks))
    return sorted(by_name, key=lambda r: r.last_met.toordinal() if r.last_met else 0)


def page(rows: Sequence[SetRow], number: int) -> tuple[list[SetRow], int]:
    """One page of rows and the page shown (past the end: the last page)."""
    pages = max(1, -(-len(rows) // PAGE))
    shown = min(max(0, number), pages - 1)
    return list(rows[shown * PAGE : (shown + 1) * PAGE]), shown


@dataclass(frozen=True)
class ProgrammeTotals:
    sets: int
    at_risk: int
    held: int
    attendance: float | None
    report_rate: float | None
    follow_through: float | None
    rating: float | None


def programme_totals(facts: Sequence[SetFacts], rows: Sequence[SetRow]) -> ProgrammeTotals:
    """Rates over every invitation and action of the programme, not averages of sets."""
    every = [m for f in facts for m in f.meetings]
    totals = metrics.totals(every)
    return ProgrammeTotals(
        sets=len(rows),
        at_risk=sum(1 for r in rows if r.risks),
        held=len(every),
        attendance=totals.attendance,
        report_rate=totals.report_rate,
        follow_through=follow_through_rate([s for m in every for s in m.action_statuses]),
        rating=totals.rating,
    )


def weekly(facts: Sequence[SetFacts]) -> list[metrics.MeetingMetrics]:
    """The programme's measures week by week (weeks with a meeting, from Monday), every
    set's meetings of the week counted together: the lines of its trend chart."""
    weeks: dict[date, list[MeetingFacts]] = {}
    for item in facts:
        for m in item.meetings:
            monday = m.held_on - timedelta(days=m.held_on.weekday())
            weeks.setdefault(monday, []).append(m)
    out = []
    for number, monday in enumerate(sorted(weeks), start=1):
        held = weeks[monday]
        merged = MeetingFacts(
            number=number,
            held_on=monday,
            roster=sum(m.roster for m in held),
            attended=sum(m.attended for m in held),
            reports=sum(m.reports for m in held if m.reportable),
            action_statuses=tuple(s for m in held for s in m.action_statuses),
            ratings=tuple(r for m in held for r in m.ratings),
            reportable=any(m.reportable for m in held),
        )
        reportable_roster = sum(m.roster for m in held if m.reportable)
        row = metrics.for_meeting(merged)
        out.append(
            metrics.MeetingMetrics(
                number=row.number,
                held_on=row.held_on,
                attendance=row.attendance,
                report_rate=metrics.ratio(merged.reports, reportable_roster)
                if merged.reportable
                else None,
                follow_through=row.follow_through,
                rating=row.rating,
                questions=0,
            )
        )
    return out


def rate_words(
    attendance: float | None, report_rate: float | None, follow_through: float | None
) -> list[str]:
    """ "attendance 75%" and the like, for the rates that have data (none says nothing)."""
    rates = (
        ("attendance", attendance),
        ("report-backs", report_rate),
        ("follow-through", follow_through),
    )
    return [f"{label} {metrics.percent(value)}" for label, value in rates if value is not None]
