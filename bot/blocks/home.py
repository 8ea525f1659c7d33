"""App Home: a member's sets, open actions and learning log; a facilitator's set health.

Every list is capped or paged so the view stays within Block Kit's 100 blocks whatever the
numbers: at most 8 sets, 10 actions per page, 10 learnings and 3 facilitated sets.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.blocks import ids
from bot.blocks.home_actions import (  # noqa: F401  (part of this module's interface)
    ACTIONS_PER_PAGE,
    MAX_FINISHED,
    HomeAction,
    actions_section,
    finished_section,
    note_form,
)
from bot.blocks.home_health import SetHealth, health_blocks
from bot.blocks.home_live import LiveMeeting, banner
from bot.blocks.home_programme import ProgrammeConsole, programmes_section
from bot.blocks.text import (
    button,
    clip,
    context,
    escape,
    header,
    plural,
    section,
    slack_date,
)
from bot.flows.set_life import SetStatus

MAX_VIEW_BLOCKS = 100
MAX_SETS = 8
MAX_SETS_BESIDE_PROGRAMMES = 4
MAX_LEARNINGS = 10
MAX_FACILITATED = 3
SOURCE_LABELS = {"report": "report-back", "reflection": "reflection", "final": "final reflection"}


@dataclass(frozen=True)
class HomeSet:
    id: int
    name: str
    channel: str
    status: SetStatus
    next_at: datetime | None = None
    next_meeting_id: int | None = None
    report: str | None = None  # "in" | "started" | "first" (nothing to report) | None
    facilitator: str = ""


@dataclass(frozen=True)
class HomeLearning:
    id: int
    text: str
    set_name: str
    meeting: int
    source: str
    shareable: bool
    named: bool = False


@dataclass(frozen=True)
class Notice:
    text: str
    action_id: int | None = None  # offer "Add a note" for this action
    undo: int | None = None  # offer "Undo" of this change (an action change id)


@dataclass(frozen=True)
class HomeModel:
    sets: Sequence[HomeSet] = ()
    actions: Sequence[HomeAction] = ()
    action_total: int = 0
    page: int = 0
    finished: Sequence[HomeAction] = ()
    learnings: Sequence[HomeLearning] = ()
    learning_total: int = 0
    facilitated: Sequence[SetHealth] = field(default_factory=tuple)
    facilitated_total: int = 0  # sets this person facilitates, shown or not
    notice: Notice | None = None
    live: Sequence[LiveMeeting] = ()
    programmes: Sequence[ProgrammeConsole] = ()
    programmes_total: int = 0  # programmes this person leads, shown or not


def divider() -> dict[str, Any]:
    return {"type": "divider"}


def _with_button(text: str, label: str, action_id: str, value: str) -> dict[str, Any]:
    block = section(text)
    block["accessory"] = button(label, action_id, value)
    return block


def _set_line(item: HomeSet) -> dict[str, Any]:
    name = f"*{escape(item.name)}* in <#{item.channel}>"
    if item.status == SetStatus.CLOSED:
        return section(f"{name}\nClosed: read-only.")
    if item.status == SetStatus.SUSPENDED:
        return section(f"{name}\nSuspended: no meetings until the facilitator reactivates it.")
    if item.next_at is None or item.next_meeting_id is None:
        return section(f"{name}\nNo meeting scheduled.")
    line = f"{name}\nNext meeting: {slack_date(item.next_at)}"
    value = str(item.next_meeting_id)
    if item.report == "first":
        return section(f"{line}\n👋 The set's first meeting: nothing to report on yet.")
    if item.report == "later":
        return section(f"{line}\n📬 I'll DM you for your report-back before it.")
    if item.report == "in":
        return _with_button(
            f"{line}\n✅ Your report-back is in.", "Edit my report", ids.REPORT_FORM, value
        )
    status = "✏️ Report-back started." if item.report == "started" else "📝 Report-back not in yet."
    return _with_button(f"{line}\n{status}", "Write my report", ids.REPORT_FORM, value)


def _learning(item: HomeLearning) -> list[dict[str, Any]]:
    """One learning: **Keep private** once shared; **Share** / **Share with my name**
    before (a programme lead sees the author only in the second case)."""
    source = SOURCE_LABELS.get(item.source, item.source)
    where = f"{escape(item.set_name)} · meeting {item.meeting} · {source}"
    if item.shareable:
        privacy = "🌍 shared with your name" if item.named else "🌍 shareable, without your name"
    else:
        privacy = "🔒 private to the set"
    text = f"{escape(clip(item.text, 2000))}\n_{where} · {privacy}_"
    if item.shareable:
        return [_with_button(text, "Keep private", ids.HOME_SHARE, f"{item.id}:0")]
    choices = [
        button("Share", ids.HOME_SHARE, f"{item.id}:1"),
        button("Share with my name", ids.HOME_SHARE_NAMED, f"{item.id}:2"),
    ]
    return [section(text), {"type": "actions", "block_id": f"share_{item.id}", "elements": choices}]


def _learnings(model: HomeModel, room: int) -> list[dict[str, Any]]:
    """The learning log in at most `room` blocks: whole learnings only, latest first."""
    blocks: list[dict[str, Any]] = [header("Your learning log")]
    if not model.learnings:
        blocks.append(
            context("What you say you learned, in report-backs and reflections, collects here.")
        )
        return blocks
    shown = 0
    for item in model.learnings[:MAX_LEARNINGS]:
        more = _learning(item)
        if len(blocks) + len(more) + 1 > room:
            break
        blocks += more
        shown += 1
    if model.learning_total > shown:
        blocks.append(context(f"The latest {shown} of {model.learning_total} learnings."))
    return blocks


WELCOME = (
    "*Welcome to Setbot.* I run *action learning sets*: small groups who meet regularly, each "
    "bringing a real problem; the others ask questions rather than give advice, everyone acts "
    "between meetings, and I ask how it went before the next. To start one, invite me to a "
    "channel (`/invite @Setbot`) and run `/set create` there; to join one, run `/set join` in "
    "its channel. Your sets, actions and learning log will show here."
)


def _notice(model: HomeModel) -> list[dict[str, Any]]:
    if not model.notice:
        return []
    blocks = [section(model.notice.text)]
    offered = []
    if model.notice.undo:
        offered.append(button("Undo", ids.HOME_UNDO, str(model.notice.undo)))
    if model.notice.action_id:
        offered.append(button("Add a note", ids.HOME_NOTE, str(model.notice.action_id)))
    if offered:
        blocks.append({"type": "actions", "block_id": "notice", "elements": offered})
    return blocks


def _facilitated(model: HomeModel) -> list[dict[str, Any]]:
    if not model.facilitated:
        return []
    blocks = [header("Sets you facilitate")]
    for health in list(model.facilitated)[:MAX_FACILITATED]:
        blocks += health_blocks(health)
    shown = min(len(model.facilitated), MAX_FACILITATED)
    if model.facilitated_total > shown:
        more = plural(model.facilitated_total - shown, "more set")
        blocks.append(context(f"…and {more}: `/set export` in their channels."))
    return [*blocks, divider()]


def _member_sets(model: HomeModel) -> list[dict[str, Any]]:
    if not model.sets:
        return []
    # A lead's programmes come first and take room: fewer of their own sets then.
    most = MAX_SETS_BESIDE_PROGRAMMES if model.programmes else MAX_SETS
    blocks = [header("Your sets")]
    for member_set in model.sets[:most]:
        blocks.append(_set_line(member_set))
        if member_set.status != SetStatus.CLOSED and member_set.next_at is not None:
            calendar = button("Add to my calendar", ids.ADD_TO_CALENDAR, str(member_set.id))
            blocks.append(
                {"type": "actions", "block_id": f"calendar_{member_set.id}", "elements": [calendar]}
            )
    if len(model.sets) > most:
        blocks.append(context(f"…and {plural(len(model.sets) - most, 'more set')}."))
    return [*blocks, divider()]


def build(model: HomeModel) -> dict[str, Any]:
    """The Home tab view for one person: the programmes they lead first, then the sets
    they facilitate, then their own sets, actions and learning log; empty sections are
    left out, and someone in no set sees one welcome paragraph."""
    blocks: list[dict[str, Any]] = [header("Setbot"), *banner(model.live), *_notice(model)]
    if not (model.sets or model.facilitated or model.programmes):
        blocks += [section(WELCOME), divider()]
    blocks += programmes_section(model.programmes, model.programmes_total)
    blocks += _facilitated(model)
    blocks += _member_sets(model)
    if model.actions or model.finished or model.sets:
        blocks += actions_section(model.actions, model.action_total, model.page)
        blocks += finished_section(model.finished)
    if model.learnings:
        blocks += [divider(), *_learnings(model, MAX_VIEW_BLOCKS - len(blocks) - 1)]
    if blocks[-1] == divider():
        blocks.pop()
    return {"type": "home", "blocks": blocks[:MAX_VIEW_BLOCKS]}


def without_images(view: dict[str, Any]) -> dict[str, Any]:
    """The same view minus image blocks, for a Slack that won't show the uploaded chart."""
    return {**view, "blocks": [b for b in view["blocks"] if b.get("type") != "image"]}
