"""What a settings change changed, as one line for the channel: each setting that differs,
with what it was; members who joined or left by the form."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

# The settings a person recognises, in the form's order: label → value as shown.
LABELS = (
    "name",
    "theme",
    "facilitator",
    "facilitation",
    "cadence",
    "day",
    "time",
    "time zone",
    "first meeting",
    "length",
    "meetings",
    "prompts",
    "reminder",
    "ground rules",
)
LONG = frozenset({"theme", "ground rules"})  # said changed, not quoted


def changes(
    before: Mapping[str, str],
    after: Mapping[str, str],
    members_before: Sequence[str],
    members_after: Sequence[str],
) -> list[str]:
    """Each change as a short phrase, in the form's order; empty when nothing changed."""
    said = []
    for label in LABELS:
        old, new = before.get(label, ""), after.get(label, "")
        if old == new:
            continue
        if label in LONG:
            said.append(
                f"{label} updated"
                + (" (`/set rules` shows them)" if label == "ground rules" else "")
            )
        else:
            said.append(f"{label} {new} (was {old or 'none'})")
    joined = [u for u in members_after if u not in members_before]
    left = [u for u in members_before if u not in members_after]
    if joined:
        said.append("added " + ", ".join(f"<@{u}>" for u in joined))
    if left:
        said.append("removed " + ", ".join(f"<@{u}>" for u in left))
    return said


def line(who: str, said: Sequence[str]) -> str:
    """The one line the channel sees; ''. when nothing changed."""
    if not said:
        return ""
    return f"⚙️ <@{who}> changed the settings: " + "; ".join(said) + "."
