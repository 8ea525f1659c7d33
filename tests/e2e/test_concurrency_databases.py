"""Simultaneous clicks on each database: on PostgreSQL the meeting row lock does the work
that SQLite's single writer does, so the same behaviour is checked on both."""

from __future__ import annotations

from tests.e2e import test_meeting_faults as faults
from tests.e2e.harness import RunningBot


def test_two_simultaneous_next_clicks_advance_once_on_each_database(db_bot: RunningBot) -> None:
    faults.test_two_simultaneous_next_clicks_advance_the_meeting_once(db_bot)


def test_two_simultaneous_end_now_clicks_post_one_summary_on_each_database(
    db_bot: RunningBot,
) -> None:
    faults.test_two_simultaneous_end_now_clicks_post_one_summary(db_bot)


def test_a_whole_meeting_runs_on_each_database(db_bot: RunningBot) -> None:
    from tests.e2e.test_whole_meeting import test_four_members_run_a_whole_meeting

    test_four_members_run_a_whole_meeting(db_bot)
