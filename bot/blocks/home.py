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
from bot.blocks.text import (
    button,
    clip,
    context,
    escape,
    header,
    mention,
    plural,
    section,
    slack_date,
)
from bot.flows.metrics import MeetingMetrics, Totals, percent
from bot.flows.set_life import SetStatus

MAX_VIEW_BLOCKS = 100
MAX_SETS = 8
ACTIONS_PER_PAGE = 10
MAX_LEARNINGS = 10
MAX_FACILITATED = 3
MAX_METRIC_ROWS = 12
SOURCE_LABELS = {"report": "report-back", "reflection": "reflection", "final": "final reflection"}


@dataclass(frozen=True)
class HomeSet:
    id: int
    name: str
    channel: str
    status: SetStatus
    next_at: datetime | None = None
    next_meeting_id: int | None = None
    report: str | None = None  # "in" | "started" | None (nothing yet)
    facilitator: str = ""


@dataclass(frozen=True)
class HomeAction:
    id: int
    text: str
    set_name: str
    due: str


@dataclass(frozen=True)
class HomeLearning:
    id: int
    text: str
    set_name: str
    meeting: int
    source: str
    shareable: bool


@dataclass(frozen=True)
class SetHealth:
    id: int
    name: str
    status: SetStatus
    meetings: Sequence[MeetingMetrics]
    totals: Totals
    questions: Sequence[tuple[str, int]] = ()
    bank: Sequence[str] = ()
    nudge: bool = True
    rota: str | None = None
    chart_file_id: str | None = None


@dataclass(frozen=True)
class Notice:
    text: str
    action_id: int | None = None  # offer "Add a note" for this action


@dataclass(frozen=True)
class HomeModel:
    sets: Sequence[HomeSet] = ()
    actions: Sequence[HomeAction] = ()
    action_total: int = 0
    page: int = 0
    learnings: Sequence[HomeLearning] = ()
    learning_total: int = 0
    facilitated: Sequence[SetHealth] = field(default_factory=tuple)
    facilitated_total: int = 0  # sets this person facilitates, shown or not
    notice: Notice | None = None


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
    if item.report == "in":
        return _with_button(
            f"{line}\n✅ Your report-back is in.", "Edit my report", ids.REPORT_FORM, value
        )
    status = "✏️ Report-back started." if item.report == "started" else "📝 Report-back not in yet."
    return _with_button(f"{line}\n{status}", "Write my report", ids.REPORT_FORM, value)


def _actions(model: HomeModel) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = [header(f"Your open actions ({model.action_total})")]
    if not model.actions:
        blocks.append(context("No open actions. Actions you agree in a meeting appear here."))
        return blocks
    for action in model.actions[:ACTIONS_PER_PAGE]:
        value = str(action.id)
        blocks.append(
            section(
                f"• {escape(clip(action.text, 1500))}\n"
                f"_{escape(action.set_name)} · due {action.due}_"
            )
        )
        blocks.append(
            {
                "type": "actions",
                "block_id": f"action_{action.id}",
                "elements": [
                    button("Done", ids.HOME_DONE, value, "primary"),
                    button("Partly", ids.HOME_PARTLY, value),
                    button("Drop", ids.HOME_DROP, value),
                    button("Add a note", ids.HOME_NOTE, value),
                ],
            }
        )
    pages = max(1, -(-model.action_total // ACTIONS_PER_PAGE))
    if pages > 1:
        first = model.page * ACTIONS_PER_PAGE + 1
        last = min(model.action_total, first + ACTIONS_PER_PAGE - 1)
        nav = []
        if model.page > 0:
            nav.append(button("← Previous", ids.HOME_PAGE_BACK, str(model.page - 1)))
        if model.page + 1 < pages:
            nav.append(button("Next →", ids.HOME_PAGE, str(model.page + 1)))
        blocks.append(context(f"Showing {first}–{last} of {model.action_total} open actions."))
        blocks.append({"type": "actions", "block_id": "action_pages", "elements": nav})
    return blocks


def _learnings(model: HomeModel) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = [header("Your learning log")]
    if not model.learnings:
        blocks.append(
            context("What you say you learned, in report-backs and reflections, collects here.")
        )
        return blocks
    for item in model.learnings[:MAX_LEARNINGS]:
        source = SOURCE_LABELS.get(item.source, item.source)
        where = f"{escape(item.set_name)} · meeting {item.meeting} · {source}"
        privacy = "🌍 shareable" if item.shareable else "🔒 private to the set"
        text = f"{escape(clip(item.text, 2000))}\n_{where} · {privacy}_"
        if item.shareable:
            blocks.append(_with_button(text, "Keep private", ids.HOME_SHARE, f"{item.id}:0"))
        else:
            blocks.append(_with_button(text, "Share", ids.HOME_SHARE, f"{item.id}:1"))
    if model.learning_total > MAX_LEARNINGS:
        blocks.append(context(f"The latest {MAX_LEARNINGS} of {model.learning_total} learnings."))
    return blocks


def _health(item: SetHealth) -> list[dict[str, Any]]:
    t = item.totals
    f = t.follow_through
    state = {SetStatus.CLOSED: " (closed)", SetStatus.SUSPENDED: " (suspended)"}.get(
        item.status, ""
    )
    blocks: list[dict[str, Any]] = [
        section(
            f"*{escape(item.name)}*{state} · {plural(t.meetings, 'meeting')} held\n"
            f"Attendance {percent(t.attendance)} · Report-backs {percent(t.report_rate)} · "
            f"Follow-through {percent(f.rate)} ({f.done} done, {f.partly} partly, "
            f"{f.not_done} not done, {f.open} open)"
            + (f" · Rating {t.rating}/5" if t.rating is not None else "")
        )
    ]
    if item.meetings:
        rows = [
            f"Meeting {m.number} ({m.held_on:%d %b}): attendance {percent(m.attendance)}, "
            f"report-backs {percent(m.report_rate)}, actions {m.follow_through.done} done / "
            f"{m.follow_through.partly} partly / {m.follow_through.not_done} not done"
            for m in list(item.meetings)[-MAX_METRIC_ROWS:]
        ]
        blocks.append(section("\n".join(rows)))
    if item.chart_file_id:
        blocks.append(
            {
                "type": "image",
                "slack_file": {"id": item.chart_file_id},
                "alt_text": f"Attendance, report-backs and follow-through of {item.name[:80]}",
            }
        )
    extra = []
    if item.questions:
        extra.append(
            "*Questions asked (L = P + Q):* "
            + ", ".join(f"{mention(u)} {n}" for u, n in list(item.questions)[:15])
        )
    if item.bank:
        extra.append(
            "*Question bank:*\n" + "\n".join(f"⭐ {escape(clip(q, 300))}" for q in item.bank[:5])
        )
    if item.rota:
        extra.append(f"*Rota:* {item.rota}")
    if extra:
        blocks.append(section("\n".join(extra)))
    elements = [button("Export to my DMs", ids.HOME_EXPORT, str(item.id))]
    if item.status == SetStatus.ACTIVE:
        if item.nudge:
            elements.append(button("Turn question nudges off", ids.HOME_NUDGE, f"{item.id}:off"))
        else:
            elements.append(button("Turn question nudges on", ids.HOME_NUDGE, f"{item.id}:on"))
    blocks.append({"type": "actions", "block_id": f"health_{item.id}", "elements": elements})
    return blocks


def build(model: HomeModel) -> dict[str, Any]:
    """The Home tab view for one person."""
    blocks: list[dict[str, Any]] = [header("Setbot")]
    if model.notice:
        notice = section(model.notice.text)
        if model.notice.action_id:
            notice["accessory"] = button("Add a note", ids.HOME_NOTE, str(model.notice.action_id))
        blocks.append(notice)
    blocks += [header("Your sets")]
    if not model.sets:
        blocks.append(
            context(
                "You're not in any set. A facilitator adds you with `/set add`, or run "
                "`/set join` in a set's channel."
            )
        )
    for member_set in model.sets[:MAX_SETS]:
        blocks.append(_set_line(member_set))
    if len(model.sets) > MAX_SETS:
        blocks.append(context(f"…and {plural(len(model.sets) - MAX_SETS, 'more set')}."))
    blocks += [divider(), *_actions(model), divider(), *_learnings(model)]
    if model.facilitated:
        blocks += [divider(), header("Sets you facilitate")]
        for health in list(model.facilitated)[:MAX_FACILITATED]:
            blocks += _health(health)
        shown = min(len(model.facilitated), MAX_FACILITATED)
        if model.facilitated_total > shown:
            more = plural(model.facilitated_total - shown, "more set")
            blocks.append(context(f"…and {more}: `/set export` in their channels."))
    return {"type": "home", "blocks": blocks[:MAX_VIEW_BLOCKS]}


def without_images(view: dict[str, Any]) -> dict[str, Any]:
    """The same view minus image blocks, for a Slack that won't show the uploaded chart."""
    return {**view, "blocks": [b for b in view["blocks"] if b.get("type") != "image"]}


def note_form(action_id: int, text: str) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": ids.NOTE_VIEW,
        "title": {"type": "plain_text", "text": "Note on an action"},
        "submit": {"type": "plain_text", "text": "Save note"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "private_metadata": str(action_id),
        "blocks": [
            context(escape(clip(text, 1000))),
            {
                "type": "input",
                "block_id": ids.NOTE_TEXT,
                "label": {"type": "plain_text", "text": "Your note"},
                "element": {
                    "type": "plain_text_input",
                    "action_id": "value",
                    "multiline": True,
                    "max_length": 2000,
                },
            },
        ],
    }
