"""A member's report-back: the DM conversation one question at a time, the form, the window
in which a report may change, and the stored form of a report."""

from __future__ import annotations

import json

import pytest

from bot.flows.report_back import (
    ANSWER_MAX,
    CLOSED_REASON,
    QUESTIONS,
    SKIP_WORDS,
    Outcome,
    Report,
    Step,
    Window,
    answer,
    choose,
    from_data,
    question_text,
    submit,
    to_data,
)

NEW = Report()
MID = Report(answers=("Called the supplier", "They agreed", "", "", ""), cursor=2)
COMPLETE = Report(
    answers=("Did it", "It worked", "Yes", "All of them", "Ask sooner"),
    cursor=len(QUESTIONS),
    complete=True,
    outcomes={1: Outcome.DONE, 2: Outcome.PARTLY},
)
STATES = {"new": NEW, "mid-way": MID, "complete": COMPLETE}
FORM = ("a", "b", "c", "d", "e")
FORM_OUTCOMES = {7: Outcome.NOT_DONE}

PHASE_WINDOWS = {
    "scheduled": Window.OPEN,
    "check_in": Window.LIVE,
    "report_back": Window.LIVE,
    "present": Window.LIVE,
    "questions": Window.LIVE,
    "actions": Window.LIVE,
    "reflection": Window.LIVE,
    "closed": Window.CLOSED,
    "cancelled": Window.CLOSED,
}

# Which (window, state) pairs take a reply in the DM, and which the form.
ANSWER_TAKEN = {
    (Window.OPEN, "new"): True,
    (Window.OPEN, "mid-way"): True,
    (Window.OPEN, "complete"): False,  # edit through the form instead
    (Window.LIVE, "new"): True,  # a report sent during the meeting is still taken
    (Window.LIVE, "mid-way"): True,
    (Window.LIVE, "complete"): False,  # in, and the meeting has started: locked
    (Window.CLOSED, "new"): False,
    (Window.CLOSED, "mid-way"): False,
    (Window.CLOSED, "complete"): False,
}
SUBMIT_TAKEN = {
    (Window.OPEN, "new"): True,
    (Window.OPEN, "mid-way"): True,
    (Window.OPEN, "complete"): True,  # editing before the meeting starts
    (Window.LIVE, "new"): True,
    (Window.LIVE, "mid-way"): True,
    (Window.LIVE, "complete"): False,
    (Window.CLOSED, "new"): False,
    (Window.CLOSED, "mid-way"): False,
    (Window.CLOSED, "complete"): False,
}


def _refused(step: Step, report: Report) -> str:
    assert not step.ok
    assert step.report is report  # unchanged: the very same object
    assert step.say == ""
    assert step.refused and "Traceback" not in step.refused
    return step.refused


def _converse(replies: list[str], report: Report = NEW) -> list[Step]:
    steps = []
    for reply in replies:
        step = answer(report, reply, Window.OPEN)
        assert step.ok, step.refused
        steps.append(step)
        report = step.report
    return steps


# --- the window -------------------------------------------------------------------------------


@pytest.mark.parametrize(("phase", "window"), sorted(PHASE_WINDOWS.items()))
def test_every_meeting_phase_has_a_window(phase: str, window: Window) -> None:
    assert Window.for_phase(phase) == window


def test_the_phase_table_covers_the_meetings_phases() -> None:
    from bot.flows.meeting_state import Phase

    assert {p.value for p in Phase} == set(PHASE_WINDOWS)


@pytest.mark.parametrize(("phase", "window"), sorted(PHASE_WINDOWS.items()))
def test_the_window_takes_the_phase_enum_too(phase: str, window: Window) -> None:
    from bot.flows.meeting_state import Phase

    assert Window.for_phase(Phase(phase)) == window


# --- which replies and forms are taken, by window and state ------------------------------------


def _check_answer(window: Window, state: str) -> None:
    report = STATES[state]
    step = answer(report, "Something new", window)
    if ANSWER_TAKEN[(window, state)]:
        assert step.ok
        assert step.report is not report
        assert step.report.answers[report.cursor] == "Something new"
        assert step.report.cursor == report.cursor + 1
    else:
        reason = _refused(step, report)
        if window == Window.CLOSED:
            assert "ended" in reason
        elif window == Window.LIVE:
            assert "meeting has started" in reason
        else:
            assert "already in" in reason and "Edit" in reason


def _check_submit(window: Window, state: str) -> None:
    report = STATES[state]
    step = submit(report, FORM, FORM_OUTCOMES, window)
    if SUBMIT_TAKEN[(window, state)]:
        assert step.ok
        assert step.report == Report(
            answers=FORM, cursor=len(QUESTIONS), complete=True, outcomes=FORM_OUTCOMES
        )
        assert "report is in" in step.say
    else:
        reason = _refused(step, report)
        assert ("ended" if window == Window.CLOSED else "meeting has started") in reason


@pytest.mark.parametrize("state", sorted(STATES))
@pytest.mark.parametrize("window", list(Window))
def test_answer_by_window_and_state(window: Window, state: str) -> None:
    _check_answer(window, state)


@pytest.mark.parametrize("state", sorted(STATES))
@pytest.mark.parametrize("window", list(Window))
def test_submit_by_window_and_state(window: Window, state: str) -> None:
    _check_submit(window, state)


@pytest.mark.parametrize("state", sorted(STATES))
@pytest.mark.parametrize("phase", sorted(PHASE_WINDOWS))
def test_answer_by_meeting_phase_and_state(phase: str, state: str) -> None:
    _check_answer(Window.for_phase(phase), state)


@pytest.mark.parametrize("state", sorted(STATES))
@pytest.mark.parametrize("phase", sorted(PHASE_WINDOWS))
def test_submit_by_meeting_phase_and_state(phase: str, state: str) -> None:
    _check_submit(Window.for_phase(phase), state)


@pytest.mark.parametrize("text", ["", "   ", "x" * 5000, "skip", "an answer"])
def test_a_closed_or_locked_report_says_why_whatever_was_sent(text: str) -> None:
    for report in (NEW, MID, COMPLETE):
        assert "ended" in _refused(answer(report, text, Window.CLOSED), report)
    assert "meeting has started" in _refused(answer(COMPLETE, text, Window.LIVE), COMPLETE)
    assert "already in" in _refused(answer(COMPLETE, text, Window.OPEN), COMPLETE)


# --- the DM conversation --------------------------------------------------------------------


def test_question_text_numbers_each_question() -> None:
    assert [question_text(i) for i in range(len(QUESTIONS))] == [
        f"*{i}/5* {q}" for i, q in enumerate(QUESTIONS, start=1)
    ]
    assert len(QUESTIONS) == 5
    assert QUESTIONS[0] == "What did you do?" and QUESTIONS[-1] == "What did you learn?"


def test_a_new_report_asks_the_first_question() -> None:
    assert NEW.question == QUESTIONS[0]
    assert NEW.answers == ("",) * 5 and NEW.answered == 0 and not NEW.complete
    assert COMPLETE.question is None


def test_answering_all_five_in_turn_completes_the_report() -> None:
    replies = [f"answer {i}" for i in range(1, 6)]
    steps = _converse(replies)
    for i, step in enumerate(steps[:-1]):
        assert step.say == question_text(i + 1)
        assert step.report.question == QUESTIONS[i + 1]
        assert not step.report.complete
        assert step.report.answered == i + 1
    last = steps[-1]
    assert last.report.complete and last.report.question is None
    assert last.report.answers == tuple(replies)
    assert last.report.cursor == len(QUESTIONS)
    assert "report is in" in last.say


def test_a_reply_after_the_report_is_in_points_to_the_form() -> None:
    done = _converse(["1", "2", "3", "4", "5"])[-1].report
    assert "Edit my report" in _refused(answer(done, "6", Window.OPEN), done)


def test_answering_keeps_earlier_answers_and_outcomes() -> None:
    report = Report(answers=("first", "", "", "", ""), cursor=1, outcomes={3: Outcome.PARTLY})
    step = answer(report, "second", Window.OPEN)
    assert step.report.answers == ("first", "second", "", "", "")
    assert step.report.outcomes == {3: Outcome.PARTLY}
    assert report.answers == ("first", "", "", "", "")  # the old report is untouched


@pytest.mark.parametrize(
    "word", ["skip", "SKIP", "Skip", "sKiP", "  skip  ", "pass", "PASS", "Pass", "-", " - \n"]
)
def test_skip_moves_on_leaving_the_answer_empty(word: str) -> None:
    step = answer(MID, word, Window.OPEN)
    assert step.ok
    assert step.report.answers == MID.answers
    assert step.report.answers[MID.cursor] == ""
    assert step.report.cursor == MID.cursor + 1
    assert step.say == question_text(MID.cursor + 1)


def test_the_skip_words() -> None:
    assert frozenset({"skip", "pass", "-"}) == SKIP_WORDS


def test_skipping_every_question_is_not_a_report_and_offers_apologies() -> None:
    last = _converse(["skip", "pass", "-", "SKIP", "Pass"])[-1]
    assert last.empty and not last.report.complete
    assert last.report == Report()  # it starts again
    assert "Nothing to send" in last.say and "apologies" in last.say
    assert "report is in" not in last.say


@pytest.mark.parametrize("text", ["skipped", "skip it", "--", "Skip.", "passed", "pass on"])
def test_words_like_skip_are_answers(text: str) -> None:
    step = answer(NEW, text, Window.OPEN)
    assert step.report.answers[0] == text


@pytest.mark.parametrize("text", ["", " ", "   ", "\n", "\t\n  ", "\u00a0", "\u3000"])
def test_an_empty_reply_is_refused(text: str) -> None:
    for report in (NEW, MID):
        assert "skip" in _refused(answer(report, text, Window.OPEN), report)
        assert "skip" in _refused(answer(report, text, Window.LIVE), report)


@pytest.mark.parametrize("text", ["x" * 3000, "🎉" * 3000, "  " + "y" * 3000 + "\n\n"])
def test_an_answer_of_3000_characters_is_taken(text: str) -> None:
    assert ANSWER_MAX == 3000
    step = answer(NEW, text, Window.OPEN)
    assert step.ok and step.report.answers[0] == text.strip()


@pytest.mark.parametrize(
    ("text", "count"),
    [("x" * 3001, "3,001"), ("x" * 5000, "5,000"), ("🎉" * 3001, "3,001"), ("é" * 5000, "5,000")],
)
def test_a_longer_answer_is_refused_with_its_length(text: str, count: str) -> None:
    for report in (NEW, MID):
        reason = _refused(answer(report, text, Window.OPEN), report)
        assert count in reason and "3,000" in reason


@pytest.mark.parametrize(
    "text",
    [
        "🎉 done 👩🏽‍💻 🇬🇧",
        "مرحبا بالعالم، فعلت ما قلت",
        "\u200fשלום, עשיתי את זה",
        "mixed עברית and English 🎉",
        "line one\n\nline two",
        "`code` *bold* <@U123>",
    ],
)
def test_emoji_and_right_to_left_text_are_kept_exactly(text: str) -> None:
    step = answer(NEW, f"  \n{text}\t ", Window.OPEN)
    assert step.report.answers[0] == text
    form = submit(NEW, (f" {text} ", text, "", "", ""), {}, Window.OPEN)
    assert form.report.answers[:2] == (text, text)


# --- the form -------------------------------------------------------------------------------


def test_the_form_replaces_every_answer_and_outcome() -> None:
    step = submit(COMPLETE, ("new 1", "", " new 3 ", "", "new 5"), {9: Outcome.PARTLY}, Window.OPEN)
    assert step.ok
    assert step.report.answers == ("new 1", "", "new 3", "", "new 5")
    assert step.report.outcomes == {9: Outcome.PARTLY}  # actions 1 and 2 are gone
    assert step.report.complete and step.report.cursor == len(QUESTIONS)
    assert step.report.question is None


def test_the_form_with_every_answer_empty_and_no_outcome_is_refused() -> None:
    step = submit(MID, ("",) * 5, {}, Window.OPEN)
    assert not step.ok and "at least one answer" in (step.refused or "")
    assert step.report == MID


def test_the_form_with_only_an_outcome_is_a_report() -> None:
    step = submit(NEW, ("",) * 5, {3: Outcome.PARTLY}, Window.OPEN)
    assert step.ok and step.report.complete and step.report.outcomes == {3: Outcome.PARTLY}


def test_the_form_keeps_its_own_copy_of_the_outcomes() -> None:
    outcomes = {1: Outcome.DONE}
    step = submit(NEW, FORM, outcomes, Window.OPEN)
    outcomes[2] = Outcome.NOT_DONE
    assert step.report.outcomes == {1: Outcome.DONE}


@pytest.mark.parametrize("where", range(5))
@pytest.mark.parametrize(("length", "count"), [(3001, "3,001"), (5000, "5,000")])
def test_the_form_refuses_a_long_answer_anywhere(where: int, length: int, count: str) -> None:
    answers = ["ok"] * 5
    answers[where] = "z" * length
    for report in (NEW, MID, COMPLETE):
        reason = _refused(submit(report, tuple(answers), {}, Window.OPEN), report)
        assert count in reason


def test_the_form_takes_3000_characters_per_answer() -> None:
    step = submit(NEW, ("w" * 3000,) * 5, {}, Window.OPEN)
    assert step.ok and step.report.answers == ("w" * 3000,) * 5


def test_during_the_meeting_the_form_takes_a_report_not_yet_in() -> None:
    for report in (NEW, MID):
        step = submit(report, FORM, FORM_OUTCOMES, Window.LIVE)
        assert step.ok and step.report.complete and step.report.answers == FORM
    assert "meeting has started" in _refused(
        submit(COMPLETE, FORM, FORM_OUTCOMES, Window.LIVE), COMPLETE
    )


def test_the_dm_then_the_form() -> None:
    """Start in the DM, finish in the form (prefilled with what was said), edit once more."""
    partial = _converse(["did a thing", "skip"])[-1].report
    assert partial.answers == ("did a thing", "", "", "", "") and partial.cursor == 2
    done = submit(partial, (*partial.answers[:4], "learned"), {4: Outcome.DONE}, Window.OPEN)
    assert done.report.answers == ("did a thing", "", "", "", "learned")
    edited = submit(done.report, ("a", "b", "c", "d", "e"), {4: Outcome.PARTLY}, Window.OPEN)
    assert edited.ok and edited.report.outcomes == {4: Outcome.PARTLY}
    assert "ended" in _refused(
        submit(edited.report, FORM, {}, Window.for_phase("closed")), edited.report
    )


# --- stored form ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "report",
    [
        NEW,
        MID,
        COMPLETE,
        Report(
            answers=("🎉", "مرحبا", "", "x" * 3000, "\u200fשלום"),
            cursor=5,
            complete=True,
            outcomes={1: Outcome.DONE, 22: Outcome.PARTLY, 333: Outcome.NOT_DONE},
        ),
        Report(cursor=3, outcomes={0: Outcome.NOT_DONE}),
    ],
)
def test_to_data_and_back(report: Report) -> None:
    data = to_data(report)
    assert from_data(data) == report
    through_json = json.loads(json.dumps(data))  # stored as JSON: keys become strings
    assert from_data(through_json) == report
    assert all(isinstance(k, str) for k in through_json["outcomes"])
    assert set(through_json["outcomes"].values()) <= {"done", "partly", "not_done"}


def test_outcomes_are_keyed_by_int_action_id() -> None:
    report = from_data({"outcomes": {"12": "done", "7": "not_done", "3": "partly"}})
    assert report.outcomes == {12: Outcome.DONE, 7: Outcome.NOT_DONE, 3: Outcome.PARTLY}
    assert all(type(k) is int for k in report.outcomes)


@pytest.mark.parametrize(
    ("data", "answers"),
    [
        ({}, ("",) * 5),
        ({"answers": None}, ("",) * 5),
        ({"answers": []}, ("",) * 5),
        ({"answers": ["a"]}, ("a", "", "", "", "")),
        ({"answers": ["a", "b", "c"]}, ("a", "b", "c", "", "")),
        ({"answers": list("abcdefg")}, ("a", "b", "c", "d", "e")),
    ],
)
def test_short_or_missing_answers_are_padded(data: dict, answers: tuple) -> None:
    assert from_data(data).answers == answers


def test_from_empty_data_is_a_new_report() -> None:
    assert from_data({}) == NEW
    assert from_data({"cursor": None, "complete": None, "outcomes": None}) == NEW


# ---- the conversation asks about each open action after the questions ----


def _through_questions(actions: tuple[int, ...]) -> Step:
    report = NEW
    step = Step(NEW)
    for reply in FORM:
        step = answer(report, reply, Window.OPEN, actions)
        report = step.report
    return step


def test_after_the_last_question_each_open_action_is_asked_about_in_turn() -> None:
    step = _through_questions((11, 12))
    assert step.asks == 11 and not step.report.complete and "Done, Partly or Not done" in step.say
    step = choose(step.report, 11, Outcome.DONE, Window.OPEN)
    assert step.asks == 12 and step.report.outcomes == {11: Outcome.DONE}
    step = choose(step.report, 12, Outcome.PARTLY, Window.OPEN)
    assert step.asks is None and step.report.complete and "report is in" in step.say
    assert step.report.outcomes == {11: Outcome.DONE, 12: Outcome.PARTLY}


def test_a_typed_reply_about_an_action_is_what_happened_and_skip_moves_on() -> None:
    step = _through_questions((11, 12))
    step = answer(step.report, "Half the team came", Window.OPEN)
    assert step.asks == 11 and step.report.outcome_texts == {11: "Half the team came"}
    step = answer(step.report, "skip", Window.OPEN)
    assert step.asks == 12 and 11 not in step.report.outcomes
    step = choose(step.report, 12, None, Window.OPEN)  # the Skip button
    assert step.report.complete and step.report.outcomes == {}


def test_a_button_for_an_action_not_being_asked_about_changes_nothing() -> None:
    step = _through_questions((11, 12))
    stale = choose(step.report, 12, Outcome.DONE, Window.OPEN)
    assert not stale.ok and stale.report == step.report
    assert not choose(COMPLETE, 11, Outcome.DONE, Window.OPEN).ok
    assert choose(step.report, 11, Outcome.DONE, Window.CLOSED).refused == CLOSED_REASON


def test_only_outcomes_make_a_report_when_every_question_was_skipped() -> None:
    report = NEW
    for _ in FORM:
        report = answer(report, "skip", Window.OPEN, (11,)).report
    step = choose(report, 11, Outcome.NOT_DONE, Window.OPEN)
    assert step.report.complete and step.report.answered == 0


def test_skipping_everything_actions_included_is_nothing_to_send() -> None:
    report = NEW
    for _ in FORM:
        report = answer(report, "skip", Window.OPEN, (11,)).report
    step = answer(report, "skip", Window.OPEN)
    assert step.empty and step.report == Report()


def test_a_conversation_in_the_middle_of_its_actions_round_trips() -> None:
    step = _through_questions((11, 12))
    step = answer(step.report, "It went fine", Window.OPEN)
    assert from_data(to_data(step.report)) == step.report


def test_a_report_kept_before_outcomes_were_asked_for_is_still_complete() -> None:
    old = {"answers": list(FORM), "cursor": 5, "complete": False, "outcomes": {}}
    assert from_data(old).complete
