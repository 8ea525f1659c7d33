"""Plain records the stand-in keeps: API calls, response_url posts, channels, users, errors."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo


class ApiError(Exception):
    """A Web API error answer: {"ok": false, "error": error, **extra}."""

    def __init__(self, error: str, **extra: Any) -> None:
        super().__init__(error)
        self.error = error
        self.extra = extra


@dataclass(frozen=True)
class Call:
    """One Web API call the bot made (args decoded, token removed)."""

    method: str
    args: dict[str, Any]
    token: str | None
    at: float
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class Response:
    """One body the bot POSTed to a response_url, and what it was a response to."""

    id: str
    body: dict[str, Any]
    at: float
    context: dict[str, Any]


@dataclass
class Channel:
    """A conversation: public/private channel or a DM with the bot."""

    id: str
    name: str
    private: bool = False
    members: list[str] = field(default_factory=list)
    bot_member: bool = True
    is_im: bool = False
    user: str | None = None
    created: int = field(default_factory=lambda: int(time.time()))

    def member_ids(self, bot_user: str) -> list[str]:
        ids = list(self.members)
        if self.bot_member and bot_user not in ids:
            ids.append(bot_user)
        return ids

    def info(self, bot_user: str, num_members: bool = False) -> dict[str, Any]:
        """The conversation object conversations.info returns."""
        if self.is_im:
            return {
                "id": self.id,
                "created": self.created,
                "is_im": True,
                "is_org_shared": False,
                "user": self.user,
                "is_user_deleted": False,
                "priority": 0,
            }
        empty = {"value": "", "creator": "", "last_set": 0}
        conv: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "name_normalized": self.name,
            "is_channel": not self.private,
            "is_group": self.private,
            "is_im": False,
            "is_mpim": False,
            "is_private": self.private,
            "created": self.created,
            "creator": self.members[0] if self.members else bot_user,
            "is_archived": False,
            "is_general": False,
            "is_shared": False,
            "is_org_shared": False,
            "is_ext_shared": False,
            "is_member": self.bot_member,
            "topic": dict(empty),
            "purpose": dict(empty),
        }
        if num_members:
            conv["num_members"] = len(self.member_ids(bot_user))
        return conv


def user_record(
    team_id: str,
    uid: str,
    name: str,
    tz: str,
    real_name: str | None,
    *,
    deleted: bool = False,
    is_bot: bool = False,
    is_admin: bool = False,
    locale: str = "en-US",
) -> dict[str, Any]:
    """A users.info user object (shape from Slack's OpenAPI objs_user)."""
    now = datetime.now(ZoneInfo(tz))
    offset = now.utcoffset()
    real = real_name or name.replace(".", " ").title()
    profile = {
        "real_name": real,
        "real_name_normalized": real,
        "display_name": name,
        "display_name_normalized": name,
        "avatar_hash": "",
        "title": "",
        "phone": "",
        "skype": "",
        "status_text": "",
        "status_emoji": "",
        "fields": {},
        "team": team_id,
    }
    return {
        "id": uid,
        "team_id": team_id,
        "name": name,
        "deleted": deleted,
        "real_name": real,
        "tz": tz,
        "tz_label": now.tzname() or tz,
        "tz_offset": int(offset.total_seconds()) if offset else 0,
        "is_admin": is_admin,
        "is_owner": False,
        "is_primary_owner": False,
        "is_restricted": False,
        "is_ultra_restricted": False,
        "is_bot": is_bot,
        "is_app_user": False,
        "updated": int(time.time()),
        "profile": profile,
        "locale": locale,  # users.info shows it only with include_locale (see api_misc)
    }
