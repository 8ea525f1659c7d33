"""A member's report-back for one meeting: answered in the DM, one question at a time,
or all at once in a form; editable until the meeting starts.

Pure: `answer` and `submit` take the report and return a new one with what to say, or
a refusal with the reason. The meeting's phase decides the window (see `Window`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from bot.flows.meeting_state import Phase

QUESTIONS = (
    "What did you do?",
    "What happened?",
    "Was it different from what you expected?",
    "Did you carry out all the actions you agreed? If not, why not, and what would you do "
    "differently?",
    "What did you learn?",
)
LEARNED = 4  # QUESTIONS[LEARNED] asks what the member learned: it joins their learning log
ANSWER_MAX = 3000
SKIP_WORDS = frozenset({"skip", "pass", "-"})


class Outcome(StrEnum):
    """What became of an action, as its owner reports it."""

    DONE = "done"
    PARTLY = "partly"
    NOT_DONE = "not_done"


OUTCOME_LABELS = {Outcome.DONE: "Done", Outcome.PARTLY: "Partly", Outcome.NOT_DONE: "Not done"}


class Window(StrEnum):
    """When a report may change: before the meeting, during it, after it."""

    OPEN = "open"  # the meeting hasn't started: answer and edit freely
    LIVE = "live"  # the meeting is running: a report not yet in is still taken
    CLOSED = "closed"  # the meeting ended or was cancelled

    @classmethod
    def for_phase(cls, phase: str) -> Window:
        """The window for a meeting in `phase` (a `Phase`, or the string the store keeps)."""
        if phase == Phase.SCHEDULED:
            return cls.OPEN
        if phase in (Phase.CLOSED, Phase.CANCELLED):
            return cls.CLOSED
        return cls.LIVE


@dataclass(frozen=True)
class Report:
    answers: tuple[str, ...] = ("",) * len(QUESTIONS)
    cursor: int = 0  # the next question to ask
    complete: bool = False
    outcomes: dict[int, Outcome] = field(default_factory=dict)  # action id → outcome

    @property
    def question(self) -> str | None:
        return QUESTIONS[self.cursor] if self.cursor < len(QUESTIONS) else None

    @property
    def answered(self) -> int:
        return sum(1 for a in self.answers if a)


@dataclass(frozen=True)
class Step:
    """A report after one reply: what it is now and what to say; or why nothing changed."""

    report: Report
    say: str = ""
    refused: str | None = None

    @property
    def ok(self) -> bool:
        return self.refused is None


CLOSED_REASON = "That meeting has ended, so its report-back is closed. Your report stays as it was."
LOCKED_REASON = (
    "Your report is in and the meeting has started, so it can't change now. Bring anything "
    "new to the meeting."
)


def _too_long(text: str) -> str:
    return (
        f"That answer has {len(text):,} characters; please keep each answer to "
        f"{ANSWER_MAX:,} (split it across replies, or use the form)."
    )


def _clean(text: str) -> str:
    """Trim spaces, including the invisible ones (zero-width) that `str.strip` keeps."""
    return text.strip().strip("\u200b\u200c\u200d\ufeff").strip()


def question_text(index: int) -> str:
    return f"*{index + 1}/{len(QUESTIONS)}* {QUESTIONS[index]}"


def answer(report: Report, text: str, window: Window) -> Step:
    """A reply in the DM: the answer to the current question, or `skip`."""
    if window == Window.CLOSED:
        return Step(report, refused=CLOSED_REASON)
    if report.complete:
        if window == Window.LIVE:
            return Step(report, refused=LOCKED_REASON)
        return Step(
            report,
            refused="Your report is already in. To change it, press *Edit my report* above.",
        )
    reply = _clean(text)
    if not reply:
        return Step(report, refused="I didn't catch an answer. Reply with it, or `skip`.")
    if len(reply) > ANSWER_MAX:
        return Step(report, refused=_too_long(reply))
    answers = list(report.answers)
    if reply.lower() not in SKIP_WORDS:
        answers[report.cursor] = reply
    moved = replace(report, answers=tuple(answers), cursor=report.cursor + 1)
    if moved.question is None:
        done = replace(moved, complete=True)
        return Step(done, say="Thanks, your report is in. Here it is:")
    return Step(moved, say=question_text(moved.cursor))


def submit(
    report: Report, answers: tuple[str, ...], outcomes: dict[int, Outcome], window: Window
) -> Step:
    """The form: every answer at once (empty ones allowed), and each action's outcome."""
    if window == Window.CLOSED:
        return Step(report, refused=CLOSED_REASON)
    if report.complete and window == Window.LIVE:
        return Step(report, refused=LOCKED_REASON)
    cleaned = tuple(_clean(a) for a in answers)
    cleaned = (cleaned + ("",) * len(QUESTIONS))[: len(QUESTIONS)]
    for text in cleaned:
        if len(text) > ANSWER_MAX:
            return Step(report, refused=_too_long(text))
    done = Report(answers=cleaned, cursor=len(QUESTIONS), complete=True, outcomes=dict(outcomes))
    return Step(done, say="Thanks, your report is in. Here it is:")


def to_data(report: Report) -> dict[str, Any]:
    return {
        "answers": list(report.answers),
        "cursor": report.cursor,
        "complete": report.complete,
        "outcomes": {str(k): v.value for k, v in report.outcomes.items()},
    }


def from_data(data: dict[str, Any]) -> Report:
    answers = tuple(str(a) for a in data.get("answers") or ())
    answers = (answers + ("",) * len(QUESTIONS))[: len(QUESTIONS)]
    outcomes = {int(k): Outcome(v) for k, v in (data.get("outcomes") or {}).items()}
    cursor = min(max(int(data.get("cursor") or 0), 0), len(QUESTIONS))
    complete = bool(data.get("complete")) or cursor == len(QUESTIONS)
    return Report(answers=answers, cursor=cursor, complete=complete, outcomes=outcomes)


def dumps(report: Report) -> str:
    """A report as the JSON the store keeps; the inverse of `loads`."""
    return json.dumps(to_data(report), ensure_ascii=False)


def loads(text: str | None) -> Report:
    """A stored report; anything unreadable reads as a report not yet started."""
    try:
        data = json.loads(text or "{}")
    except ValueError:
        data = {}
    return from_data(data if isinstance(data, dict) else {})
