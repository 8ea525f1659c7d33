"""A member's report-back for one meeting: answered in the DM, one question at a time and
then each open action's outcome (Done / Partly / Not done, or skip), or all at once in a
form; editable until the meeting starts. A report with no answer and no outcome is not a
report: the form refuses it, and a conversation of skips ends by offering apologies.

Pure: `answer`, `choose` and `submit` take the report and return a new one with what to
say, or a refusal with the reason. The meeting's phase decides the window (see `Window`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from bot.flows.report_window import Window

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


@dataclass(frozen=True)
class Report:
    answers: tuple[str, ...] = ("",) * len(QUESTIONS)
    cursor: int = 0  # the next question to ask
    complete: bool = False
    outcomes: dict[int, Outcome] = field(default_factory=dict)  # action id → outcome
    outcome_texts: dict[int, str] = field(default_factory=dict)  # action id → what happened
    actions: tuple[int, ...] = ()  # the open actions the conversation asks about, in order
    action_cursor: int = 0  # the next of `actions` to ask about
    welcome: bool = False  # before a set's first meeting: a welcome, not a report-back
    # what the actions were last told by this report: action id → (outcome, its words); a
    # later save passes on only what the member changed, so a Home mark made since stays
    applied: dict[int, tuple[str, str]] = field(default_factory=dict)

    @property
    def question(self) -> str | None:
        return QUESTIONS[self.cursor] if self.cursor < len(QUESTIONS) else None

    @property
    def asking(self) -> int | None:
        """The action whose outcome the conversation waits for, once the questions are done."""
        if self.complete or self.cursor < len(QUESTIONS):
            return None
        if self.action_cursor < len(self.actions):
            return self.actions[self.action_cursor]
        return None

    @property
    def answered(self) -> int:
        return sum(1 for a in self.answers if a)

    @property
    def empty(self) -> bool:
        """Nothing said at all: no answer, no outcome (words on an action alone are not one)."""
        return not self.answered and not self.outcomes

    def to_apply(self) -> dict[int, tuple[Outcome, str]]:
        """The outcomes (with their words) the actions haven't been told yet."""
        given = {a: (o, self.outcome_texts.get(a, "")) for a, o in self.outcomes.items()}
        return {a: (o, t) for a, (o, t) in given.items() if self.applied.get(a) != (o.value, t)}


@dataclass(frozen=True)
class Step:
    """A report after one reply: what it is now and what to say; or why nothing changed.
    `asks` is the action whose outcome to ask for next; `empty` says the conversation
    ended with nothing to send (the report starts again)."""

    report: Report
    say: str = ""
    refused: str | None = None
    asks: int | None = None
    empty: bool = False

    @property
    def ok(self) -> bool:
        return self.refused is None


CLOSED_REASON = "That meeting has ended, so its report-back is closed. Your report stays as it was."
IS_IN = "Thanks, your report is in. Here it is:"
NOTHING_TO_SEND = (
    "Nothing to send — *Send apologies* instead? Every answer was skipped; "
    "reply here to start your report again."
)
EMPTY_FORM = (
    "Write at least one answer, or choose Done, Partly or Not done for an action. Can't "
    "come? Use Send apologies in my message instead."
)
CHOOSE = "How did it go? Press Done, Partly or Not done (or reply `skip`)."
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


def answer(report: Report, text: str, window: Window, actions: tuple[int, ...] = ()) -> Step:
    """A reply in the DM: the answer to the current question, or `skip`; once the questions
    are done, what happened with the action being asked about (its outcome is a button).

    `actions` are the member's open actions from earlier meetings, asked about in turn
    after the last question."""
    refused = _closed(report, window)
    if refused:
        return Step(report, refused=refused)
    reply = _clean(text)
    if not reply:
        return Step(report, refused="I didn't catch an answer. Reply with it, or `skip`.")
    if len(reply) > ANSWER_MAX:
        return Step(report, refused=_too_long(reply))
    skipped = reply.lower() in SKIP_WORDS
    if report.asking is not None:
        if skipped:
            return _next_action(report)
        texts = {**report.outcome_texts, report.asking: reply}
        return Step(replace(report, outcome_texts=texts), say=CHOOSE, asks=report.asking)
    answers = list(report.answers)
    if not skipped:
        answers[report.cursor] = reply
    moved = replace(report, answers=tuple(answers), cursor=report.cursor + 1)
    if moved.question is not None:
        return Step(moved, say=question_text(moved.cursor))
    return _after_questions(replace(moved, actions=tuple(actions), action_cursor=0))


def choose(report: Report, action_id: int, outcome: Outcome | None, window: Window) -> Step:
    """A button under the action being asked about: its outcome (or None: skip it)."""
    refused = _closed(report, window)
    if refused:
        return Step(report, refused=refused)
    if report.asking != action_id:
        return Step(report, refused="That question has been answered. Carry on below.")
    if outcome is not None:
        report = replace(report, outcomes={**report.outcomes, action_id: outcome})
    return _next_action(report)


def _closed(report: Report, window: Window) -> str | None:
    if window == Window.CLOSED:
        return CLOSED_REASON
    if report.complete:
        if window == Window.LIVE:
            return LOCKED_REASON
        return "Your report is already in. To change it, press *Edit my report* above."
    return None


def _next_action(report: Report) -> Step:
    return _after_questions(replace(report, action_cursor=report.action_cursor + 1))


def _after_questions(report: Report) -> Step:
    """The next action to ask about; or the end: the report is in, or there was nothing."""
    if report.asking is not None:
        return Step(report, say=CHOOSE, asks=report.asking)
    if report.empty:
        return Step(Report(), say=NOTHING_TO_SEND, empty=True)
    return Step(replace(report, complete=True), say=IS_IN)


def submit(
    report: Report,
    answers: tuple[str, ...],
    outcomes: dict[int, Outcome],
    window: Window,
    said: dict[int, str] | None = None,
) -> Step:
    """The form: every answer at once (empty ones allowed), each action's outcome, and what
    happened with it in words (`said`, by action; empty keeps nothing)."""
    if window == Window.CLOSED:
        return Step(report, refused=CLOSED_REASON)
    if report.complete and window == Window.LIVE:
        return Step(report, refused=LOCKED_REASON)
    cleaned = tuple(_clean(a) for a in answers)
    cleaned = (cleaned + ("",) * len(QUESTIONS))[: len(QUESTIONS)]
    texts = {k: _clean(v) for k, v in (said or {}).items()}
    for text in (*cleaned, *texts.values()):
        if len(text) > ANSWER_MAX:
            return Step(report, refused=_too_long(text))
    done = Report(
        answers=cleaned,
        cursor=len(QUESTIONS),
        complete=True,
        outcomes=dict(outcomes),
        outcome_texts={k: v for k, v in texts.items() if v}
        if said is not None
        else dict(report.outcome_texts),
        welcome=report.welcome,
        applied=dict(report.applied),
    )
    if done.empty:
        return Step(report, refused=EMPTY_FORM)
    return Step(done, say=IS_IN)


def to_data(report: Report) -> dict[str, Any]:
    return {
        "answers": list(report.answers),
        "cursor": report.cursor,
        "complete": report.complete,
        "outcomes": {str(k): v.value for k, v in report.outcomes.items()},
        "outcome_texts": {str(k): v for k, v in report.outcome_texts.items()},
        "actions": list(report.actions),
        "action_cursor": report.action_cursor,
        "welcome": report.welcome,
        "applied": {str(k): list(v) for k, v in report.applied.items()},
    }


def from_data(data: dict[str, Any]) -> Report:
    answers = tuple(str(a) for a in data.get("answers") or ())
    answers = (answers + ("",) * len(QUESTIONS))[: len(QUESTIONS)]
    outcomes = {int(k): Outcome(v) for k, v in (data.get("outcomes") or {}).items()}
    texts = {int(k): str(v) for k, v in (data.get("outcome_texts") or {}).items()}
    cursor = min(max(int(data.get("cursor") or 0), 0), len(QUESTIONS))
    actions = tuple(int(a) for a in data.get("actions") or ())
    action_cursor = min(max(int(data.get("action_cursor") or 0), 0), len(actions))
    # Reports kept before action outcomes were asked for were complete after the questions.
    complete = bool(data.get("complete")) or (
        cursor == len(QUESTIONS) and "action_cursor" not in data
    )
    return Report(
        answers=answers,
        cursor=cursor,
        complete=complete,
        outcomes=outcomes,
        outcome_texts=texts,
        actions=actions,
        action_cursor=action_cursor,
        welcome=bool(data.get("welcome")),
        applied={
            int(k): (str(v[0]), str(v[1]))
            for k, v in (data.get("applied") or {}).items()
            if isinstance(v, list) and len(v) == 2
        },
    )


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
