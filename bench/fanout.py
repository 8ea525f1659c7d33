"""Report-back fan-out: N sets × M members whose prompts fall due at once.

Prints prompts per second for the bot and for a bare slack-sdk loop posting the same
messages to the same DMs, and the ratios, for each total. "first": each member's first
prompt (users.info for quiet hours and conversations.open, both kept, then the post);
"next": the next meeting's, one Slack call each. The bot also claims each due row, builds
the prompt and records the report row. Both go through the local Slack stand-in over HTTP
on 127.0.0.1, which answers in about a millisecond: real Slack's latency makes the database
share far smaller.

    .venv/bin/python bench/fanout.py                 # totals 100, 1,000, 10,000
    .venv/bin/python bench/fanout.py --totals 100,500 --members 10
    .venv/bin/python bench/fanout.py --totals 100,1000 --latency-ms 50   # a real network
    .venv/bin/python bench/fanout.py --ceiling 10 --totals 300   # Slack's posting limits
    .venv/bin/python bench/fanout.py --separate     # the stand-in in a process of its own

By default the stand-in serves from threads of the benchmark's own process, so the bot's
workers share the interpreter with it while the bare loop waits on it in turn; with
--separate it runs in a process of its own, as Slack does.

With --ceiling the stand-in enforces Slack's posting limits (that many chat.postMessage a
second per workspace, one a second per channel, 429 with Retry-After: 1 above them) and the
bot paces itself at 0.95 × the ceiling (SETBOT_POST_RATE), waking every 5 s as the scheduler
does. It prints 429s per message, lost, duplicated and time ÷ floor (floor: N ÷ ceiling).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from slack_sdk import WebClient  # noqa: E402
from sqlalchemy import Engine, func  # noqa: E402
from sqlmodel import col, select  # noqa: E402

from bot.app import web_client  # noqa: E402
from bot.blocks import report as report_views  # noqa: E402
from bot.flows.cadence import Cadence  # noqa: E402
from bot.flows.setup import SetConfig  # noqa: E402
from bot.scheduler import INTERVAL_SECONDS  # noqa: E402
from bot.services import build_services  # noqa: E402
from bot.services.gateway import WebGateway  # noqa: E402
from bot.services.prompt_plans import plan_meeting  # noqa: E402
from bot.store import repo_meetings, repo_sets  # noqa: E402
from bot.store.engine import make_engine, session_scope  # noqa: E402
from bot.store.migrate import upgrade  # noqa: E402
from bot.store.tables import DueJob, LearningSet, Meeting  # noqa: E402
from bot.store.tables_learning import Report  # noqa: E402
from tests.slack_standin.server import SlackStandin  # noqa: E402

MEETING = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
PROMPT_AT = MEETING - timedelta(hours=24)


def seed(
    url: str,
    sets: int,
    members: int,
    standin: SlackStandin,
    meeting_at: datetime = MEETING,
    zone: str = "Europe/London",
) -> list[str]:
    """Sets with one meeting each, at `meeting_at`, whose prompts are all due 24 hours before
    it (PROMPT_AT by default); the sets and their members live in `zone`."""
    upgrade(url)
    engine = make_engine(url)
    users = []
    with session_scope(engine) as session:
        for n in range(sets):
            people = tuple(f"U{n:04d}M{m:03d}" for m in range(members))
            users += people
            config = SetConfig(
                name=f"Set {n}",
                theme="",
                members=people,
                facilitator=people[0],
                rotating=False,
                cadence=Cadence.WEEKLY,
                weekday=meeting_at.weekday(),
                at=clock_time(meeting_at.hour, meeting_at.minute),
                timezone=zone,
                first_date=meeting_at.date(),
                meeting_minutes=90,
                meeting_count=1,
                lead_hours=24,
                ground_rules="Rules",
            )
            row = repo_sets.create_set(
                session=session,
                team_id="T0001",
                channel_id=f"C{n:05d}",
                config=config,
                created_by=people[0],
                now=meeting_at - timedelta(days=8),
            )
            repo_meetings.plan_meetings(session=session, set_id=row.id or 0, times=[meeting_at])
            meeting = repo_meetings.next_scheduled(session=session, set_id=row.id or 0)
            assert meeting is not None
            plan_meeting(session, row, meeting)
    engine.dispose()
    for user in users:
        standin.add_user(user, user.lower(), tz=zone)
    return users


def bot_rate(url: str, standin: SlackStandin, expected: int) -> float:
    engine = make_engine(url)
    client = web_client(standin.api_url, "xoxb-test")
    services = build_services(engine, lambda _team: WebGateway(client), clock=lambda: PROMPT_AT)
    started = time.perf_counter()
    services.due.run()
    elapsed = time.perf_counter() - started
    sent = len(standin.calls_to("chat.postMessage", ok_only=True))
    engine.dispose()
    if sent != expected:
        raise SystemExit(f"the bot sent {sent} prompts, expected {expected}")
    return expected / elapsed


def warm_rate(url: str, standin: SlackStandin, expected: int) -> float:
    """The next meeting's prompts: DMs and time zones already known, one Slack call each."""
    engine = make_engine(url)
    hold_first_meetings(engine)
    client = web_client(standin.api_url, "xoxb-test")
    later = PROMPT_AT + timedelta(days=7)
    services = build_services(engine, lambda _team: WebGateway(client), clock=lambda: later)
    before = len(standin.calls_to("chat.postMessage", ok_only=True))
    started = time.perf_counter()
    services.due.run()
    elapsed = time.perf_counter() - started
    sent = len(standin.calls_to("chat.postMessage", ok_only=True)) - before
    engine.dispose()
    if sent != expected:
        raise SystemExit(f"the bot sent {sent} warm prompts, expected {expected}")
    return expected / elapsed


def hold_first_meetings(engine: Engine) -> None:
    """Meeting 1 was held: meeting 2's prompts are planned, and due a week later."""
    with session_scope(engine) as session:
        for meeting in session.exec(select(Meeting)):
            meeting.phase = "closed"
            meeting.started_at = MEETING
            session.add(meeting)
        for row in session.exec(select(LearningSet)):
            repo_meetings.plan_meetings(
                session=session, set_id=row.id or 0, times=[MEETING + timedelta(days=7)]
            )
            meeting = repo_meetings.next_scheduled(session=session, set_id=row.id or 0)
            assert meeting is not None
            plan_meeting(session, row, meeting)


def separate_run(total: int, members: int) -> tuple[int, float, float, float]:
    """`bot_rate`, `warm_rate` and `bare_rate` with the stand-in in a process of its own
    (bench/standin_process.py), as Slack is: the bot's workers then share their interpreter
    with nobody, and the bare loop's calls are as cheap as before. Prompts are counted in
    the database (each one sent leaves its DM's ts on the member's report)."""
    sets = max(1, total // members)
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.db"
        users = seed(url, sets, members, SlackStandin())  # that stand-in is never started
        people = Path(folder) / "people.json"
        people.write_text(json.dumps({"users": users}))
        command = [sys.executable, str(ROOT / "bench" / "standin_process.py"), str(people)]
        slack = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert slack.stdout is not None and slack.stdin is not None
        try:
            facts = json.loads(slack.stdout.readline())
            client = web_client(facts["api_url"], facts["bot_token"])
            engine = make_engine(url)
            rates = []
            for at in (PROMPT_AT, PROMPT_AT + timedelta(days=7)):
                if at != PROMPT_AT:
                    hold_first_meetings(engine)
                services = build_services(engine, lambda _t: WebGateway(client), lambda at=at: at)
                started = time.perf_counter()
                services.due.run()
                rates.append(len(users) / (time.perf_counter() - started))
                with session_scope(engine) as session:
                    sent = session.exec(
                        select(func.count()).where(col(Report.prompt_ts).is_not(None))
                    ).one()
                if sent != len(users) * len(rates):
                    raise SystemExit(f"the bot sent {sent} prompts, expected {len(users)}")
            engine.dispose()
            bare = WebClient(token=facts["bot_token"], base_url=facts["api_url"])
            channels = [bare.conversations_open(users=user)["channel"]["id"] for user in users]
            blocks = report_views.prompt("Set", 1, MEETING, 1, [])
            started = time.perf_counter()
            for channel in channels:
                bare.chat_postMessage(channel=channel, text="Report back", blocks=blocks)
            rates.append(len(users) / (time.perf_counter() - started))
        finally:
            slack.stdin.close()
            slack.wait(timeout=20)
    return len(users), rates[0], rates[1], rates[2]


def bare_rate(standin: SlackStandin, users: list[str]) -> float:
    """What slack-sdk alone costs: post the same prompt to the same DMs, one by one."""
    client = WebClient(token="xoxb-test", base_url=standin.api_url)
    blocks = report_views.prompt("Set", 1, MEETING, 1, [])
    channels = [standin.dm_channel(u).id for u in users]
    started = time.perf_counter()
    for channel in channels:
        client.chat_postMessage(channel=channel, text="Report back", blocks=blocks)
    return len(users) / (time.perf_counter() - started)


def ceiling_run(total: int, members: int, ceiling: float) -> None:
    """The first prompts of `total` members under Slack's posting limits."""
    sets = max(1, total // members)
    with tempfile.TemporaryDirectory() as folder, SlackStandin() as standin:
        url = f"sqlite:///{folder}/bench.db"
        users = seed(url, sets, members, standin)
        engine = make_engine(url)
        client = web_client(standin.api_url, "xoxb-test")
        started = time.monotonic()

        def clock() -> datetime:  # the real passage of time, from the prompts' due time
            return PROMPT_AT + timedelta(seconds=time.monotonic() - started)

        services = build_services(
            engine, lambda _team: WebGateway(client), clock, post_rate=0.95 * ceiling
        )
        standin.ceiling(ceiling, per_channel=1)
        while True:
            services.due.run()
            with session_scope(engine) as session:
                due = col(DueJob.due_at) <= clock()  # the prompts; reminders come later
                left = session.exec(select(DueJob).where(col(DueJob.status) != "done", due))
                left = left.first()
            if left is None:
                break
            time.sleep(INTERVAL_SECONDS)  # the scheduler's next wake-up
        elapsed = time.monotonic() - started
        engine.dispose()
        posts = standin.calls_to("chat.postMessage")
        limited = sum(1 for c in posts if c.error == "ratelimited")
        delivered = Counter(c.args.get("channel") for c in posts if c.error is None)
    lost = len(set(users) - set(delivered))
    duplicated = sum(n - 1 for n in delivered.values())
    floor = len(users) / ceiling
    print(
        f"{len(users):>7} prompts under {ceiling:g}/s: {elapsed:.1f} s (floor {floor:.1f} s), "
        f"time÷floor {elapsed / floor:.2f}, 429s/message {limited / len(users):.3f}, "
        f"lost {lost}, duplicated {duplicated}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--totals", default="100,1000,10000", help="N×M totals to run")
    parser.add_argument("--members", type=int, default=10, help="members per set (M)")
    parser.add_argument(
        "--latency-ms",
        type=float,
        default=0.0,
        help="add this much latency to every Slack call, as a real network would",
    )
    parser.add_argument(
        "--ceiling", type=float, default=0.0, help="enforce Slack's posting limits at this rate"
    )
    parser.add_argument(
        "--separate",
        action="store_true",
        help="the stand-in in a process of its own, as Slack is (not sharing the bot's GIL)",
    )
    args = parser.parse_args()
    if args.ceiling:
        for total in (int(t) for t in args.totals.split(",")):
            ceiling_run(total, min(args.members, total), args.ceiling)
        return
    print(
        f"{'N×M':>7} {'N':>5} {'M':>4} {'bot first/s':>12} {'bot next/s':>11} "
        f"{'bare sdk/s':>11} {'first÷bare':>11} {'next÷bare':>10}"
    )
    for total in (int(t) for t in args.totals.split(",")):
        members = min(args.members, total)
        sets = max(1, total // members)
        if args.separate:
            count, first, warm, bare = separate_run(total, members)
            row = f"{count:>7} {sets:>5} {members:>4} {first:>12.0f} {warm:>11.0f} {bare:>11.0f}"
            print(f"{row} {first / bare:>11.2f} {warm / bare:>10.2f}")
            continue
        with tempfile.TemporaryDirectory() as folder, SlackStandin() as standin:
            standin.latency = args.latency_ms / 1000
            url = f"sqlite:///{folder}/bench.db"
            users = seed(url, sets, members, standin)
            first = bot_rate(url, standin, len(users))
            warm = warm_rate(url, standin, len(users))
            bare = bare_rate(standin, users)
        row = f"{len(users):>7} {sets:>5} {members:>4} {first:>12.0f} {warm:>11.0f} {bare:>11.0f}"
        print(f"{row} {first / bare:>11.2f} {warm / bare:>10.2f}")


if __name__ == "__main__":
    main()
