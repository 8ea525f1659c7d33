"""Where sent prompts are kept: the write-back of a batch of prompts, reminders and
welcomes, in one read and a few statements however many (executemany).

For each: start the member's report if it is new (`new_report`, its data), keep the DM
channel, and keep the message's ts (`kind`: in `reminder_ts` for a reminder, `prompt_ts`
otherwise) so the message can be closed cleanly when the meeting starts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, insert, update
from sqlmodel import Session, col, select

from bot.store.tables import Report


@dataclass(frozen=True)
class PromptRecord:
    meeting_id: int
    user_id: str
    channel: str
    ts: str
    new_report: str | None  # a report's data to start, when none exists
    kind: str | None  # keep the ts as this kind's (None: don't keep it)


# Built once, their values passed at run time: building a statement costs more than running it
_REPORTS_OF = select(
    col(Report.id), col(Report.meeting_id), col(Report.user_id), col(Report.dm_channel)
).where(
    col(Report.meeting_id).in_(bindparam("meetings", expanding=True)),
    col(Report.user_id).in_(bindparam("users", expanding=True)),
)
_NEW_REPORT = insert(Report)
_REPORT_BY_ID = update(Report).where(col(Report.id) == bindparam("report_id"))


def record_prompts(*, session: Session, records: list[PromptRecord], now: datetime) -> None:
    """Record these sent messages. A person's second message in the same batch (rare: a
    welcome and a prompt at once) is recorded after the first, as if one by one."""
    first: dict[tuple[int, str], PromptRecord] = {}
    later: list[PromptRecord] = []
    for record in records:
        pair = (record.meeting_id, record.user_id)
        if pair in first:
            later.append(record)
        else:
            first[pair] = record
    if first:
        _record(session, list(first.values()), now)
    for record in later:
        _record(session, [record], now)


def _record(session: Session, records: list[PromptRecord], now: datetime) -> None:
    connection = session.connection()
    found = {
        (meeting_id, user_id): (report_id, dm)
        for report_id, meeting_id, user_id, dm in connection.execute(
            _REPORTS_OF,
            {
                "meetings": sorted({r.meeting_id for r in records}),
                "users": sorted({r.user_id for r in records}),
            },
        )
    }
    fresh: list[dict[str, object]] = []
    changes: dict[frozenset[str], list[dict[str, object]]] = {}
    for record in records:
        existing = found.get((record.meeting_id, record.user_id))
        if existing is None:
            if record.new_report is not None:
                fresh.append(_new_report(record, now))
            continue
        values = _changes(record, existing[1])
        if values:
            changes.setdefault(frozenset(values), []).append({**values, "report_id": existing[0]})
    if fresh:
        connection.execute(_NEW_REPORT, fresh)
    for rows in changes.values():  # one statement per shape of change
        connection.execute(_REPORT_BY_ID, rows)


def _column(record: PromptRecord) -> str:
    return "reminder_ts" if record.kind == "reminder" else "prompt_ts"


def _new_report(record: PromptRecord, now: datetime) -> dict[str, object]:
    """The report a prompt starts (every row of one INSERT has the same keys)."""
    values: dict[str, object] = {
        "meeting_id": record.meeting_id,
        "user_id": record.user_id,
        "data": record.new_report,
        "updated_at": now,
        "dm_channel": record.channel or None,
        "prompt_ts": None,
        "reminder_ts": None,
    }
    if record.kind is not None:  # as a prompt sent to an existing report leaves it
        values[_column(record)], values["dm_channel"] = record.ts, record.channel
    return values


def _changes(record: PromptRecord, dm: str | None) -> dict[str, object]:
    """What a sent message changes on the report it belongs to."""
    values: dict[str, object] = {}
    if record.new_report is not None and not dm and record.channel:
        values["dm_channel"] = dm = record.channel
    if record.kind is not None:
        values[_column(record)] = record.ts
        if (dm or record.channel) != dm:
            values["dm_channel"] = dm or record.channel
    return values
