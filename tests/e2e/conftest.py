"""End-to-end fixtures: the stand-in, a workspace of four members, and the running bot."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.harness import RunningBot, running_bot
from tests.slack_standin.fixtures import standin  # noqa: F401  (a fixture)
from tests.slack_standin.server import SlackStandin

CHANNEL = "C0SET"
MEMBERS = {"UANA": "ana", "UBEN": "ben", "UCAI": "cai", "UDEE": "dee"}
OUTSIDER = "UEVE"


@pytest.fixture
def workspace(standin: SlackStandin) -> SlackStandin:  # noqa: F811
    for user, name in MEMBERS.items():
        standin.add_user(user, name)
    standin.add_user(OUTSIDER, "eve")
    standin.add_channel(CHANNEL, "action-set", members=[*MEMBERS, OUTSIDER])
    return standin


@pytest.fixture(params=["http", "socket"])
def bot(
    request: pytest.FixtureRequest, workspace: SlackStandin, tmp_path: Path
) -> Iterator[RunningBot]:
    url = f"sqlite:///{tmp_path / 'setbot.db'}"
    with running_bot(workspace, request.param, url) as running:
        yield running


@pytest.fixture
def http_bot(workspace: SlackStandin, tmp_path: Path) -> Iterator[RunningBot]:
    with running_bot(workspace, "http", f"sqlite:///{tmp_path / 'setbot.db'}") as running:
        yield running


@pytest.fixture
def db_bot(workspace: SlackStandin, database_url: str) -> Iterator[RunningBot]:
    """The bot in HTTP mode on each database (SQLite, and PostgreSQL where there is one)."""
    with running_bot(workspace, "http", database_url) as running:
        yield running
