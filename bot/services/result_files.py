"""The files an effect uploads: drawn by the outbox after the ack (a chart with matplotlib,
an export once the names in it are looked up)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.flows.export import ExportData
from bot.flows.metrics import MeetingMetrics
from bot.flows.programme_export import ProgrammeReport


@dataclass(frozen=True)
class TrendPicture:
    """A PNG of a set's trend, drawn by the outbox (matplotlib is slow: never before an ack)."""

    title: str
    meetings: Sequence[MeetingMetrics]


@dataclass(frozen=True)
class ExportFile:
    """An export file, drawn by the outbox once the names of the people in it are looked up
    (users.info: never before an ack)."""

    data: ExportData | ProgrammeReport  # a set's, or a programme's for its leads
    kind: str  # "markdown" or "csv"


@dataclass(frozen=True)
class UploadFile:
    filename: str
    title: str
    content: str | bytes | TrendPicture | ExportFile


@dataclass(frozen=True)
class Upload:
    """Files into `user`'s DM with the bot, with a comment; `if_failed` is DMed otherwise."""

    user: str
    files: tuple[UploadFile, ...]
    comment: str
    if_failed: str
