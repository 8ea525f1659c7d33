"""App Home: published when opened and when something of the person's changes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlmodel import Session

from bot import chart
from bot.blocks import home as views
from bot.blocks.text import clip, escape, mention
from bot.flows import metrics, report_back, rota
from bot.services.core import (
    UPLOAD_FAILURES,
    Deps,
    DomainError,
    log,
    slack_error,
    upload_error,
)
from bot.services.sets import life_status, require_facilitator, rota_of
from bot.store import (
    repo_learning,
    repo_meetings,
    repo_metrics,
    repo_questions,
    repo_reports,
    repo_sets,
)
from bot.store.tables import Action, LearningSet

STATUS_WORDS = {"done": "done", "partly": "partly done", "dropped": "dropped"}


class HomeService:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    # ---- reading ----

    def model(
        self, session: Session, user: str, page: int = 0, notice: views.Notice | None = None
    ) -> tuple[views.HomeModel, list[tuple[LearningSet, list[metrics.MeetingMetrics]]]]:
        sets = [
            self._home_set(session, row, user)
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
        log_rows = repo_learning.learning_log(
            session=session, user_id=user, limit=views.MAX_LEARNINGS
        )
        learnings = [
            views.HomeLearning(
                id=item.id or 0,
                text=item.text,
                set_name=row.name,
                meeting=m.number,
                source=item.source,
                shareable=item.shareable,
            )
            for item, m, row in log_rows
        ]
        facilitated = []
        charts = []
        coached = repo_sets.sets_facilitated(session=session, user_id=user)
        for row in coached[: views.MAX_FACILITATED]:
            facts = repo_metrics.facts(session=session, set_id=row.id or 0, timezone=row.timezone)
            trend = metrics.trend(facts)
            fresh = row.chart_key == _chart_key(trend, user)
            bank = repo_questions.question_bank(session=session, set_id=row.id or 0, limit=5)
            facilitated.append(
                views.SetHealth(
                    id=row.id or 0,
                    name=row.name,
                    status=life_status(row),
                    meetings=trend,
                    totals=metrics.totals(facts),
                    questions=metrics.questions_by_member(facts),
                    bank=[q.text for q in bank],
                    nudge=row.nudge_questions,
                    rota=rota.describe(rota_of(session, row)) if row.rotating else None,
                    chart_file_id=row.chart_file_id if fresh else None,
                )
            )
            if trend and not fresh:
                charts.append((row, trend))
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
        return model, charts

    def _home_set(self, session: Session, row: LearningSet, user: str) -> views.HomeSet:
        upcoming = None
        report = None
        if row.status == "active" and not row.suspended:
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
            status=life_status(row),
            next_at=upcoming.scheduled_at if upcoming else None,
            next_meeting_id=upcoming.id if upcoming else None,
            report=report,
            facilitator=row.facilitator_id,
        )

    # ---- publishing ----

    def publish(
        self, client: WebClient, user: str, page: int = 0, notice: views.Notice | None = None
    ) -> None:
        """Render and publish one person's Home; Slack failures are logged, never raised."""
        with self.deps.session() as session:
            model, charts = self.model(session, user, page, notice)
        fresh: set[str] = set()
        if charts:
            model, fresh = self._with_charts(client, user, model, charts)
        view = views.build(model)
        try:
            client.views_publish(user_id=user, view=view)
        except SlackApiError as error:
            code = slack_error(error)
            if code == "invalid_blocks" and any(b.get("type") == "image" for b in view["blocks"]):
                # Slack won't show a chart here: show the rest, and stop offering a picture
                # it has refused before (a file just uploaded may still be processing).
                self._refused(model, fresh)
                try:
                    client.views_publish(user_id=user, view=views.without_images(view))
                    return
                except SlackApiError as again:
                    code = slack_error(again)
            log.warning("could not publish App Home for %s: %s", user, code)

    def _with_charts(
        self,
        client: WebClient,
        user: str,
        model: views.HomeModel,
        charts: list[tuple[LearningSet, list[metrics.MeetingMetrics]]],
    ) -> tuple[views.HomeModel, set[str]]:
        """Draw and upload the trend pictures that changed; remember their files.

        Each goes to the facilitator's DM with the bot: a file uploaded with no channel is
        private to the app, and Slack refuses to show it in their Home.
        """
        files: dict[int, str] = {}
        try:
            dm = str(client.conversations_open(users=user)["channel"]["id"])
        except SlackApiError as error:
            log.warning("no DM with %s for the trend charts: %s", user, slack_error(error))
            return model, set()
        for row, trend in charts:
            try:
                png = chart.trend_png(row.name, trend)
                uploaded = client.files_upload_v2(
                    channel=dm,
                    content=png,
                    filename=f"set-{row.id}-trend.png",
                    title=f"{row.name}: trend",
                    initial_comment=f"📈 *{escape(row.name)}* after meeting {trend[-1].number}: "
                    "attendance, report-backs and follow-through. It's in your App Home too.",
                )
                found: Any = uploaded.get("file") or {}
                file_id = str(found.get("id") or "")
            except (*UPLOAD_FAILURES, ValueError) as error:
                log.warning("could not upload the trend of set %s: %s", row.id, upload_error(error))
                continue
            if not file_id:
                continue
            files[row.id or 0] = file_id
            with self.deps.session() as session:
                stored = repo_sets.get_set(session=session, set_id=row.id or 0)
                if stored is not None:
                    stored.chart_key, stored.chart_file_id = _chart_key(trend, user), file_id
                    session.add(stored)
        health = [
            replace(h, chart_file_id=files.get(h.id, h.chart_file_id)) for h in model.facilitated
        ]
        return replace(model, facilitated=health), set(files.values())

    def _refused(self, model: views.HomeModel, fresh: set[str]) -> None:
        """Charts Slack refused to show, except ones uploaded just now: shown no more until
        their trend changes (the key stays, so they aren't uploaded again either)."""
        refused = {
            h.id for h in model.facilitated if h.chart_file_id and h.chart_file_id not in fresh
        }
        if not refused:
            return
        with self.deps.session() as session:
            for set_id in refused:
                stored = repo_sets.get_set(session=session, set_id=set_id)
                if stored is not None:
                    stored.chart_file_id = ""
                    session.add(stored)

    def publish_many(self, client: WebClient, users: Iterable[str]) -> None:
        for user in dict.fromkeys(users):
            self.publish(client, user)

    def set_people(self, set_id: int) -> list[str]:
        """Everyone whose Home shows this set: its members and its facilitator."""
        with self.deps.session() as session:
            row = repo_sets.get_set(session=session, set_id=set_id)
            members = repo_sets.list_members(session=session, set_id=set_id)
            return [*members, row.facilitator_id] if row else members

    # ---- changes from Home ----

    def mark(self, team: str, user: str, value: str, status: str) -> views.Notice:
        """Done / Partly / Drop on one of my actions."""
        with self.deps.session() as session:
            action, row = self._own_action(session, team, user, value, "mark it")
            if row.status == "closed":
                raise DomainError(f"*{escape(row.name)}* has closed, so its actions are read-only.")
            if action.status != "open":
                word = STATUS_WORDS.get(action.status, action.status.replace("_", " "))
                raise DomainError(f"That action is already marked {word}.")
            repo_meetings.set_action_status(
                session=session,
                action_id=action.id or 0,
                owner_id=user,
                status=status,
                now=self.deps.clock(),
            )
            icon = "✅" if status == "done" else "☑️"
            text = f"{icon} Marked {STATUS_WORDS[status]}: {escape(clip(action.text, 200))}"
            return views.Notice(text, action.id)

    def note_form(self, team: str, user: str, value: str) -> dict[str, Any]:
        with self.deps.session() as session:
            action, _ = self._own_action(session, team, user, value, "add a note")
            return views.note_form(action.id or 0, action.text)

    @staticmethod
    def _own_action(
        session: Session, team: str, user: str, value: str, doing: str
    ) -> tuple[Action, LearningSet]:
        """The action a Home button names, if it is this person's; DomainError otherwise."""
        if not value.isdigit():
            raise DomainError("That button has expired: here is your Home as it is now.")
        action = repo_meetings.get_action(session=session, action_id=int(value))
        row = repo_sets.get_set(session=session, set_id=action.set_id) if action else None
        if action is None or row is None or row.team_id != team:
            raise DomainError("That action no longer exists.")
        if action.owner_id != user:
            raise DomainError(
                f"That action is {mention(action.owner_id)}'s: only they can {doing}."
            )
        return action, row

    def save_note(self, team: str, user: str, value: str, note: str) -> views.Notice:
        note = note.strip()
        if not note:
            raise DomainError("Write a note, or cancel.")
        with self.deps.session() as session:
            action, _ = self._own_action(session, team, user, value, "add a note")
            action.note = clip(note, 2000)
            action.updated_at = self.deps.clock()
            session.add(action)
            return views.Notice(f"📝 Note saved on: {escape(clip(action.text, 200))}")

    def share(self, team: str, user: str, value: str) -> views.Notice:
        learning, _, flag = value.partition(":")
        if not learning.isdigit() or flag not in ("0", "1"):
            raise DomainError("That button has expired: here is your Home as it is now.")
        with self.deps.session() as session:
            if not repo_learning.set_shareable(
                session=session, learning_id=int(learning), user_id=user, shareable=flag == "1"
            ):
                raise DomainError("Only the learning's author can share it.")
        if flag == "1":
            return views.Notice("🌍 That learning may now be shared beyond the set (in exports).")
        return views.Notice("🔒 That learning stays inside the set.")

    def check_facilitator(self, team: str, user: str, set_id: int) -> LearningSet:
        with self.deps.session() as session:
            row = repo_sets.get_set(session=session, set_id=set_id)
            if row is None or row.team_id != team:
                raise DomainError("That set no longer exists.")
            require_facilitator(row, user, "do that")
            return row


def _chart_key(trend: list[metrics.MeetingMetrics], viewer: str) -> str:
    """Which picture this is, and for whom (its file is shared in that person's DM).

    One picture per meeting held: each new one is a message in the facilitator's DM, so
    changes between meetings (an action marked done) wait for the next meeting's picture;
    the figures in Home's text are always current.
    """
    return f"{viewer}:{[m.number for m in trend]!r}"
