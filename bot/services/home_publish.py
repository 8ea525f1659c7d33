"""Publishing one App Home (for the outbox): trend pictures and the links to meetings
running now first, then the view.

A facilitator's picture goes to their DM with the bot: a file uploaded with no channel is
private to the app, and Slack refuses to show it in their Home. If Slack refuses the view
for its image anyway, the rest is shown, and the refused picture is offered no more until
it changes (a file just uploaded may still be processing, so that one is kept).
"""

from __future__ import annotations

import logging
from dataclasses import replace

from bot import chart
from bot.blocks import home as views
from bot.blocks.home_live import LiveMeeting
from bot.blocks.text import escape
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


def publish(gateway: Gateway, effect: PublishHome) -> list[tuple[Keep, Placed]]:
    """Publish the Home; returns what to keep of the chart files. Never raises."""
    kept: list[tuple[Keep, Placed]] = []
    model = effect.model
    fresh: dict[int, str] = {}
    if effect.charts:
        fresh = _upload_charts(gateway, effect)
        kept += [
            (ChartFile(c.set_id, c.key), Placed(file=fresh[c.set_id]))
            for c in effect.charts
            if c.set_id in fresh
        ]
        health = [
            replace(h, chart_file_id=fresh.get(h.id, h.chart_file_id)) for h in model.facilitated
        ]
        model = replace(model, facilitated=health)
    if effect.programme_charts:
        pictures = _upload_programme_charts(gateway, effect)
        fresh.update({-pid: file for pid, file in pictures.items()})  # never a set's id
        kept += [
            (
                ProgrammeChartFile(c.programme_id, effect.user, c.key),
                Placed(file=pictures[c.programme_id]),
            )
            for c in effect.programme_charts
            if c.programme_id in pictures
        ]
        consoles = [
            replace(p, chart_file_id=pictures.get(p.id, p.chart_file_id)) for p in model.programmes
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


def _upload_programme_charts(gateway: Gateway, effect: PublishHome) -> dict[int, str]:
    """Draw and upload each changed programme picture into the lead's DM: id → file id."""
    files: dict[int, str] = {}
    try:
        dm = gateway.open_dm(effect.user) if effect.programme_charts else ""
    except SlackRefused as refused:
        log.warning("no DM with %s for the programme charts: %s", effect.user, refused)
        return files
    for item in effect.programme_charts:
        comment = (
            f"📈 *{escape(item.name)}*, week by week: attendance, report-backs and "
            "follow-through across its sets. It's in your App Home too."
        )
        upload = {
            "content": chart.trend_png(item.name, item.weeks, xlabel="Week"),
            "filename": f"programme-{item.programme_id}-trend.png",
            "title": f"{item.name}: trend",
        }
        try:
            found = gateway.upload(dm, [upload], comment)
        except (SlackRefused, ValueError) as error:
            log.warning("could not upload programme %s's trend: %s", item.programme_id, error)
            continue
        if found and found[0]:
            files[item.programme_id] = found[0]
    return files


def _upload_charts(gateway: Gateway, effect: PublishHome) -> dict[int, str]:
    """Draw and upload each changed picture into the viewer's DM: set id → file id."""
    try:
        dm = gateway.open_dm(effect.user)
    except SlackRefused as refused:
        log.warning("no DM with %s for the trend charts: %s", effect.user, refused)
        return {}
    files: dict[int, str] = {}
    for item in effect.charts:
        last = item.meetings[-1].number if item.meetings else 0
        comment = (
            f"📈 *{escape(item.set_name)}* after meeting {last}: attendance, report-backs "
            "and follow-through. It's in your App Home too."
        )
        try:
            upload = {
                "content": chart.trend_png(item.set_name, item.meetings),
                "filename": f"set-{item.set_id}-trend.png",
                "title": f"{item.set_name}: trend",
            }
            found = gateway.upload(dm, [upload], comment)
        except (SlackRefused, ValueError) as error:
            log.warning("could not upload the trend of set %s: %s", item.set_id, error)
            continue
        if found and found[0]:
            files[item.set_id] = found[0]
    return files
