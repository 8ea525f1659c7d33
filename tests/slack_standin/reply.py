"""What the bot answered to one request delivered by the stand-in (HTTP or Socket Mode)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

NO_ACK = 408  # status used when a Socket Mode envelope was never acknowledged


@dataclass
class Reply:
    """HTTP response from the bot, or a Socket Mode ack dressed as one."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body_text: str = ""
    json: Any = None

    @property
    def ok(self) -> bool:
        return self.status == 200

    @property
    def acked(self) -> bool:
        """False when a Socket Mode envelope got no ack in time."""
        return self.status != NO_ACK

    @property
    def message(self) -> dict[str, Any] | None:
        """The ack body as Slack reads it: JSON dict, or plain text as {"text": ...}."""
        if isinstance(self.json, dict):
            return self.json
        if self.body_text and self.status == 200:
            return {"text": self.body_text}
        return None

    @property
    def response_action(self) -> str | None:
        msg = self.message or {}
        return msg.get("response_action")

    @property
    def errors(self) -> dict[str, str] | None:
        """Inline modal errors from {"response_action": "errors", "errors": {...}}."""
        msg = self.message or {}
        if msg.get("response_action") == "errors":
            return dict(msg.get("errors") or {})
        return None
