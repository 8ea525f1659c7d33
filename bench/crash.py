"""Kill -9 mid fan-out: N report-back prompts fall due at once; `python -m bot` is SIGKILLed
the moment Slack has stored its K-th DM (before Slack's answer reaches it: a post the
database never recorded), then started again as a supervisor would restart it.

Prints how many prompts went before the kill, lost (members with no prompt), duplicated
(prompts beyond one per member), and the time from the restart until the last prompt was
sent and its row done. Targets: 0 lost, 0 duplicated, everything within 2 minutes of the
restart (a dead process's claims are taken over once their lease, 45 s, runs out).

The bot runs as configured by default (SETBOT_POST_RATE 5 a second) against the local Slack
stand-in, with the real clock: the prompts are due a minute before the bot starts, in a
time zone where it is early afternoon (quiet hours do not hold them back).

    .venv/bin/python bench/crash.py                       # 320 prompts, killed after 100
    .venv/bin/python bench/crash.py --prompts 1000 --kill-after 300 --rate 20
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlmodel import col, func, select  # noqa: E402

from bench.ack import free_port, start  # noqa: E402
from bench.fanout import seed  # noqa: E402
from bot.store.engine import make_engine, session_scope  # noqa: E402
from bot.store.tables import DueJob  # noqa: E402
from tests.slack_standin.model import Call  # noqa: E402
from tests.slack_standin.server import SlackStandin  # noqa: E402


def afternoon_zone(now: datetime) -> str:
    """A fixed-offset zone where it is about 14:00 now (Etc/GMT-X is UTC+X)."""
    offset = (14 - now.hour + 12) % 24 - 12
    return "Etc/UTC" if offset == 0 else f"Etc/GMT{-offset:+d}"


def dm_posts(standin: SlackStandin) -> Counter[str]:
    """The prompts Slack has stored, by member: each names its due row in its metadata
    (whether it went to the member's id or to their DM channel)."""
    found: Counter[str] = Counter()
    for call in standin.calls_to("chat.postMessage", ok_only=True):
        metadata = call.args.get("metadata")
        if isinstance(metadata, str):
            metadata = json.loads(metadata)
        key = str(((metadata or {}).get("event_payload") or {}).get("key", ""))
        if key:
            found[key.rsplit(":", 1)[-1]] += 1
    return found


def rows_left(url: str, now: datetime) -> int:
    engine = make_engine(url)
    try:
        with session_scope(engine) as session:
            due = col(DueJob.due_at) <= now
            query = select(func.count()).where(col(DueJob.status) != "done", due)
            return int(session.exec(query).one())
    finally:
        engine.dispose()


def run(prompts: int, kill_after: int, rate: str | None, members: int) -> None:
    now = datetime.now(UTC)
    zone = afternoon_zone(now)
    meeting = now + timedelta(hours=24) - timedelta(minutes=1)  # prompts due a minute ago
    with tempfile.TemporaryDirectory() as folder, SlackStandin() as standin:
        url = f"sqlite:///{folder}/setbot.db"
        users = seed(url, max(1, prompts // members), members, standin, meeting, zone)
        standin.ts_clock = lambda: datetime.now(UTC)  # message ts in real time, as Slack's
        env = {
            "SLACK_BOT_TOKEN": standin.bot_token,
            "SLACK_SIGNING_SECRET": standin.signing_secret,
            "SLACK_API_URL": standin.api_url,
            "DATABASE_URL": url,
            "LOG_LEVEL": "WARNING",
            **({"SETBOT_POST_RATE": rate} if rate else {}),
        }
        killed = threading.Event()
        first = start([sys.executable, "-m", "bot"], env, free_port())

        def kill_at(call: Call) -> None:  # Slack has the post; the bot never hears back
            posted = call.method == "chat.postMessage" and call.error is None
            if posted and not killed.is_set() and sum(dm_posts(standin).values()) >= kill_after:
                killed.set()
                os.kill(first.pid, signal.SIGKILL)

        standin.before_answer = kill_at
        began = time.monotonic()
        try:
            first.wait(timeout=600)
        except subprocess.TimeoutExpired:
            first.kill()
        standin.before_answer = None
        if not killed.is_set():
            raise SystemExit(f"the bot exited ({first.returncode}) before its {kill_after}th DM")
        before = sum(dm_posts(standin).values())
        restarted = time.monotonic()
        second = start([sys.executable, "-m", "bot"], env, free_port())
        try:
            while time.monotonic() - restarted < 600:
                sent = dm_posts(standin)
                if len(sent) >= len(users) and rows_left(url, datetime.now(UTC)) == 0:
                    break
                time.sleep(0.25)
            finished = time.monotonic()
            time.sleep(6)  # one more scheduler wake-up: anything sent late counts too
        finally:
            second.terminate()
            second.wait(timeout=30)
        sent = dm_posts(standin)
    lost = len(users) - len(sent)
    duplicated = sum(n - 1 for n in sent.values())
    print(
        f"{len(users)} prompts, killed after {before} ({restarted - began:.1f} s in), "
        f"restart → all sent {finished - restarted:.1f} s, lost {lost}, duplicated {duplicated}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prompts", type=int, default=320)
    parser.add_argument("--kill-after", type=int, default=100)
    parser.add_argument("--members", type=int, default=10, help="members per set")
    parser.add_argument("--rate", help="SETBOT_POST_RATE (default: the bot's own default)")
    args = parser.parse_args()
    run(args.prompts, args.kill_after, args.rate, args.members)


if __name__ == "__main__":
    main()
