"""The files an effect uploads, drawn by the outbox after the ack (a chart with matplotlib,
an export once the names in it are looked up), and the trend pictures App Home shows."""

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


@dataclass(frozen=True)
class ChartFile:
    """The Slack file now holding a set's trend picture, and which picture it is."""

    set_id: int
    key: str


@dataclass(frozen=True)
class ProgrammeChartFile:
    """The Slack file now holding a lead's programme picture, and which picture it is."""

    programme_id: int
    user: str
    key: str


@dataclass(frozen=True)
class ChartRefused:
    """Slack refused to show the set's picture in a Home: offer it no more until it changes."""

    set_id: int


@dataclass(frozen=True)
class HomeChart:
    """A facilitator's trend picture to draw and upload before their Home is published."""

    set_id: int
    set_name: str
    meetings: Sequence[MeetingMetrics]
    key: str  # which picture this is: kept with its file so it is not uploaded again


@dataclass(frozen=True)
class ProgrammeChart:
    """A programme lead's trend picture, week by week, for their Home."""

    programme_id: int
    name: str
    weeks: Sequence[MeetingMetrics]
    key: str
