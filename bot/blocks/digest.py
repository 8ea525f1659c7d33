"""The weekly digest DM a programme lead gets (only in a week with something new)."""

from __future__ import annotations

from typing import Any

from bot.blocks.text import clip, context, escape, header, mention, plural, section
from bot.flows.digest import Week, grown

MAX_LINES = 5


def text(week: Week) -> str:
    return f"This week in {escape(week.programme)}"


def blocks(week: Week) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = [
        header(f"This week in {week.programme}"[:150]),
        section(f"*Meetings held:* {week.held}"),
    ]
    if week.newly_at_risk:
        rows = [
            f"• *{escape(name)}*: {escape('; '.join(reasons))}"
            for name, reasons in list(week.newly_at_risk)[:MAX_LINES]
        ]
        out.append(section("⚠️ *Newly at risk*\n" + "\n".join(rows)))
    if week.shared:
        rows = []
        for set_name, meeting, said, author in list(week.shared)[:MAX_LINES]:
            who = f" — {mention(author)}" if author else ""
            rows.append(
                f"• {escape(clip(said, 300))}{who} _({escape(set_name)} · meeting {meeting})_"
            )
        more = len(week.shared) - MAX_LINES
        tail = f"\n…and {plural(more, 'more')}" if more > 0 else ""
        out.append(section("🌍 *Newly shared learning*\n" + "\n".join(rows) + tail))
    themes = grown(week.themes_before, week.themes_now)
    if themes:
        rows = [
            f"• *{escape(t.term)}*: {plural(t.sets, 'set')}"
            + (f" (was {then})" if then else " (new)")
            for t, then in themes[:MAX_LINES]
        ]
        out.append(section("🔁 *Themes that grew*\n" + "\n".join(rows)))
    out.append(context("Your App Home has every set's figures. Turn this digest off there."))
    return out
