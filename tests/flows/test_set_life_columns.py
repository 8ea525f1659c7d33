"""A set's status and the store's two columns (`status`, `suspended`), both ways."""

from __future__ import annotations

import pytest

from bot.flows.set_life import SetStatus, columns_of, status_of

ACTIVE, SUSPENDED, CLOSED = SetStatus.ACTIVE, SetStatus.SUSPENDED, SetStatus.CLOSED


@pytest.mark.parametrize(
    ("columns", "status"),
    [
        (("active", False), ACTIVE),
        (("active", True), SUSPENDED),  # suspended, it keeps its channel: still "active"
        (("closed", False), CLOSED),
        (("closed", True), CLOSED),  # closed whatever the flag says
    ],
)
def test_status_of_the_columns(columns: tuple[str, bool], status: SetStatus) -> None:
    assert status_of(*columns) == status


@pytest.mark.parametrize("status", list(SetStatus))
def test_columns_of_a_status_round_trip(status: SetStatus) -> None:
    column, suspended = columns_of(status)
    assert column in ("active", "closed")
    assert status_of(column, suspended) == status


def test_a_suspended_set_keeps_status_active() -> None:
    assert columns_of(SUSPENDED) == ("active", True)
    assert columns_of(CLOSED) == ("closed", False)


def test_an_unknown_status_column_is_an_error() -> None:
    with pytest.raises(ValueError, match="archived"):
        status_of("archived", False)
