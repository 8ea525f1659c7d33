"""Fixtures for the stand-in's own tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from slack_sdk import WebClient

from tests.slack_standin import SlackStandin
from tests.slack_standin.fixtures import standin  # noqa: F401  (fixture)

ALICE, BOB, CAROL = "U0ALICE", "U0BOB", "U0CAROL"
SET_CHANNEL, SECRET_CHANNEL, OTHER_CHANNEL = "C0SET", "G0SECRET", "C0OTHER"


@pytest.fixture
def workspace(standin: SlackStandin) -> SlackStandin:  # noqa: F811
    """Alice and Bob in #set-one; Carol in New York; a private and a public channel without us."""
    standin.add_user(ALICE, "alice")
    standin.add_user(BOB, "bob")
    standin.add_user(CAROL, "carol", tz="America/New_York")
    standin.add_channel(SET_CHANNEL, "set-one", members=[ALICE, BOB])
    standin.add_channel(SECRET_CHANNEL, "secret", private=True, members=[ALICE], bot_member=False)
    standin.add_channel(OTHER_CHANNEL, "other", members=[CAROL], bot_member=False)
    return standin


@pytest.fixture
def client(workspace: SlackStandin) -> Iterator[WebClient]:
    yield WebClient(token=workspace.bot_token, base_url=workspace.api_url)
