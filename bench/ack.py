"""Ack latency: Setbot (`python -m bot`, HTTP, waitress 8 threads) against a bare slack-bolt
app that only acks (bench/bare_bolt.py, the same waitress), side by side in one run.

N sets (default 10,000, 6 members each) are seeded through the product's own store code
into a SQLite file; both apps talk to the local Slack stand-in. For each kind of request,
C client threads (default 8) send R signed requests (default 2,000) to each app in turn;
printed: p50 / p99 / slowest ack in ms, requests per second, and Setbot's p99 ÷ the bare
app's p99.

    .venv/bin/python bench/ack.py
    .venv/bin/python bench/ack.py --sets 1000 --requests 500
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from bench.fanout import seed  # noqa: E402
from bot.blocks import ids  # noqa: E402
from bot.store.engine import make_engine  # noqa: E402
from tests.slack_standin.http_transport import signature  # noqa: E402
from tests.slack_standin.server import SlackStandin  # noqa: E402

TEAM = "T0001"
Request = tuple[str, str]  # body, content type


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(command: list[str], env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(  # quiet: waitress warns of every queued request under load
        command, env={**os.environ, **env, "PORT": str(port)}, cwd=ROOT, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit(f"{command} did not answer /healthz on port {port}")


def slash(text: str, sets: int) -> Callable[[random.Random], Request]:
    def make(rng: random.Random) -> Request:
        n = rng.randrange(sets)
        fields = {
            "token": "t",
            "team_id": TEAM,
            "channel_id": f"C{n:05d}",
            "user_id": f"U{n:04d}M{rng.randrange(6):03d}",
            "command": "/set",
            "text": text,
            "response_url": "http://127.0.0.1:9/none",
            "trigger_id": f"trig.{rng.random()}",
        }
        return urlencode(fields), "application/x-www-form-urlencoded"

    return make


def home_button(sets: int) -> Callable[[random.Random], Request]:
    def make(rng: random.Random) -> Request:
        n = rng.randrange(sets)
        user = f"U{n:04d}M{rng.randrange(6):03d}"
        payload = {
            "type": "block_actions",
            "team": {"id": TEAM},
            "user": {"id": user, "team_id": TEAM},
            "api_app_id": "A0001",
            "trigger_id": f"trig.{rng.random()}",
            "container": {"type": "view", "view_id": "V1"},
            "view": {"id": "V1", "type": "home", "team_id": TEAM},
            "actions": [
                {
                    "type": "button",
                    "action_id": ids.HOME_PAGE,
                    "block_id": "action_pages",
                    "value": "0",
                    "action_ts": str(time.time()),
                }
            ],
        }
        return urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded"

    return make


def load(
    port: int, secret: str, make: Callable[[random.Random], Request], total: int, clients: int
) -> tuple[list[float], float]:
    """`total` signed requests from `clients` threads; each latency in ms, and req/s (and
    how many got no ack, printed)."""
    latencies: list[float] = []
    failed: list[str] = []
    lock = threading.Lock()

    def client(index: int) -> None:
        rng = random.Random(index)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        for _ in range(total // clients):
            body, content_type = make(rng)
            stamp = str(int(time.time()))
            headers = {
                "Content-Type": content_type,
                "X-Slack-Request-Timestamp": stamp,
                "X-Slack-Signature": signature(secret, stamp, body),
            }
            began = time.perf_counter()
            connection.request("POST", "/slack/events", body=body, headers=headers)
            response = connection.getresponse()
            answer = response.read()
            mine.append((time.perf_counter() - began) * 1000)
            if response.status != 200:  # Bolt answers 404 when no ack came in 3 s
                failed.append(f"HTTP {response.status}: {answer[:80]!r}")
        with lock:
            latencies.extend(mine)

    began = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(client, range(clients)))
    if failed:
        print(f"  port {port}: {len(failed)} of {len(latencies)} not acked, e.g. {failed[0]}")
    return latencies, len(latencies) / (time.perf_counter() - began)


def p(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


@dataclass(frozen=True)
class Apps:
    """Setbot and the bare app, answering on their ports, with the secret that signs."""

    secret: str
    ports: dict[str, int]  # "setbot", "bare"
    processes: dict[str, subprocess.Popen[bytes]]


@contextmanager
def apps(sets: int, known: bool = False) -> Iterator[Apps]:
    """The Slack stand-in in a process of its own, `sets` sets seeded, and both apps
    started against it (`python -m bot`, bench/bare_bolt.py); all stopped at the end.
    `known`: the stand-in knows the sets' members and channels, so what the bot shows them
    (Home, ephemerals) is shown rather than refused."""
    folder = Path(tempfile.mkdtemp(prefix="setbot-ack-"))
    url = f"sqlite:///{folder / 'setbot.db'}"
    began = time.perf_counter()
    users = seed(url, sets, 6, SlackStandin())  # its users go nowhere (but see `known`)
    engine = make_engine(url)
    with engine.begin() as connection:  # their prompts are not this benchmark's load
        connection.execute(text("UPDATE due_job SET status = 'done'"))
    engine.dispose()
    print(f"seeded {sets:,} sets × 6 members in {time.perf_counter() - began:.0f} s")
    command = [sys.executable, str(ROOT / "bench" / "standin_process.py")]
    if known:  # seed's names: member m of set n is U{n:04d}M{m:03d}, in channel C{n:05d}
        channels: dict[str, list[str]] = {}
        for user in users:
            channels.setdefault(f"C{int(user[1:5]):05d}", []).append(user)
        people = folder / "people.json"
        people.write_text(json.dumps({"users": users, "channels": channels}))
        command.append(str(people))
    # Slack in a process of its own: its Block Kit checks must not take the clients' GIL
    slack = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert slack.stdout is not None and slack.stdin is not None
    facts = json.loads(slack.stdout.readline())
    env = {
        "SLACK_BOT_TOKEN": facts["bot_token"],
        "SLACK_SIGNING_SECRET": facts["signing_secret"],
        "SLACK_API_URL": facts["api_url"],
        "DATABASE_URL": url,
        "LOG_LEVEL": "ERROR",
    }
    ports = {"setbot": free_port(), "bare": free_port()}
    processes = {
        "setbot": start([sys.executable, "-m", "bot"], env, ports["setbot"]),
        "bare": start([sys.executable, "bench/bare_bolt.py"], env, ports["bare"]),
    }
    try:
        yield Apps(facts["signing_secret"], ports, processes)
    finally:
        for process in processes.values():
            process.terminate()
            process.wait(timeout=20)
        slack.stdin.close()
        slack.wait(timeout=20)


def meeting_button(sets: int) -> Callable[[random.Random], Request]:
    """Next on the control message of a set's meeting (seeded: meeting n + 1, not started)."""

    def make(rng: random.Random) -> Request:
        n = rng.randrange(sets)
        channel, ts = f"C{n:05d}", f"{1_700_000_000 + n}.000100"
        payload = {
            "type": "block_actions",
            "team": {"id": TEAM},
            "user": {"id": f"U{n:04d}M{rng.randrange(6):03d}", "team_id": TEAM},
            "api_app_id": "A0001",
            "trigger_id": f"trig.{rng.random()}",
            "channel": {"id": channel},
            "container": {"type": "message", "message_ts": ts, "channel_id": channel},
            "message": {"ts": ts, "text": "control"},
            "response_url": "http://127.0.0.1:9/none",
            "actions": [
                {
                    "type": "button",
                    "action_id": ids.NEXT,
                    "block_id": "controls",
                    "value": f"{n + 1}:1",
                    "action_ts": str(time.time()),
                }
            ],
        }
        return urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded"

    return make


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=2_000)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()

    kinds = {
        "/set status": slash("status", args.sets),
        "/set help": slash("help", args.sets),
        "/set schedule": slash("schedule", args.sets),
        "App Home button": home_button(args.sets),
        "meeting button": meeting_button(args.sets),
    }
    with apps(args.sets) as running:
        print(
            f"{'kind':<18}{'Setbot p50 / p99 / max ms':>30}{'req/s':>8}"
            f"{'bare p50 / p99 / max ms':>28}{'req/s':>8}{'p99 ratio':>11}"
        )
        for kind, make in kinds.items():
            figures = {}
            for name, port in running.ports.items():
                secret = running.secret
                load(port, secret, make, 80, args.clients)  # warm up
                figures[name] = load(port, secret, make, args.requests, args.clients)
            (ours, our_rate), (bare, bare_rate) = figures["setbot"], figures["bare"]
            print(
                f"{kind:<18}"
                f"{p(ours, 50):>10.1f} / {p(ours, 99):>6.1f} / {max(ours):>6.0f}{our_rate:>8.0f}"
                f"{p(bare, 50):>10.1f} / {p(bare, 99):>5.1f} / {max(bare):>5.0f}{bare_rate:>8.0f}"
                f"{p(ours, 99) / p(bare, 99):>11.1f}"
            )


if __name__ == "__main__":
    main()
