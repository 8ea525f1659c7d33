"""A programme of three sets, end to end in both transports: one healthy, one that stopped
meeting, one whose ratings fall. Its lead's Home (rows, at-risk reasons, themes), the
weekly digests, the export, the follow-up months after a set closes and its report; and
not one private word in anything the lead receives."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta
from typing import Any

from bot.store.tables import Learning, Reflection
from bot.store.tables_programme import FollowUp
from tests.common import FORM_VALUES
from tests.e2e.conftest import MEMBERS
from tests.e2e.harness import RunningBot
from tests.e2e.steps import MEETING_1, WEEK, at, rows, seen

LEAD = "ULEA"
SETS = {"C0ONE": "Healthy set", "C0TWO": "Stopped set", "C0THR": "Falling set"}
FALLING = {1: 5, 2: 4, 3: 3}  # the falling set's rating, meeting by meeting
PRIVATE = ("ZEBRAQUIET", "OKAPISECRET", "TAPIRHIDDEN")  # planted where only members see
MONDAY = datetime(2026, 11, 30, 9, 0, tzinfo=MEETING_1.tzinfo)  # the first digest


def the_workspace(bot: RunningBot) -> None:
    bot.standin.add_user(LEAD, "lea", is_admin=True)
    for channel, name in SETS.items():
        bot.standin.add_channel(channel, name.lower().replace(" ", "-"), members=[*MEMBERS, LEAD])


def a_programme(bot: RunningBot) -> None:
    assert bot.slack.command(LEAD, "C0ONE", "programme create").ok
    form = bot.standin.views_opened(LEAD)[-1]
    assert form["title"]["text"] == "New programme"
    done = bot.slack.submit(
        LEAD,
        form["id"],
        {"name": {"value": "Leaders 2027"}, "leads": {"value": [LEAD]}},
    )
    assert done.ok and not done.errors, done.message


def a_set(bot: RunningBot, channel: str) -> None:
    assert bot.slack.command("UANA", channel, "create").ok
    form = bot.standin.views_opened("UANA")[-1]
    block = next(b for b in form["blocks"] if b.get("block_id") == "programme")
    chosen = next(o for o in block["element"]["options"] if o["text"]["text"] == "Leaders 2027")
    values = {
        **FORM_VALUES,
        "name": {"value": SETS[channel]},
        "programme": {"value": chosen["value"]},
    }
    done = bot.slack.submit("UANA", form["id"], values)
    assert done.ok and not done.errors, done.message


def control(bot: RunningBot, channel: str) -> dict[str, Any]:
    for message in reversed(bot.standin.messages(channel)):
        try:
            bot.standin.find_button(message, "Next")
        except LookupError:
            continue
        return message
    raise AssertionError(f"no control message in {channel}")


def hold(bot: RunningBot, channel: str, number: int, rating: int) -> None:
    """Everyone checks in, the facilitator ends it (End now), and each member writes a
    reflection: a shareable learning for some, private words for all."""
    assert bot.slack.command("UANA", channel, "start").ok
    for user in MEMBERS:
        message = control(bot, channel)
        assert bot.slack.click(user, channel, message["ts"], button_text="Here, no issue").ok
    before = len(bot.standin.ephemerals("UANA", channel))
    assert bot.slack.command("UANA", channel, "end").ok
    (question,) = [
        e for e in bot.standin.ephemerals("UANA", channel)[before:] if "End now" in str(e)
    ]
    assert bot.slack.click("UANA", channel, question["message_ts"], button_text="End now").ok
    summary = bot.standin.messages(channel)[-1]
    assert "Summary" in seen(bot, summary)
    for user in MEMBERS:
        assert bot.slack.click(user, channel, summary["ts"], button_text="Write my reflection").ok
        form = bot.standin.views_opened(user)[-1]
        shared = user in ("UBEN", "UCAI") and channel != "C0TWO"
        learning = (
            f"Active listening works, meeting {number}" if shared else f"OKAPISECRET {number}"
        )
        picked = (["named"] if user == "UBEN" else ["share"]) if shared else []
        values = {
            "reflect_0": {"value": learning},
            "reflect_1": {"value": "ZEBRAQUIET about the process"},
            "reflect_rating": {"value": str(rating)},
            "reflect_share": {"value": picked},
        }
        done = bot.slack.submit(user, form["id"], values)
        assert done.ok and not done.errors, done.message


def lead_home(bot: RunningBot) -> str:
    assert bot.slack.open_home(LEAD).ok
    return seen(bot, bot.standin.home(LEAD))


def digests(bot: RunningBot) -> list[str]:
    dm = bot.standin.dm_channel(LEAD).id
    return [seen(bot, m) for m in bot.standin.messages(dm) if "This week in" in seen(bot, m)]


def lead_files(bot: RunningBot) -> dict[str, str]:
    found = bot.standin.files(bot.standin.dm_channel(LEAD).id)
    return {f.name: bot.standin.file_text(f.id) for f in found if not str(f.name).endswith(".png")}


def everything_the_lead_received(bot: RunningBot) -> str:
    views = [c.args.get("view") for c in bot.standin.calls_to("views.publish")]
    homes = [
        v
        for v, c in zip(views, bot.standin.calls_to("views.publish"), strict=True)
        if c.args.get("user_id") == LEAD
    ]
    dm = bot.standin.dm_channel(LEAD).id
    said = [json.dumps(m, ensure_ascii=False) for m in bot.standin.messages(dm)]
    return "\n".join([*map(str, homes), *said, *lead_files(bot).values()])


def test_a_programme_of_three_sets_from_start_to_follow_up(bot: RunningBot) -> None:
    the_workspace(bot)
    a_programme(bot)
    for channel in SETS:
        a_set(bot, channel)

    at(bot, MEETING_1)
    for channel in SETS:
        hold(bot, channel, 1, FALLING[1] if channel == "C0THR" else 4)
    at(bot, MONDAY)
    (first,) = digests(bot)
    assert "*Meetings held:* 3" in first
    assert "Active listening works, meeting 1 — <@UBEN>" in first

    for week in (1, 2):
        at(bot, MEETING_1 + week * WEEK - timedelta(hours=1))  # the Monday digest on the way
        bot.clock.now = MEETING_1 + week * WEEK
        for channel in ("C0ONE", "C0THR"):
            hold(bot, channel, week + 1, FALLING[week + 1] if channel == "C0THR" else 4)
    at(bot, MONDAY + 2 * WEEK)
    latest = digests(bot)[-1]
    assert "*Newly at risk*" in latest
    assert "*Stopped set*: hasn't met for 20 days (meets every 7)" in latest
    assert "*Falling set*: rating fell from 5.0 to 3.0" in latest

    home = lead_home(bot)
    assert "Programme: Leaders 2027" in home and "3 sets · 7 meetings held · 2 at risk" in home
    assert "*Healthy set* in <#C0ONE>" in home and "3 of 6 meetings held" in home
    assert "⚠️ *At risk:* hasn't met for 20 days (meets every 7)" in home
    assert "⚠️ *At risk:* rating fell from 5.0 to 3.0" in home
    assert "• *active listening* · 2 sets" in home
    listed = [line for line in home.splitlines() if " in <#C0" in line]
    assert listed[0].startswith(("*Stopped set*", "*Falling set*"))  # at risk first

    assert bot.slack.command(LEAD, "C0ONE", "programme export").ok
    bot.standin.wait_until(lambda: len(lead_files(bot)) == 2, what="the programme's report")
    files = lead_files(bot)
    report = files["leaders-2027-programme.md"]
    assert "### Falling set" in report and "At risk: rating fell from 5.0 to 3.0." in report
    assert "- Meeting 1: Active listening works, meeting 1 — Ben" in report
    table = list(csv.DictReader(io.StringIO(files["leaders-2027-programme.csv"])))
    assert sorted((r["set"], r["meeting"]) for r in table) == sorted(
        [("Healthy set", str(n)) for n in (1, 2, 3)]
        + [("Falling set", str(n)) for n in (1, 2, 3)]
        + [("Stopped set", "1")]
    )
    assert {r["rating"] for r in table if r["set"] == "Falling set"} == {"5.0", "4.0", "3.0"}

    # The healthy set closes; three months on, its members are asked what changed.
    assert bot.slack.command("UANA", "C0ONE", "close").ok
    del bot.standin.users["UDEE"]  # left Slack: no DM reaches her
    at(bot, bot.clock.now + timedelta(days=91))
    ben = [
        m
        for m in bot.standin.messages(bot.standin.dm_channel("UBEN").id)
        if "Three months on: what has changed" in seen(bot, m)
    ]
    assert len(ben) == 1
    assert bot.slack.click(
        "UBEN", bot.standin.dm_channel("UBEN").id, ben[0]["ts"], button_text="Answer"
    ).ok
    form = bot.standin.views_opened("UBEN")[-1]
    done = bot.slack.submit(
        "UBEN",
        form["id"],
        {"changed": {"value": "I ask before I advise"}, "share": {"value": ["share"]}},
    )
    assert done.ok and not done.errors
    cai = [
        m
        for m in bot.standin.messages(bot.standin.dm_channel("UCAI").id)
        if "Three months on" in seen(bot, m)
    ]
    assert bot.slack.click(
        "UCAI", bot.standin.dm_channel("UCAI").id, cai[0]["ts"], button_text="Answer"
    ).ok
    form = bot.standin.views_opened("UCAI")[-1]
    assert bot.slack.submit("UCAI", form["id"], {"changed": {"value": "TAPIRHIDDEN"}}).ok

    before = set(lead_files(bot))
    assert bot.slack.command(LEAD, "C0THR", "programme export").ok
    bot.standin.wait_until(
        lambda: len(bot.standin.files(bot.standin.dm_channel(LEAD).id)) >= 4,
        what="the second report",
    )
    latest_report = [
        bot.standin.file_text(f.id)
        for f in bot.standin.files(bot.standin.dm_channel(LEAD).id)
        if str(f.name).endswith(".md")
    ][-1]
    assert "- Changed: I ask before I advise" in latest_report
    assert "1 not reachable" in latest_report and "2 answered" in latest_report
    assert before  # the first report is still there

    received = everything_the_lead_received(bot)
    assert "Active listening works" in received and "I ask before I advise" in received
    planted = " ".join(
        [r.answers for r in rows(bot, Reflection)]
        + [x.text for x in rows(bot, Learning)]
        + [f.changed for f in rows(bot, FollowUp)]
    )
    for word in PRIVATE:
        assert word in planted, word  # it was written, and stayed with its members
        assert word not in received, word
