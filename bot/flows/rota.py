"""Rotating facilitation: who facilitates the next meeting, and how the set edits the rota.

A rota is an ordered tuple of members; its head facilitates the next meeting. Holding a
meeting moves the head to the back. Every edit returns a new rota, or raises `RotaError`
with a reason for the person. Pure: no Slack, no database.
"""

from __future__ import annotations

from collections.abc import Iterable


class RotaError(ValueError):
    """An edit that makes no sense; the message is for the person who asked."""


def _mention(user: str) -> str:
    return f"<@{user}>"


def sync(rota: Iterable[str], members: Iterable[str]) -> tuple[str, ...]:
    """The rota kept in step with the members: leavers out, newcomers at the back."""
    present = list(dict.fromkeys(members))
    kept = [u for u in dict.fromkeys(rota) if u in present]
    return (*kept, *(u for u in present if u not in kept))


def next_up(rota: tuple[str, ...]) -> str | None:
    """Who facilitates the next meeting."""
    return rota[0] if rota else None


def after_meeting(rota: tuple[str, ...], facilitated_by: str) -> tuple[str, ...]:
    """The rota once `facilitated_by` has held a meeting: they go to the back."""
    if facilitated_by not in rota:
        return rota
    return (*(u for u in rota if u != facilitated_by), facilitated_by)


def skip(rota: tuple[str, ...]) -> tuple[str, ...]:
    """Pass over the next facilitator: they go to the back and the one after steps up."""
    if len(rota) < 2:
        raise RotaError("There's nobody else in the rota to take over.")
    return (*rota[1:], rota[0])


def swap(rota: tuple[str, ...], first: str, second: str) -> tuple[str, ...]:
    """Swap two members' places in the rota."""
    for user in (first, second):
        if user not in rota:
            raise RotaError(f"{_mention(user)} is not in the rota: only members take turns.")
    if first == second:
        raise RotaError("Name two different members to swap.")
    i, j = rota.index(first), rota.index(second)
    swapped = list(rota)
    swapped[i], swapped[j] = second, first
    return tuple(swapped)


def hand_over(rota: tuple[str, ...], to: str) -> tuple[str, ...]:
    """`to` facilitates next; everyone else keeps their order."""
    if to not in rota:
        raise RotaError(f"{_mention(to)} is not a member of this set, so can't facilitate it.")
    return (to, *(u for u in rota if u != to))


def describe(rota: tuple[str, ...]) -> str:
    """The rota in one line, next facilitator first."""
    if not rota:
        return "The rota is empty: add members with `/set add @user`."
    return " → ".join(_mention(u) for u in rota)
