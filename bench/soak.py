"""Memory soak: Setbot's RSS over a long mixed run, against the bare Bolt app's, in one run.

Set up as bench/ack.py does (N sets seeded, default 1,000; the Slack stand-in in its own
process; `python -m bot` and bench/bare_bolt.py under waitress). C client threads (default
4) send R signed requests (default 20,000) to each app, round-robin over /set status,
/set help, /set schedule, App Home opened, the App Home button and a meeting's Next button,
a fresh member each time; the apps take turns every 1,000. After each 1,000 the app's RSS
(VmRSS) is read; printed: the table, and each app's growth from the 2,000 mark to the end
(the target: within 10%).

    .venv/bin/python bench/soak.py
    .venv/bin/python bench/soak.py --requests 6000 --sets 200
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.ack import TEAM, Request, apps, home_button, load, meeting_button, slash  # noqa: E402

MARK = 2_000  # growth is measured from here: start-up and first caches are behind it
TARGET_PCT = 10.0


def home_opened(sets: int) -> Callable[[random.Random], Request]:
    def make(rng: random.Random) -> Request:
        n = rng.randrange(sets)
        body = {
            "token": "t",
            "team_id": TEAM,
            "api_app_id": "A0001",
            "type": "event_callback",
            "event_id": f"Ev{rng.getrandbits(64):016X}",  # once_per_event: each one new
            "event_time": int(time.time()),
            "event": {
                "type": "app_home_opened",
                "user": f"U{n:04d}M{rng.randrange(6):03d}",
                "channel": f"D{n:05d}",
                "tab": "home",
            },
        }
        return json.dumps(body), "application/json"

    return make


def mixed(sets: int) -> Callable[[random.Random], Request]:
    """Round-robin over the kinds; request n draws its member from Random(n), not the
    client's generator, so no two chunks repeat the same people."""
    kinds = [
        slash("status", sets),
        slash("help", sets),
        slash("schedule", sets),
        home_opened(sets),
        home_button(sets),
        meeting_button(sets),
    ]
    counter = itertools.count()

    def make(_rng: random.Random) -> Request:
        n = next(counter)
        return kinds[n % len(kinds)](random.Random(n))

    return make


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise SystemExit(f"no VmRSS for process {pid}")


def growth(samples: dict[int, float], mark: int) -> tuple[float, float, float]:
    """RSS at the mark, at the end, and the growth in % between them."""
    at_mark, end = samples[mark], samples[max(samples)]
    return at_mark, end, (end - at_mark) / at_mark * 100


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", type=int, default=1_000)
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--every", type=int, default=1_000, help="requests between samples")
    args = parser.parse_args()
    if args.every % args.clients:
        parser.error("--every must be a multiple of --clients (each client sends its share)")
    mark = min(MARK, args.requests)
    mark -= mark % args.every

    with apps(args.sets, known=True) as running:
        pids = {name: process.pid for name, process in running.processes.items()}
        samples = {name: {0: rss_mb(pid)} for name, pid in pids.items()}
        makes = {name: mixed(args.sets) for name in pids}
        print(f"{'requests':>9}{'Setbot RSS MB':>15}{'bare RSS MB':>13}")
        print(f"{0:>9,}{samples['setbot'][0]:>15.1f}{samples['bare'][0]:>13.1f}")
        began = time.perf_counter()
        for sent in range(args.every, args.requests + 1, args.every):
            for name, port in running.ports.items():
                load(port, running.secret, makes[name], args.every, args.clients)
                samples[name][sent] = rss_mb(pids[name])
            print(f"{sent:>9,}{samples['setbot'][sent]:>15.1f}{samples['bare'][sent]:>13.1f}")
        print(f"{args.requests:,} requests to each app in {time.perf_counter() - began:.0f} s")

    for name, label in (("setbot", "Setbot"), ("bare", "bare Bolt")):
        at_mark, end, pct = growth(samples[name], mark)
        print(
            f"{label:<10} RSS after {mark:,}: {at_mark:.1f} MB, at the end: {end:.1f} MB, "
            f"growth: {pct:+.1f}%"
        )
    print(f"target: within {TARGET_PCT:.0f}%")


if __name__ == "__main__":
    main()
