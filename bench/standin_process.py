"""The local Slack stand-in in a process of its own, for benchmarks whose load clients must
not share a GIL with it: prints one JSON line (api_url, bot_token, signing_secret), serves
until its stdin closes. An optional JSON file names the people and channels it knows:
{"users": [id, …], "channels": {id: [member, …]}}.

    python bench/standin_process.py [people.json]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.slack_standin.server import SlackStandin


def main() -> None:
    standin = SlackStandin()
    people = json.loads(Path(sys.argv[1]).read_text()) if len(sys.argv) > 1 else {}
    for user in people.get("users", []):
        standin.add_user(user, user.lower())
    for channel, members in people.get("channels", {}).items():
        standin.add_channel(channel, channel.lower(), members=members)
    standin.start()
    facts = {
        "api_url": standin.api_url,
        "bot_token": standin.bot_token,
        "signing_secret": standin.signing_secret,
    }
    print(json.dumps(facts), flush=True)
    sys.stdin.read()  # until the benchmark ends (or dies)
    standin.stop()


if __name__ == "__main__":
    main()
