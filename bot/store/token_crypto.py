"""Slack tokens encrypted at rest with Fernet (AES-128-CBC and HMAC-SHA256).

`SETBOT_ENCRYPTION_KEY` holds one or more keys, newest first: the newest encrypts, any of
them decrypts (MultiFernet), so a key can be rotated without losing what the old one sealed.
A Slack token never starts with Fernet's prefix, so plain and sealed values tell themselves
apart: plain ones (stored before encryption) read as they are until `rotate-key` seals them.
"""

from __future__ import annotations

from collections.abc import Sequence

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

ENV_NAME = "SETBOT_ENCRYPTION_KEY"
# Every Fernet token starts with version byte 0x80 and a 64-bit timestamp: base64 "gAAAAA".
FERNET_PREFIX = "gAAAAA"
NEW_KEY_HINT = "make one with: python -m bot new-key"
UNREADABLE = (
    f"{ENV_NAME} can't read the stored Slack tokens: none of its keys opens them. If you "
    "changed the key, put the old key after the new one, comma-separated"
)


class BadKey(ValueError):
    """A key in SETBOT_ENCRYPTION_KEY is not a Fernet key (the message never shows it)."""


class UnreadableToken(Exception):
    """None of the keys opens a stored token: the key changed and the old one was dropped."""

    def __init__(self) -> None:
        super().__init__(UNREADABLE)


def parse_keys(raw: str | None) -> tuple[str, ...]:
    """The comma-separated keys in `raw`, newest first; BadKey names the first bad one."""
    keys = tuple(part.strip() for part in (raw or "").split(",") if part.strip())
    for number, key in enumerate(keys, start=1):
        try:
            Fernet(key)
        except ValueError:  # binascii.Error is one too
            raise BadKey(
                f"{ENV_NAME} must be Fernet keys (44 characters of URL-safe base64), newest "
                f"first, comma-separated; key {number} of {len(keys)} is not one: {NEW_KEY_HINT}"
            ) from None
    return keys


def new_key() -> str:
    """A fresh random Fernet key."""
    return Fernet.generate_key().decode()


def cipher(keys: Sequence[str]) -> MultiFernet:
    """Encrypts with keys[0], decrypts with any of them."""
    if not keys:
        raise BadKey(f"{ENV_NAME} is empty: {NEW_KEY_HINT}")
    return MultiFernet([Fernet(key) for key in keys])


def is_encrypted(value: str) -> bool:
    return value.startswith(FERNET_PREFIX)


def encrypt(box: MultiFernet, value: str) -> str:
    """`value` sealed with the newest key; an already sealed value stays as it is."""
    return value if is_encrypted(value) else box.encrypt(value.encode()).decode()


def decrypt(box: MultiFernet, value: str) -> str:
    """The plain token; a value stored before encryption comes back unchanged."""
    if not is_encrypted(value):
        return value
    try:
        return box.decrypt(value.encode()).decode()
    except InvalidToken:
        raise UnreadableToken() from None


def reencrypt(box: MultiFernet, value: str) -> str:
    """`value` sealed with the newest key, whichever key (or none) sealed it before."""
    if not is_encrypted(value):
        return encrypt(box, value)
    try:
        return box.rotate(value.encode()).decode()
    except InvalidToken:
        raise UnreadableToken() from None
