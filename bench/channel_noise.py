"""What one meeting puts in front of people: top-level posts, thread replies, updates, Web
API calls, and messages people read that carry no blocks.

Drives the bot as Slack does (the local stand-in, signed HTTP requests, SQLite in a temp
folder) through the e2e suite's four-member meeting: the set's second meeting, a report-back
round of four, two presenters (Ben and Cai) each questioned in their thread and recording an
action, reflection, and the close. Counted from `/set start` to the summary. Nothing timed.

    .venv/bin/python bench/channel_noise.py
"""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e.conftest import CHANNEL, MEMBERS, OUTSIDER  # noqa: E402
from tests.e2e.harness import running_bot  # noqa: E402
from tests.e2e.steps import create_set, hold_a_meeting, past_the_first_meeting  # noqa: E402
from tests.slack_standin.server import SlackStandin  # noqa: E402

READ = ("chat.postMessage", "chat.postEphemeral")


def measure() -> dict[str, Any]:
    with SlackStandin() as standin, tempfile.TemporaryDirectory() as folder:
        for user, name in MEMBERS.items():
            standin.add_user(user, name)
        standin.add_user(OUTSIDER, "eve")
        standin.add_channel(CHANNEL, "action-set", members=[*MEMBERS, OUTSIDER])
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        with running_bot(standin, "http", url) as bot:
            assert create_set(bot).ok
            past_the_first_meeting(bot)
            bot.clock.advance(hours=1)
            calls_before = len(bot.standin.calls)
            top_before = len(bot.standin.messages(CHANNEL))
            hold_a_meeting(bot)
            bot.tick()
            calls = bot.standin.calls[calls_before:]
            top = bot.standin.messages(CHANNEL)[top_before:]
            methods = Counter(c.method for c in calls)
            posts = [c for c in calls if c.method in READ]
            bare = [c for c in posts if not (c.args or {}).get("blocks")]
            last: dict[str, str] = {}
            unchanged = 0
            for c in calls:
                if c.method == "chat.update":
                    shown = repr((c.args.get("text"), c.args.get("blocks")))
                    unchanged += last.get(str(c.args.get("ts")), "") == shown
                    last[str(c.args.get("ts"))] = shown
            return {
                "top-level posts": len(top),
                "top-level texts": [str(m.get("text", ""))[:60] for m in top],
                "thread replies": sum(
                    1 for c in calls if c.method == "chat.postMessage" and c.args.get("thread_ts")
                ),
                "chat.update": methods["chat.update"],
                "chat.update with unchanged content": unchanged,
                "Web API calls": len(calls),
                "messages without blocks": len(bare),
                "without blocks": [str(c.args.get("text", ""))[:70] for c in bare],
                "methods": dict(methods),
            }


def main() -> int:
    figures = measure()
    for key, value in figures.items():
        if isinstance(value, list):
            print(f"{key}:")
            for line in value:
                print(f"  - {line}")
        else:
            print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
