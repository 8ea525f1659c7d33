"""Modal submissions: inline errors in the ack, or ack and the effects through the outbox;
and the set form's time zone search."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltContext

from bot.blocks import ids, set_form
from bot.handlers.payload import gateway_of, team_of, user_of
from bot.services import Asker, Done, Services

Submit = Callable[[str, str, dict[str, Any]], Done]  # (team, user, view) → what to do


def register(app: App, services: Services) -> None:
    def submitted(submit: Submit) -> Callable[..., None]:
        def listener(
            ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext
        ) -> None:
            user = user_of(body)
            done = submit(team_of(body), user, view)
            if done.errors:
                ack(response_action="errors", errors=dict(done.errors))
                return
            ack()
            services.outbox.after_ack(gateway_of(context), done, Asker(user))

        return listener

    def closed(ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext) -> None:
        """Intervene cancelled: the meeting resumes, unless it was paused before."""
        ack()
        team, user = team_of(body), user_of(body)
        services.outbox.after_ack(
            gateway_of(context),
            lambda: services.intervene.cancelled(team, user, view),
            Asker(user),
        )

    def zone_search(ack: Ack, body: dict[str, Any]) -> None:
        """The set form's time zone search: its options straight in the ack."""
        options = services.setup.zone_options(
            user_of(body),
            str(body.get("block_id", "")),
            body.get("view") or {},
            str(body.get("value", "")),
        )
        ack(options=options)

    # Every input of the set form has the action_id "value" (set_form.VALUE); the one that
    # asks for options is its time zone (external_select).
    app.options(set_form.VALUE)(zone_search)
    app.view(ids.SET_FORM)(submitted(services.setup.submit_form))

    def programme_submitted(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext
    ) -> None:
        """The programme form, with Slack at hand: the leads' time zones for their digest."""
        gateway = gateway_of(context)
        submit = lambda team, user, v: services.programmes.submit(team, user, v, gateway)  # noqa: E731
        submitted(submit)(ack, body, view, context)

    app.view(ids.PROGRAMME_FORM)(programme_submitted)
    app.view(ids.FOLLOW_UP_VIEW)(submitted(services.follow_ups.submit))
    app.view(ids.INTERVENE_VIEW)(submitted(services.intervene.submit))
    app.view_closed(ids.INTERVENE_VIEW)(closed)
    app.view(ids.REFLECTION_VIEW)(submitted(services.reflections.submit))
    app.view(ids.REPORT_FORM_VIEW)(submitted(services.reports.submit))
    app.view(ids.ACTION_FORM)(submitted(services.meetings.record_action))
    app.view(ids.NOTE_VIEW)(submitted(services.actions.save_note))
    app.view(ids.ACTION_EDIT_VIEW)(submitted(services.actions.save_edit))
