"""`/set` commands whose whole effect is a reply to the caller, and refusals that change
nothing: the use cases straight, no HTTP (the ack's transport is tested end to end)."""

from __future__ import annotations

import pytest

from bot.services.result import Done
from bot.store.tables import DueJob, LearningSet, Meeting, Membership
from tests.services.conftest import (
    CHANNEL,
    MEMBERS,
    OUTSIDER,
    World,
    create_set,
    start_meeting,
)

PRESENT = {"UANA": "Here, no issue", "UBEN": "Here, with an issue", "UCAI": "Here, no issue"}


def said(world: World, user: str, text: str) -> str:
    """Run `/set text` as `user`: the reply the ack carries (an ephemeral for them only)."""
    return world.command(user, text).text


def refused(world: World, typed: str) -> str:
    """`/set typed` by the facilitator of a set: what they are told; asserts it changed
    nothing."""
    create_set(world)
    before = snapshot(world)
    text = said(world, "UANA", typed)
    assert snapshot(world) == before
    return text


def snapshot(world: World) -> tuple:
    """What a refused command must not change: the set, members, meetings, timers, what
    Slack was asked to show."""
    return (
        [(s.name, s.updated_at, s.meeting_minutes) for s in world.rows(LearningSet)],
        members(world),
        meetings(world),
        len(world.rows(DueJob)),
        [c for c in world.slack.calls if c.method != "can_post_in"],
    )


def members(world: World) -> list[str]:
    return sorted(m.user_id for m in world.rows(Membership))


def meetings(world: World) -> list[tuple]:
    return sorted((m.number, m.phase, m.version) for m in world.rows(Meeting))


# ---- input that is not a command ----


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [("strat", "`/set start`"), ("stauts", "`/set status`"), ("nxet", "`/set next`")],
)
def test_an_unknown_sub_command_gets_a_hint_naming_the_closest_one(
    world: World, typed: str, suggested: str
) -> None:
    text = refused(world, typed)
    assert f"`/set {typed}`" in text and suggested in text and "/set help" in text


@pytest.mark.parametrize("typed", ["frobnicate", "<!channel>", "<!here> hi", "<@UBEN>"])
def test_an_unknown_word_far_from_every_command_is_answered_with_the_help_escaped(
    world: World, typed: str
) -> None:
    text = refused(world, typed)
    assert "Did you mean" not in text and "Here is what you can run" in text
    assert "*In a meeting*" in text and "`/set start`" in text  # the facilitator's help
    assert "<!" not in text and "<@" not in text  # shown as typed, never as a mention


@pytest.mark.parametrize("typed", ["next now", "status please", "start the meeting", "help me"])
def test_arguments_after_a_command_that_takes_none_are_refused(world: World, typed: str) -> None:
    name = typed.split()[0]
    assert f"`/set {name}` takes nothing after it" in refused(world, typed)


@pytest.mark.parametrize(
    "typed",
    [
        "x" * 5000,
        "start " + "x" * 4994,
        "add <@UEVE|eve> " + "y" * 4984,
        "pass " + "z " * 2497,
        "time +" + "9" * 4994,
        "strat " + "🌱" * 4994,
    ],
    ids=["one-word", "start", "add", "pass", "time", "emoji"],
)
def test_a_5000_character_command_gets_a_short_hint_and_changes_nothing(
    world: World, typed: str
) -> None:
    text = refused(world, typed)
    first = text.split("\n")[0]  # a far word is followed by the help
    assert first and len(first) < 500 and "x" * 31 not in text, text
    assert "Traceback" not in text and "went wrong" not in text
    assert len(world.slack.views()) == 1  # only the create form, no other modal


# ---- help ----


def helped(world: World, user: str, typed: str = "help", channel: str = CHANNEL) -> Done:
    done = world.command(user, typed, channel)
    assert done.reply and done.reply.blocks and len(done.reply.blocks) <= 50
    return done


def moments(done: Done) -> list[str]:
    """The help's section titles, in order."""
    assert done.reply and done.reply.blocks
    texts = [b["text"]["text"] for b in done.reply.blocks if b["type"] == "section"]
    return [t.split("\n")[0].strip("*") for t in texts]


@pytest.mark.parametrize("typed", ["", "help", "  HELP  "])
def test_help_is_blocks_by_moment_with_only_what_the_caller_may_run(
    world: World, typed: str
) -> None:
    create_set(world)  # Ana facilitates; Ben is a member
    facilitator, member = helped(world, "UANA", typed), helped(world, "UBEN", typed)
    assert moments(facilitator) == [
        "Set up",
        "Before a meeting",
        "In a meeting",
        "Between meetings",
        "Your data",
    ]
    assert moments(member) == ["Set up", "Before a meeting", "Between meetings", "Your data"]
    for done in (facilitator, member):
        assert "`/set status`" in done.text and "`/set leave`" in done.text
        assert "`/set join`" not in done.text and "`/set create`" not in done.text
        assert "`/set help`" not in done.text  # the help does not list itself
    for command in ("`/set start`", "`/set next`", "`/set settings`", "`/set end`"):
        assert command in facilitator.text
        assert command not in member.text
    assert "`/set away 2026-12-20 2027-01-04`" in member.text  # each with an example


def test_help_in_a_channel_without_a_set_says_what_a_set_is_in_three_lines(
    world: World,
) -> None:
    done = helped(world, "UBEN")
    assert done.reply and done.reply.blocks
    lines = done.text.split("\n")
    assert len(lines) == 3 and "action learning set" in lines[0]
    assert "`/set create`" in lines[2]
    assert "`/set help`" not in done.text and "`/set start`" not in done.text


def test_help_for_someone_outside_the_set_leaves_out_member_commands(world: World) -> None:
    create_set(world)  # Eve is in the channel but not in the set
    text = helped(world, OUTSIDER).text
    assert "`/set join`" in text and "`/set start`" not in text
    assert "`/set leave`" not in text


def test_help_in_a_dm_lists_the_callers_sets_with_their_channels(world: World) -> None:
    create_set(world)
    ana, eve = helped(world, "UANA", channel="DANA"), helped(world, OUTSIDER, channel="DEVE")
    assert f"<#{CHANNEL}>" in ana.text and "Leaders" in ana.text and "you facilitate" in ana.text
    assert "no set" not in ana.text.lower()
    assert f"<#{CHANNEL}>" not in eve.text and "`/set create`" in eve.text


# ---- refusals about the set and its meeting ----


def test_next_with_no_meeting_running_says_how_to_start_one(world: World) -> None:
    create_set(world)
    before = meetings(world)
    text = said(world, "UANA", "next")
    assert "No meeting is running" in text and "`/set start`" in text
    assert meetings(world) == before
    assert all(m.phase == "scheduled" for m in world.rows(Meeting))


@pytest.mark.parametrize("command", ["start", "next", "pause", "end"])
def test_a_meeting_command_in_a_channel_without_a_set_points_to_create(
    world: World, command: str
) -> None:
    text = said(world, "UANA", command)
    assert "no set" in text and "`/set create`" in text
    assert world.rows(LearningSet) == [] and world.rows(Meeting) == []
    assert world.slack.posts(CHANNEL) == []


@pytest.mark.parametrize("command", ["pass", "remove"])
def test_pass_and_remove_of_a_non_member_say_so_and_change_nothing(
    world: World, command: str
) -> None:
    start_meeting(world, PRESENT)
    before = (members(world), meetings(world), world.slack.posts(CHANNEL))
    text = said(world, "UANA", f"{command} <@UEVE|eve>")  # as Slack escapes `@eve`
    assert "<@UEVE> is not a member" in text
    assert (members(world), meetings(world), world.slack.posts(CHANNEL)) == before


def test_add_by_a_member_who_is_not_facilitator_is_refused_naming_the_facilitator(
    world: World,
) -> None:
    create_set(world)
    assert "Only the set's facilitator, <@UANA>" in said(world, "UBEN", "add <@UEVE|eve>")
    assert members(world) == sorted(MEMBERS)


@pytest.mark.parametrize("command", ["remove <@UCAI|cai>", "settings", "start"])
def test_facilitator_commands_by_a_member_change_nothing_and_say_who_may(
    world: World, command: str
) -> None:
    create_set(world)
    before = (members(world), meetings(world), world.slack.posts(CHANNEL))
    views = len(world.slack.views())
    text = said(world, "UBEN", command)
    assert "<@UANA>" in text and "Only" in text
    assert (members(world), meetings(world), world.slack.posts(CHANNEL)) == before
    assert len(world.slack.views()) == views


def test_a_second_start_while_a_meeting_runs_says_it_is_already_running(world: World) -> None:
    start_meeting(world, PRESENT)
    before = (meetings(world), len(world.slack.posts(CHANNEL)), len(world.slack.done("update")))
    assert "already running" in said(world, "UANA", "start")
    after = (meetings(world), len(world.slack.posts(CHANNEL)), len(world.slack.done("update")))
    assert after == before
    assert [m.number for m in world.rows(Meeting) if m.phase != "scheduled"] == [1]


# ---- membership, rules and status ----


def test_join_leave_add_remove_rules_and_status(world: World) -> None:
    create_set(world)
    assert "You've joined" in said(world, OUTSIDER, "join")
    assert members(world) == sorted([*MEMBERS, OUTSIDER])
    assert "already a member" in said(world, OUTSIDER, "join")
    assert "You've left" in said(world, OUTSIDER, "leave")
    assert members(world) == sorted(MEMBERS)
    assert "not a member" in said(world, OUTSIDER, "leave")
    assert members(world) == sorted(MEMBERS)

    assert "Added <@UEVE>" in said(world, "UANA", "add <@UEVE|eve>")
    assert members(world) == sorted([*MEMBERS, OUTSIDER])
    text = said(world, "UANA", "add <@UEVE|eve> <@UBEN|ben>")
    assert "Nobody new to add" in text and "<@UEVE>" in text and "<@UBEN>" in text
    assert "Removed <@UEVE>" in said(world, "UANA", "remove <@UEVE|eve>")
    assert members(world) == sorted(MEMBERS)

    rules = said(world, "UBEN", "rules")
    assert "Ground rules of Leaders' set 🌱" in rules and "Confidentiality" in rules
    status = said(world, OUTSIDER, "status")
    assert "Leaders' set 🌱" in status and "Members (4)" in status
    assert "facilitated by <@UANA>" in status and "6 meetings" in status
    # none of this was posted to the channel: it concerned only the caller
    assert len(world.slack.posts(CHANNEL)) == 1  # the creation announcement


def test_every_sub_command_has_a_use_case() -> None:
    from bot.flows.commands import BY_NAME
    from bot.services.commands import USE_CASES

    assert set(USE_CASES) == set(BY_NAME)
