"""views.* methods: trigger ids, modal stacks, hashes, App Home."""

from __future__ import annotations

from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from tests.slack_standin import SlackStandin

from .conftest import ALICE, BOB


def _modal(title: str = "Create a set") -> dict[str, Any]:
    return {
        "type": "modal",
        "title": {"type": "plain_text", "text": title},
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": title}}],
    }


def _error(call) -> str:
    with pytest.raises(SlackApiError) as info:
        call()
    return info.value.response["error"]


def test_trigger_ids(client: WebClient, workspace: SlackStandin) -> None:
    trigger = workspace.issue_trigger(ALICE)
    view = client.views_open(trigger_id=trigger, view=_modal())["view"]
    assert view["id"] and view["hash"] and view["state"] == {"values": {}}
    assert _error(lambda: client.views_open(trigger_id=trigger, view=_modal())) == (
        "exchanged_trigger_id"
    )
    assert _error(lambda: client.views_open(trigger_id="123.456.nope", view=_modal())) == (
        "invalid_trigger_id"
    )
    stale = workspace.issue_trigger(ALICE)
    workspace.expire_triggers()
    assert _error(lambda: client.views_open(trigger_id=stale, view=_modal())) == (
        "expired_trigger_id"
    )
    assert [v["id"] for v in workspace.views_opened(ALICE)] == [view["id"]]


def test_trigger_expiry_follows_an_injected_clock() -> None:
    now = [100.0]
    with SlackStandin(clock=lambda: now[0]) as standin:
        client = WebClient(token=standin.bot_token, base_url=standin.api_url)
        fresh, late = standin.issue_trigger(ALICE), standin.issue_trigger(ALICE)
        now[0] += 2.9
        assert client.views_open(trigger_id=fresh, view=_modal())["ok"]
        now[0] += 0.2
        assert _error(lambda: client.views_open(trigger_id=late, view=_modal())) == (
            "expired_trigger_id"
        )


def test_push_update_and_hash(client: WebClient, workspace: SlackStandin) -> None:
    root = client.views_open(trigger_id=workspace.issue_trigger(ALICE), view=_modal())["view"]
    pushed = client.views_push(trigger_id=workspace.issue_trigger(ALICE), view=_modal("Step 2"))
    assert pushed["view"]["previous_view_id"] == root["id"]
    assert pushed["view"]["root_view_id"] == root["id"]
    assert [v["id"] for v in workspace.open_views(ALICE)] == [root["id"], pushed["view"]["id"]]
    new = client.views_update(view_id=root["id"], hash=root["hash"], view=_modal("Renamed"))
    assert new["view"]["title"]["text"] == "Renamed"
    assert (
        _error(lambda: client.views_update(view_id=root["id"], hash=root["hash"], view=_modal()))
        == "hash_conflict"
    )
    assert _error(lambda: client.views_update(view_id="V404", view=_modal())) == "not_found"
    client.views_push(trigger_id=workspace.issue_trigger(ALICE), view=_modal("Step 3"))
    assert (
        _error(
            lambda: client.views_push(
                trigger_id=workspace.issue_trigger(ALICE), view=_modal("Step 4")
            )
        )
        == "push_limit_reached"
    )


def test_home_tab_per_user(client: WebClient, workspace: SlackStandin) -> None:
    def home(text: str) -> dict[str, Any]:
        return {
            "type": "home",
            "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text}}],
        }

    first = client.views_publish(user_id=ALICE, view=home("Your sets: 1"))["view"]
    client.views_publish(user_id=BOB, view=home("No sets yet"))
    again = client.views_publish(user_id=ALICE, view=home("Your sets: 2"), hash=first["hash"])
    assert again["view"]["id"] == first["id"]
    assert "Your sets: 2" in workspace.text_of(workspace.home(ALICE))
    assert "No sets yet" in workspace.text_of(workspace.home(BOB))
    assert (
        _error(lambda: client.views_publish(user_id=ALICE, view=home("x"), hash=first["hash"]))
        == "hash_conflict"
    )
    assert _error(lambda: client.views_publish(user_id="U0NOBODY", view=home("x"))) == (
        "user_not_found"
    )
    assert _error(lambda: client.views_publish(user_id=ALICE, view=_modal())) == "invalid_blocks"
    workspace.violations.clear()
