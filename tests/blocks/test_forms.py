"""The set form and the action form: built within limits, parsed back faithfully."""

from __future__ import annotations

from datetime import date

from bot.blocks import action_form, ids, set_form
from bot.flows.setup import SetForm


def state_values(view: dict) -> dict:
    """What Slack sends back for an untouched form: every input at its initial value."""
    values: dict = {}
    for block in view["blocks"]:
        if block["type"] != "input":
            continue
        element = block["element"]
        kind, entry = element["type"], {"type": element["type"]}
        if kind in ("plain_text_input", "number_input"):
            entry["value"] = element.get("initial_value")
        elif kind == "multi_users_select":
            entry["selected_users"] = element.get("initial_users", [])
        elif kind == "users_select":
            entry["selected_user"] = element.get("initial_user")
        elif kind in ("static_select", "external_select", "radio_buttons"):
            entry["selected_option"] = element.get("initial_option")
        elif kind == "datepicker":
            entry["selected_date"] = element.get("initial_date")
        elif kind == "timepicker":
            entry["selected_time"] = element.get("initial_time")
        values[block["block_id"]] = {element["action_id"]: entry}
    return values


def test_settings_form_roundtrips_every_field() -> None:
    defaults = set_form.FormDefaults(
        name="שלום 🌱",
        theme="Theme",
        members=("UA", "UB"),
        facilitator="UA",
        rotating=True,
        cadence="monthly",
        weekday=3,
        time="14:30",
        timezone="America/New_York",
        first_date=date(2026, 12, 3),
        meeting_minutes=120,
        meeting_count=None,
        lead_hours=48,
        reminder_hours=3,
        ground_rules="Rules",
    )
    view = set_form.build("C1", defaults, set_id=9)
    assert len(view["title"]["text"]) <= 24 and len(view["blocks"]) <= 100
    assert set_form.metadata(view) == ("C1", 9)
    parsed = set_form.parse(state_values(view))
    assert parsed == SetForm(
        name="שלום 🌱",
        theme="Theme",
        members=("UA", "UB"),
        facilitator="UA",
        rotating=True,
        cadence="monthly",
        weekday="3",
        time="14:30",
        timezone="America/New_York",
        first_date="2026-12-03",
        meeting_minutes="120",
        meeting_count=None,
        lead_hours="48",
        reminder_hours="3",
        ground_rules="Rules",
    )


def test_every_set_form_input_is_named_after_a_form_field() -> None:
    view = set_form.build("C1", set_form.FormDefaults())
    inputs = {b["block_id"] for b in view["blocks"] if b["type"] == "input"}
    assert inputs == set(SetForm.__dataclass_fields__)
    assert view["title"]["text"] == "Create a set" and view["submit"]["text"] == "Create"


def test_broken_metadata_is_reported_as_expired() -> None:
    assert set_form.metadata({"private_metadata": "not json"}) == ("", None)
    assert action_form.metadata({"private_metadata": "{}"}) is None


def values(text: str | None, expect: str | None, due: str | None = None) -> dict:
    return {
        ids.ACTION_TEXT: {"value": {"type": "plain_text_input", "value": text}},
        ids.ACTION_EXPECT: {"value": {"type": "plain_text_input", "value": expect}},
        ids.ACTION_DUE: {"value": {"type": "datepicker", "selected_date": due}},
    }


def test_action_form_parses_and_checks() -> None:
    today = date(2026, 11, 24)
    draft = action_form.parse(values(" Call Sam 📞 ", "She says yes", "2026-12-01"), today)
    assert draft == action_form.ActionDraft("Call Sam 📞", "She says yes", date(2026, 12, 1))
    assert set(action_form.parse(values("", "", None), today)) == {
        ids.ACTION_TEXT,
        ids.ACTION_EXPECT,
    }
    errors = action_form.parse(values("x" * 5000, "ok", "2026-11-01"), today)
    assert "5,000" in errors[ids.ACTION_TEXT] and "past" in errors[ids.ACTION_DUE]


def test_action_form_fits_slack() -> None:
    view = action_form.build(3, "UA", "<@UA>", "A" * 500)
    assert len(view["title"]["text"]) <= 24
    assert action_form.metadata(view) == (3, "UA")
    assert all(len(e["text"]) <= 3000 for e in view["blocks"][0]["elements"])
