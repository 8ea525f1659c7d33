"""The create/settings modal of a set: building it and reading its submitted values.

Each input's block_id is the name of the `SetForm` field it fills, so validation errors
from `bot.flows.setup.validate` map straight onto Slack's inline errors.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from bot.blocks import ids
from bot.blocks.form_inputs import VALUE, field, number, option, select, text_input, value_of
from bot.blocks.programme_form import programme_select
from bot.blocks.text import plain
from bot.flows import zones
from bot.flows.cadence import CADENCE_LABELS, WEEKDAYS, Cadence
from bot.flows.setup import (
    COUNT_RANGE,
    DEFAULT_GROUND_RULES,
    LEAD_RANGE,
    MINUTES_RANGE,
    NAME_MAX,
    REMINDER_RANGE,
    TEXT_MAX,
    SetForm,
)


@dataclass(frozen=True)
class FormDefaults:
    name: str = ""
    theme: str = ""
    members: tuple[str, ...] = ()
    facilitator: str | None = None
    rotating: bool = False
    cadence: str = Cadence.WEEKLY.value
    weekday: int = 0
    time: str = "10:00"
    timezone: str = "UTC"
    first_date: date | None = None
    meeting_minutes: int = 90
    meeting_count: int | None = 6
    lead_hours: int = 24
    reminder_hours: int = 2
    ground_rules: str = DEFAULT_GROUND_RULES
    programme: int | None = None


def _zone(initial: str, now: datetime) -> dict[str, Any]:
    """A searchable select of IANA zones (options from `zones.search`, see handlers/forms)."""
    element: dict[str, Any] = {
        "type": "external_select",
        "min_query_length": 1,
        "placeholder": plain("Type a city or region, e.g. Denver or Mountain"),
    }
    if initial and zones.known(initial):
        element["initial_option"] = option(zones.label(initial, now), initial)
    return element


def build(
    channel: str,
    defaults: FormDefaults,
    set_id: int | None = None,
    by: str = "",
    now: datetime | None = None,
    programmes: Sequence[tuple[int, str]] = (),
) -> dict[str, Any]:
    """The modal view; `set_id` given means editing that set's settings. `by`: who opened
    it (only they get its time zone options)."""
    now = now or datetime.now(UTC)
    cadences = [option(label, c.value) for c, label in CADENCE_LABELS.items()]
    weekdays = [option(day, str(i)) for i, day in enumerate(WEEKDAYS)]
    facilitation = [
        option("Fixed: the facilitator runs every meeting", "fixed"),
        option("Rotating: members take turns, starting with the facilitator", "rotating"),
    ]
    users: dict[str, Any] = {"type": "multi_users_select"}
    if defaults.members:
        users["initial_users"] = list(defaults.members)
    facilitator: dict[str, Any] = {"type": "users_select"}
    if defaults.facilitator:
        facilitator["initial_user"] = defaults.facilitator
    first_date: dict[str, Any] = {"type": "datepicker"}
    if defaults.first_date:
        first_date["initial_date"] = defaults.first_date.isoformat()
    blocks = [
        field("name", "Name", text_input(defaults.name, NAME_MAX, example="Leaders' set")),
        field(
            "theme",
            "Theme",
            text_input(defaults.theme, TEXT_MAX, True, "e.g. Leading through change"),
            "What the set works on, in a line or two.",
            optional=True,
        ),
        field("members", "Members", users, "At least 2 people."),
        field("facilitator", "Facilitator", facilitator),
        field(
            "rotating",
            "Facilitation",
            {
                "type": "radio_buttons",
                "options": facilitation,
                "initial_option": facilitation[1 if defaults.rotating else 0],
            },
        ),
        field("cadence", "Cadence", select(cadences, defaults.cadence)),
        field("weekday", "Weekday", select(weekdays, str(defaults.weekday))),
        field("time", "Time", {"type": "timepicker", "initial_time": defaults.time}),
        field(
            "timezone",
            "Time zone",
            _zone(defaults.timezone, now),
            "Type to search: a city, a region or a name like Pacific or CET.",
        ),
        field(
            "first_date",
            "First meeting date",
            first_date,
            "The first meeting is on the chosen weekday, on or after this date: pick that "
            "day itself to be sure.",
        ),
        field(
            "meeting_minutes",
            "Meeting length (minutes)",
            number(defaults.meeting_minutes, MINUTES_RANGE, "e.g. 90"),
            "From 30 to 480.",
        ),
        field(
            "meeting_count",
            "Number of meetings",
            number(defaults.meeting_count, COUNT_RANGE, "e.g. 6, or empty"),
            "From 1 to 52. Leave empty for an open-ended set.",
            optional=True,
        ),
        field(
            "lead_hours",
            "Prompt lead time (hours)",
            number(defaults.lead_hours, LEAD_RANGE, "e.g. 24"),
            "How long before each meeting members are asked to report back (1 to 168).",
        ),
        field(
            "reminder_hours",
            "Reminder (hours before)",
            number(defaults.reminder_hours, REMINDER_RANGE, "e.g. 2"),
            "One reminder to members who haven't reported, this long before the meeting: "
            "fewer hours than the prompt lead time.",
        ),
        field(
            "ground_rules",
            "Ground rules",
            text_input(
                defaults.ground_rules, TEXT_MAX, True, "e.g. What is said in the set stays in it."
            ),
            "Agreed at the start; shown at every check-in.",
            optional=True,
        ),
    ]
    if programmes:  # the workspace's programmes; no choice to make without any
        blocks.append(programme_select(list(programmes), defaults.programme))
    editing = set_id is not None
    return {
        "type": "modal",
        "callback_id": ids.SET_FORM,
        "title": plain("Set settings" if editing else "Create a set"),
        "submit": plain("Save" if editing else "Create"),
        "close": plain("Cancel"),
        "private_metadata": json.dumps({"channel": channel, "set_id": set_id, "by": by}),
        "blocks": blocks,
    }


def parse(values: dict[str, dict[str, Any]]) -> SetForm:
    """Read a submitted view's state.values into an unchecked SetForm."""
    raw = {block: value_of(actions.get(VALUE, {})) for block, actions in values.items()}
    members = raw.get("members") or ()
    return SetForm(
        name=raw.get("name"),
        theme=raw.get("theme"),
        members=tuple(members) if isinstance(members, list | tuple) else (),
        facilitator=raw.get("facilitator"),
        rotating=raw.get("rotating") == "rotating",
        cadence=raw.get("cadence"),
        weekday=raw.get("weekday"),
        time=raw.get("time"),
        timezone=raw.get("timezone"),
        first_date=raw.get("first_date"),
        meeting_minutes=raw.get("meeting_minutes"),
        meeting_count=raw.get("meeting_count"),
        lead_hours=raw.get("lead_hours"),
        reminder_hours=raw.get("reminder_hours"),
        ground_rules=raw.get("ground_rules"),
    )


def opened_by(view: dict[str, Any]) -> str:
    """Who opened the form (empty for a form opened before this was kept)."""
    try:
        return str(json.loads(view.get("private_metadata") or "{}").get("by") or "")
    except (ValueError, AttributeError):
        return ""


def zone_options(query: str, now: datetime) -> list[dict[str, Any]]:
    """The time zone search's options: at most 100, Slack's cap."""
    return [option(label, zone) for label, zone in zones.search(query[:100], now)]


def metadata(view: dict[str, Any]) -> tuple[str, int | None]:
    """The channel and (when editing) the set id a submitted form belongs to."""
    try:
        data = json.loads(view.get("private_metadata") or "{}")
        return str(data["channel"]), data.get("set_id")
    except (ValueError, KeyError, TypeError):
        return "", None
