"""App Home's view stays within Block Kit's limits whatever the numbers, and says what it hid."""

from __future__ import annotations

from datetime import date

from bot.blocks import home
from bot.flows import metrics
from bot.flows.set_life import SetStatus

FACTS = [metrics.MeetingFacts(n, date(2026, 1, n), 4, 3, 2, ("done", "open")) for n in range(1, 30)]


def _health(set_id: int) -> home.SetHealth:
    return home.SetHealth(
        id=set_id,
        name=f"Set {set_id}",
        status=SetStatus.ACTIVE,
        meetings=metrics.trend(FACTS),
        totals=metrics.totals(FACTS),
        questions=[(f"U{i}", i) for i in range(40)],
        bank=["Why now?" * 100] * 9,
        chart_file_id="F1",
    )


def test_everything_at_its_most_fits_in_a_hundred_blocks_and_names_what_is_hidden() -> None:
    model = home.HomeModel(
        sets=[home.HomeSet(i, f"Set {i}", "C1", SetStatus.ACTIVE) for i in range(20)],
        actions=[home.HomeAction(i, "x" * 3000, "Set", "Mon") for i in range(10)],
        action_total=200,
        page=3,
        learnings=[
            home.HomeLearning(i, "y" * 3000, "Set", 1, "report", i % 2 == 0) for i in range(10)
        ],
        learning_total=80,
        facilitated=[_health(i) for i in range(3)],
        facilitated_total=7,
        notice=home.Notice("✅ Marked done", action_id=5),
    )
    view = home.build(model)
    assert len(view["blocks"]) <= home.MAX_VIEW_BLOCKS
    texts = str(view["blocks"])
    assert "…and 12 more sets." in texts
    assert "…and 4 more sets" in texts
    assert "Showing 31–40 of 200 open actions." in texts
    assert "The latest 10 of 80 learnings." in texts
    for block in view["blocks"]:
        text = (block.get("text") or {}).get("text", "")
        assert len(text) <= 3000
    (pages,) = [b for b in view["blocks"] if b.get("block_id") == "action_pages"]
    assert len({e["action_id"] for e in pages["elements"]}) == len(pages["elements"]) == 2


def test_without_images_drops_only_the_chart() -> None:
    view = home.build(home.HomeModel(facilitated=[_health(1)], facilitated_total=1))
    assert any(b["type"] == "image" for b in view["blocks"])
    plain = home.without_images(view)
    assert len(plain["blocks"]) == len(view["blocks"]) - 1
    assert not any(b["type"] == "image" for b in plain["blocks"])


def test_a_person_in_no_set_sees_one_welcome_paragraph_and_nothing_empty() -> None:
    from bot.blocks.home import HomeModel, build

    blocks = build(HomeModel())["blocks"]
    texts = [str(b.get("text", {}).get("text", "")) for b in blocks]
    assert [b["type"] for b in blocks] == ["header", "section"]
    assert "Welcome to Setbot" in texts[1] and "`/set create`" in texts[1]
    assert not any("not in any set" in t or "facilitate" in t.lower() for t in texts)


def test_a_lead_with_two_full_programmes_still_fits_and_keeps_a_learning_log() -> None:
    from bot.blocks.home_programme import ProgrammeConsole, SharedLine
    from bot.flows import programme
    from bot.flows.themes import Theme

    row = programme.SetRow(
        1,
        "S" * 80,
        "C1",
        "U1",
        3,
        6,
        date(2026, 1, 1),
        3,
        0.5,
        0.5,
        0.4,
        3.0,
        -1.0,
        ("a" * 100,) * 5,
    )
    totals = programme.ProgrammeTotals(50, 10, 600, 0.8, 0.7, 0.6, 4.1)
    console = ProgrammeConsole(
        id=1,
        name="P" * 80,
        order=programme.Order.AT_RISK,
        rows=[row] * 10,
        page=1,
        pages=5,
        totals=totals,
        chart_file_id="F9",
        shared=[SharedLine("S", 1, "z" * 3000, "U1")] * 5,
        shared_total=40,
        themes=[Theme("t" * 50, 9, ("e" * 500,))] * 8,
    )
    model = home.HomeModel(
        sets=[home.HomeSet(i, f"Set {i}", "C1", SetStatus.ACTIVE) for i in range(20)],
        actions=[home.HomeAction(i, "x", "Set", "Mon") for i in range(10)],
        action_total=200,
        learnings=[home.HomeLearning(i, "y", "Set", 1, "report", False) for i in range(10)],
        learning_total=80,
        facilitated=[_health(i) for i in range(3)],
        facilitated_total=7,
        programmes=[console, console, console],
    )
    view = home.build(model)
    assert len(view["blocks"]) <= home.MAX_VIEW_BLOCKS
    texts = str(view["blocks"])
    assert "Your learning log" in texts and "Share with my name" in texts
    assert "…and 1 more programme" in texts
    for block in view["blocks"]:
        assert len((block.get("text") or {}).get("text", "")) <= 3000
