"""Registry of Web API methods the stand-in serves, and argument helpers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .model import ApiError
from .workspace import Workspace

Handler = Callable[[Workspace, dict[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class Method:
    handler: Handler
    token: str  # "bot" or "app": which token the method accepts


METHODS: dict[str, Method] = {}


def api(name: str, token: str = "bot") -> Callable[[Handler], Handler]:
    """Register a handler; it returns the success body without "ok"."""

    def register(fn: Handler) -> Handler:
        METHODS[name] = Method(fn, token)
        return fn

    return register


def required(args: dict[str, Any], name: str, error: str = "invalid_arguments") -> Any:
    value = args.get(name)
    if value in (None, ""):
        raise ApiError(error, response_metadata={"messages": [f"[ERROR] missing '{name}'"]})
    return value


def flag(args: dict[str, Any], name: str) -> bool:
    return args.get(name) in (True, 1, "1", "true", "True")


def content(args: dict[str, Any]) -> dict[str, Any]:
    """The parts of a message a person sees."""
    return {k: args[k] for k in ("text", "blocks", "attachments") if k in args}
