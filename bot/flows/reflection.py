"""Reflection at the end of a meeting, and once more at the end of the set.

Each attendee answers the reflective questions and rates the meeting 1–5. The answer to
the first question is their learning point, which joins their learning log; it stays in
the set unless they mark it shareable. Pure: validation and the shape of an answer.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from typing import Any

MEETING_QUESTIONS = (
    "What was the learning point for you?",
    "What could you have done differently?",
    "How well did we use the process?",
)
FINAL_QUESTIONS = (
    "What was your main learning from this set?",
    "What will you do differently from now on?",
    "How well did the set work for you?",
)
ANSWER_MAX = 3000
# A meeting that ended before its reflection: its attendees may write it for this long after.
REFLECT_LATE = timedelta(hours=24)
RATING_LABELS = {
    1: "1 · Poor",
    2: "2 · Fair",
    3: "3 · Good",
    4: "4 · Very good",
    5: "5 · Excellent",
}


class Source(StrEnum):
    """Where a learning was said."""

    REPORT = "report"  # "What did you learn?" in a report-back
    REFLECTION = "reflection"  # the meeting's reflection
    FINAL = "final"  # the set's final reflection


def questions(final: bool) -> tuple[str, ...]:
    return FINAL_QUESTIONS if final else MEETING_QUESTIONS


@dataclass(frozen=True)
class Reflection:
    answers: tuple[str, ...]
    rating: int | None
    share: bool = False
    named: bool = False  # shared with the author's name

    @property
    def learning(self) -> str:
        """The learning point: the answer to the first question."""
        return self.answers[0] if self.answers else ""


def validate(
    answers: list[str | None],
    rating: str | None,
    share: bool,
    final: bool = False,
    named: bool = False,
) -> Reflection | dict[int | str, str]:
    """A Reflection, or errors keyed by question index (or "rating")."""
    asked = questions(final)
    cleaned = [(a or "").strip() for a in answers] + [""] * (len(asked) - len(answers))
    errors: dict[int | str, str] = {}
    for index, text in enumerate(cleaned[: len(asked)]):
        if len(text) > ANSWER_MAX:
            errors[index] = f"Keep this under {ANSWER_MAX} characters ({len(text)} now)."
    if not cleaned[0]:
        errors[0] = "Say what you learned: it's the heart of the reflection."
    score: int | None = None
    if rating:
        if rating not in ("1", "2", "3", "4", "5"):
            errors["rating"] = "Pick a rating from 1 to 5."
        else:
            score = int(rating)
    if errors:
        return errors
    shared = share or named
    return Reflection(answers=tuple(cleaned[: len(asked)]), rating=score, share=shared, named=named)


def dumps(answers: tuple[str, ...]) -> str:
    return json.dumps(list(answers))


def loads(data: str) -> tuple[str, ...]:
    """Stored answers; anything unreadable reads as no answers (never raises)."""
    try:
        value: Any = json.loads(data or "[]")
    except (ValueError, RecursionError):
        return ()
    if not isinstance(value, list):
        return ()
    return tuple("" if v is None else str(v) for v in value)
