"""Publishing one App Home (for the outbox): trend pictures and the links to meetings
running now first, then the view.

A facilitator's picture goes to their DM with the bot: a file uploaded with no channel is
private to the app, and Slack refuses to show it in their Home. If Slack refuses the view
for its image anyway, the rest is shown, and the refused picture is offered no more until
it changes (a file just uploaded may still be processing, so that one is kept).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace

from bot import chart
from bot.blocks import home as views
from bot.blocks.home_live import LiveMeeting
from bot.blocks.text import escape
from bot.flows.metrics import MeetingMetrics
from bot.services.gateway import Gateway, SlackRefused
from bot.services.result import (
    ChartFile,
    ChartRefused,
    Keep,
    Placed,
    ProgrammeChartFile,
    PublishHome,
)

log = logging.getLogger("setbot.home")


@dataclass(frozen=True)
class _Picture:
    """One trend picture to draw and upload: `key` says whose ("set:3", "programme:1")."""

    key: str
    title: str
    meetings: Sequence[MeetingMetrics]
    xlabel: str
    filename: str
    comment: str


def _pictures(effect: PublishHome) -> list[_Picture]:
    out = []
    for c in effect.charts:
        last = c.meetings[-1].number if c.meetings else 0
        comment = (
            f"📈 *{escape(c.set_name)}* after meeting {last}: attendance, report-backs "
            "and follow-through. It's in your App Home too."
        )
        out.append(
            _Picture(
                f"set:{c.set_id}",
                c.set_name,
                c.meetings,
                "Meeting",
                f"set-{c.set_id}-trend.png",
                comment,
            )
        )
    for p in effect.programme_charts:
        comment = (
            f"📈 *{escape(p.name)}*, week by week: attendance, report-backs and "
            "follow-through across its sets. It's in your App Home too."
        )
        filename = f"programme-{p.programme_id}-trend.png"
        out.append(
            _Picture(f"programme:{p.programme_id}", p.name, p.weeks, "Week", filename, comment)
        )
    return out


def publish(gateway: Gateway, effect: PublishHome) -> list[tuple[Keep, Placed]]:
    """Publish the Home; returns what to keep of the chart files. Never raises."""
    kept: list[tuple[Keep, Placed]] = []
    model = effect.model
    fresh = _upload(gateway, effect.user, _pictures(effect))
    if effect.charts:
        sets = {
            c.set_id: fresh[f"set:{c.set_id}"] for c in effect.charts if f"set:{c.set_id}" in fresh
        }
        kept += [
            (ChartFile(c.set_id, c.key), Placed(file=sets[c.set_id]))
            for c in effect.charts
            if c.set_id in sets
        ]
        health = [
            replace(h, chart_file_id=sets.get(h.id, h.chart_file_id)) for h in model.facilitated
        ]
        model = replace(model, facilitated=health)
    if effect.programme_charts:
        leads = {
            c.programme_id: fresh[f"programme:{c.programme_id}"]
            for c in effect.programme_charts
            if f"programme:{c.programme_id}" in fresh
        }
        kept += [
            (
                ProgrammeChartFile(c.programme_id, effect.user, c.key),
                Placed(file=leads[c.programme_id]),
            )
            for c in effect.programme_charts
            if c.programme_id in leads
        ]
        consoles = [
            replace(p, chart_file_id=leads.get(p.id, p.chart_file_id)) for p in model.programmes
        ]
        model = replace(model, programmes=consoles)
    if model.live:
        model = replace(model, live=[_linked(gateway, item) for item in model.live])
    view = views.build(model)
    try:
        gateway.publish_home(effect.user, view)
        return kept
    except SlackRefused as refused:
        code = refused.code
        if code == "invalid_blocks" and any(b.get("type") == "image" for b in view["blocks"]):
            just_uploaded = set(fresh.values())
            kept += [
                (ChartRefused(h.id), Placed())
                for h in model.facilitated
                if h.chart_file_id and h.chart_file_id not in just_uploaded
            ]
            try:
                gateway.publish_home(effect.user, views.without_images(view))
                return kept
            except SlackRefused as again:
                code = again.code
        log.warning("could not publish App Home for %s: %s", effect.user, code)
    return kept


def _linked(gateway: Gateway, item: LiveMeeting) -> LiveMeeting:
    """The running meeting with a link to its control message; without one if Slack says no
    (the banner still names the channel)."""
    if not item.ts:
        return item
    try:
        return replace(item, link=gateway.permalink(item.channel, item.ts))
    except SlackRefused as refused:
        log.info("no permalink for the meeting in %s: %s", item.channel, refused.code)
        return item


def _upload(gateway: Gateway, user: str, pictures: list[_Picture]) -> dict[str, str]:
    """Draw and upload each changed picture into the viewer's DM (opened once): key →
    file id. One Slack refuses is left out; the Home shows without it."""
    if not pictures:
        return {}
    try:
        dm = gateway.open_dm(user)
    except SlackRefused as refused:
        log.warning("no DM with %s for the trend charts: %s", user, refused)
        return {}
    files: dict[str, str] = {}
    for item in pictures:
        try:
            upload = {
                "content": chart.trend_png(item.title, item.meetings, xlabel=item.xlabel),
                "filename": item.filename,
                "title": f"{item.title}: trend",
            }
            found = gateway.upload(dm, [upload], item.comment)
        except (SlackRefused, ValueError) as error:
            log.warning("could not upload the trend %s: %s", item.key, error)
            continue
        if found and found[0]:
            files[item.key] = found[0]
    return files
