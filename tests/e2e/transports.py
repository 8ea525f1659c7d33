"""Which transports a test module runs on.

`bot` runs a test twice, over HTTP and over Socket Mode. Where the transport doesn't matter
(everything after Bolt has the request: the use cases, the outbox, the database), a module
imports `http_only_bot`, which replaces `bot` there with the HTTP one. Acks, retries,
signatures, envelopes and the main journeys keep running on both.
"""

from __future__ import annotations

import pytest

from tests.e2e.harness import RunningBot


@pytest.fixture(name="bot")
def http_only_bot(http_bot: RunningBot) -> RunningBot:
    return http_bot
