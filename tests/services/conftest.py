"""The use cases against a real SQLite database and a recording fake of the Slack gateway:
fast, no HTTP, asserting on the reply and on what the outbox asked of Slack."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.blocks import ids
from bot.flows.meeting_state import EventType as EventTypes
from bot.services import Asker, Done, Services, build_services
from bot.store.engine import make_engine
from bot.store.migrate import upgrade
from tests.common import FORM_VALUES, MEMBERS
from tests.common import FakeClock as Clock
from tests.services.gateway import RecordingGateway
from tests.slack_standin.payloads import view_state

TEAM = "T0001"
CHANNEL = "C0SET"
OUTSIDER = "UEVE"
FORM = FORM_VALUES


@dataclass
class World:
    """Setbot's use cases wired as in production, minus Bolt: Slack is `slack`."""

    services: Services
    slack: RecordingGateway
    clock: Clock
    engine: Engine

    def command(self, user: str, text: str, channel: str = CHANNEL) -> Done:
        """`/set text` as the handler runs it: the use case, then its effects delivered."""
        done = self.services.command(self.slack, TEAM, channel, user, text, "trigger")
        self.services.outbox.deliver(self.slack, done, Asker(user, channel), reply=False)
        return done

    def end(self, user: str = "UANA", channel: str = CHANNEL) -> Done:
        """`/set end`, and **End now** if it asks first (rounds or the reflection to come)."""
        done = self.command(user, "end", channel)
        found = _button({"blocks": done.reply.blocks if done.reply else None}, "End now")
        if found is None:
            return done
        ended = self.services.meetings.end_now(TEAM, user, found["value"], channel, "https://r")
        return self.deliver(ended, user, channel)

    def deliver(self, done: Done, user: str, channel: str = "") -> Done:
        self.services.outbox.deliver(self.slack, done, Asker(user, channel))
        return done

    @staticmethod
    def filled(view: dict[str, Any], values: dict[str, dict[str, Any]]) -> dict[str, Any]:
        """The view as Slack submits it: `values` by block and action id, the rest as shown."""
        return {**view, "state": view_state(view, values)}

    def rows(self, table: type) -> list[Any]:
        with Session(self.engine) as session:
            return list(session.exec(select(table)))


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    url = f"sqlite:///{tmp_path / 'setbot.db'}"
    upgrade(url)
    engine = make_engine(url)
    slack = RecordingGateway(zones=dict.fromkeys(MEMBERS, "Europe/London"))
    clock = Clock(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
    yield World(build_services(engine, lambda _team: slack, clock), slack, clock, engine)
    engine.dispose()


def create_set(world: World, user: str = "UANA", channel: str = CHANNEL, **overrides: Any) -> Done:
    """`/set create`, then the form submitted with the usual values (and any overrides)."""
    world.command(user, "create", channel)
    view = world.slack.views()[-1]
    values = {**FORM, **{k: {"value": v} for k, v in overrides.items()}}
    done = world.services.setup.submit_form(TEAM, user, world.filled(view, values))
    if not done.errors:
        world.deliver(done, user)
    return done


def press(world: World, user: str, button: str) -> Done:
    """Click `button` (by its text) on the live control message, as the handler does."""
    from bot.handlers.actions import CHECK_IN, DRIVE, meeting_and_version
    from bot.services.meetings import Request

    control = [p for p in world.slack.posts(CHANNEL) if _button(p, "Next")]
    assert control, "no control message in the channel"
    found = _button(_shown(world, control[-1]), button)
    assert found is not None, f"no {button!r} button on the control message"
    if found["action_id"] == ids.INTERVENE:
        opened = world.services.intervene.open(TEAM, user, CHANNEL, found["value"], "trigger")
        return world.deliver(opened, user, CHANNEL)
    parsed = meeting_and_version(found["value"])
    assert parsed is not None
    meeting_id, version = parsed
    action_id = found["action_id"]
    if action_id in CHECK_IN:
        presence, said = CHECK_IN[action_id]
        request = Request(TEAM, user, EventTypes.CHECK_IN, CHANNEL, meeting_id, presence=presence)
    else:
        said = ""
        event = DRIVE[action_id]
        ask_first = event == EventTypes.END
        request = Request(
            TEAM, user, event, CHANNEL, meeting_id, version, minutes=5, ask_first=ask_first
        )
    return world.deliver(world.services.meetings.apply_event(request, said), user, CHANNEL)


def start_meeting(world: World, presence: dict[str, str], **form: Any) -> None:
    """Create the set, `/set start` a day later, and check members in by button text."""
    assert not create_set(world, **form).errors
    world.clock.advance(days=1, hours=1)
    assert not world.command("UANA", "start").text
    for user, button in presence.items():
        press(world, user, button)


def _shown(world: World, post: dict[str, Any]) -> dict[str, Any]:
    """A posted message as Slack shows it now: its last update, if any."""
    updates = [c.args for c in world.slack.done("update") if c.args["ts"] == post["ts"]]
    return updates[-1] if updates else post


def _button(message: dict[str, Any], text: str) -> dict[str, Any] | None:
    for block in message.get("blocks") or []:
        for element in block.get("elements") or []:
            if element.get("type") == "button" and element["text"]["text"] == text:
                return element
    return None
