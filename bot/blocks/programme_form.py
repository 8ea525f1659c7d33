"""The programme modal (`/set programme create`), and the programme select of the set form."""

from __future__ import annotations

from typing import Any

from bot.blocks import ids
from bot.blocks.form_inputs import VALUE, field, number, option, select, text_input, value_of
from bot.blocks.text import clip, plain
from bot.flows.cadence import WEEKDAYS
from bot.flows.programme_setup import FOLLOW_UP_RANGE, HOUR_RANGE, NAME_MAX, ProgrammeForm

NO_PROGRAMME = "none"
MAX_OPTIONS = 100  # Slack's cap on a static select


def build(by: str) -> dict[str, Any]:
    """The form, its creator the first lead."""
    leads: dict[str, Any] = {"type": "multi_users_select", "initial_users": [by]}
    days = [option(day, str(i)) for i, day in enumerate(WEEKDAYS)]
    blocks = [
        field("name", "Name", text_input("", NAME_MAX, example="e.g. Leaders 2027")),
        field(
            "leads",
            "Programme leads",
            leads,
            hint="They see every set's health and the learning members agree to share.",
        ),
        field(
            "end_date",
            "Ends on",
            {"type": "datepicker", "placeholder": plain("Pick a day")},
            optional=True,
        ),
        field(
            "digest_weekday",
            "Weekly digest on",
            select(days, "0"),
            hint="Each lead gets it in their own time zone; nothing in a week with nothing new.",
        ),
        field("digest_hour", "at (hour, 0–23)", number(9, HOUR_RANGE, "e.g. 9")),
        field(
            "follow_up_days",
            "Follow up with members after",
            number(90, FOLLOW_UP_RANGE, "e.g. 90"),
            hint="Days after a set closes: each member is asked what changed. 0 for none.",
        ),
    ]
    return {
        "type": "modal",
        "callback_id": ids.PROGRAMME_FORM,
        "title": plain("New programme"),
        "submit": plain("Create"),
        "close": plain("Cancel"),
        "blocks": blocks,
    }


def parse(values: dict[str, dict[str, Any]]) -> ProgrammeForm:
    raw = {block: value_of(actions.get(VALUE, {})) for block, actions in values.items()}
    leads = raw.get("leads") or ()
    return ProgrammeForm(
        name=raw.get("name"),
        leads=tuple(leads) if isinstance(leads, list | tuple) else (),
        end_date=raw.get("end_date"),
        digest_weekday=raw.get("digest_weekday"),
        digest_hour=raw.get("digest_hour"),
        follow_up_days=raw.get("follow_up_days"),
    )


def programme_select(programmes: list[tuple[int, str]], current: int | None) -> dict[str, Any]:
    """The set form's **Programme** choice: the workspace's programmes, or none."""
    options = [option("No programme", NO_PROGRAMME)]
    shown = programmes[: MAX_OPTIONS - 1]
    if current is not None and all(pid != current for pid, _ in shown):
        # the set's own programme is always a choice, so saving never drops it unseen
        shown = [*shown[: MAX_OPTIONS - 2], *[(p, n) for p, n in programmes if p == current]]
    options += [option(clip(name, 75), str(pid)) for pid, name in shown]
    initial = str(current) if current is not None else NO_PROGRAMME
    return field(
        "programme",
        "Programme",
        select(options, initial),
        hint="Its leads see this set's health and what members share; nothing private.",
        optional=True,
    )
