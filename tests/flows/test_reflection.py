"""Reflection: the reflective questions, validating an answer, and its stored form."""

from __future__ import annotations

import json

import pytest

from bot.flows.reflection import (
    ANSWER_MAX,
    FINAL_QUESTIONS,
    MEETING_QUESTIONS,
    RATING_LABELS,
    Reflection,
    Source,
    dumps,
    loads,
    questions,
    validate,
)

LEARNING_ERROR = "Say what you learned: it's the heart of the reflection."
RATING_ERROR = "Pick a rating from 1 to 5."


def too_long(n: int) -> str:
    return f"Keep this under {ANSWER_MAX} characters ({n} now)."


def test_meeting_and_final_questions() -> None:
    assert questions(False) == MEETING_QUESTIONS
    assert questions(True) == FINAL_QUESTIONS
    assert len(MEETING_QUESTIONS) == len(FINAL_QUESTIONS) == 3
    assert MEETING_QUESTIONS[0] == "What was the learning point for you?"
    assert FINAL_QUESTIONS[0] == "What was your main learning from this set?"
    assert not set(MEETING_QUESTIONS) & set(FINAL_QUESTIONS)
    assert all(q.endswith("?") for q in MEETING_QUESTIONS + FINAL_QUESTIONS)


def test_rating_labels() -> None:
    assert sorted(RATING_LABELS) == [1, 2, 3, 4, 5]
    assert all(label.startswith(f"{n} · ") for n, label in RATING_LABELS.items())


@pytest.mark.parametrize(
    "source, value",
    [(Source.REPORT, "report"), (Source.REFLECTION, "reflection"), (Source.FINAL, "final")],
)
def test_sources(source: Source, value: str) -> None:
    assert source == value
    assert Source(value) is source
    assert str(source) == value


@pytest.mark.parametrize("final", [False, True])
@pytest.mark.parametrize(
    "answers, expected",
    [
        (["Ask sooner", "Listen more", "Well"], ("Ask sooner", "Listen more", "Well")),
        (["  Ask sooner \n", " ", None], ("Ask sooner", "", "")),  # stripped; rest optional
        (["Ask sooner"], ("Ask sooner", "", "")),  # missing answers are empty
        (["Ask sooner", None, None], ("Ask sooner", "", "")),
        (["a", "b", "c", "d", "e" * 5000], ("a", "b", "c")),  # extra answers are dropped
        (["x" * ANSWER_MAX, "y" * ANSWER_MAX, "z"], ("x" * ANSWER_MAX, "y" * ANSWER_MAX, "z")),
        ([f"  {'x' * ANSWER_MAX}  "], ("x" * ANSWER_MAX, "", "")),  # measured after stripping
        (["Ünïcødé 🙂 <@U123>"], ("Ünïcødé 🙂 <@U123>", "", "")),
    ],
)
def test_valid_answers(answers: list, expected: tuple, final: bool) -> None:
    result = validate(answers, "4", share=False, final=final)
    assert result == Reflection(answers=expected, rating=4, share=False)
    assert isinstance(result, Reflection)
    assert result.learning == expected[0]


@pytest.mark.parametrize("final", [False, True])
@pytest.mark.parametrize(
    "answers",
    [[], [""], ["   "], ["\n\t"], [None], [None, "b", "c"], ["", "What I'd do differently", ""]],
)
def test_an_empty_learning_point_is_an_error(answers: list, final: bool) -> None:
    assert validate(answers, "3", share=True, final=final) == {0: LEARNING_ERROR}


@pytest.mark.parametrize("final", [False, True])
@pytest.mark.parametrize(
    "answers, expected",
    [
        (["x" * (ANSWER_MAX + 1)], {0: too_long(ANSWER_MAX + 1)}),
        (["ok", "y" * 4000], {1: too_long(4000)}),
        (["ok", "", "z" * (ANSWER_MAX + 1)], {2: too_long(ANSWER_MAX + 1)}),
        (["x" * 3500, "y" * 3500, "z" * 3500], {i: too_long(3500) for i in range(3)}),
        (["", "y" * 3001], {0: LEARNING_ERROR, 1: too_long(3001)}),
    ],
)
def test_answers_over_the_limit_are_errors(answers: list, expected: dict, final: bool) -> None:
    assert validate(answers, None, share=False, final=final) == expected


@pytest.mark.parametrize("rating, score", [("1", 1), ("2", 2), ("3", 3), ("4", 4), ("5", 5)])
def test_ratings_one_to_five(rating: str, score: int) -> None:
    result = validate(["learned"], rating, share=False)
    assert isinstance(result, Reflection)
    assert result.rating == score


@pytest.mark.parametrize("rating", ["", None])
def test_no_rating_is_allowed(rating: str | None) -> None:
    # Rating is optional: metrics treat "nobody rated" as no data.
    assert validate(["learned"], rating, share=False) == Reflection(
        answers=("learned", "", ""), rating=None
    )


@pytest.mark.parametrize(
    "rating",
    [
        "0",
        "6",
        "x",
        "10",
        "-1",
        "+3",
        "3.5",
        " 3",
        "3 ",
        "three",
        "4/5",
        "99999999999999999999",
        "²",
    ],
)
def test_bad_ratings_are_errors(rating: str) -> None:
    assert validate(["learned"], rating, share=False) == {"rating": RATING_ERROR}


def test_every_error_at_once() -> None:
    assert validate(["", "", "z" * 3001], "6", share=True, final=True) == {
        0: LEARNING_ERROR,
        2: too_long(3001),
        "rating": RATING_ERROR,
    }


@pytest.mark.parametrize("share", [False, True])
def test_share_is_kept(share: bool) -> None:
    result = validate(["learned"], "5", share=share)
    assert isinstance(result, Reflection)
    assert result.share is share


def test_the_learning_point_is_the_first_answer() -> None:
    assert Reflection(answers=("a", "b", "c"), rating=None).learning == "a"
    assert Reflection(answers=(), rating=None).learning == ""
    assert Reflection(answers=("a",), rating=3).share is False


@pytest.mark.parametrize(
    "answers",
    [
        (),
        ("Ask sooner", "", ""),
        ('She said "no"', "line one\nline two", "back\\slash"),
        ("Ünïcødé 🙂", "<@U123> & <https://x.y|x>", "x" * ANSWER_MAX),
    ],
)
def test_dumps_and_loads_round_trip(answers: tuple) -> None:
    stored = dumps(answers)
    assert isinstance(json.loads(stored), list)
    assert loads(stored) == answers


@pytest.mark.parametrize(
    "data, expected",
    [
        ("", ()),
        (None, ()),
        ("[]", ()),
        ('["a", "b"]', ("a", "b")),
        ("[1, 2.5]", ("1", "2.5")),  # non-strings read as text
        ("not json", ()),
        ("[", ()),
        ('["unterminated', ()),
        ('{"answers": ["a"]}', ()),
        ('"just a string"', ()),
        ("42", ()),
        ("null", ()),
        ("true", ()),
        ("NaN", ()),
        ("\x00", ()),
        ("\ud800", ()),
    ],
)
def test_loads_never_raises(data: str | None, expected: tuple) -> None:
    assert loads(data) == expected  # type: ignore[arg-type]


def test_loads_of_deeply_nested_json_never_raises() -> None:
    assert loads("[" * 100_000) == ()
