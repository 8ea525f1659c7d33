"""Driver payload building: state.values conversion, and how response_url bodies are shown."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

import pytest

from tests.slack_standin import SlackStandin, SubmissionBlocked
from tests.slack_standin.payloads import view_state

from .conftest import ALICE, SET_CHANNEL


def _opt(text: str, value: str) -> dict[str, Any]:
    return {"text": {"type": "plain_text", "text": text}, "value": value}


def _input(block_id: str, element: dict[str, Any], optional: bool = False) -> dict[str, Any]:
    return {
        "type": "input",
        "block_id": block_id,
        "optional": optional,
        "label": {"type": "plain_text", "text": block_id},
        "element": {"action_id": "v", **element},
    }


FORM = {
    "type": "modal",
    "blocks": [
        _input("name", {"type": "plain_text_input", "initial_value": "Set one", "max_length": 20}),
        _input(
            "size",
            {
                "type": "number_input",
                "is_decimal_allowed": False,
                "min_value": "2",
                "max_value": "8",
            },
        ),
        _input("who", {"type": "multi_users_select"}),
        _input("lead", {"type": "users_select", "initial_user": "U0BOB"}),
        _input(
            "cadence",
            {
                "type": "static_select",
                "options": [_opt("Weekly", "weekly"), _opt("Monthly", "monthly")],
            },
        ),
        _input(
            "mode",
            {
                "type": "radio_buttons",
                "options": [_opt("Fixed", "fixed"), _opt("Rotating", "rotating")],
            },
        ),
        _input("day", {"type": "datepicker"}),
        _input("time", {"type": "timepicker", "initial_time": "09:30"}),
        _input(
            "rules",
            {
                "type": "checkboxes",
                "options": [_opt("Confidential", "conf"), _opt("Listen", "listen")],
            },
            optional=True,
        ),
    ],
}
GOOD: dict[str, dict[str, Any]] = {
    "size": {"v": 5},
    "who": {"v": [ALICE]},
    "cadence": {"v": "monthly"},
    "mode": {"v": "rotating"},
    "day": {"v": "2025-03-04"},
}


def test_simple_values_become_slack_state() -> None:
    state = view_state(FORM, GOOD, submitting=True)["values"]
    assert state["name"]["v"] == {"type": "plain_text_input", "value": "Set one"}  # initial
    assert state["size"]["v"] == {"type": "number_input", "value": "5"}
    assert state["who"]["v"] == {"type": "multi_users_select", "selected_users": [ALICE]}
    assert state["lead"]["v"] == {"type": "users_select", "selected_user": "U0BOB"}
    assert state["cadence"]["v"]["selected_option"] == _opt("Monthly", "monthly")
    assert state["mode"]["v"]["selected_option"]["value"] == "rotating"
    assert state["day"]["v"] == {"type": "datepicker", "selected_date": "2025-03-04"}
    assert state["time"]["v"] == {"type": "timepicker", "selected_time": "09:30"}
    assert state["rules"]["v"] == {"type": "checkboxes", "selected_options": []}


@pytest.mark.parametrize(
    "bad",
    [
        {"day": {"v": None}},
        {"size": {"v": 9}},
        {"size": {"v": "2.5"}},
        {"name": {"v": "x" * 21}},
    ],
    ids=["required", "above max", "decimal", "too long"],
)
def test_slack_client_would_block(bad: dict[str, Any]) -> None:
    with pytest.raises(SubmissionBlocked):
        view_state(FORM, {**GOOD, **bad}, submitting=True)


def test_unknown_inputs_and_options_are_test_bugs() -> None:
    with pytest.raises(KeyError, match="nope"):
        view_state(FORM, {**GOOD, "nope": {"v": 1}})
    with pytest.raises(LookupError, match="yearly"):
        view_state(FORM, {**GOOD, "cadence": {"v": "yearly"}})


def _post(url: str, body: dict[str, Any]) -> tuple[int, str]:
    req = urllib.request.Request(
        url, json.dumps(body).encode(), {"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(req) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def test_response_url_shows_replaces_and_deletes(workspace: SlackStandin) -> None:
    msg = workspace.store_message(SET_CHANNEL, {"text": "Controls"})
    url = workspace.new_response_url(
        {"user": ALICE, "channel": SET_CHANNEL, "message_ts": msg["ts"]}
    )
    assert _post(url, {"text": "Only Alice sees this"}) == (200, "ok")
    assert workspace.ephemerals(ALICE)[0]["via"] == "response_url"
    assert _post(url, {"text": "Everyone sees this", "response_type": "in_channel"})[0] == 200
    assert _post(url, {"text": "Replaced", "replace_original": True})[0] == 200
    assert [m["text"] for m in workspace.messages(SET_CHANNEL)] == [
        "Replaced",
        "Everyone sees this",
    ]
    assert _post(url, {"delete_original": True})[0] == 200
    assert [m["text"] for m in workspace.messages(SET_CHANNEL)] == ["Everyone sees this"]
    assert _post(url, {"text": "fifth use"})[0] == 200
    assert _post(url, {"text": "sixth use"}) == (404, "used_url")
    assert len(workspace.responses) == 6
    too_long = {"blocks": [{"type": "header", "text": {"type": "plain_text", "text": "h" * 151}}]}
    fresh = workspace.new_response_url({"user": ALICE, "channel": SET_CHANNEL})
    assert _post(fresh, too_long) == (400, "invalid_blocks")
    assert workspace.violations
    workspace.violations.clear()
