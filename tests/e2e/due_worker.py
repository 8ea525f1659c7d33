"""A Setbot process that only delivers due work, once, at a given time: for tests that
SIGKILL it mid fan-out. Wired as `python -m bot` wires it (bot.__main__.wire).

    python -m tests.e2e.due_worker DATABASE_URL SLACK_API_URL ISO_TIME
"""

from __future__ import annotations

import sys
from datetime import datetime

from bot import config
from bot.__main__ import wire
from bot.store.engine import make_engine
from tests.e2e.harness import BOT_TOKEN


def main(database_url: str, api_url: str, when: str) -> int:
    now = datetime.fromisoformat(when)
    env = {
        "SETBOT_POST_RATE": "500",
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": "standin-signing-secret",
        "SLACK_API_URL": api_url,
        "DATABASE_URL": database_url,
    }
    settings = config.load(env=env, dotenv=False)
    engine = make_engine(settings.database_url)
    _, services = wire(settings, engine, lambda: now)
    print(services.due.run(), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
