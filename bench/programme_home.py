"""A programme lead's App Home at scale: time to build it and the SQL it takes.

Seeds a programme of SETS sets × MEMBERS members × MEETINGS held meetings (attendance,
report-backs, actions with outcomes, ratings, shared and private learnings) into a fresh
SQLite file, then builds the lead's Home (the model, read as the bot reads it after the
ack, and the Block Kit view) for each sort order and page, counting the statements run
and the blocks per page. Nothing here asserts a time: it prints figures.

    .venv/bin/python bench/programme_home.py
    .venv/bin/python bench/programme_home.py --sets 5 --meetings 3 --runs 3
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import event  # noqa: E402
from sqlmodel import Session  # noqa: E402

from bot.blocks import home as views  # noqa: E402
from bot.flows.programme import Order  # noqa: E402
from bot.services.core import CLOCK  # noqa: E402
from bot.services.home_model import home_for  # noqa: E402
from bot.store.engine import make_engine  # noqa: E402
from bot.store.migrate import upgrade  # noqa: E402
from bot.store.tables import (  # noqa: E402
    Action,
    Attendance,
    Learning,
    LearningSet,
    Meeting,
    Membership,
    Reflection,
    Report,
)
from bot.store.tables_programme import Programme, ProgrammeLead  # noqa: E402

LEAD = "ULEAD"
START = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)
WORDS = ("listening", "delegation", "feedback", "coaching", "stakeholders", "priorities")


def seed(session: Session, sets: int, members: int, meetings: int) -> None:
    programme = Programme(team_id="T1", name="Leaders", name_key="leaders", created_by=LEAD)
    session.add(programme)
    session.flush()
    session.add(ProgrammeLead(programme_id=programme.id or 0, user_id=LEAD))
    for s in range(sets):
        row = LearningSet(
            team_id="T1",
            channel_id=f"C{s:04d}",
            name=f"Set {s:02d}",
            facilitator_id=f"U{s:03d}00",
            cadence="weekly",
            weekday=0,
            meeting_time="10:00",
            timezone="Europe/London",
            first_date=START.date(),
            meeting_minutes=90,
            meeting_count=meetings,
            prompt_lead_hours=24,
            ground_rules="",
            created_by=LEAD,
            programme_id=programme.id,
        )
        session.add(row)
        session.flush()
        people = [f"U{s:03d}{m:02d}" for m in range(members)]
        session.add_all(Membership(set_id=row.id or 0, user_id=u) for u in people)
        for n in range(1, meetings + 1):
            when = START + timedelta(days=7 * (n - 1))
            meeting = Meeting(
                set_id=row.id or 0,
                number=n,
                scheduled_at=when,
                phase="closed",
                started_at=when,
                ended_at=when + timedelta(hours=1),
            )
            session.add(meeting)
            session.flush()
            mid = meeting.id or 0
            for i, u in enumerate(people):
                here = (i + n + s) % 5 != 0
                session.add(
                    Attendance(meeting_id=mid, user_id=u, status="no_issue" if here else "absent")
                )
                session.add(Report(meeting_id=mid, user_id=u, complete=here))
                session.add(
                    Reflection(
                        set_id=row.id or 0, meeting_id=mid, user_id=u, rating=3 + (i + n) % 3
                    )
                )
                if i < 2:
                    status = ("done", "partly", "not_done", "open")[(i + n + s) % 4]
                    session.add(
                        Action(
                            set_id=row.id or 0,
                            meeting_id=mid,
                            owner_id=u,
                            created_by=u,
                            text=f"PRIVATEACTION {s} {n}",
                            status=status,
                        )
                    )
                if i == 0:
                    session.add(
                        Learning(
                            set_id=row.id or 0,
                            meeting_id=mid,
                            user_id=u,
                            source="reflection",
                            text=f"More {WORDS[(s + n) % len(WORDS)]} and {WORDS[n % len(WORDS)]}",
                            shareable=n % 2 == 0,
                        )
                    )
    session.commit()


def measure(
    sets: int, members: int, meetings: int, runs: int
) -> tuple[list[float], int, list[int]]:
    """(build times, SQL statements of one Home, blocks of each page and order)."""
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        upgrade(url)
        engine = make_engine(url)
        statements: list[str] = []

        def counted(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
            statements.append(" ".join(statement.split())[:100])

        with Session(engine) as session:
            seed(session, sets, members, meetings)
        now = START + timedelta(days=7 * meetings + 3)
        event.listen(engine, "before_cursor_execute", counted)
        timings, blocks = [], []
        for run in range(runs):
            with Session(engine) as session:
                session.info[CLOCK] = lambda: now
                statements.clear()
                began = time.perf_counter()
                effect = home_for(session, LEAD, programme_page=(1, run % 5))
                view = views.build(effect.model)
                timings.append(time.perf_counter() - began)
                blocks.append(len(view["blocks"]))
                assert effect.model.programmes[0].rows  # a page of sets, never an empty one
        queries = len(statements)
        for order in Order:
            with Session(engine) as session:
                session.info[CLOCK] = lambda: now
                lead = session.get(ProgrammeLead, (1, LEAD))
                assert lead is not None
                lead.home_order = order.value
                session.commit()
                blocks.append(len(views.build(home_for(session, LEAD).model)["blocks"]))
        engine.dispose()
    return timings, queries, blocks


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sets", type=int, default=50)
    parser.add_argument("--members", type=int, default=8)
    parser.add_argument("--meetings", type=int, default=12)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    few = max(1, args.sets // 10)
    timings, queries, blocks = measure(args.sets, args.members, args.meetings, args.runs)
    _, few_queries, _ = measure(few, args.members, args.meetings, 1)
    median = statistics.median(timings)
    print(f"programme: {args.sets} sets × {args.members} members × {args.meetings} meetings")
    print(
        f"lead's Home: {median * 1000:.0f} ms median of {args.runs} "
        f"(max {max(timings) * 1000:.0f} ms)"
    )
    print(f"SQL statements per Home: {queries} at {args.sets} sets, {few_queries} at {few}")
    print(f"blocks per page: max {max(blocks)} (Slack's limit 100)")
    print(f"time ÷ ack budget (3 s): {median / 3:.3f}")


if __name__ == "__main__":
    main()
