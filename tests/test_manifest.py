"""manifest.yml is a valid Slack app manifest and declares what Setbot needs.

Validated offline against Slack's own JSON Schema, read from ../shared/slack/ beside the repo
(never copied into the project).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource

REPO = Path(__file__).resolve().parent.parent
SCHEMA_DIR = REPO / ".." / "shared" / "slack"
SCHEMA = SCHEMA_DIR / "manifest.schema.json"

pytestmark = pytest.mark.skipif(
    not SCHEMA.is_file(),
    reason=f"Slack's manifest schema not found at {SCHEMA} (../shared/slack/ beside the repo)",
)

BOT_SCOPES = {
    "commands",
    "chat:write",
    "channels:read",
    "groups:read",
    "app_mentions:read",
    "users:read",
    "im:write",
    "im:history",
    "channels:history",
    "groups:history",
    "reactions:read",
    "files:write",
}
BOT_EVENTS = {
    "app_mention",
    "member_joined_channel",
    "message.im",
    "message.channels",
    "message.groups",
    "reaction_added",
    "reaction_removed",
    "app_home_opened",
}


def _retrieve_locally(uri: str) -> Resource[Any]:
    """The top schema $refs versioned schemas by URL: serve them from the local folder."""
    local = SCHEMA_DIR / uri.rsplit("/", 1)[-1]
    if not local.is_file():
        raise NoSuchResource(ref=uri)  # type: ignore[call-arg]
    return Resource.from_contents(json.loads(local.read_text(encoding="utf-8")))


def _load(name: str) -> Any:
    return json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))


def _errors(document: dict[str, Any]) -> list[str]:
    """Errors against Slack's top schema, explained by the versioned schema it picks.

    The top schema only says "not valid under any of the given schemas" (it is a oneOf over
    versions), so when it refuses, the versioned schema named by `_metadata.major_version`
    (1 when absent) lists what is actually wrong.
    """
    registry: Registry[Any] = Registry(retrieve=_retrieve_locally)  # type: ignore[call-arg]
    top = Draft7Validator(_load(SCHEMA.name), registry=registry)
    if top.is_valid(document):
        return []
    major = document.get("_metadata", {}).get("major_version", 1)
    versioned = SCHEMA_DIR / f"manifest.schema.{major}.0.0.json"
    details = []
    if versioned.is_file():
        details = [
            f"{'/'.join(map(str, error.absolute_path)) or '<root>'}: {error.message}"
            for error in Draft7Validator(_load(versioned.name)).iter_errors(document)
        ]
    return details or [f"not valid under Slack's manifest schema (major_version {major})"]


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    loaded = yaml.safe_load((REPO / "manifest.yml").read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def test_the_validator_tells_valid_from_invalid() -> None:
    """Slack's own examples, so a broken schema setup cannot pass everything silently."""
    assert _errors(_load("manifest.valid.json")) == []
    assert _errors(_load("manifest.invalid.json")) != []


def test_manifest_is_valid(manifest: dict[str, Any]) -> None:
    assert _errors(manifest) == []


def test_manifest_declares_the_set_command(manifest: dict[str, Any]) -> None:
    commands = {command["command"]: command for command in manifest["features"]["slash_commands"]}
    assert set(commands) == {"/set"}
    assert commands["/set"]["should_escape"] is True
    assert commands["/set"]["usage_hint"].startswith("help | create | start | next")


def test_manifest_features(manifest: dict[str, Any]) -> None:
    features = manifest["features"]
    assert features["bot_user"] == {"display_name": "setbot", "always_online": True}
    assert features["app_home"]["home_tab_enabled"] is True
    assert features["app_home"]["messages_tab_enabled"] is True


def test_manifest_settings(manifest: dict[str, Any]) -> None:
    settings = manifest["settings"]
    assert settings["interactivity"]["is_enabled"] is True
    assert settings["socket_mode_enabled"] is True
    assert settings["org_deploy_enabled"] is False
    assert settings["token_rotation_enabled"] is False


def test_manifest_asks_for_exactly_the_scopes_and_events_setbot_uses(
    manifest: dict[str, Any],
) -> None:
    assert set(manifest["oauth_config"]["scopes"]["bot"]) == BOT_SCOPES
    assert "user" not in manifest["oauth_config"]["scopes"]
    assert set(manifest["settings"]["event_subscriptions"]["bot_events"]) == BOT_EVENTS
