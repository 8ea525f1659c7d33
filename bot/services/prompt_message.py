"""What one due delivery carries (`Message`), how it ended (`Delivery`), and why it was
not sent this time (`NotSent`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from bot.flows.prompting import Kind
from bot.services.gateway import SlackRefused
from bot.services.result import Effect, PromptSent

# Slack's answers that mean this person can't be reached, now or later.
PERMANENT = frozenset(
    {"user_not_found", "users_not_found", "account_inactive", "user_disabled", "cannot_dm_bot"}
)


class NotSent(Exception):
    """Slack refused the delivery for now; `learned` is what it found out on the way.
    `maybe_sent`: the post's answer was lost (a network fault), so it may be in Slack."""

    def __init__(
        self, refused: SlackRefused, learned: PromptSent | None, maybe_sent: bool = False
    ) -> None:
        super().__init__(str(refused))
        self.refused = refused
        self.learned = learned
        self.maybe_sent = maybe_sent


class Delivery(StrEnum):
    DONE = "done"  # no longer needed: the caller finishes the row
    RECORDED = "recorded"  # sent (or given up) and the row already finished
    DEFERRED = "deferred"  # moved out of quiet hours; the row is pending again
    UNREACHABLE = "unreachable"  # Slack can't reach this person: the caller finishes the row


@dataclass
class Message:
    """Everything one delivery needs, read in one transaction before any Slack call."""

    job_id: int
    key: str
    kind: Kind
    team: str
    user: str
    meeting_id: int
    meeting_at: datetime
    set_name: str
    set_zone: str
    facilitator: str
    zone: str | None
    channel: str | None
    text: str = ""
    blocks: list[dict[str, Any]] = field(default_factory=list)
    before: tuple[Effect, ...] = ()  # sent first: an earlier reminder, closed
    check_from: datetime | None = None  # taken over: it may be in Slack since then
    locale: str | None = None  # learned with the zone: which stop words a theme leaves out
