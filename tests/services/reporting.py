"""Report-back steps the service tests share: a set with actions, DMs, outcome buttons."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bot.services.result import Asker
from bot.store import repo_actions
from bot.store.tables import Action, LearningSet, Meeting
from tests.services.conftest import TEAM, World, create_set
from tests.services.gateway import view_text

PROMPTS_2 = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)  # 24 h before meeting 2
FIVE = ("Ran the pilot", "Mixed", "Yes", "Mostly", "Start small")


def add_actions(world: World, user: str, texts: tuple[str, ...], expected: str) -> None:
    """`user`'s actions, committed at the set's first meeting (`expected` follows each text)."""
    (row,) = world.rows(LearningSet)
    first = min(world.rows(Meeting), key=lambda m: m.number)
    with world.services.deps.session() as session:
        for text in texts:
            repo_actions.add_action(
                session=session,
                set_id=row.id or 0,
                meeting_id=first.id or 0,
                owner_id=user,
                created_by=user,
                text=text,
                expectation=f"{text}{expected}",
                due_date=None,
                now=world.clock(),
            )


def with_actions(
    world: World, user: str = "UBEN", texts: tuple[str, ...] = ("Pilot", "Ask")
) -> list[Action]:
    """Meeting 1 held, with `user`'s actions from it; meeting 2's prompts sent."""
    assert not create_set(world).errors
    world.clock.advance(days=1, hours=1)
    world.command("UANA", "start")
    world.end()
    add_actions(world, user, texts, " works")
    world.clock.now = PROMPTS_2
    world.services.due.run()
    return sorted(world.rows(Action), key=lambda a: a.id or 0)


def dm(world: World, user: str, text: str) -> None:
    world.deliver(world.services.dm.message(TEAM, user, text), user, f"D{user}")


def dms(world: World, user: str) -> list[dict[str, Any]]:
    return world.slack.posts(f"D{user}")


def last_dm(world: World, user: str) -> str:
    post = dms(world, user)[-1]
    return post["text"] + "\n" + view_text({"blocks": post["blocks"] or []})


def click_outcome(world: World, user: str, label: str) -> None:
    post = dms(world, user)[-1]
    (button,) = [
        e
        for b in post["blocks"]
        for e in b.get("elements") or []
        if e.get("type") == "button" and e["text"]["text"] == label
    ]
    done = world.services.reports.choose(TEAM, user, button["value"], f"D{user}", post["ts"])
    world.services.outbox.deliver(world.slack, done, Asker(user, f"D{user}"))


def report_partly_and_done(world: World) -> None:
    """Ben answers the five questions in the DM, then his two actions: partly, then done."""
    for text in FIVE:
        dm(world, "UBEN", text)
    dm(world, "UBEN", "Only one team tried it")
    click_outcome(world, "UBEN", "Partly")
    click_outcome(world, "UBEN", "Done")
