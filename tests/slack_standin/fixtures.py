"""Pytest fixtures; import them into conftest.py: `from tests.slack_standin.fixtures import *`."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .server import SlackStandin

__all__ = ["standin"]

_PROXY_VARS = ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy")


@pytest.fixture
def standin(monkeypatch: pytest.MonkeyPatch) -> Iterator[SlackStandin]:
    """A started SlackStandin; fails the test if any Block Kit violation was left in it.

    Proxy variables are removed: slack_sdk would send 127.0.0.1 traffic through them.
    A test that provokes violations on purpose clears `standin.violations` itself.
    """
    for var in _PROXY_VARS:
        monkeypatch.delenv(var, raising=False)
    with SlackStandin() as s:
        yield s
    if s.violations:
        pytest.fail("Block Kit violations:\n" + "\n".join(s.violations), pytrace=False)
