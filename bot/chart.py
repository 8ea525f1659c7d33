"""The facilitator's trend picture: attendance, report-backs and follow-through per meeting.

Rendered headless (Agg) to PNG bytes. matplotlib is imported on first use: it is slow to
import and most requests never draw.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Sequence

from bot.flows.metrics import MeetingMetrics

SERIES = (
    ("Attendance", "attendance", "#2e7d32"),
    ("Report-backs", "report_rate", "#1565c0"),
    ("Follow-through", "follow", "#ef6c00"),
)


def _value(m: MeetingMetrics, key: str) -> float | None:
    value = m.follow_through.rate if key == "follow" else getattr(m, key)
    return None if value is None else round(value * 100)


def trend_png(title: str, meetings: Sequence[MeetingMetrics], xlabel: str = "Meeting") -> bytes:
    """A line chart of the three rates (percent) by meeting number (or week, `xlabel`)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    figure = Figure(figsize=(6.4, 3.2), dpi=100)
    axes = figure.subplots()
    numbers = [m.number for m in meetings]
    for label, key, colour in SERIES:
        points = [(n, _value(m, key)) for n, m in zip(numbers, meetings, strict=True)]
        xs = [n for n, v in points if v is not None]
        ys = [v for _, v in points if v is not None]
        axes.plot(xs, ys, marker="o", label=label, color=colour)
    axes.set_ylim(0, 105)
    axes.set_ylabel("%")
    axes.set_xlabel(xlabel)
    axes.set_xticks(numbers or [1])
    axes.set_title(title[:60])
    axes.grid(alpha=0.3)
    axes.legend(loc="lower left", fontsize="small")
    out = io.BytesIO()
    with warnings.catch_warnings():
        # A set's name may hold emoji the bundled font lacks: they draw as boxes, harmlessly.
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        figure.tight_layout()
        figure.savefig(out, format="png")
    return out.getvalue()
