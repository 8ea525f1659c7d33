"""Read messages and views the way a person sees them."""

from __future__ import annotations

from typing import Any

from .blockkit import SELECTS, iter_elements

# Keys whose content a person does not see (until they open something) or that are metadata.
_HIDDEN = frozenset(
    {
        "confirm",
        "state",
        "private_metadata",
        "bot_profile",
        "metadata",
        "callback_id",
        "action_id",
        "block_id",
        "value",
        "url",
        "image_url",
        "hash",
        "external_id",
    }
)


def _collect(node: Any, out: list[str]) -> None:
    if isinstance(node, list):
        for item in node:
            _collect(item, out)
        return
    if not isinstance(node, dict):
        return
    kind = node.get("type")
    if kind in ("plain_text", "mrkdwn", "text", "markdown") and isinstance(node.get("text"), str):
        out.append(node["text"])
        return
    if kind == "user" and "user_id" in node:
        out.append(f"<@{node['user_id']}>")
        return
    if kind == "link":
        out.append(node.get("text") or node.get("url", ""))
        return
    if kind == "emoji":
        out.append(f":{node.get('name', '')}:")
        return
    for key, value in node.items():
        if key in _HIDDEN:
            continue
        if key == "initial_value" and isinstance(value, str):
            out.append(value)
        if key in ("options", "option_groups") and (kind in SELECTS or kind == "overflow"):
            continue
        _collect(value, out)


def text_of(obj: dict[str, Any] | None) -> str:
    """Flatten a message, ephemeral or view into the text a person would read."""
    if not obj:
        return ""
    out: list[str] = []
    if isinstance(obj.get("text"), str):
        out.append(obj["text"])
    for key in ("title", "blocks", "submit", "close"):
        if key in obj:
            _collect(obj[key], out)
    for att in obj.get("attachments") or []:
        for key in ("pretext", "title", "text", "fallback", "footer"):
            if isinstance(att.get(key), str):
                out.append(att[key])
        for f in att.get("fields") or []:
            out.extend(str(f.get(k, "")) for k in ("title", "value"))
        _collect(att.get("blocks") or [], out)
    out.extend(str(f.get("title") or f.get("name") or "") for f in obj.get("files") or [])
    return "\n".join(s for s in out if s)


def _blocks_of(obj: dict[str, Any]) -> list[dict[str, Any]]:
    return list(obj.get("blocks") or [])


def _found(block: dict[str, Any], el: dict[str, Any]) -> dict[str, Any]:
    return {**el, "block_id": block.get("block_id")}


def buttons(obj: dict[str, Any]) -> list[dict[str, Any]]:
    """All buttons in a message or view, each with its block_id."""
    return [_found(b, e) for b, e in iter_elements(_blocks_of(obj)) if e.get("type") == "button"]


def find_button(obj: dict[str, Any], text: str, value: str | None = None) -> dict[str, Any]:
    """The button whose visible text is `text` (exact, then case-insensitive), with block_id."""
    candidates = buttons(obj)
    if value is not None:
        candidates = [b for b in candidates if b.get("value") == value]
    for match in (
        lambda s: s == text,
        lambda s: s.strip().casefold() == text.strip().casefold(),
    ):
        hits = [b for b in candidates if match(b.get("text", {}).get("text", ""))]
        if hits:
            return hits[0]
    seen = [b.get("text", {}).get("text") for b in buttons(obj)]
    raise LookupError(f"no button {text!r}; buttons here: {seen}")


def find_element(obj: dict[str, Any], action_id: str, value: str | None = None) -> dict[str, Any]:
    """The interactive element with this action_id (and button value, if given), with block_id."""
    elements = iter_elements(_blocks_of(obj))
    hits = [_found(b, e) for b, e in elements if e.get("action_id") == action_id]
    if value is not None and len(hits) > 1:
        hits = [h for h in hits if h.get("type") != "button" or h.get("value") == value] or hits
    if not hits:
        seen = [e.get("action_id") for _b, e in iter_elements(_blocks_of(obj))]
        raise LookupError(f"no element with action_id {action_id!r}; action_ids here: {seen}")
    return hits[0]
