"""Button presses in messages: the control message, check-in, the DM prompt's buttons,
and buttons that open a form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.blocks import ids
from bot.flows.meeting_state import EventType, Presence
from bot.handlers.payload import first_action, team_of, user_of
from bot.services import Asker, Done, Services
from bot.services.meetings import Request

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

# (team, user, channel, button value, trigger id) → what to do
Press = Callable[[str, str, str, str, str], Done]


def meeting_and_version(value: str) -> tuple[int, int | None] | None:
    """A control button's "meeting:version" value; None when it isn't one."""
    meeting, _, version = value.partition(":")
    if not meeting.isdigit() or (version and not version.isdigit()):
        return None
    return int(meeting), int(version) if version else None


def register(app: App, services: Services) -> None:
    def pressed(press: Press) -> Callable[..., None]:
        """A listener: ack, one use case, its reply and effects through the outbox."""

        def listener(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
            ack()
            channel = (body.get("channel") or {}).get("id", "")
            user, action = user_of(body), first_action(body)
            value, trigger = str(action.get("value", "")), str(body.get("trigger_id", ""))
            done = press(team_of(body), user, channel, value, trigger)
            services.outbox.deliver(services.slack(client), done, Asker(user, channel))

        return listener

    def drive(event: EventType, presence: Presence | None = None, said: str = "") -> Press:
        def press(team: str, user: str, channel: str, value: str, _trigger: str) -> Done:
            parsed = meeting_and_version(value)
            if parsed is None:
                return Done.say(STALE)
            meeting_id, version = parsed
            request = Request(
                team,
                user,
                event,
                channel=channel,
                meeting_id=meeting_id,
                version=version,
                minutes=5,
                presence=presence,
            )
            return services.meetings.apply_event(request, said)

        return press

    for action_id, event in DRIVE.items():
        app.action(action_id)(pressed(drive(event)))
    for action_id, (presence, said) in CHECK_IN.items():
        app.action(action_id)(pressed(drive(EventType.CHECK_IN, presence, said)))

    def opens(form: Callable[[str, str, str, str], Done]) -> Press:
        """A button that opens a form: (team, user, value, trigger) → the modal, or why not."""
        return lambda team, user, _channel, value, trigger: form(team, user, value, trigger)

    app.action(ids.ADD_ACTION)(pressed(opens(services.meetings.action_form)))
    app.action(ids.REPORT_FORM)(pressed(opens(services.reports.form)))
    app.action(ids.REFLECT)(pressed(opens(services.reflections.form)))
    app.action(ids.REPORT_APOLOGIES)(
        pressed(lambda t, u, c, v, _g: services.apologies.send(t, u, v, c))
    )
    app.action(ids.DM_FOR_SET)(pressed(lambda t, u, _c, v, _g: services.dm.answer_for(t, u, v)))
    app.action(ids.DM_MY_ACTIONS)(pressed(lambda t, u, _c, _v, _g: services.dm.my_actions(t, u)))
    app.action(ids.BRIEF_REMIND)(pressed(lambda t, u, _c, v, _g: services.remind.remind(t, u, v)))
    app.action(ids.DM_HELP)(pressed(lambda _t, _u, _c, _v, _g: services.dm.help()))

    app.action(ids.INTERVENE)(pressed(services.intervene.open))

    def on_outcome(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        """Done / Partly / Not done / Skip under an action the report-back asks about."""
        ack()
        channel = (body.get("channel") or {}).get("id", "")
        ts = str((body.get("container") or {}).get("message_ts") or "")
        user, value = user_of(body), str(first_action(body).get("value", ""))
        done = services.reports.choose(team_of(body), user, value, channel, ts)
        services.outbox.deliver(services.slack(client), done, Asker(user, channel))

    for action_id in ids.REPORT_ACTION_OUTCOME.values():
        app.action(action_id)(on_outcome)

    def on_come_back(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        """I can come after all, under the "Apologies sent" message (rewritten in place)."""
        ack()
        channel = (body.get("channel") or {}).get("id", "")
        ts = str((body.get("container") or {}).get("message_ts") or "")
        user, value = user_of(body), str(first_action(body).get("value", ""))
        done = services.apologies.come_after_all(team_of(body), user, value, channel, ts)
        services.outbox.deliver(services.slack(client), done, Asker(user, channel))

    app.action(ids.REPORT_COME_BACK)(on_come_back)

    def on_forget(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        url, action = str(body.get("response_url", "")), first_action(body)
        if action.get("action_id") == ids.FORGET_CANCEL:
            done = services.privacy.cancel(url)
        else:
            done = services.privacy.forget(
                team_of(body), user_of(body), str(action.get("value", "")), url
            )
        services.outbox.deliver(services.slack(client), done)

    app.action(ids.FORGET_CONFIRM)(on_forget)
    app.action(ids.FORGET_CANCEL)(on_forget)
