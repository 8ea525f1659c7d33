"""Messages of a live meeting: the control message, turn posts, notices and the summary."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
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
    mentions,
    section,
    sections,
)
from bot.flows import report_back
from bot.flows.meeting_state import PHASE_TITLES, MeetingState, Phase, Presence
from bot.flows.reflection import MEETING_QUESTIONS

MAX_MESSAGE_BLOCKS = 50

STEP_PROMPTS = {
    Phase.PRESENT: "🎤 {who}, describe your problem as you see it. Others listen.",
    Phase.QUESTIONS: (
        "❓ Questions for {who}. Ask questions rather than give advice: help {who} see the "
        "problem from new angles."
    ),
    Phase.ACTIONS: (
        "✅ {who}, decide what you will do before the next meeting. Record each action "
        "with the button below."
    ),
}


@dataclass(frozen=True)
class MeetingInfo:
    """What the messages need besides the state."""

    meeting_id: int
    version: int
    set_name: str
    number: int
    count: int | None
    reported: int = 0  # members whose report-back is in
    members: int = 0

    @property
    def title(self) -> str:
        of = f" of {self.count}" if self.count else ""
        return f"{self.set_name} · meeting {self.number}{of}"


@dataclass(frozen=True)
class ActionLine:
    owner: str
    text: str
    expectation: str
    due: str  # already formatted for Slack


def _minutes(seconds: int) -> str:
    if seconds <= 0:
        over = -seconds // 60
        return "time is up" + (f" ({over} min over)" if over else "")
    return f"{max(1, round(seconds / 60))} min left"


def _clock(state: MeetingState, now: datetime) -> str:
    left = state.seconds_left(now)
    if left is None:
        return ""
    if state.paused:
        return f"⏸ Paused · {_minutes(left)}"
    return f"⏱ {_minutes(left)}"


def _checkin_lines(state: MeetingState) -> list[str]:
    def who(presence: Presence) -> list[str]:
        return [u for u in state.members if state.attendance.get(u) == presence]

    waiting = [u for u in state.members if u not in state.attendance]
    return [
        f"*With an issue:* {mentions(who(Presence.ISSUE))}",
        f"*Here:* {mentions(who(Presence.NO_ISSUE))}",
        f"*Apologies:* {mentions(who(Presence.APOLOGIES))}",
        f"*Not checked in yet:* {mentions(waiting)}",
    ]


def actions(block_id: str, *elements: dict[str, Any]) -> dict[str, Any]:
    return {"type": "actions", "block_id": block_id, "elements": list(elements)}


def add_action(meeting_id: int, presenter: str) -> dict[str, Any]:
    """The presenter's button to record an action (in the control message and the thread)."""
    return actions(
        "record", button("Add an action", ids.ADD_ACTION, f"{meeting_id}:{presenter}", "primary")
    )


def _next_label(state: MeetingState) -> str:
    if state.phase == Phase.CHECK_IN:
        return "report-back round" if state.report_round else "issue rounds"
    if state.up_next:
        return mention(state.up_next)
    return "close" if state.phase == Phase.REFLECTION else "reflection"


def control(info: MeetingInfo, state: MeetingState, now: datetime) -> list[dict[str, Any]]:
    """The live control message: phase, floor, next, clock, and the buttons."""
    blocks: list[dict[str, Any]] = [header(info.title)]
    status = [f"*{PHASE_TITLES[state.phase]}*"]
    if state.speaker:
        status.append(f"Floor: {mention(state.speaker)}")
    if state.live:
        status.append(f"Next: {_next_label(state)}")
        status.append(_clock(state, now))
    blocks.append(section(" · ".join(s for s in status if s)))
    if state.phase == Phase.CHECK_IN:
        blocks.append(section("\n".join(_checkin_lines(state))))
    if state.presenters and state.phase != Phase.CHECK_IN:
        order = ", ".join(mention(u) for u in state.presenters)
        blocks.append(context(f"Issue rounds: {order}"))
    footer = f"Facilitator: {mention(state.facilitator)}"
    if info.members and state.report_round:  # a first meeting has nothing to report on
        footer += f" · 📝 {info.reported} of {info.members} reported"
    blocks.append(context(footer))
    if not state.live:
        return blocks
    value = f"{info.meeting_id}:{info.version}"
    if state.phase == Phase.CHECK_IN:
        checkin = str(info.meeting_id)
        blocks.append(
            actions(
                "checkin",
                button("Here, with an issue", ids.CHECKIN_ISSUE, checkin, "primary"),
                button("Here, no issue", ids.CHECKIN_NO_ISSUE, checkin),
                button("Apologies", ids.CHECKIN_APOLOGIES, checkin),
            )
        )
    if state.phase == Phase.ACTIONS and state.speaker:
        blocks.append(add_action(info.meeting_id, state.speaker))
    if state.phase == Phase.REFLECTION:  # on the control message: no post of its own
        blocks += reflection(info.meeting_id)
    pause = (
        button("Resume", ids.RESUME, value) if state.paused else button("Pause", ids.PAUSE, value)
    )
    blocks.append(
        actions(
            "drive",
            button("Next", ids.NEXT, value, "primary"),
            button("Back", ids.BACK, value),
            button("Skip", ids.SKIP, value),
            button("+5 min", ids.EXTEND, value),
            pause,
            button("Intervene", ids.INTERVENE, str(info.meeting_id)),
            button("End", ids.END, value, "danger"),
        )
    )
    return blocks


def control_text(info: MeetingInfo, state: MeetingState) -> str:
    return f"{escape(info.title)}: {PHASE_TITLES[state.phase]}"


def started(info: MeetingInfo, state: MeetingState, ground_rules: str) -> str:
    return (
        f"*{escape(info.title)} has started.* Check in with the buttons on the message "
        f"below: here with an issue to bring, here without one, or apologies.\n\n"
        f"*Our ground rules*\n{escape(clip(ground_rules, 2500))}"
    )


def started_blocks(info: MeetingInfo, ground_rules: str) -> list[dict[str, Any]]:
    """The meeting's opening message: how to check in, and the set's ground rules."""
    return [
        section(
            f"👋 *{escape(info.title)} has started.* Check in with the buttons on the message "
            "below: here with an issue to bring, here without one, or apologies."
        ),
        section(f"*Our ground rules*\n{escape(clip(ground_rules, 2500))}"),
    ]


def round_root(state: MeetingState) -> list[dict[str, Any]]:
    """The root of the report-back round's one thread: each member's turn is a reply."""
    order = ", ".join(mention(u) for u in state.reporters)
    questions = "\n".join(f"• {q}" for q in report_back.QUESTIONS)
    return [
        section(f"🔁 *Report-back round*\nIn turn: {order}"),
        section(f"*Each of you reports on*\n{questions}"),
        context("Each member's report-back is a reply in this thread."),
    ]


def turn_root(
    state: MeetingState, user: str, open_actions: Sequence[ActionLine] = ()
) -> list[dict[str, Any]]:
    """What opens a member's turn: an issue round's thread root; a report-back's reply in
    the round's thread."""
    if state.phase == Phase.REPORT_BACK:
        blocks = [section(f"🔁 *Report back: {mention(user)}*")]
        if open_actions:
            lines = [
                f"• {escape(a.text)} (expected: {escape(a.expectation)})" for a in open_actions
            ]
            blocks += sections(["*Actions from last time*", *lines])[:10]
        return blocks
    return [
        section(f"🎯 *Issue round: {mention(user)}*"),
        section(STEP_PROMPTS[Phase.PRESENT].format(who=mention(user))),
        context("Questions and actions for this issue go in this thread."),
    ]


def step(meeting_id: int, user: str, phase: Phase) -> list[dict[str, Any]]:
    blocks = [section(STEP_PROMPTS[phase].format(who=mention(user)))]
    if phase == Phase.ACTIONS:
        blocks.append(add_action(meeting_id, user))
    return blocks


def reflection(meeting_id: int) -> list[dict[str, Any]]:
    lines = "\n".join(f"• {q}" for q in MEETING_QUESTIONS)
    return [
        section(f"🪞 *Reflection*\n{lines}"),
        actions(
            "reflect",
            button("Write my reflection", ids.REFLECT, str(meeting_id), "primary"),
        ),
        context(
            "Each of you: answer in the form and rate the meeting 1–5. The answers are "
            "gathered in the closing summary; ratings show only as an average."
        ),
    ]


def notice(state: MeetingState, kind: str) -> str:
    who = f"{mention(state.speaker)}'s turn" if state.speaker else PHASE_TITLES[state.phase]
    if kind == "warn":
        return f"⏳ One minute left for {who}."
    return f"⌛ Time is up for {who}. Facilitator: Next to move on, or +5 min."


def end_question(meeting_id: int, skipped: tuple[str, ...], reflection: bool) -> tuple[str, list]:
    """Ending early: what would not happen, and **End now** / **Keep going**."""
    rounds = [f"{mention(u)}'s" for u in skipped]
    parts = []
    if rounds:
        names = rounds[0] if len(rounds) == 1 else ", ".join(rounds[:-1]) + " and " + rounds[-1]
        parts.append(f"{names} {'round' if len(rounds) == 1 else 'rounds'}")
    if reflection:
        parts.append("the reflection")
    plural_ = len(rounds) > 1 or len(parts) > 1
    text = " and ".join(parts) + (" haven't happened." if plural_ else " hasn't happened.")
    text = text[0].upper() + text[1:]
    value = str(meeting_id)
    blocks = [
        section(f"{text} End the meeting anyway?"),
        actions(
            "end_question",
            button("End now", ids.END_NOW, value, "danger"),
            button("Keep going", ids.KEEP_GOING, value),
        ),
    ]
    return text, blocks
