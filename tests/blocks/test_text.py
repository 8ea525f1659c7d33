"""The small text helpers every message is made with."""

from __future__ import annotations

import pytest

from bot.blocks.text import clip, escape, mention, plural, sections


@pytest.mark.parametrize(
    ("count", "word", "many", "expected"),
    [
        (0, "meeting", None, "0 meetings"),
        (1, "meeting", None, "1 meeting"),
        (2, "minute", None, "2 minutes"),
        (1, "more set", None, "1 more set"),
        (3, "person", "people", "3 people"),
        (1, "person", "people", "1 person"),
    ],
)
def test_plural_puts_the_word_in_the_counts_number(
    count: int, word: str, many: str | None, expected: str
) -> None:
    assert plural(count, word, many) == expected


def test_escape_and_clip() -> None:
    assert escape("a & <b> ok") == "a &amp; &lt;b&gt; ok"
    assert clip("abcdef", 4) == "abc…" and clip("abc", 4) == "abc"


def test_sections_pack_lines_within_the_limit() -> None:
    blocks = sections(["x" * 60] * 10, limit=130)
    texts = [b["text"]["text"] for b in blocks]
    assert all(len(t) <= 130 for t in texts)
    assert sum(t.count("x" * 60) for t in texts) == 10 and len(blocks) == 5


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("a & <b>", "a &amp; &lt;b&gt;"),
        ("Ask <@U4> or <@W9|ana>", "Ask <@U4> or <@W9|ana>"),
        ("in <#C123|general>", "in <#C123|general>"),
        ("<https://ex.com/?a=1&b=2|the guide>", "<https://ex.com/?a=1&amp;b=2|the guide>"),
        ("<mailto:x@y.org>", "<mailto:x@y.org>"),
        (
            "<!here> <!channel> <!subteam^S1|@team>",
            "&lt;!here&gt; &lt;!channel&gt; &lt;!subteam^S1|@team&gt;",
        ),
        ("<@U4 unclosed", "&lt;@U4 unclosed"),
        ("<javascript:alert(1)|x>", "&lt;javascript:alert(1)|x&gt;"),
    ],
)
def test_escape_keeps_mentions_and_links_but_never_pages_a_channel(
    written: str, shown: str
) -> None:
    assert escape(written) == shown


def test_mention_names_slack_users_and_words_a_forgotten_member() -> None:
    assert mention("U123ABC") == "<@U123ABC>" and mention("W42") == "<@W42>"
    assert mention("anon-58ba5011") == "_a former member_"
    assert mention(None) == "nobody"
