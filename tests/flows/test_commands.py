"""Parsing `/set …` text: every sub-command, its arguments, and hints for anything else."""

from __future__ import annotations

import pytest

from bot.flows.commands import (
    BY_NAME,
    NO_ARGS,
    SPECS,
    Command,
    CommandError,
    Moment,
    help_lines,
    help_sections,
    parse,
)


def _error(text: str) -> CommandError:
    with pytest.raises(CommandError) as raised:
        parse(text)
    assert str(raised.value) and "Traceback" not in str(raised.value)
    return raised.value


def _hint(text: str) -> str:
    return str(_error(text))


@pytest.mark.parametrize("name", sorted(NO_ARGS))
def test_every_plain_sub_command_parses(name: str) -> None:
    assert parse(name) == Command(name)
    assert parse(f"  {name.upper()}  ") == Command(name)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("add <@U1>", Command("add", users=("U1",))),
        ("remove <@U1>", Command("remove", users=("U1",))),
        ("pass <@W9X>", Command("pass", users=("W9X",))),
        ("time +5", Command("time", minutes=5)),
    ],
)
def test_every_sub_command_with_arguments_parses(text: str, expected: Command) -> None:
    assert parse(text) == expected


def test_the_table_covers_every_command() -> None:
    with_args = {"add", "remove", "pass", "time", "reschedule", "away", "facilitator", "rota"}
    assert set(BY_NAME) == NO_ARGS | with_args | {"nudge", "programme"}
    assert {s.name.split()[0] for s in SPECS} == set(BY_NAME)


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_bare_set_is_help(text: str) -> None:
    assert parse(text) == Command("help")


@pytest.mark.parametrize(
    "typo, meant",
    [
        ("strat", "/set start"),
        ("nxt", "/set next"),
        ("bakc", "/set back"),
        ("puase", "/set pause"),
        ("resum", "/set resume"),
        ("halp", "/set help"),
        ("tiem", "/set time +5"),
        ("passs", "/set pass @user"),
        ("Creat", "/set create"),
    ],
)
def test_unknown_gets_the_closest_command(typo: str, meant: str) -> None:
    message = _hint(typo)
    assert f"`{meant}`" in message and typo in message


@pytest.mark.parametrize("text", ["xyzzy", "zxcvb uiop", "🎉", "مرحبا بالعالم", "42"])
def test_unknown_without_a_close_match_is_answered_with_the_help(text: str) -> None:
    error = _error(text)
    assert error.with_help and "Did you mean" not in str(error)


@pytest.mark.parametrize("name", sorted(NO_ARGS))
def test_arguments_where_none_are_allowed(name: str) -> None:
    message = _hint(f"{name} now please")
    assert "takes nothing" in message and BY_NAME[name].usage in message


@pytest.mark.parametrize(
    "rest, users",
    [
        ("<@U1> <@U2> <@U3>", ("U1", "U2", "U3")),
        ("<@U1>, <@U2>,<@U3>", ("U1", "U2", "U3")),
        ("<@U1|alice> <@U2|bob smith>", ("U1", "U2")),
        ("<@U1> <@U1|alice>", ("U1",)),  # the same person twice counts once
        ("<@U2><@U1>", ("U2", "U1")),
    ],
)
def test_add_several_members(rest: str, users: tuple) -> None:
    assert parse(f"add {rest}") == Command("add", users=users)


@pytest.mark.parametrize("name", ["add", "remove", "pass"])
@pytest.mark.parametrize("rest", ["", "alice", "@alice", "<@U1> and bob", "<@u1>", "<#C123>"])
def test_members_must_be_mentioned(name: str, rest: str) -> None:
    assert "Mention the member" in _hint(f"{name} {rest}")


@pytest.mark.parametrize("name", ["remove", "pass"])
def test_one_member_at_a_time(name: str) -> None:
    assert "one member at a time" in _hint(f"{name} <@U1> <@U2>")
    assert parse(f"{name} <@U1|alice>") == Command(name, users=("U1",))


@pytest.mark.parametrize(
    "rest, minutes",
    [
        ("+5", 5),
        ("5", 5),
        ("5 min", 5),
        ("5min", 5),
        ("+10 minutes", 10),
        ("1 minute", 1),
        ("15 mins", 15),
        ("+120m", 120),
        ("0", 0),  # parses; the meeting refuses it with the allowed range
    ],
)
def test_time_minutes(rest: str, minutes: int) -> None:
    assert parse(f"time {rest}") == Command("time", minutes=minutes)


@pytest.mark.parametrize(
    "rest", ["", "-5", "five", "+ 5", "5 hours", "99999", "5.5", "+5 +5", "1e3", "5 🎉"]
)
def test_time_bad_minutes(rest: str) -> None:
    assert "how many minutes" in _hint(f"time {rest}")


@pytest.mark.parametrize(
    "text",
    [
        "x" * 5000,
        "strat" + "t" * 4995,
        "next " + "y" * 5000,
        "time " + "9" * 5000,
        "add " + "<@U1> " * 800,
        "add " + "a" * 5000,
        "🎉" * 5000,
        "مرحبا" * 1000,
    ],
)
def test_long_input_yields_a_short_hint(text: str) -> None:
    try:
        result = parse(text)
    except CommandError as error:
        assert len(str(error)) < 300
    else:
        assert result == Command("add", users=("U1",))


@pytest.mark.parametrize("text", ["start 🎉", "next مرحبا", "pass <@U1> ‏שלום"])
def test_emoji_and_right_to_left_arguments_are_refused_clearly(text: str) -> None:
    assert len(_hint(text)) < 300


FACILITATING = {"settings", "add", "remove", "start", "next", "back", "pass", "skip"}
FACILITATING |= {"time", "pause", "resume", "end", "reschedule", "cancel"}
FACILITATING |= {"facilitator", "nudge", "export", "suspend", "reactivate", "close"}
EVERYONE = {"status", "rules", "schedule", "rota", "forget-me", "programme"}


def _listed(lines: list[str]) -> set[str]:
    return {line.split("`")[1].split()[1] for line in lines}


@pytest.mark.parametrize(
    ("has_set", "is_member", "is_facilitator", "shown"),
    [
        (False, False, False, {"create", "programme"}),  # never the help itself
        (True, False, False, {*EVERYONE, "join"}),
        (True, True, False, {*EVERYONE, "leave", "away"}),
        (True, True, True, {*EVERYONE, "leave", "away", *FACILITATING}),
        (True, False, True, {*EVERYONE, "join", *FACILITATING}),
    ],
)
def test_help_lists_the_commands_of_the_callers_role(
    has_set: bool, is_member: bool, is_facilitator: bool, shown: set[str]
) -> None:
    assert _listed(help_lines(has_set, is_member, is_facilitator)) == shown


@pytest.mark.parametrize("typo", ["frobnicate", "reactivatexyz", "sets"])
def test_a_far_typo_gets_the_help_not_a_least_bad_guess(typo: str) -> None:
    error = _error(typo)
    assert error.with_help and "Did you mean" not in str(error)


@pytest.mark.parametrize(
    "typed, shown",
    [("<!channel>", "&lt;!channel&gt;"), ("<@U123>", "&lt;@U123&gt;"), ("a&b", "a&amp;b")],
)
def test_what_was_typed_is_echoed_with_slack_markup_escaped(typed: str, shown: str) -> None:
    message = _hint(typed)
    assert f"`/set {shown}`" in message and "<!" not in message and "<@" not in message


def test_every_command_but_help_belongs_to_one_moment_of_the_help() -> None:
    assert [s.name for s in SPECS if s.moment is None] == ["help"]


@pytest.mark.parametrize(
    ("has_set", "is_member", "is_facilitator", "moments"),
    [
        (False, False, False, [Moment.SET_UP, Moment.YOUR_DATA]),
        (True, False, False, [Moment.SET_UP, Moment.BEFORE, Moment.BETWEEN, Moment.YOUR_DATA]),
        (True, True, False, [Moment.SET_UP, Moment.BEFORE, Moment.BETWEEN, Moment.YOUR_DATA]),
        (True, True, True, list(Moment)),
    ],
)
def test_the_help_shows_only_moments_with_a_command_the_caller_may_run(
    has_set: bool, is_member: bool, is_facilitator: bool, moments: list[Moment]
) -> None:
    sections = help_sections(has_set, is_member, is_facilitator)
    assert [moment for moment, _ in sections] == moments
    assert all(specs for _, specs in sections)


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("programme", Command("programme")),
        ("programme create", Command("programme", word="create")),
        ("PROGRAMME Join  Leaders   2027 ", Command("programme", word="join", text="Leaders 2027")),
        ("programme join <!here> ünï", Command("programme", word="join", text="<!here> ünï")),
        ("programme leave", Command("programme", word="leave")),
        (
            "programme join R&amp;D &lt;team&gt;",
            Command("programme", word="join", text="R&D <team>"),
        ),
        ("programme export", Command("programme", word="export")),
    ],
)
def test_programme_sub_commands(text: str, command: Command) -> None:
    assert parse(text) == command


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("programme join", "Name the programme"),
        ("programme leave now", "takes nothing after it"),
        ("programme create Leaders", "takes nothing after it"),
        ("programme frobnicate", "/set programme join NAME"),
    ],
)
def test_programme_sub_commands_refused_with_a_hint(text: str, hint: str) -> None:
    assert hint in _hint(text)
