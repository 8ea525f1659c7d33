"""A quiet channel: a whole meeting of four with two presenters posts at top level only
its opening and control messages, one thread for the report-back round, one thread per
issue round and the summary; everything else is a reply or an update of the control
message, and no update repeats what Slack already shows."""

from __future__ import annotations

from tests.e2e.conftest import CHANNEL, MEMBERS
from tests.e2e.harness import RunningBot
from tests.e2e.steps import create_set, hold_a_meeting, past_the_first_meeting, seen


def test_a_meeting_of_four_with_two_presenters_posts_six_messages_at_top_level(
    bot: RunningBot,
) -> None:
    assert create_set(bot).ok
    past_the_first_meeting(bot)
    bot.clock.advance(hours=1)
    top_before, calls_before = len(bot.standin.messages(CHANNEL)), len(bot.standin.calls)
    hold_a_meeting(bot)
    top = bot.standin.messages(CHANNEL)[top_before:]
    texts = [seen(bot, m) for m in top]
    assert len(top) == 4 + 2, texts  # ≤ 4 + the number of issue rounds
    assert "has started" in texts[0] and "Our ground rules" in texts[0]
    assert "Closed" in texts[1]  # the control message, updated in place all meeting
    assert texts[2].startswith("Report-back round")
    assert [t.startswith("Issue round") for t in texts[3:5]] == [True, True]
    assert texts[5].startswith("Summary")

    # each member's report-back is one reply in the round's one thread
    replies = bot.standin.thread(CHANNEL, top[2]["ts"])
    turns = [seen(bot, r) for r in replies if seen(bot, r).startswith("Report back:")]
    assert sorted(t.split("\n")[0] for t in turns) == sorted(
        f"Report back: <@{u}>" for u in MEMBERS
    )
    # each presenter's questions stay in their own thread
    for root in top[3:5]:
        presenter = next(u for u in ("UBEN", "UCAI") if f"<@{u}>" in seen(bot, root))
        asked = [seen(bot, m) for m in bot.standin.thread(CHANNEL, root["ts"])]
        assert sum("What would success look like?" in t for t in asked) == 3, presenter

    calls = bot.standin.calls[calls_before:]
    last: dict[str, str] = {}
    for call in calls:
        if call.method == "chat.update":
            shown = repr((call.args.get("text"), call.args.get("blocks")))
            assert last.get(str(call.args["ts"])) != shown, "an update that changed nothing"
            last[str(call.args["ts"])] = shown
    posts = [c for c in calls if c.method in ("chat.postMessage", "chat.postEphemeral")]
    bare = [str(c.args.get("text")) for c in posts if not c.args.get("blocks")]
    assert all("\n" not in t and len(t) < 80 for t in bare), bare  # one-line confirmations
