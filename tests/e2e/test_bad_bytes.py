"""Bad bytes never lose a form: NUL, lone surrogates, control characters and unnormalised
Unicode are cleaned at the edge on both databases, and a form whose saving fails for an
unexpected reason stays open with a plain error instead of closing silently."""

from __future__ import annotations

import unicodedata

from sqlalchemy import text

from bot.handlers.errors import FORM_SORRY
from bot.store.tables import LearningSet, Membership
from tests.common import FORM_VALUES
from tests.e2e.harness import RunningBot
from tests.e2e.steps import create_set, open_form, rows

DIRTY_NAME = "Lead\x00ers\x07 set \ud800e\u0301 \u202eevil"  # NUL, BEL, lone surrogate, e+◌́
CLEAN_NAME = "Leaders set \u00e9 \u202eevil"  # é composed; the direction mark kept


def test_a_nul_and_a_lone_surrogate_in_the_form_are_cleaned_and_the_set_is_made(
    db_bot: RunningBot,
) -> None:
    theme = "Line one\r\nline\x00 two\ttabbed"
    created = create_set(db_bot, name=DIRTY_NAME, theme=theme)
    assert created.ok and not created.errors, created.message
    (row,) = rows(db_bot, LearningSet)
    assert row.name == CLEAN_NAME and unicodedata.is_normalized("NFC", row.name)
    assert row.theme == "Line one\nline two\ttabbed"
    assert len(rows(db_bot, Membership)) == 4


def test_every_text_field_of_the_form_has_a_length_limit_slack_enforces(
    db_bot: RunningBot,
) -> None:
    """Slack refuses 10,000 characters in a field with a max_length before it reaches us
    (the stand-in does too): every text input of the form declares one."""
    view = open_form(db_bot)
    inputs = [b["element"] for b in view["blocks"] if b.get("type") == "input"]
    texts = [e for e in inputs if e["type"] == "plain_text_input"]
    assert texts and all(0 < e.get("max_length", 0) <= 3000 for e in texts), texts


def test_a_form_whose_saving_fails_unexpectedly_stays_open_with_a_plain_error(
    db_bot: RunningBot,
) -> None:
    view = open_form(db_bot)
    with db_bot.services.deps.engine.begin() as connection:  # the database breaks under it
        connection.execute(text("DROP TABLE membership"))
    submitted = db_bot.slack.submit("UANA", view["id"], dict(FORM_VALUES))
    assert submitted.errors and FORM_SORRY in submitted.errors.values(), submitted
    assert "Traceback" not in str(submitted)
