"""App Home: opening it, and its buttons (actions, learnings, set health, paging)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.blocks import ids
from bot.blocks.home import Notice
from bot.handlers.payload import first_action, team_of, user_of
from bot.services import DomainError, Services
from bot.services.core import open_modal

STATUS = {ids.HOME_DONE: "done", ids.HOME_PARTLY: "partly", ids.HOME_DROP: "dropped"}


def _who(body: dict[str, Any]) -> tuple[str, str, str]:
    return team_of(body), user_of(body), str(first_action(body).get("value", ""))


Change = Callable[[str, str, str], Notice]  # (team, user, button value) → what to say


def register(app: App, services: Services) -> None:
    home = services.home

    def changes(change: Change) -> Callable[..., None]:
        """A Home button that changes something, then shows Home again with a notice."""

        def listener(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
            ack()
            team, user, value = _who(body)
            try:
                notice = change(team, user, value)
            except DomainError as error:
                notice = Notice(f"⚠️ {error}")
            home.publish(client, user, notice=notice)

        return listener

    def switch_nudge(team: str, user: str, value: str) -> Notice:
        set_id, _, switch = value.partition(":")
        number = int(set_id) if set_id.isdigit() else 0
        return Notice(services.questions.set_nudge_by_id(team, user, number, switch == "on"))

    def on_open(event: dict[str, Any], client: WebClient) -> None:
        if event.get("tab", "home") == "home" and event.get("user"):
            home.publish(client, event["user"])

    def on_page(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        _, user, value = _who(body)
        home.publish(client, user, page=int(value) if value.isdigit() else 0)

    def on_note(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        team, user, value = _who(body)
        try:
            open_modal(client, body.get("trigger_id", ""), home.note_form(team, user, value))
        except DomainError as error:
            home.publish(client, user, notice=Notice(f"⚠️ {error}"))

    def on_note_saved(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient
    ) -> None:
        team = team_of(body)
        user = body.get("user", {}).get("id", "")
        values = view.get("state", {}).get("values", {})
        note = str(((values.get(ids.NOTE_TEXT) or {}).get("value") or {}).get("value") or "")
        try:
            notice = home.save_note(team, user, str(view.get("private_metadata", "")), note)
        except DomainError as error:
            ack(response_action="errors", errors={ids.NOTE_TEXT: str(error)})
            return
        ack()
        home.publish(client, user, notice=notice)

    def on_export(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        team, user, value = _who(body)
        try:
            job = services.export.prepare_by_id(team, user, int(value) if value.isdigit() else 0)
        except DomainError as error:
            home.publish(client, user, notice=Notice(f"⚠️ {error}"))
            return
        home.publish(client, user, notice=Notice("📦 The export is on its way to your DMs."))
        services.export.send(client, job)

    app.event("app_home_opened")(on_open)
    for action_id, status in STATUS.items():
        app.action(action_id)(changes(partial(home.mark, status=status)))
    app.action(ids.HOME_SHARE)(changes(home.share))
    app.action(ids.HOME_PAGE)(on_page)
    app.action(ids.HOME_PAGE_BACK)(on_page)
    app.action(ids.HOME_NOTE)(on_note)
    app.view(ids.NOTE_VIEW)(on_note_saved)
    app.action(ids.HOME_EXPORT)(on_export)
    app.action(ids.HOME_NUDGE)(changes(switch_nudge))
