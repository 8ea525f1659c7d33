"""Text as it enters the bot: what can't be kept or seen goes, the writer's text stays."""

from __future__ import annotations

import pytest

from bot.flows.clean import clean_text, clean_tree


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("plain words", "plain words"),
        ("a\x00b", "ab"),
        ("bell\x07 and esc\x1b", "bell and esc"),
        ("dos\r\nline", "dos\nline"),
        ("del\x7f", "del"),
        ("lone \ud800 surrogate \udfff", "lone  surrogate "),
        ("e\u0301", "\u00e9"),  # NFC: one é
        ("keep\nnew lines\tand tabs", "keep\nnew lines\tand tabs"),
        ("\u202eright to left\u202c", "\u202eright to left\u202c"),
        ("emoji 🌱 and مرحبا", "emoji 🌱 and مرحبا"),
        ("", ""),
    ],
)
def test_clean_text(given: str, kept: str) -> None:
    assert clean_text(given) == kept
    assert clean_text(kept) == kept  # cleaning twice changes nothing
    kept.encode("utf-8")  # what is kept can always be stored


def test_every_string_of_a_payload_is_cleaned_in_place() -> None:
    body = {
        "type": "view_submission",
        "view": {"state": {"values": {"name": {"value": {"value": "N\x00ame"}}}}},
        "actions": [{"value": "v\ud800"}, 3, None, True],
    }
    same = clean_tree(body)
    assert same is body
    assert body["view"]["state"]["values"]["name"]["value"]["value"] == "Name"
    assert body["actions"] == [{"value": "v"}, 3, None, True]
