"""Block Kit limits Slack enforces on messages and views; problems come back as strings."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from typing import Any

BLOCK_TYPES = frozenset(
    {
        "actions",
        "context",
        "divider",
        "file",
        "header",
        "image",
        "input",
        "markdown",
        "rich_text",
        "section",
        "video",
        "table",
        "call",
        "context_actions",
    }
)
SELECTS = frozenset(
    {
        "static_select",
        "multi_static_select",
        "external_select",
        "multi_external_select",
        "users_select",
        "multi_users_select",
        "conversations_select",
        "multi_conversations_select",
        "channels_select",
        "multi_channels_select",
    }
)
MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
MAX_MESSAGE_TEXT = 40000

_Problems = list[str]
# Given an image's slack_file object, why it can't be shown (None if it can).
FileCheck = Callable[[dict[str, Any]], str | None]


def _len(problems: _Problems, where: str, value: Any, limit: int, what: str) -> None:
    if isinstance(value, str) and len(value) > limit:
        problems.append(f"{where}: {what} is {len(value)} chars (max {limit})")


def _text(problems: _Problems, where: str, obj: Any, limit: int, *, plain: bool = False) -> None:
    """Check a text object: its type, and the length of its text."""
    if obj is None:
        return
    if not isinstance(obj, dict) or obj.get("type") not in ("plain_text", "mrkdwn"):
        problems.append(f"{where}: not a text object: {obj!r:.80}")
        return
    if plain and obj["type"] != "plain_text":
        problems.append(f"{where}: must be plain_text, got {obj['type']}")
    _len(problems, where, obj.get("text", ""), limit, "text")


def _options(problems: _Problems, where: str, options: Any, limit: int) -> None:
    if options is None:
        return
    if len(options) > limit:
        problems.append(f"{where}: {len(options)} options (max {limit})")
    for i, opt in enumerate(options):
        _text(problems, f"{where}[{i}].text", opt.get("text"), 75)
        _len(problems, f"{where}[{i}]", opt.get("value", ""), 150, "value")
        _text(problems, f"{where}[{i}].description", opt.get("description"), 75)


def _image(problems: _Problems, where: str, obj: dict[str, Any], files: FileCheck | None) -> None:
    """An image block or element: exactly one of image_url / slack_file, and alt_text."""
    has_url, has_file = "image_url" in obj, "slack_file" in obj
    if has_url == has_file:
        problems.append(f"{where}: image needs exactly one of image_url or slack_file")
    if not obj.get("alt_text"):
        problems.append(f"{where}: image without alt_text")
    _len(problems, where, obj.get("image_url", ""), 3000, "image_url")
    _len(problems, where, obj.get("alt_text", ""), 2000, "alt_text")
    if not has_file:
        return
    ref = obj["slack_file"]
    if not isinstance(ref, dict) or ("id" in ref) == ("url" in ref):
        problems.append(f"{where}.slack_file: needs exactly one of id or url")
    elif files is not None and (problem := files(ref)):
        problems.append(f"{where}.slack_file: {problem}")


def check_element(problems: _Problems, where: str, el: Any, files: FileCheck | None = None) -> None:
    """Check one interactive element (button, select, input, ...)."""
    if not isinstance(el, dict) or "type" not in el:
        problems.append(f"{where}: element without a type")
        return
    kind = el["type"]
    _len(problems, where, el.get("action_id", ""), 255, "action_id")
    _text(problems, f"{where}.placeholder", el.get("placeholder"), 150, plain=True)
    if kind == "image":
        _image(problems, where, el, files)
    elif kind == "button":
        _text(problems, f"{where}.text", el.get("text"), 75, plain=True)
        _len(problems, where, el.get("value", ""), 2000, "button value")
        _len(problems, where, el.get("url", ""), 3000, "url")
        if el.get("style") not in (None, "primary", "danger"):
            problems.append(f"{where}: bad button style {el.get('style')!r}")
    elif kind in SELECTS:
        _options(problems, f"{where}.options", el.get("options"), 100)
        groups = el.get("option_groups") or []
        if len(groups) > 100:
            problems.append(f"{where}: {len(groups)} option_groups (max 100)")
        for g, group in enumerate(groups):
            _options(problems, f"{where}.option_groups[{g}].options", group.get("options"), 100)
    elif kind == "overflow":
        _options(problems, f"{where}.options", el.get("options"), 5)
    elif kind in ("checkboxes", "radio_buttons"):
        _options(problems, f"{where}.options", el.get("options"), 10)
    elif kind == "plain_text_input":
        for key in ("max_length", "min_length"):
            if isinstance(el.get(key), int) and el[key] > 3000:
                problems.append(f"{where}: {key} {el[key]} (max 3000)")


def _check_block(
    problems: _Problems, where: str, block: dict[str, Any], files: FileCheck | None
) -> None:
    kind = block.get("type")
    if kind not in BLOCK_TYPES:
        problems.append(f"{where}: unknown block type {kind!r}")
        return
    _len(problems, where, block.get("block_id", ""), 255, "block_id")
    if kind == "section":
        if block.get("text") is None and not block.get("fields"):
            problems.append(f"{where}: section needs text or fields")
        _text(problems, f"{where}.text", block.get("text"), 3000)
        fields = block.get("fields") or []
        if len(fields) > 10:
            problems.append(f"{where}: {len(fields)} fields (max 10)")
        for i, f in enumerate(fields):
            _text(problems, f"{where}.fields[{i}]", f, 2000)
        if block.get("accessory") is not None:
            check_element(problems, f"{where}.accessory", block["accessory"], files)
    elif kind == "header":
        _text(problems, f"{where}.text", block.get("text"), 150, plain=True)
    elif kind in ("actions", "context_actions"):
        elements = block.get("elements") or []
        if len(elements) > 25:
            problems.append(f"{where}: {len(elements)} elements (max 25)")
        for i, el in enumerate(elements):
            check_element(problems, f"{where}.elements[{i}]", el, files)
        ids = [e.get("action_id") for e in elements if isinstance(e, dict) and e.get("action_id")]
        if len(ids) != len(set(ids)):
            problems.append(f"{where}: duplicate action_id in {ids}")
    elif kind == "context":
        elements = block.get("elements") or []
        if len(elements) > 10:
            problems.append(f"{where}: {len(elements)} elements (max 10)")
        for i, el in enumerate(elements):
            if isinstance(el, dict) and el.get("type") in ("plain_text", "mrkdwn"):
                _text(problems, f"{where}.elements[{i}]", el, 3000)
            elif isinstance(el, dict) and el.get("type") == "image":
                _image(problems, f"{where}.elements[{i}]", el, files)
    elif kind == "input":
        _text(problems, f"{where}.label", block.get("label"), 2000, plain=True)
        _text(problems, f"{where}.hint", block.get("hint"), 2000, plain=True)
        if block.get("element") is None:
            problems.append(f"{where}: input without element")
        else:
            check_element(problems, f"{where}.element", block["element"], files)
    elif kind == "image":
        _image(problems, where, block, files)
        _text(problems, f"{where}.title", block.get("title"), 2000, plain=True)
    elif kind == "markdown":
        _len(problems, where, block.get("text", ""), 12000, "markdown text")


def check_blocks(blocks: Any, where: str, limit: int, files: FileCheck | None = None) -> _Problems:
    """Check a list of blocks: count, each block, unique block_ids; `files` checks slack_file."""
    if blocks is None:
        return []
    if not isinstance(blocks, list) or not all(isinstance(b, dict) for b in blocks):
        return [f"{where}: blocks must be a list of objects"]
    problems: _Problems = []
    if len(blocks) > limit:
        problems.append(f"{where}: {len(blocks)} blocks (max {limit})")
    for i, block in enumerate(blocks):
        _check_block(problems, f"{where}[{i}]", block, files)
    ids = [b["block_id"] for b in blocks if b.get("block_id")]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        problems.append(f"{where}: duplicate block_id {dupes}")
    return problems


def check_message(
    msg: dict[str, Any], where: str = "message", files: FileCheck | None = None
) -> _Problems:
    """Check a message payload (text, blocks)."""
    problems = check_blocks(msg.get("blocks"), f"{where}.blocks", MAX_MESSAGE_BLOCKS, files)
    _len(problems, where, msg.get("text") or "", MAX_MESSAGE_TEXT, "text")
    return problems


def check_view(view: Any, where: str = "view", files: FileCheck | None = None) -> _Problems:
    """Check a modal or App Home view."""
    if not isinstance(view, dict):
        return [f"{where}: view must be an object"]
    kind = view.get("type")
    if kind not in ("modal", "home"):
        return [f"{where}: view type must be modal or home, got {kind!r}"]
    blocks = view.get("blocks")
    if blocks is None:
        return [f"{where}: view without blocks"]
    problems = check_blocks(blocks, f"{where}.blocks", MAX_VIEW_BLOCKS, files)
    _len(problems, where, view.get("private_metadata", ""), 3000, "private_metadata")
    _len(problems, where, view.get("callback_id", ""), 255, "callback_id")
    _len(problems, where, view.get("external_id", ""), 255, "external_id")
    if kind == "modal":
        if view.get("title") is None:
            problems.append(f"{where}: modal without title")
        for key in ("title", "submit", "close"):
            _text(problems, f"{where}.{key}", view.get(key), 24, plain=True)
        has_input = any(b.get("type") == "input" for b in blocks if isinstance(b, dict))
        if has_input and view.get("submit") is None:
            problems.append(f"{where}: modal with input blocks needs a submit button")
    return problems


def iter_elements(blocks: list[dict[str, Any]]) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """Yield (block, element) for every interactive element in the blocks."""
    for block in blocks or []:
        if block.get("type") in ("actions", "context_actions"):
            for el in block.get("elements") or []:
                yield block, el
        elif block.get("type") == "section" and isinstance(block.get("accessory"), dict):
            yield block, block["accessory"]
        elif block.get("type") == "input" and isinstance(block.get("element"), dict):
            yield block, block["element"]


_ids = itertools.count(1)
_ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _slack_like_id() -> str:
    n, out = next(_ids) * 7919, ""
    for _ in range(5):
        n, r = divmod(n, len(_ALPHABET))
        out += _ALPHABET[r]
    return out


def fill_ids(blocks: list[dict[str, Any]] | None) -> None:
    """Give blocks and elements the block_id/action_id Slack generates when they are missing."""
    for block in blocks or []:
        block.setdefault("block_id", _slack_like_id())
    for _block, el in iter_elements(blocks or []):
        if el.get("type") not in ("image", "plain_text", "mrkdwn"):
            el.setdefault("action_id", _slack_like_id())
