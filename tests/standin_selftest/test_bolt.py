"""A tiny Bolt app driven through the stand-in, over signed HTTP and over Socket Mode."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient

from tests.slack_standin import Slack, SlackStandin, WsgiHost

from .conftest import ALICE, BOB, SET_CHANNEL


def _plain(text: str) -> dict[str, str]:
    return {"type": "plain_text", "text": text}


CREATE_VIEW = {
    "type": "modal",
    "callback_id": "create_set",
    "title": {"type": "plain_text", "text": "Create a set"},
    "submit": {"type": "plain_text", "text": "Create"},
    "blocks": [
        {
            "type": "input",
            "block_id": "name",
            "label": {"type": "plain_text", "text": "Name"},
            "element": {"type": "plain_text_input", "action_id": "value"},
        },
        {
            "type": "input",
            "block_id": "members",
            "label": {"type": "plain_text", "text": "Who"},
            "element": {"type": "multi_users_select", "action_id": "value"},
        },
        {
            "type": "input",
            "block_id": "cadence",
            "label": _plain("How often"),
            "element": {
                "type": "static_select",
                "action_id": "value",
                "options": [
                    {"text": _plain(t), "value": v}
                    for t, v in (("Weekly", "weekly"), ("Monthly", "monthly"))
                ],
                "initial_option": {"text": _plain("Weekly"), "value": "weekly"},
            },
        },
        {
            "type": "input",
            "block_id": "first",
            "label": {"type": "plain_text", "text": "First"},
            "element": {"type": "datepicker", "action_id": "value"},
        },
        {
            "type": "actions",
            "elements": [
                {
                    "type": "button",
                    "action_id": "defaults",
                    "text": {"type": "plain_text", "text": "Use defaults"},
                }
            ],
        },
    ],
}
CONTROLS = [
    {"type": "section", "text": {"type": "mrkdwn", "text": "Meeting 1 has started"}},
    {
        "type": "actions",
        "block_id": "controls",
        "elements": [
            {"type": "button", "action_id": "next", "text": _plain("Next turn")},
        ],
    },
]
HOME_BUTTON = {
    "type": "button",
    "action_id": "done",
    "value": "action-7",
    "text": {"type": "plain_text", "text": "Mark done"},
}


def build_app(standin: SlackStandin, created: list[dict[str, Any]]) -> App:
    """The app under test: one command, a modal, a button, two events, an App Home."""
    client = WebClient(token=standin.bot_token, base_url=standin.api_url)
    app = App(client=client, signing_secret=standin.signing_secret)

    @app.command("/set")
    def set_command(ack, command, respond, client) -> None:
        text = command["text"]
        if text == "create":
            ack()
            client.views_open(trigger_id=command["trigger_id"], view=CREATE_VIEW)
        elif text == "menu":
            ack()
            respond(
                text="Menu",
                blocks=[
                    {
                        "type": "actions",
                        "elements": [
                            {
                                "type": "button",
                                "action_id": "help",
                                "value": "h",
                                "text": {"type": "plain_text", "text": "Help"},
                            }
                        ],
                    }
                ],
            )
        elif text == "start":
            ack()
            client.chat_postMessage(channel=command["channel_id"], text="Started", blocks=CONTROLS)
        else:
            ack("Working on it")
            respond("Done, later")

    @app.action("next")
    def next_turn(ack, body, respond) -> None:
        ack()
        respond(replace_original=True, text=f"Turn passed by <@{body['user']['id']}>")

    @app.action("help")
    def help_clicked(ack, body, respond) -> None:
        ack()
        ephemeral = body["container"]["is_ephemeral"] and "message" not in body
        respond(replace_original=True, text=f"Help (ephemeral container: {ephemeral})")

    @app.action("defaults")
    def use_defaults(ack, body, client) -> None:
        ack()
        view = body["view"]
        title = {"type": "plain_text", "text": "Create (defaults)"}
        new = {k: view[k] for k in ("type", "callback_id", "submit", "blocks")} | {"title": title}
        client.views_update(view_id=view["id"], hash=view["hash"], view=new)

    @app.view("create_set")
    def create_set(ack, view) -> None:
        values = view["state"]["values"]
        name = values["name"]["value"]["value"]
        if len(name) < 3:
            ack(response_action="errors", errors={"name": "Use at least 3 characters"})
            return
        ack()
        created.append(
            {
                "name": name,
                "members": values["members"]["value"]["selected_users"],
                "cadence": values["cadence"]["value"]["selected_option"]["value"],
                "first": values["first"]["value"]["selected_date"],
            }
        )

    @app.event("app_mention")
    def mentioned(event, say) -> None:
        say(f"Hi <@{event['user']}>")

    @app.event("app_home_opened")
    def home(event, client) -> None:
        client.views_publish(
            user_id=event["user"],
            view={
                "type": "home",
                "blocks": [
                    {
                        "type": "section",
                        "text": {"type": "mrkdwn", "text": "Your actions"},
                        "accessory": HOME_BUTTON,
                    }
                ],
            },
        )

    @app.action("done")
    def done(ack, body, client) -> None:
        ack()
        value = body["actions"][0]["value"]
        client.chat_postMessage(channel=body["user"]["id"], text=f"Done: {value}")

    return app


@pytest.fixture
def created() -> list[dict[str, Any]]:
    return []


@pytest.fixture(params=["http", "socket"])
def slack(
    request: pytest.FixtureRequest, workspace: SlackStandin, created: list[dict[str, Any]]
) -> Iterator[Slack]:
    app = build_app(workspace, created)
    if request.param == "http":
        with WsgiHost(SlackRequestHandler(app)) as host:
            yield Slack(workspace, workspace.http_transport(host.url))
        return
    handler = SocketModeHandler(app, workspace.app_token)
    handler.connect()
    transport = workspace.socket_transport()
    transport.wait_connected(10)
    try:
        yield Slack(workspace, transport)
    finally:
        handler.close()


def test_command_ack_and_respond(slack: Slack, workspace: SlackStandin) -> None:
    reply = slack.command(ALICE, SET_CHANNEL, "later")
    assert reply.ok and reply.message == {"text": "Working on it"}
    workspace.wait_until(lambda: workspace.responses, what="respond()")
    assert workspace.responses[0].body == {"text": "Done, later"}
    seen = {(e["text"], e["via"]) for e in workspace.ephemerals(user=ALICE)}  # order may vary
    assert seen == {("Working on it", "ack"), ("Done, later", "response_url")}


def test_modal_errors_then_submit(
    slack: Slack, workspace: SlackStandin, created: list[dict[str, Any]]
) -> None:
    assert slack.command(ALICE, SET_CHANNEL, "create").ok
    view = workspace.wait_until(lambda: workspace.views_opened(ALICE), what="modal")[0]
    values: dict[str, dict[str, Any]] = {
        "name": {"value": "AL"},
        "members": {"value": [ALICE, BOB]},
        "first": {"value": "2025-03-04"},
    }
    reply = slack.submit(ALICE, view["id"], values)
    assert reply.errors == {"name": "Use at least 3 characters"}
    assert workspace.is_open(view["id"])
    reply = slack.submit(ALICE, view["id"], {**values, "name": {"value": "Set one"}})
    assert reply.ok and reply.errors is None and not workspace.is_open(view["id"])
    assert created == [
        {"name": "Set one", "members": [ALICE, BOB], "cadence": "weekly", "first": "2025-03-04"}
    ]


def test_click_replaces_message(slack: Slack, workspace: SlackStandin) -> None:
    slack.command(ALICE, SET_CHANNEL, "start")
    msg = workspace.wait_until(lambda: workspace.messages(SET_CHANNEL), what="controls")[0]
    assert slack.click(BOB, SET_CHANNEL, msg["ts"], "Next turn").ok
    workspace.wait_until(
        lambda: (
            "Turn passed by <@U0BOB>"
            in workspace.text_of(workspace.message(SET_CHANNEL, msg["ts"]))
        ),
        what="message replaced",
    )


def test_events_and_app_home(slack: Slack, workspace: SlackStandin) -> None:
    mention = {
        "type": "app_mention",
        "user": ALICE,
        "text": "<@UBOT> hi",
        "channel": SET_CHANNEL,
        "ts": workspace.next_ts(),
    }
    assert slack.event(mention).ok
    workspace.wait_until(lambda: workspace.messages(SET_CHANNEL), what="reply to mention")
    assert workspace.messages(SET_CHANNEL)[0]["text"] == "Hi <@U0ALICE>"
    slack.open_home(ALICE)
    workspace.wait_until(lambda: workspace.home(ALICE), what="home published")
    assert slack.click_home(ALICE, "Mark done").ok
    dm = workspace.wait_until(lambda: workspace.messages("D" + ALICE), what="DM")
    assert dm[0]["text"] == "Done: action-7"


def test_click_on_ephemeral(slack: Slack, workspace: SlackStandin) -> None:
    slack.command(ALICE, SET_CHANNEL, "menu")
    menu = workspace.wait_until(lambda: workspace.ephemerals(ALICE), what="menu")[0]
    assert slack.click(ALICE, SET_CHANNEL, menu["message_ts"], "Help").ok
    workspace.wait_until(
        lambda: "ephemeral container: True" in workspace.text_of(workspace.ephemerals(ALICE)[0]),
        what="ephemeral replaced",
    )
    assert len(workspace.ephemerals(ALICE)) == 1


def test_click_in_modal_updates_it(slack: Slack, workspace: SlackStandin) -> None:
    slack.command(ALICE, SET_CHANNEL, "create")
    view = workspace.wait_until(lambda: workspace.views_opened(ALICE), what="modal")[0]
    assert slack.click(ALICE, button_text="Use defaults", view_id=view["id"]).ok
    workspace.wait_until(lambda: workspace.calls_to("views.update", ok_only=True), what="update")
    assert (workspace.view(view["id"]) or {})["title"]["text"] == "Create (defaults)"
