"""The one line a settings change posts: what changed, with what it was."""

from __future__ import annotations

from bot.flows.setup_changes import LABELS, changes, line

BEFORE = {label: f"old {label}" for label in LABELS}


def test_nothing_changed_says_nothing() -> None:
    assert changes(BEFORE, dict(BEFORE), ["UA"], ["UA"]) == []
    assert line("UA", []) == ""


def test_each_change_with_what_it_was_in_the_forms_order() -> None:
    after = {**BEFORE, "time": "15:00", "name": "New name", "length": "120 minutes"}
    said = changes(BEFORE, after, ["UA"], ["UA"])
    assert said == [
        "name New name (was old name)",
        "time 15:00 (was old time)",
        "length 120 minutes (was old length)",
    ]


def test_long_texts_are_said_changed_not_quoted() -> None:
    after = {**BEFORE, "ground rules": "x" * 3000, "theme": ""}
    assert changes(BEFORE, after, [], []) == [
        "theme updated",
        "ground rules updated (`/set rules` shows them)",
    ]


def test_members_who_joined_or_left_by_the_form() -> None:
    said = changes(BEFORE, BEFORE, ["UA", "UB"], ["UA", "UC", "UD"])
    assert said == ["added <@UC>, <@UD>", "removed <@UB>"]
    assert line("UA", said) == "⚙️ <@UA> changed the settings: added <@UC>, <@UD>; removed <@UB>."
