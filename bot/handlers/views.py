"""Modal submissions: the set form and the action form."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.blocks import action_form, ids
from bot.blocks import reflection as reflection_views
from bot.flows.meeting_state import EventType
from bot.handlers.payload import team_of
from bot.services import DomainError, Services


def register(app: App, services: Services) -> None:
    def on_set_form(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient
    ) -> None:
        team = team_of(body)
        result = services.sets.submit_form(team, body["user"]["id"], view)
        if isinstance(result, dict):
            ack(response_action="errors", errors=result)
            return
        ack()
        services.sets.announce(client, result)

    def on_action_form(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient
    ) -> None:
        team = team_of(body)
        user = body["user"]["id"]
        where = action_form.metadata(view)
        today = services.deps.clock().date()
        draft = action_form.parse(view.get("state", {}).get("values", {}), today)
        if where is None:
            draft = {ids.ACTION_TEXT: "This form has expired. Close it and try again."}
        if isinstance(draft, dict):
            ack(response_action="errors", errors=draft)
            return
        meeting_id, owner = where  # type: ignore[misc]
        try:
            applied = services.meetings.apply_event(
                team,
                user,
                EventType.RECORD_ACTION,
                meeting_id=meeting_id,
                target=owner,
                action=draft,
            )
        except DomainError as error:
            ack(response_action="errors", errors={ids.ACTION_TEXT: str(error)})
            return
        ack()
        services.effects.action_recorded(client, applied, owner, draft)

    def on_report_form(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient
    ) -> None:
        team = team_of(body)
        user = body["user"]["id"]
        errors, said, reported = services.reports.submit(team, user, view)
        if errors:
            ack(response_action="errors", errors=errors)
            return
        ack()
        if said:
            services.reports.respond_in_dm(client, user, said)
        if reported and reported.live:
            services.effects.refresh(client, reported.meeting_id)
        services.home.publish(client, user)

    def on_reflection(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient
    ) -> None:
        team = team_of(body)
        result = services.reflections.submit(team, body["user"]["id"], view)
        if isinstance(result, dict):
            ack(response_action="errors", errors=result)
            return
        ack()
        services.reflections.confirm(client, result)
        services.home.publish(client, result.user)

    def on_intervene(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient
    ) -> None:
        team = team_of(body)
        try:
            item = services.questions.intervention(team, body["user"]["id"], view)
        except DomainError as error:
            ack(response_action="errors", errors={ids.INTERVENE_TEXT: str(error)})
            return
        ack()
        try:
            services.questions.post_intervention(client, item)
        except DomainError as error:
            client.chat_postMessage(channel=item.user, text=str(error))

    def on_intervene_closed(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient
    ) -> None:
        """Cancelled: the meeting resumes, unless it was paused before the coach stepped in."""
        ack()
        team = team_of(body)
        meeting_id, was_paused = reflection_views.intervene_metadata(view)
        if was_paused or not meeting_id:
            return
        try:
            applied = services.meetings.apply_event(
                team, body["user"]["id"], EventType.RESUME, meeting_id=meeting_id
            )
        except DomainError:
            return  # resumed already, or the meeting ended meanwhile
        services.effects.perform(client, applied)

    app.view(ids.SET_FORM)(on_set_form)
    app.view(ids.INTERVENE_VIEW)(on_intervene)
    app.view_closed(ids.INTERVENE_VIEW)(on_intervene_closed)
    app.view(ids.REFLECTION_VIEW)(on_reflection)
    app.view(ids.REPORT_FORM_VIEW)(on_report_form)
    app.view(ids.ACTION_FORM)(on_action_form)
