"""Slack's mrkdwn control characters, for text shown as typed (pure: the flows quote what
people typed, and bot/blocks escapes with the same rule)."""

from __future__ import annotations


def literal(text: str) -> str:
    """`text` shown literally: `&`, `<` and `>` escaped, so `<!channel>` or `<@U1>` is
    never read by Slack as a mention."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def unescape(text: str) -> str:
    """Text as the person typed it: Slack sends a message's and a command's &, < and >
    escaped."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
