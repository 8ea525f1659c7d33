"""Button presses in messages: the control message, check-in, the DM prompt's buttons,
and buttons that open a form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltContext

from bot.blocks import ids
from bot.flows.meeting_state import EventType, Presence
from bot.handlers.payload import Pressed, gateway_of, pressed_of
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

Press = Callable[[Pressed], Done]  # a button press → what to do


def meeting_and_version(value: str) -> tuple[int, int | None] | None:
    """A control button's "meeting:version" value; None when it isn't one."""
    meeting, _, version = value.partition(":")
    if not meeting.isdigit() or (version and not version.isdigit()):
        return None
    return int(meeting), int(version) if version else None


# How each kind of use case takes a press (so the table below names the use cases).
def opens(form: Callable[[str, str, str, str], Done]) -> Press:
    """A button that opens a form: (team, user, value, trigger) → the modal, or why not."""
    return lambda p: form(p.team, p.user, p.value, p.trigger)


def by_value(use: Callable[[str, str, str], Done]) -> Press:
    return lambda p: use(p.team, p.user, p.value)


def by_person(use: Callable[[str, str], Done]) -> Press:
    return lambda p: use(p.team, p.user)


def in_dm(use: Callable[[str, str, str, str], Done]) -> Press:
    return lambda p: use(p.team, p.user, p.value, p.channel)


def on_its_message(use: Callable[[str, str, str, str, str], Done]) -> Press:
    """A button whose use case rewrites the message it is on."""
    return lambda p: use(p.team, p.user, p.value, p.channel, p.message_ts)


def whole(use: Callable[[str, str, str, str, str], Done]) -> Press:
    return lambda p: use(p.team, p.user, p.channel, p.value, p.trigger)


def plain(use: Callable[[], Done]) -> Press:
    return lambda _p: use()


def register(app: App, services: Services) -> None:
    def pressed(press: Press, tell: bool = True) -> Callable[..., None]:
        """A listener: ack, one use case, its reply and effects through the outbox."""

        def listener(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
            ack()
            p = pressed_of(body)
            asker = Asker(p.user, p.channel) if tell else None
            services.outbox.after_ack(gateway_of(context), lambda: press(p), asker)

        return listener

    def drive(event: EventType, presence: Presence | None = None, said: str = "") -> Press:
        def press(p: Pressed) -> Done:
            parsed = meeting_and_version(p.value)
            if parsed is None:
                return Done.say(STALE)
            meeting_id, version = parsed
            request = Request(
                p.team,
                p.user,
                event,
                channel=p.channel,
                meeting_id=meeting_id,
                version=version,
                minutes=5,
                presence=presence,
                ask_first=event == EventType.END,
            )
            return services.meetings.apply_event(request, said)

        return press

    for action_id, event in DRIVE.items():
        app.action(action_id)(pressed(drive(event)))
    for action_id, (presence, said) in CHECK_IN.items():
        app.action(action_id)(pressed(drive(EventType.CHECK_IN, presence, said)))

    table: dict[str, Press] = {
        ids.ADD_ACTION: opens(services.meetings.action_form),
        ids.REPORT_FORM: opens(services.reports.form),
        ids.REFLECT: opens(services.reflections.form),
        ids.REPORT_APOLOGIES: in_dm(services.apologies.send),
        ids.REPORT_COME_BACK: on_its_message(services.apologies.come_after_all),
        ids.DM_FOR_SET: by_value(services.dm.answer_for),
        ids.DM_MY_ACTIONS: by_person(services.dm.my_actions),
        ids.DM_HELP: plain(services.dm.help),
        ids.ADD_TO_CALENDAR: by_value(services.calendar.send),
        ids.BRIEF_REMIND: by_value(services.remind.remind),
        ids.INTERVENE: whole(services.intervene.open),
        # Done / Partly / Not done / Skip under an action the report-back asks about
        **{a: on_its_message(services.reports.choose) for a in ids.REPORT_ACTION_OUTCOME.values()},
    }
    for action_id, press in table.items():
        app.action(action_id)(pressed(press))

    # Ending early: the answer replaces the question (by its response_url)
    meetings = services.meetings
    app.action(ids.KEEP_GOING)(pressed(lambda p: meetings.keep_going(p.response_url), tell=False))
    app.action(ids.END_NOW)(
        pressed(
            lambda p: meetings.end_now(p.team, p.user, p.value, p.channel, p.response_url),
            tell=False,
        )
    )

    # A follow-up months after a set closed: its form, or not now (replacing the question)
    follow_ups = services.follow_ups
    app.action(ids.FOLLOW_UP_ANSWER)(
        pressed(lambda p: follow_ups.form(p.team, p.user, p.value, p.trigger))
    )
    app.action(ids.FOLLOW_UP_NOT_NOW)(
        pressed(lambda p: follow_ups.not_now(p.team, p.user, p.value, p.response_url))
    )
    # Forget me: the answer replaces the question (by its response_url), nothing else is told
    privacy = services.privacy
    app.action(ids.FORGET_CANCEL)(pressed(lambda p: privacy.cancel(p.response_url), tell=False))
    app.action(ids.FORGET_CONFIRM)(
        pressed(lambda p: privacy.forget(p.team, p.user, p.value, p.response_url), tell=False)
    )
