"""slack_sdk's WebClient against the stand-in's Web API."""

from __future__ import annotations

import json
import re
import urllib.parse
import urllib.request

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from tests.slack_standin import SlackStandin

from .conftest import ALICE, BOB, CAROL, OTHER_CHANNEL, SECRET_CHANNEL, SET_CHANNEL

SECTION = {"type": "section", "text": {"type": "mrkdwn", "text": "*Set one* meets Tuesday"}}


def _error(call) -> str:
    with pytest.raises(SlackApiError) as info:
        call()
    return info.value.response["error"]


def test_auth_test_identifies_the_bot(client: WebClient) -> None:
    data = client.auth_test()
    assert (data["team_id"], data["user_id"], data["bot_id"]) == ("T0001", "UBOT", "B0001")


def test_tokens_are_checked(workspace: SlackStandin) -> None:
    url = workspace.api_url
    assert _error(WebClient(token="xoxb-wrong", base_url=url).auth_test) == "invalid_auth"
    assert _error(WebClient(base_url=url).auth_test) == "not_authed"
    app_as_bot = WebClient(token=workspace.app_token, base_url=url)
    assert _error(app_as_bot.auth_test) == "not_allowed_token_type"
    bot = WebClient(token=workspace.bot_token, base_url=url)
    assert _error(lambda: bot.apps_connections_open(app_token="xapp-wrong")) == "invalid_auth"
    assert bot.apps_connections_open(app_token=workspace.app_token)["url"].startswith("ws://")
    assert [c.error for c in workspace.calls_to("auth.test")] == [
        "invalid_auth",
        "not_authed",
        "not_allowed_token_type",
    ]


def test_post_thread_and_broadcast(client: WebClient, workspace: SlackStandin) -> None:
    top = client.chat_postMessage(channel=SET_CHANNEL, text="Meeting 1", blocks=[SECTION])
    assert re.fullmatch(r"\d{10}\.\d{6}", top["ts"]) and top["channel"] == SET_CHANNEL
    assert top["message"]["blocks"][0]["block_id"]  # Slack fills in block ids
    r1 = client.chat_postMessage(channel=SET_CHANNEL, text="Alice reports", thread_ts=top["ts"])
    r2 = client.chat_postMessage(
        channel=SET_CHANNEL, text="Summary", thread_ts=top["ts"], reply_broadcast=True
    )
    assert float(top["ts"]) < float(r1["ts"]) < float(r2["ts"])
    assert [m["text"] for m in workspace.messages(SET_CHANNEL)] == ["Meeting 1", "Summary"]
    assert [m["text"] for m in workspace.thread(SET_CHANNEL, top["ts"])] == [
        "Alice reports",
        "Summary",
    ]
    assert len(workspace.messages(SET_CHANNEL, thread_ts=top["ts"])) == 3
    parent = workspace.message(SET_CHANNEL, top["ts"])
    assert parent is not None and parent["reply_count"] == 2
    assert workspace.calls_to("chat.postMessage")[2].args["reply_broadcast"] is True


def test_channel_access_rules(client: WebClient, workspace: SlackStandin) -> None:
    assert _error(lambda: client.chat_postMessage(channel=OTHER_CHANNEL, text="x")) == (
        "not_in_channel"
    )
    assert _error(lambda: client.chat_postMessage(channel=SECRET_CHANNEL, text="x")) == (
        "channel_not_found"
    )
    assert _error(lambda: client.conversations_info(channel=SECRET_CHANNEL)) == (
        "channel_not_found"
    )
    assert client.conversations_info(channel=OTHER_CHANNEL)["channel"]["is_member"] is False
    assert client.conversations_info(channel=SET_CHANNEL)["channel"]["is_member"] is True
    assert _error(lambda: client.chat_postMessage(channel="C0NOPE", text="x")) == (
        "channel_not_found"
    )
    assert workspace.messages(OTHER_CHANNEL) == []


def test_ephemeral_update_delete(client: WebClient, workspace: SlackStandin) -> None:
    eph = client.chat_postEphemeral(channel=SET_CHANNEL, user=ALICE, text="Only you")
    assert workspace.ephemerals(user=ALICE)[0]["message_ts"] == eph["message_ts"]
    assert workspace.ephemerals(user=BOB) == []
    assert _error(lambda: client.chat_postEphemeral(channel=SET_CHANNEL, user=CAROL, text="x")) == (
        "user_not_in_channel"
    )
    ts = client.chat_postMessage(channel=SET_CHANNEL, text="v1", blocks=[SECTION])["ts"]
    updated = client.chat_update(channel=SET_CHANNEL, ts=ts, text="v2")
    assert updated["text"] == "v2" and updated["message"]["blocks"]  # blocks kept
    client.chat_update(channel=SET_CHANNEL, ts=ts, text="v3", blocks=[])
    edited = workspace.message(SET_CHANNEL, ts)
    assert edited is not None and edited["text"] == "v3" and "blocks" not in edited
    assert _error(lambda: client.chat_update(channel=SET_CHANNEL, ts="1.000001", text="x")) == (
        "message_not_found"
    )
    client.chat_delete(channel=SET_CHANNEL, ts=ts)
    assert workspace.message(SET_CHANNEL, ts) is None


def test_people_and_dms(client: WebClient, workspace: SlackStandin) -> None:
    carol = client.users_info(user=CAROL)["user"]
    assert carol["tz"] == "America/New_York" and carol["tz_offset"] in (-18000, -14400)
    assert client.users_info(user=ALICE)["user"]["tz"] == "Europe/London"
    assert _error(lambda: client.users_info(user="U0NOBODY")) == "user_not_found"
    first = client.conversations_open(users=[ALICE])
    again = client.conversations_open(users=ALICE)
    assert first["channel"]["id"] == again["channel"]["id"] == "D" + ALICE
    assert (first["already_open"], again["already_open"]) == (False, True)
    client.chat_postMessage(channel=first["channel"]["id"], text="Your report-back questions")
    assert workspace.messages("D" + ALICE)[0]["text"] == "Your report-back questions"


def test_members_are_paginated(client: WebClient) -> None:
    page = client.conversations_members(channel=SET_CHANNEL, limit=2)
    assert page["members"] == [ALICE, BOB] and page["response_metadata"]["next_cursor"]
    rest = client.conversations_members(
        channel=SET_CHANNEL, limit=2, cursor=page["response_metadata"]["next_cursor"]
    )
    assert rest["members"] == ["UBOT"] and rest["response_metadata"]["next_cursor"] == ""


def test_unknown_method_and_form_bodies(workspace: SlackStandin) -> None:
    form = urllib.parse.urlencode(
        {
            "token": workspace.bot_token,
            "channel": SET_CHANNEL,
            "text": "from a form",
            "blocks": json.dumps([SECTION]),
        }
    ).encode()
    with urllib.request.urlopen(workspace.api_url + "chat.postMessage", form) as resp:
        assert json.load(resp)["ok"] is True
    assert workspace.messages(SET_CHANNEL)[0]["blocks"][0]["text"] == SECTION["text"]
    with urllib.request.urlopen(workspace.api_url + "files.nonsense", b"token=xoxb-test") as resp:
        assert json.load(resp) == {"ok": False, "error": "unknown_method"}
    assert workspace.calls_to("files.nonsense")[0].error == "unknown_method"


def test_injected_failure(client: WebClient, workspace: SlackStandin) -> None:
    workspace.fail("users.info", "user_not_found", times=1)
    assert _error(lambda: client.users_info(user=ALICE)) == "user_not_found"
    assert client.users_info(user=ALICE)["ok"] is True


def test_rate_limit_without_retry_handler(client: WebClient, workspace: SlackStandin) -> None:
    workspace.rate_limit("chat.postMessage", times=1)
    with pytest.raises(SlackApiError) as info:
        client.chat_postMessage(channel=SET_CHANNEL, text="hello")
    assert info.value.response.status_code == 429
    assert info.value.response.headers["Retry-After"] == "1"
    assert info.value.response["error"] == "ratelimited"
    assert workspace.messages(SET_CHANNEL) == []


def test_rate_limit_retried_by_slack_sdk(workspace: SlackStandin) -> None:
    patient = WebClient(
        token=workspace.bot_token,
        base_url=workspace.api_url,
        retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=2)],
    )
    workspace.rate_limit("chat.postMessage", times=1)
    assert patient.chat_postMessage(channel=SET_CHANNEL, text="hello")["ok"] is True
    assert [c.error for c in workspace.calls_to("chat.postMessage")] == ["ratelimited", None]
    assert [m["text"] for m in workspace.messages(SET_CHANNEL)] == ["hello"]


def test_every_third_call_is_rate_limited(client: WebClient, workspace: SlackStandin) -> None:
    workspace.rate_limit("users.info", every=3)
    outcomes = []
    for _ in range(6):
        try:
            outcomes.append(client.users_info(user=ALICE)["ok"])
        except SlackApiError as e:
            outcomes.append(e.response.status_code)
    assert outcomes == [True, True, 429, True, True, 429]
