"""SQL statements and transactions per request, counted with SQLAlchemy's event hooks.

Drives the bot as Slack does (the local stand-in, signed HTTP requests, SQLite in a temp
folder) and counts, for each request and everything it does after its ack, the statements
the database ran (`before_cursor_execute`, SQLite's BEGIN IMMEDIATE included) and the
transactions opened (`begin`). Also the Web API calls the bot made. Nothing here is timed.

    .venv/bin/python bench/sql_counts.py
    .venv/bin/python bench/sql_counts.py --meetings 12 --members 4

Rows: one Next click of each kind in a meeting of four (into a report-back turn, to the
next reporter, into an issue round, between its steps, into reflection, closing), an App
Home Done click, a report-back answer in the DM, `/set join` with the set's meetings
planned, the first DM (a welcome before the set's first meeting) and meeting 2's prompts
(per member, a tick delivering every member's).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import Engine, event  # noqa: E402

from tests.common import FORM_VALUES  # noqa: E402
from tests.e2e.harness import RunningBot, running_bot  # noqa: E402
from tests.e2e.steps import end_meeting  # noqa: E402
from tests.slack_standin.server import SlackStandin  # noqa: E402

CHANNEL = "C0SET"


@dataclass
class Counter:
    statements: int = 0
    transactions: int = 0
    texts: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def reset(self) -> None:
        with self.lock:
            self.statements = self.transactions = 0
            self.texts = []


COUNTER = Counter()


def _on_statement(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
    with COUNTER.lock:
        COUNTER.statements += 1
        COUNTER.texts.append(" ".join(statement.split())[:160])


def _on_begin(conn: Any) -> None:
    with COUNTER.lock:
        COUNTER.transactions += 1


event.listen(Engine, "before_cursor_execute", _on_statement)
event.listen(Engine, "begin", _on_begin)


@dataclass(frozen=True)
class Figure:
    what: str
    statements: float
    transactions: float
    api_calls: float
    sql: tuple[str, ...] = ()


@contextmanager
def counted(bot: RunningBot, what: str, out: list[Figure], per: int = 1) -> Iterator[None]:
    calls_before = len(bot.standin.calls)
    COUNTER.reset()
    yield
    calls = len(bot.standin.calls) - calls_before
    out.append(
        Figure(
            what,
            COUNTER.statements / per,
            COUNTER.transactions / per,
            calls / per,
            tuple(COUNTER.texts),
        )
    )


def workspace(standin: SlackStandin, members: int) -> list[str]:
    users = [f"U{n:03d}" for n in range(members)]
    for user in users:
        standin.add_user(user, user.lower())
    standin.add_user("UJOIN", "joiner")
    standin.add_channel(CHANNEL, "action-set", members=[*users, "UJOIN"])
    return users


def create_set(bot: RunningBot, users: list[str], meetings: int) -> None:
    reply = bot.slack.command(users[0], CHANNEL, "create")
    assert reply.ok, reply
    view = bot.standin.views_opened(users[0])[-1]
    values = {
        **FORM_VALUES,
        "members": {"value": users},
        "facilitator": {"value": users[0]},
        "meeting_count": {"value": str(meetings)},
    }
    submitted = bot.slack.submit(users[0], view["id"], values)
    assert submitted.ok and not submitted.errors, submitted.message


def control(bot: RunningBot) -> dict[str, Any]:
    for message in reversed(bot.standin.messages(CHANNEL)):
        try:
            bot.standin.find_button(message, "Next")
        except LookupError:
            continue
        return message
    raise AssertionError("no control message")


def press(bot: RunningBot, user: str, button: str) -> None:
    assert bot.slack.click(user, CHANNEL, control(bot)["ts"], button_text=button).ok


def record_action(bot: RunningBot, user: str) -> None:
    assert bot.slack.click(user, CHANNEL, control(bot)["ts"], button_text="Add an action").ok
    view = bot.standin.views_opened(user)[-1]
    values = {"action_text": {"value": "Talk to my team"}, "action_expect": {"value": "Push back"}}
    submitted = bot.slack.submit(user, view["id"], values)
    assert submitted.ok and not submitted.errors, submitted.message


def measure(meetings: int, members: int) -> list[Figure]:
    out: list[Figure] = []
    with SlackStandin() as standin, tempfile.TemporaryDirectory() as folder:
        users = workspace(standin, members)
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        with running_bot(standin, "http", url) as bot:
            create_set(bot, users, meetings)
            with counted(bot, "/set status", out):
                assert bot.slack.command(users[1], CHANNEL, "status").ok
            with counted(bot, f"/set join ({meetings} meetings planned)", out):
                assert bot.slack.command("UJOIN", CHANNEL, "join").ok
            bot.slack.command("UJOIN", CHANNEL, "leave")

            # Meeting 1 is on Tue 24 Nov 10:00: 24 h before, each member's first DM, a
            # welcome (a set's first meeting has nothing to report on).
            bot.clock.advance(hours=1)
            with counted(bot, "first DM: a welcome (per member)", out, per=len(users)):
                handled = bot.tick()
            assert handled >= len(users), handled
            bot.clock.advance(days=1)
            assert bot.slack.command(users[0], CHANNEL, "start").ok
            end_meeting(bot, users[0])
            bot.tick()

            # Meeting 2, a week later: its report-back prompts, then the meeting.
            bot.clock.advance(days=6)
            with counted(bot, "report-back prompt (per member)", out, per=len(users)):
                handled = bot.tick()
            assert handled >= len(users), handled
            first = users[1]
            with counted(bot, "report-back answer in the DM", out):
                assert bot.slack.dm(first, "I talked to my team").ok

            bot.clock.advance(days=1)
            assert bot.slack.command(users[0], CHANNEL, "start").ok
            for user in users[1:3]:
                press(bot, user, "Here, with an issue")
            for user in users[3:]:
                press(bot, user, "Here, no issue")
            press(bot, users[0], "Here, no issue")
            steps = [
                "Next: check-in → first report-back turn",
                "Next: report-back → next reporter",
            ]
            for what in steps:
                with counted(bot, what, out):
                    press(bot, users[0], "Next")
            for _ in range(len(users) - 2):
                press(bot, users[0], "Next")
            for what in (
                "Next: report-back → issue round (present)",
                "Next: present → questions",
                "Next: questions → actions",
            ):
                with counted(bot, what, out):
                    press(bot, users[0], "Next")
            presenter = next(
                u for u in users if f"Floor: <@{u}>" in bot.standin.text_of(control(bot))
            )
            record_action(bot, presenter)
            press(bot, users[0], "Next")  # second presenter
            press(bot, users[0], "Next")
            press(bot, users[0], "Next")
            with counted(bot, "Next: actions → reflection", out):
                press(bot, users[0], "Next")
            with counted(bot, "Next: reflection → closed (summary, every Home)", out):
                press(bot, users[0], "Next")
            with counted(bot, "App Home opened", out):
                assert bot.slack.open_home(presenter).ok
            with counted(bot, "App Home: Done on an action", out):
                assert bot.slack.click_home(presenter, "Done").ok
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", type=int, default=12)
    parser.add_argument("--members", type=int, default=4)
    parser.add_argument("--show", default="", help="print the SQL of rows containing this")
    args = parser.parse_args(argv)
    figures = measure(args.meetings, args.members)
    width = max(len(f.what) for f in figures)
    print(f"{'request':<{width}}  {'SQL':>6}  {'txns':>5}  {'Web API':>7}")
    for f in figures:
        print(
            f"{f.what:<{width}}  {f.statements:>6.1f}  {f.transactions:>5.1f}  {f.api_calls:>7.1f}"
        )
        if args.show and args.show in f.what:
            print("\n".join(f"    {sql}" for sql in f.sql))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
