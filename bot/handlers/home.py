"""App Home: opening it, and its buttons (actions, learnings, set health, paging)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltContext

from bot.blocks import ids
from bot.blocks.home_programme import order_action
from bot.flows.actions import ActionStatus
from bot.flows.programme import Order
from bot.handlers.payload import first_action, gateway_of, team_of, user_of
from bot.services import Asker, Done, Services

STATUS = {
    ids.HOME_DONE: ActionStatus.DONE,
    ids.HOME_PARTLY: ActionStatus.PARTLY,
    ids.HOME_DROP: ActionStatus.DROPPED,
}

Press = Callable[[str, str, str, str], Done]  # (team, user, button value, trigger id)


def register(app: App, services: Services) -> None:
    home = services.home

    def pressed(press: Press) -> Callable[..., None]:
        def listener(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
            ack()
            user, value = user_of(body), str(first_action(body).get("value", ""))
            team, trigger = team_of(body), str(body.get("trigger_id", ""))
            services.outbox.after_ack(
                gateway_of(context), lambda: press(team, user, value, trigger), Asker(user)
            )

        return listener

    def on_open(event: dict[str, Any], context: BoltContext) -> None:
        if event.get("tab", "home") == "home" and event.get("user"):
            user = str(event["user"])
            services.outbox.after_ack(gateway_of(context), lambda: home.show(user))

    def page(_team: str, user: str, value: str, _trigger: str) -> Done:
        return home.show(user, page=int(value) if value.isdigit() else 0)

    app.event("app_home_opened")(on_open)

    actions = services.actions

    def marking(status: ActionStatus) -> Press:
        return lambda team, user, value, _trigger: actions.mark(team, user, value, status)

    for action_id, status in STATUS.items():
        app.action(action_id)(pressed(marking(status)))
    app.action(ids.HOME_SHARE)(pressed(lambda t, u, v, _g: home.share(t, u, v)))
    app.action(ids.HOME_SHARE_NAMED)(pressed(lambda t, u, v, _g: home.share(t, u, v)))
    app.action(ids.HOME_PAGE)(pressed(page))
    app.action(ids.HOME_PAGE_BACK)(pressed(page))
    app.action(ids.HOME_NOTE)(pressed(actions.note_form))
    app.action(ids.HOME_EDIT)(pressed(actions.edit_form))
    app.action(ids.HOME_UNDO)(pressed(lambda t, u, v, _g: actions.undo(t, u, v)))
    app.action(ids.HOME_EXPORT)(pressed(lambda t, u, v, _g: home.export(t, u, v)))
    app.action(ids.HOME_NUDGE)(pressed(lambda t, u, v, _g: home.switch_nudge(t, u, v)))
    leads = services.lead_home
    for order in Order:
        app.action(order_action(order))(pressed(lambda t, u, v, _g: leads.order(t, u, v)))
    app.action(ids.PROGRAMME_DIGEST)(pressed(lambda t, u, v, _g: leads.digest(t, u, v)))
    for paging in (ids.PROGRAMME_PAGE, f"{ids.PROGRAMME_PAGE}_next"):
        app.action(paging)(pressed(lambda t, u, v, _g: leads.page(t, u, v)))
