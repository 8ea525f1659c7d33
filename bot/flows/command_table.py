"""The `/set` sub-commands as a table: who each is for, the moment of a set's life it
belongs to, its usage and one-line summary; and what `/set help` lists for a caller."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """Who a command is listed for in `/set help`."""

    ANYONE = "anyone"
    NO_SET = "no_set"  # in a channel without a set
    IN_SET = "in_set"  # anyone, in a channel with a set
    NON_MEMBER = "non_member"
    MEMBER = "member"
    FACILITATOR = "facilitator"


class Moment(StrEnum):
    """The sections of `/set help`, in the order a set lives them."""

    SET_UP = "Set up"
    BEFORE = "Before a meeting"
    IN_MEETING = "In a meeting"
    BETWEEN = "Between meetings"
    YOUR_DATA = "Your data"


@dataclass(frozen=True)
class Spec:
    name: str
    usage: str
    summary: str
    role: Role
    moment: Moment | None = None  # None: not listed (the help itself)


F, M, IN = Role.FACILITATOR, Role.MEMBER, Role.IN_SET
_TABLE: dict[Moment, tuple[tuple[str, str, str, Role], ...]] = {
    Moment.SET_UP: (
        ("create", "/set create", "create a set in this channel", Role.NO_SET),
        ("join", "/set join", "join this channel's set", Role.NON_MEMBER),
        ("leave", "/set leave", "leave this channel's set", M),
        ("settings", "/set settings", "change the set's day, time, members or rules", F),
        ("add", "/set add @user …", "add members", F),
        ("remove", "/set remove @user", "remove a member", F),
        ("nudge", "/set nudge on|off", "question nudges in issue rounds", F),
        ("programme join", "/set programme join NAME", "add the set to a programme", F),
        ("programme leave", "/set programme leave", "take the set out of its programme", F),
        (
            "programme create",
            "/set programme create",
            "start a programme of sets (workspace admins, programme leads)",
            Role.ANYONE,
        ),
    ),
    Moment.BEFORE: (
        ("status", "/set status", "the set, its members and its next meeting", IN),
        ("schedule", "/set schedule", "the next meetings, and a calendar file", IN),
        ("rules", "/set rules", "the set's ground rules", IN),
        ("reschedule", "/set reschedule 2026-12-02 14:00", "move the next meeting", F),
        ("cancel", "/set cancel", "cancel the next meeting and tell the members", F),
    ),
    Moment.IN_MEETING: (
        ("start", "/set start", "start the next meeting", F),
        ("next", "/set next", "move the meeting on", F),
        ("back", "/set back", "go back one step", F),
        ("pass", "/set pass @user", "give the floor to a member", F),
        ("skip", "/set skip", "skip the current member's turn", F),
        ("time", "/set time +5", "add minutes to the current turn", F),
        ("pause", "/set pause", "pause the meeting's clock", F),
        ("resume", "/set resume", "resume the meeting's clock", F),
        ("end", "/set end", "end the meeting and post the summary", F),
    ),
    Moment.BETWEEN: (
        ("away", "/set away 2026-12-20 2027-01-04", "send apologies for dates ahead", M),
        ("rota", "/set rota", "who facilitates next (rotating sets)", IN),
        ("rota skip", "/set rota skip", "pass over the next facilitator", F),
        ("rota swap", "/set rota swap @user @user", "swap two places in the rota", F),
        ("facilitator", "/set facilitator @user", "hand facilitation over", F),
        ("suspend", "/set suspend", "stop the set's calendar for now", F),
        ("reactivate", "/set reactivate", "restart a suspended set's calendar", F),
        ("close", "/set close", "end the set early (it becomes read-only)", F),
        ("programme", "/set programme", "this set's programme and its leads", IN),
    ),
    Moment.YOUR_DATA: (
        ("export", "/set export", "DM me the set's record: summaries, actions, metrics", F),
        ("forget-me", "/set forget-me", "remove my answers and action texts", IN),
        (
            "programme export",
            "/set programme export",
            "DM me my programme's report (programme leads)",
            Role.ANYONE,
        ),
    ),
}
HELP = Spec("help", "/set help", "what you can run here", Role.ANYONE)
SPECS: tuple[Spec, ...] = (
    HELP,
    *(
        Spec(name, usage, summary, role, moment)
        for moment, rows in _TABLE.items()
        for name, usage, summary, role in rows
    ),
)
BY_NAME = {spec.name: spec for spec in SPECS if " " not in spec.name}
NO_ARGS = frozenset(BY_NAME) - {
    "add",
    "remove",
    "pass",
    "time",
    "reschedule",
    "away",
    "facilitator",
    "rota",
    "nudge",
    "programme",
}


def _roles(has_set: bool, is_member: bool, is_facilitator: bool) -> set[Role]:
    roles = {Role.ANYONE}
    if not has_set:
        roles.add(Role.NO_SET)
    else:
        roles.add(Role.IN_SET)
        roles.add(Role.MEMBER if is_member else Role.NON_MEMBER)
        if is_facilitator:
            roles.add(Role.FACILITATOR)
    return roles


def help_sections(
    has_set: bool, is_member: bool = False, is_facilitator: bool = False
) -> list[tuple[Moment, list[Spec]]]:
    """The commands the caller may run here, by the moment they are for; empty moments
    are left out, and so is the help itself."""
    roles = _roles(has_set, is_member, is_facilitator)
    sections = [
        (moment, [s for s in SPECS if s.moment == moment and s.role in roles]) for moment in Moment
    ]
    return [(moment, specs) for moment, specs in sections if specs]


def help_lines(has_set: bool, is_member: bool = False, is_facilitator: bool = False) -> list[str]:
    """One line per command the caller may run here, in the help's order."""
    return [
        f"`{s.usage}`: {s.summary}"
        for _, specs in help_sections(has_set, is_member, is_facilitator)
        for s in specs
    ]
