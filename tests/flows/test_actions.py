"""An action's life: every (status, event) pair, legal or refused, and each rule."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from bot.flows import actions
from bot.flows.actions import (
    FINISHED,
    ON_THE_LIST,
    ActionEvent,
    ActionEventType,
    ActionState,
    ActionStatus,
    apply,
)

AT = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
BASE = ActionState(ActionStatus.OPEN, "Talk to my team", "They push back", date(2026, 12, 8))


def candidates(kind: ActionEventType) -> list[ActionEvent]:
    if kind in (ActionEventType.MARK, ActionEventType.REPORT):
        return [ActionEvent(kind, AT, status=s) for s in ActionStatus]
    if kind == ActionEventType.EDIT:
        return [ActionEvent(kind, AT, text="New text", expectation="New hope")]
    if kind == ActionEventType.NOTE:
        return [ActionEvent(kind, AT, text="A note")]
    return [ActionEvent(kind, AT)]


ALL_PAIRS = list(itertools.product(ActionStatus, ActionEventType))


def test_the_table_is_strictly_part_of_every_pair() -> None:
    assert set(actions.TRANSITIONS) < set(ALL_PAIRS)
    assert {s for s, _ in actions.TRANSITIONS} == {*ON_THE_LIST, *actions.REVISABLE}
    # a finished action takes nothing but a report-back's revision (left: not even that)
    for (status, kind), _rule in actions.TRANSITIONS.items():
        assert status in ON_THE_LIST or kind == ActionEventType.REPORT


@pytest.mark.parametrize(("status", "kind"), ALL_PAIRS, ids=lambda v: str(v))
def test_every_pair_is_a_new_action_or_a_refusal_and_never_a_mutation(
    status: ActionStatus, kind: ActionEventType
) -> None:
    action = replace(BASE, status=status)
    for event in candidates(kind):
        outcome = apply(action, event)
        assert action.status == status  # the input is untouched
        if (status, kind) not in actions.TRANSITIONS:
            same = kind == ActionEventType.MARK and event.status == status
            why = "already marked" if same else "can't change any more"
            assert outcome.refused and why in outcome.refused
            assert outcome.action == action
        elif outcome.ok:
            assert outcome.action != action or kind == ActionEventType.LEAVE
        else:
            assert outcome.refused and outcome.action == action


@pytest.mark.parametrize("status", FINISHED)
def test_a_finished_action_refuses_every_change(status: ActionStatus) -> None:
    for kind in ActionEventType:
        for event in candidates(kind):
            assert not apply(replace(BASE, status=status), event).ok


@pytest.mark.parametrize(
    ("start", "mark", "ok"),
    [
        (ActionStatus.OPEN, ActionStatus.DONE, True),
        (ActionStatus.OPEN, ActionStatus.PARTLY, True),
        (ActionStatus.OPEN, ActionStatus.DROPPED, True),
        (ActionStatus.OPEN, ActionStatus.NOT_DONE, False),  # Home offers Done, Partly, Drop
        (ActionStatus.OPEN, ActionStatus.OPEN, False),
        (ActionStatus.PARTLY, ActionStatus.DONE, True),
        (ActionStatus.PARTLY, ActionStatus.PARTLY, False),
        (ActionStatus.NOT_DONE, ActionStatus.PARTLY, True),
        (ActionStatus.NOT_DONE, ActionStatus.DROPPED, True),
    ],
)
def test_marking_from_home(start: ActionStatus, mark: ActionStatus, ok: bool) -> None:
    outcome = apply(replace(BASE, status=start), ActionEvent(ActionEventType.MARK, AT, mark))
    assert outcome.ok is ok
    if ok:
        assert outcome.action.status == mark and outcome.action.reported_at == AT
        assert outcome.action.reported_meeting is None
    elif start == mark and mark in actions.MARKS:
        assert "already marked" in (outcome.refused or "")


def test_a_partly_action_stays_on_the_list_and_a_dropped_one_leaves_it() -> None:
    partly = apply(BASE, ActionEvent(ActionEventType.MARK, AT, ActionStatus.PARTLY)).action
    assert partly.on_the_list
    dropped = apply(partly, ActionEvent(ActionEventType.MARK, AT, ActionStatus.DROPPED)).action
    assert not dropped.on_the_list


def test_a_report_keeps_the_outcome_its_text_and_the_meeting() -> None:
    event = ActionEvent(ActionEventType.REPORT, AT, ActionStatus.PARTLY, "Half the team", meeting=7)
    reported = apply(BASE, event).action
    assert (reported.status, reported.outcome_text, reported.reported_meeting) == (
        ActionStatus.PARTLY,
        "Half the team",
        7,
    )
    again = apply(reported, ActionEvent(ActionEventType.REPORT, AT, ActionStatus.DONE, meeting=7))
    assert again.action.status == ActionStatus.DONE
    assert again.action.outcome_text == ""  # the words are this report's: none said, none kept
    assert not apply(BASE, ActionEvent(ActionEventType.REPORT, AT, ActionStatus.DROPPED)).ok


def test_editing_changes_the_words_and_a_new_date_recommits_a_partly_action() -> None:
    partly = replace(BASE, status=ActionStatus.PARTLY)
    same_date = ActionEvent(
        ActionEventType.EDIT,
        AT,
        text=" Talk to both teams ",
        expectation="Less",
        due_date=BASE.due_date,
    )
    edited = apply(partly, same_date).action
    assert edited.text == "Talk to both teams" and edited.status == ActionStatus.PARTLY
    new_date = replace(same_date, due_date=date(2026, 12, 15))
    assert apply(partly, new_date).action.status == ActionStatus.OPEN


@pytest.mark.parametrize(
    ("text", "expectation", "due", "latest", "why"),
    [
        ("", "x", None, None, "Say what you will do"),
        ("   ", "x", None, None, "Say what you will do"),
        ("x", "", None, None, "Say what you expect"),
        ("x" * 3001, "x", None, None, "3,000 characters"),
        ("x", "x", date(2027, 2, 1), date(2027, 1, 26), "after the set's last meeting"),
    ],
)
def test_an_edit_that_makes_no_sense_is_refused(
    text: str, expectation: str, due: date | None, latest: date | None, why: str
) -> None:
    event = ActionEvent(
        ActionEventType.EDIT,
        AT,
        text=text,
        expectation=expectation,
        due_date=due,
        latest_due=latest,
    )
    outcome = apply(BASE, event)
    assert not outcome.ok and why in (outcome.refused or "") and outcome.action == BASE


def test_an_edit_on_the_last_meeting_day_is_fine_and_unicode_is_kept() -> None:
    text = "📞 اتصل بالفريق " + "✓" * 10
    event = ActionEvent(
        ActionEventType.EDIT,
        AT,
        text=text,
        expectation="مرحبا",
        due_date=date(2027, 1, 26),
        latest_due=date(2027, 1, 26),
    )
    assert apply(BASE, event).action.text == text


def test_notes_are_trimmed_and_limited() -> None:
    assert apply(BASE, ActionEvent(ActionEventType.NOTE, AT, text="  Called Jo  ")).action.note == (
        "Called Jo"
    )
    assert not apply(BASE, ActionEvent(ActionEventType.NOTE, AT, text=" ")).ok
    assert not apply(BASE, ActionEvent(ActionEventType.NOTE, AT, text="n" * 2001)).ok


def test_leaving_closes_what_is_on_the_list() -> None:
    for status in ON_THE_LIST:
        left = apply(replace(BASE, status=status), ActionEvent(ActionEventType.LEAVE, AT))
        assert left.action.status == ActionStatus.LEFT


def test_the_codec_round_trips_every_field() -> None:
    full = ActionState(
        ActionStatus.PARTLY,
        "📞 text",
        "hope",
        date(2026, 12, 8),
        "a note",
        "half",
        AT,
        3,
    )
    assert actions.loads(actions.dumps(full)) == full
    assert actions.loads(actions.dumps(BASE)) == BASE


def report(status: ActionStatus, meeting: int | None) -> ActionEvent:
    return ActionEvent(ActionEventType.REPORT, AT, status=status, meeting=meeting)


def test_an_edited_report_can_change_the_outcome_it_gave() -> None:
    done = apply(BASE, report(ActionStatus.DONE, 2)).action
    assert done.status == ActionStatus.DONE and not done.on_the_list
    partly = apply(done, report(ActionStatus.PARTLY, 2))
    assert partly.ok and partly.action.status == ActionStatus.PARTLY and partly.action.on_the_list
    assert partly.action.reported_meeting == 2


def test_an_outcome_a_later_meeting_would_change_stays() -> None:
    done = apply(BASE, report(ActionStatus.DONE, 2)).action
    later = apply(done, report(ActionStatus.PARTLY, 3))
    assert not later.ok and "can't change any more" in (later.refused or "")
    assert later.action == done


@pytest.mark.parametrize("mark", [ActionStatus.DONE, ActionStatus.DROPPED])
def test_a_report_after_a_mark_in_home_is_the_later_word(mark: ActionStatus) -> None:
    marked = apply(BASE, ActionEvent(ActionEventType.MARK, AT, status=mark)).action
    reported = apply(marked, report(ActionStatus.PARTLY, 3))
    assert reported.ok and reported.action.status == ActionStatus.PARTLY
    assert reported.action.reported_meeting == 3


def test_a_report_never_reopens_an_action_closed_by_leaving() -> None:
    left = replace(BASE, status=ActionStatus.LEFT)
    assert not apply(left, report(ActionStatus.DONE, 3)).ok
