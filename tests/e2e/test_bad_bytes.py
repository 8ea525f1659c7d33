"""Bad bytes never lose a form: NUL, lone surrogates, control characters and unnormalised
Unicode are cleaned at the edge on both databases, and a form whose saving fails for an
unexpected reason stays open with a plain error instead of closing silently."""

from __future__ import annotations

import unicodedata

from sqlalchemy import text

from bot.handlers.errors import FORM_SORRY
from bot.services.outbox import SORRY
from bot.store.tables import LearningSet, Membership
from tests.common import FORM_VALUES
from tests.e2e.conftest import CHANNEL
from tests.e2e.harness import RunningBot
from tests.e2e.steps import create_set, open_form, rows, submit_unchecked

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


BAD = "\x00\ud800\u202e" + "x" * 10_000  # NUL, a lone surrogate, a direction mark, too long


def test_bad_bytes_and_10000_characters_in_every_text_field_get_inline_errors(
    db_bot: RunningBot,
) -> None:
    """Sent past Slack's client checks: every text field says what is wrong under itself,
    nothing is half-made, and the form stays open."""
    view = open_form(db_bot)
    texts = [
        b["block_id"]
        for b in view["blocks"]
        if b.get("type") == "input" and b["element"]["type"] == "plain_text_input"
    ]
    values = {block: given["value"] for block, given in FORM_VALUES.items()}
    values.update(dict.fromkeys(texts, BAD))
    submitted = submit_unchecked(db_bot, "UANA", view["id"], values)
    assert submitted.errors, submitted
    for block in ("name", "theme"):
        assert "characters" in submitted.errors.get(block, ""), (block, submitted.errors)
    assert "Traceback" not in str(submitted) and FORM_SORRY not in submitted.errors.values()
    assert rows(db_bot, LearningSet) == [] and rows(db_bot, Membership) == []


def test_a_huge_command_and_a_huge_dm_are_answered_plainly(db_bot: RunningBot) -> None:
    assert create_set(db_bot).ok
    # a form-encoded command can't carry a lone surrogate (JSON events and forms can)
    reply = db_bot.slack.command("UANA", CHANNEL, "add " + BAD.replace("\ud800", ""))
    assert reply.ok and "Traceback" not in str(reply.message)
    assert (reply.message or {}).get("text"), reply
    assert db_bot.slack.dm("UBEN", BAD).ok
    said = db_bot.standin.messages("DUBEN")
    assert said and "Traceback" not in db_bot.standin.text_of(said[-1])


def test_a_failure_after_the_ack_is_told_plainly_once(db_bot: RunningBot) -> None:
    """Work after the ack (here a DM answer) that breaks: a plain sorry, no stack trace."""
    assert create_set(db_bot).ok
    with db_bot.services.deps.engine.begin() as connection:  # the database breaks under it
        connection.execute(text("DROP TABLE report"))
    assert db_bot.slack.dm("UBEN", "Ran the pilot").ok
    said = [db_bot.standin.text_of(m) for m in db_bot.standin.messages("DUBEN")]
    assert said[-1] == SORRY and sum(SORRY in t for t in said) == 1, said
    assert not any("Traceback" in t for t in said)
