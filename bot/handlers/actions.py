"""Button presses: the control message, check-in, and opening the action form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.blocks import ids
from bot.flows.meeting_state import EventType, Presence
from bot.handlers.payload import first_action, team_of, user_of
from bot.services import DomainError, Services
from bot.services.core import ephemeral, open_modal

DRIVE = {
    ids.NEXT: EventType.NEXT,
    ids.BACK: EventType.BACK,
    ids.SKIP: EventType.SKIP,
    ids.EXTEND: EventType.EXTEND,
    ids.PAUSE: EventType.PAUSE,
    ids.RESUME: EventType.RESUME,
    ids.END: EventType.END,
}
CHECK_IN = {
    ids.CHECKIN_ISSUE: (Presence.ISSUE, "You're checked in, with an issue to bring."),
    ids.CHECKIN_NO_ISSUE: (Presence.NO_ISSUE, "You're checked in."),
    ids.CHECKIN_APOLOGIES: (Presence.APOLOGIES, "Apologies noted for this meeting."),
}
STALE = "That button belongs to a meeting that has ended."


def _where(body: dict[str, Any]) -> tuple[str, str, str, dict[str, Any]]:
    channel = (body.get("channel") or {}).get("id", "")
    return team_of(body), channel, user_of(body), first_action(body)


def _meeting_and_version(value: str) -> tuple[int, int | None]:
    meeting, _, version = value.partition(":")
    if not meeting.isdigit() or (version and not version.isdigit()):
        raise DomainError(STALE)
    return int(meeting), int(version) if version else None


def tell(client: WebClient, channel: str, user: str, text: str) -> None:
    """Reply to a click: ephemeral in a channel, a DM from App Home or a DM."""
    if channel and not channel.startswith("D"):
        ephemeral(client, channel, user, text)
    else:
        client.chat_postMessage(channel=channel or user, text=text)


Form = Callable[[str, str, str], dict[str, Any]]  # (team, user, button value) → modal


def opens(form: Form) -> Callable[..., None]:
    """A listener for a button that opens a modal at once, or says why it can't."""

    def listener(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        team, channel, user, action = _where(body)
        try:
            open_modal(
                client, body.get("trigger_id", ""), form(team, user, action.get("value", ""))
            )
        except DomainError as error:
            tell(client, channel, user, str(error))

    return listener


def register(app: App, services: Services) -> None:
    def on_drive(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        team, channel, user, action = _where(body)
        try:
            meeting_id, version = _meeting_and_version(action.get("value", ""))
            applied = services.meetings.apply_event(
                team,
                user,
                DRIVE[action["action_id"]],
                channel=channel,
                meeting_id=meeting_id,
                version=version,
                minutes=5,
            )
        except DomainError as error:
            ephemeral(client, channel, user, str(error))
            return
        services.effects.perform(client, applied)

    def on_check_in(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        team, channel, user, action = _where(body)
        presence, confirmation = CHECK_IN[action["action_id"]]
        try:
            meeting_id, _ = _meeting_and_version(action.get("value", ""))
            applied = services.meetings.apply_event(
                team,
                user,
                EventType.CHECK_IN,
                channel=channel,
                meeting_id=meeting_id,
                presence=presence,
            )
        except DomainError as error:
            ephemeral(client, channel, user, str(error))
            return
        services.effects.perform(client, applied)
        ephemeral(client, channel, user, confirmation)

    def on_apologies(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        team, channel, user, action = _where(body)
        try:
            text = services.reports.apologies(team, user, action.get("value", ""))
        except DomainError as error:
            text = str(error)
        client.chat_postMessage(channel=channel or user, text=text)

    def on_intervene(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        team, channel, user, action = _where(body)
        try:
            view = services.questions.intervene_form(team, user, action.get("value", ""))
            open_modal(client, body.get("trigger_id", ""), view)
            meeting_id, _ = _meeting_and_version(action.get("value", ""))
            applied = services.meetings.apply_event(
                team, user, EventType.PAUSE, channel=channel, meeting_id=meeting_id
            )
        except DomainError as error:
            if "already paused" not in str(error):
                tell(client, channel, user, str(error))
            return
        services.effects.perform(client, applied)

    def on_forget(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        ack()
        team, _, user, action = _where(body)
        if action.get("action_id") == ids.FORGET_CANCEL:
            respond(text="Nothing was removed.", replace_original=True)
            return
        try:
            text = services.privacy.forget(team, user, action.get("value", ""))
        except DomainError as error:
            respond(text=str(error), replace_original=True)
            return
        respond(text=text, replace_original=True)
        services.home.publish(client, user)

    for action_id in DRIVE:
        app.action(action_id)(on_drive)
    for action_id in CHECK_IN:
        app.action(action_id)(on_check_in)
    app.action(ids.ADD_ACTION)(opens(services.meetings.action_form))
    app.action(ids.REPORT_FORM)(opens(services.reports.form))
    app.action(ids.REPORT_APOLOGIES)(on_apologies)
    app.action(ids.REFLECT)(opens(services.reflections.form))
    app.action(ids.INTERVENE)(on_intervene)
    app.action(ids.FORGET_CONFIRM)(on_forget)
    app.action(ids.FORGET_CANCEL)(on_forget)
