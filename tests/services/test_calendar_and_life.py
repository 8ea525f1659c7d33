"""Refusals of the set's calendar and life commands: the reason, and nothing changed."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.store.tables import Attendance, Away, DueJob, LearningSet, Meeting
from tests.services.conftest import CHANNEL, OUTSIDER, World, create_set

FIRST = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)  # Tuesdays 10:00 London from 1 December


def set_up(world: World, **form: str) -> None:
    assert not create_set(world, first_date="2026-12-01", **form).errors
    assert min(m.scheduled_at for m in world.rows(Meeting)) == FIRST


def calendar(world: World) -> tuple:
    return (
        sorted((m.id, m.scheduled_at, m.phase) for m in world.rows(Meeting)),
        sorted((j.key, j.due_at, j.status) for j in world.rows(DueJob)),
        len(world.slack.posts(CHANNEL)),
    )


@pytest.mark.parametrize(
    ("user", "text", "why"),
    [
        ("UANA", "reschedule 2026-11-23 08:00", "That time has passed"),
        ("UANA", "reschedule 2026-12-08 10:00", "That's after meeting 2"),
        ("UANA", "reschedule 2026-12-09 09:00", "That's after meeting 2"),
        ("UBEN", "reschedule 2026-12-02 14:00", "Only the set's facilitator, <@UANA>"),
        ("UANA", "reschedule 2026-13-01 10:00", "Give the new date and time"),
        ("UANA", "reschedule 2026-12-02 25:00", "Give the new date and time"),
        ("UANA", "reschedule 2026-12-02", "Give the new date and time"),
        ("UANA", "reschedule tomorrow at ten", "Give the new date and time"),
        ("UBEN", "cancel", "Only the set's facilitator, <@UANA>"),
    ],
)
def test_reschedule_and_cancel_refuse_and_change_nothing(
    world: World, user: str, text: str, why: str
) -> None:
    set_up(world)
    before = calendar(world)
    assert why in world.command(user, text).text
    assert calendar(world) == before


@pytest.mark.parametrize(
    ("user", "text", "why"),
    [
        ("UBEN", "away 2026-12-09 2026-11-30", "The last day comes before the first"),
        (OUTSIDER, "away 2026-11-30 2026-12-09", "Only members send apologies"),
        ("UBEN", "away next week", "Give the first and last day you're away"),
    ],
)
def test_away_refuses_reversed_dates_and_non_members(
    world: World, user: str, text: str, why: str
) -> None:
    set_up(world)
    before = calendar(world)
    assert why in world.command(user, text).text
    assert world.rows(Attendance) == [] and world.rows(Away) == []
    assert calendar(world) == before


def test_suspend_and_close_are_refused_during_a_live_meeting(world: World) -> None:
    set_up(world)
    world.clock.now = FIRST
    world.command("UANA", "start")
    before = calendar(world)
    for command in ("suspend", "close"):
        assert "A meeting is running" in world.command("UANA", command).text
    (row,) = world.rows(LearningSet)
    assert not row.suspended and row.status == "active"
    assert calendar(world) == before


def test_a_suspended_set_refuses_to_cancel_or_suspend_again_and_changes_nothing(
    world: World,
) -> None:
    set_up(world)
    world.command("UANA", "suspend")
    assert "<@UANA> suspended *Leaders' set 🌱*" in world.slack.texts(CHANNEL)[-1]
    before = calendar(world)
    assert "is already suspended" in world.command("UANA", "suspend").text
    assert "is suspended, so its calendar is stopped" in world.command("UANA", "cancel").text
    assert "is suspended, so its calendar is stopped" in world.command("UANA", "start").text
    assert calendar(world) == before
    world.command("UANA", "reactivate")
    assert "reactivated" in world.slack.texts(CHANNEL)[-1]
    assert "isn't suspended: its calendar is running" in world.command("UANA", "reactivate").text


def test_a_non_facilitator_cannot_edit_the_rota(world: World) -> None:
    assert not create_set(world, rotating="rotating").errors
    shown = world.command("UBEN", "rota").text
    assert "<@UANA> → <@UBEN> → <@UCAI> → <@UDEE>" in shown
    for command in ("rota skip", "rota swap <@UCAI> <@UDEE>"):
        assert "Only the set's facilitator" in world.command("UBEN", command).text
    assert "Only the set's facilitator" in world.command("UCAI", "facilitator <@UCAI>").text
    assert world.command("UANA", "rota").text == shown
    assert world.rows(LearningSet)[0].rota in ("", "UANA UBEN UCAI UDEE")


def test_a_fixed_facilitator_set_has_no_rota_to_show_or_edit(world: World) -> None:
    set_up(world)
    for command in ("rota", "rota skip"):
        assert "has a fixed facilitator, <@UANA>" in world.command("UANA", command).text
