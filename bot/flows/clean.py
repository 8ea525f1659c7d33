"""Text as it enters the bot: what a database can't keep or a person can't see goes.

NUL and the other C0 control characters (newline and tab stay; a carriage return goes, so
Windows line ends become plain ones), DEL, and lone UTF-16 surrogates (which JSON can carry
but UTF-8 cannot) are removed; the rest is normalised to NFC, so "é" typed two ways is one
text. Direction marks such as U+202E stay: they are a writer's, and every place that shows
text escapes it. Pure: no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

_UNKEEPABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")


def clean_text(text: str) -> str:
    """One text, cleaned (see the module's docstring)."""
    if text.isascii() and text.isprintable():
        return text  # the common case: nothing to do
    return unicodedata.normalize("NFC", _UNKEEPABLE.sub("", text))


def clean_tree(value: Any) -> Any:
    """Every string in a payload (dicts and lists walked, keys kept), cleaned in place where
    the container allows: Bolt hands the same dict to the listener."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        for key, item in value.items():
            value[key] = clean_tree(item)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            value[index] = clean_tree(item)
    return value
