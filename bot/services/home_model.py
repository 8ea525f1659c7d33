"""What one person's App Home shows, read in the caller's transaction: `home_for` gives
the `PublishHome` effect (with any trend pictures still to upload)."""

from __future__ import annotations

from sqlmodel import Session

from bot.blocks import home as views
from bot.blocks.home_live import MAX_LIVE, LiveMeeting
from bot.blocks.text import slack_date, slack_day
from bot.flows import metrics, report_back, rota
from bot.flows.set_life import SetStatus
from bot.services import home_programme
from bot.services.guards import life_status, rota_of
from bot.services.result import HomeChart, PublishHome
from bot.store import (
    repo_actions,
    repo_learning,
    repo_meetings,
    repo_metrics,
    repo_questions,
    repo_reports,
    repo_sets,
)
from bot.store.tables import LearningSet


def home_for(
    session: Session,
    user: str,
    page: int = 0,
    notice: views.Notice | None = None,
    programme_page: tuple[int, int] | None = None,
) -> PublishHome:
    """One person's Home, read now; the charts that changed are drawn by the outbox.
    `programme_page`: (programme id, page) of a lead's programme turned to a page."""
    per_page = views.ACTIONS_PER_PAGE
    rows, total = repo_actions.open_actions_of_user(
        session=session, user_id=user, offset=max(0, page) * per_page, limit=per_page
    )
    if not rows and page > 0:
        page = 0
        rows, total = repo_actions.open_actions_of_user(
            session=session, user_id=user, offset=0, limit=per_page
        )
    actions = [
        views.HomeAction(
            id=a.id or 0,
            text=a.text,
            set_name=name,
            due=slack_day(a.due_date) if a.due_date else "the next meeting",
            status=a.status,
            note=a.note,
        )
        for a, name in rows
    ]
    finished = [
        views.HomeAction(
            id=a.id or 0,
            text=a.text,
            set_name=name,
            due="",
            status=a.status,
            outcome=a.outcome_text,
            when=slack_date(a.reported_at or a.updated_at, "{date_short_pretty}"),
        )
        for a, name in repo_actions.finished_actions_of_user(
            session=session, user_id=user, limit=views.MAX_FINISHED
        )
    ]
    learnings = [
        views.HomeLearning(
            id=item.id or 0,
            text=item.text,
            set_name=row.name,
            meeting=m.number,
            source=item.source,
            shareable=item.shareable,
            named=item.named,
        )
        for item, m, row in repo_learning.learning_log(
            session=session, user_id=user, limit=views.MAX_LEARNINGS
        )
    ]
    member_of = repo_sets.sets_of_member(session=session, user_id=user)
    sets = _home_sets(session, member_of, user)
    coached = repo_sets.sets_facilitated(session=session, user_id=user)
    facilitated, charts = _health(session, coached[: views.MAX_FACILITATED], user)
    consoles, programme_charts, led = home_programme.consoles(session, user, programme_page)
    model = views.HomeModel(
        sets=sets,
        actions=actions,
        action_total=total,
        page=page,
        finished=finished,
        learnings=learnings,
        learning_total=repo_learning.count_learnings(session=session, user_id=user),
        facilitated=facilitated,
        facilitated_total=len(coached),
        notice=notice,
        live=_live(session, [*coached, *member_of], user),
        programmes=consoles,
        programmes_total=led,
    )
    return PublishHome(user, model, tuple(charts), tuple(programme_charts))


def _live(session: Session, rows: list[LearningSet], user: str) -> list[LiveMeeting]:
    """The meetings running now in the person's sets (the outbox adds their links)."""
    named = {row.id or 0: row for row in rows if life_status(row) == SetStatus.ACTIVE}
    return [
        LiveMeeting(
            set_name=named[m.set_id].name,
            channel=m.control_channel or named[m.set_id].channel_id,
            number=m.number,
            ts=m.control_ts,
            facilitating=(m.facilitator_id or named[m.set_id].facilitator_id) == user,
        )
        for m in repo_meetings.running_of_sets(session=session, set_ids=list(named))
    ][:MAX_LIVE]


def _home_sets(session: Session, rows: list[LearningSet], user: str) -> list[views.HomeSet]:
    """The member's sets with their next meeting and report-back: two queries for all."""
    shown = rows[: views.MAX_SETS]
    active = [r.id or 0 for r in shown if life_status(r) == SetStatus.ACTIVE]
    upcoming = repo_meetings.next_of_sets(session=session, set_ids=active)
    reports = repo_reports.reports_of_user(
        session=session, user_id=user, meeting_ids=[m.id or 0 for m in upcoming.values()]
    )
    met = repo_meetings.sets_that_met(session=session, set_ids=active)
    sets = []
    for row in rows:
        meeting = upcoming.get(row.id or 0)
        found = reports.get(meeting.id or 0) if meeting else None
        report = None
        if meeting is not None and (row.id or 0) not in met:
            report = "first"  # nothing to report on before a set's first meeting
        elif found is not None and found.complete:
            report = "in"
        elif found is not None and report_back.loads(found.data).answered:
            report = "started"
        elif meeting is not None and found is None:
            report = "later"  # not asked yet: the prompt DM opens it
        sets.append(
            views.HomeSet(
                id=row.id or 0,
                name=row.name,
                channel=row.channel_id,
                status=life_status(row),
                next_at=meeting.scheduled_at if meeting else None,
                next_meeting_id=meeting.id if meeting else None,
                report=report,
                facilitator=row.facilitator_id,
            )
        )
    return sets


def _health(
    session: Session, rows: list[LearningSet], viewer: str
) -> tuple[list[views.SetHealth], list[HomeChart]]:
    """Each facilitated set's health, read in the same queries for all of them."""
    if not rows:
        return [], []
    ids = [row.id or 0 for row in rows]
    facts = repo_metrics.facts_of_sets(session=session, zones={r.id or 0: r.timezone for r in rows})
    banks = repo_questions.question_banks(session=session, set_ids=ids, limit=5)
    rotating = [r.id or 0 for r in rows if r.rotating]
    members = repo_sets.members_of_sets(session=session, set_ids=rotating)
    healths, charts = [], []
    for row in rows:
        set_id = row.id or 0
        its = facts.get(set_id, [])
        trend = metrics.trend(its)
        key = chart_key(trend, viewer)
        fresh = row.chart_key == key
        rota_line = rota.describe(rota_of(row, members.get(set_id, []))) if row.rotating else None
        healths.append(
            views.SetHealth(
                id=set_id,
                name=row.name,
                status=life_status(row),
                meetings=trend,
                totals=metrics.totals(its),
                questions=metrics.questions_by_member(its),
                bank=[q.text for q in banks.get(set_id, [])],
                nudge=row.nudge_questions,
                rota=rota_line,
                chart_file_id=row.chart_file_id if fresh else None,
            )
        )
        if trend and not fresh:
            charts.append(HomeChart(set_id, row.name, trend, key))
    return healths, charts


def chart_key(trend: list[metrics.MeetingMetrics], viewer: str) -> str:
    """Which picture this is, and for whom (its file is shared in that person's DM).

    One picture per meeting held: each new one is a message in the facilitator's DM, so
    changes between meetings (an action marked done) wait for the next meeting's picture;
    the figures in Home's text are always current.
    """
    return f"{viewer}:{[m.number for m in trend]!r}"
