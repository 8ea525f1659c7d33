"""The outbox's files: a set's trend chart, drawn with matplotlib, and exports, drawn
from their data with the names Slack knows for the people they mention."""

from __future__ import annotations

import logging

from bot import chart
from bot.flows import export, export_csv, programme_export
from bot.flows.export import ExportData
from bot.flows.programme_export import ProgrammeReport
from bot.services.gateway import Gateway, SlackRefused
from bot.services.result import ExportFile, TrendPicture, Upload

log = logging.getLogger("setbot.outbox")


def upload(gateway: Gateway, effect: Upload) -> None:
    """Draw the files (a chart, an export) and upload them to the person's DM; if Slack
    refuses, tell them so in a message instead."""
    files = []
    names: dict[str, str] | None = None
    try:
        for item in effect.files:
            content = item.content
            if isinstance(content, TrendPicture):
                content = chart.trend_png(content.title, content.meetings)
            elif isinstance(content, ExportFile):
                names = names if names is not None else _names(gateway, content.data)
                content = _drawn(content, names)
            files.append({"content": content, "filename": item.filename, "title": item.title})
        gateway.upload(gateway.open_dm(effect.user), files, effect.comment)
    except (SlackRefused, ValueError) as error:
        log.warning("upload to %s failed: %s", effect.user, error)
        try:
            gateway.post(effect.user, effect.if_failed)
        except SlackRefused:
            log.warning("could not tell %s the upload failed", effect.user)


def _drawn(item: ExportFile, names: dict[str, str]) -> str:
    markdown = item.kind == "markdown"
    if isinstance(item.data, ProgrammeReport):
        draw_report = programme_export.markdown if markdown else programme_export.csv_text
        return draw_report(item.data, names)
    draw = export.markdown if markdown else export_csv.csv_text
    return draw(item.data, names)


def _names(gateway: Gateway, data: ExportData | ProgrammeReport) -> dict[str, str]:
    """The names of the people an export names; one Slack can't tell stays an id."""
    found = {}
    for user in data.people():
        try:
            name = gateway.user_name(user)
        except SlackRefused as refused:
            log.info("no name for %s in the export: %s", user, refused)
            continue
        if name:
            found[user] = name
    return found
