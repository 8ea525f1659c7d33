"""What one person's App Home shows, read in the caller's transaction: `home_for` gives
the `PublishHome` effect (with any trend pictures still to upload)."""

from __future__ import annotations

from sqlmodel import Session

from bot.blocks import home as views
from bot.flows import metrics, report_back, rota
from bot.flows.set_life import SetStatus
from bot.services.guards import life_status, rota_of
from bot.services.result import HomeChart, PublishHome
from bot.store import (
    repo_learning,
    repo_meetings,
    repo_metrics,
    repo_questions,
    repo_reports,
    repo_sets,
)
from bot.store.tables import LearningSet


def home_for(
    session: Session, user: str, page: int = 0, notice: views.Notice | None = None
) -> PublishHome:
    """One person's Home, read now; the charts that changed are drawn by the outbox."""
    sets = [
        _home_set(session, row, user)
        for row in repo_sets.sets_of_member(session=session, user_id=user)
    ]
    per_page = views.ACTIONS_PER_PAGE
    rows, total = repo_meetings.open_actions_of_user(
        session=session, user_id=user, offset=max(0, page) * per_page, limit=per_page
    )
    if not rows and page > 0:
        page = 0
        rows, total = repo_meetings.open_actions_of_user(
            session=session, user_id=user, offset=0, limit=per_page
        )
    actions = [
        views.HomeAction(
            id=a.id or 0,
            text=a.text,
            set_name=name,
            due=a.due_date.strftime("%a %d %b %Y") if a.due_date else "the next meeting",
        )
        for a, name in rows
    ]
    learnings = [
        views.HomeLearning(
            id=item.id or 0,
            text=item.text,
            set_name=row.name,
            meeting=m.number,
            source=item.source,
            shareable=item.shareable,
        )
        for item, m, row in repo_learning.learning_log(
            session=session, user_id=user, limit=views.MAX_LEARNINGS
        )
    ]
    coached = repo_sets.sets_facilitated(session=session, user_id=user)
    facilitated, charts = [], []
    for row in coached[: views.MAX_FACILITATED]:
        health, chart = _health(session, row, user)
        facilitated.append(health)
        if chart is not None:
            charts.append(chart)
    model = views.HomeModel(
        sets=sets,
        actions=actions,
        action_total=total,
        page=page,
        learnings=learnings,
        learning_total=repo_learning.count_learnings(session=session, user_id=user),
        facilitated=facilitated,
        facilitated_total=len(coached),
        notice=notice,
    )
    return PublishHome(user, model, tuple(charts))


def _home_set(session: Session, row: LearningSet, user: str) -> views.HomeSet:
    upcoming = None
    report = None
    status = life_status(row)
    if status == SetStatus.ACTIVE:
        upcoming = repo_meetings.next_scheduled(session=session, set_id=row.id or 0)
        if upcoming is not None:
            found = repo_reports.get_report(
                session=session, meeting_id=upcoming.id or 0, user_id=user
            )
            if found is not None and found.complete:
                report = "in"
            elif found is not None and report_back.loads(found.data).answered:
                report = "started"
    return views.HomeSet(
        id=row.id or 0,
        name=row.name,
        channel=row.channel_id,
        status=status,
        next_at=upcoming.scheduled_at if upcoming else None,
        next_meeting_id=upcoming.id if upcoming else None,
        report=report,
        facilitator=row.facilitator_id,
    )


def _health(
    session: Session, row: LearningSet, viewer: str
) -> tuple[views.SetHealth, HomeChart | None]:
    set_id = row.id or 0
    facts = repo_metrics.facts(session=session, set_id=set_id, timezone=row.timezone)
    trend = metrics.trend(facts)
    key = chart_key(trend, viewer)
    fresh = row.chart_key == key
    bank = repo_questions.question_bank(session=session, set_id=set_id, limit=5)
    members = repo_sets.list_members(session=session, set_id=set_id) if row.rotating else []
    health = views.SetHealth(
        id=set_id,
        name=row.name,
        status=life_status(row),
        meetings=trend,
        totals=metrics.totals(facts),
        questions=metrics.questions_by_member(facts),
        bank=[q.text for q in bank],
        nudge=row.nudge_questions,
        rota=rota.describe(rota_of(row, members)) if row.rotating else None,
        chart_file_id=row.chart_file_id if fresh else None,
    )
    chart = HomeChart(set_id, row.name, trend, key) if trend and not fresh else None
    return health, chart


def chart_key(trend: list[metrics.MeetingMetrics], viewer: str) -> str:
    """Which picture this is, and for whom (its file is shared in that person's DM).

    One picture per meeting held: each new one is a message in the facilitator's DM, so
    changes between meetings (an action marked done) wait for the next meeting's picture;
    the figures in Home's text are always current.
    """
    return f"{viewer}:{[m.number for m in trend]!r}"
