"""Import direction (STYLE.md), checked with `ast`: a layer that must not see another doesn't.

Files that don't exist yet contribute nothing, so these rules hold from the first commit on.
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BOT = REPO / "bot"
SLACK = ("slack_bolt", "slack_sdk")
# The one store module allowed to import slack_sdk: it builds slack_sdk's own OAuth tables.
OAUTH_MIGRATION = "bot/store/migrations/versions/0002_slack_oauth_tables.py"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(
    source: str, module: str, is_package: bool = False
) -> Iterator[tuple[int, str]]:
    """(line, absolute module name) for every import in `source`, relative ones resolved."""
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                base = node.module or ""
            else:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            if node.module is None:  # `from . import x`: x may be a module
                for alias in node.names:
                    yield node.lineno, f"{base}.{alias.name}"
            else:
                yield node.lineno, base


def python_files(*relative: str) -> list[Path]:
    files: list[Path] = []
    for name in relative:
        path = REPO / name
        if path.is_file():
            files.append(path)
        elif path.is_dir():
            files.extend(sorted(path.rglob("*.py")))
    return files


def imports_of(*relative: str) -> Iterator[tuple[str, int, str]]:
    """(file, line, module) for every import in the given files and folders under the repo."""
    for path in python_files(*relative):
        source = path.read_text(encoding="utf-8")
        module = module_name(path)
        for line, imported in imported_modules(source, module, path.name == "__init__.py"):
            yield path.relative_to(REPO).as_posix(), line, imported


def is_under(module: str, *roots: str) -> bool:
    return any(module == root or module.startswith(root + ".") for root in roots)


def is_stdlib(module: str) -> bool:
    return module.partition(".")[0] in sys.stdlib_module_names


def test_flows_import_only_the_standard_library() -> None:
    violations = [
        f"{file}:{line} imports {module}"
        for file, line, module in imports_of("bot/flows")
        if not (is_stdlib(module) or is_under(module, "bot.flows"))
    ]
    assert violations == []


def test_store_sees_no_slack_and_no_upper_layer() -> None:
    upper = ("bot.services", "bot.handlers", "bot.app", "bot.scheduler", "bot.__main__")
    violations = [
        f"{file}:{line} imports {module}"
        for file, line, module in imports_of("bot/store")
        if (is_under(module, *SLACK) and file != OAUTH_MIGRATION) or is_under(module, *upper)
    ]
    assert violations == []


def test_handlers_never_touch_the_database() -> None:
    violations = [
        f"{file}:{line} imports {module}"
        for file, line, module in imports_of("bot/handlers")
        if is_under(module, "bot.store", "sqlmodel", "sqlalchemy")
    ]
    assert violations == []


def test_scheduler_never_imports_bolt() -> None:
    violations = [
        f"{file}:{line} imports {module}"
        for file, line, module in imports_of("bot/scheduler.py")
        if is_under(module, "slack_bolt")
    ]
    assert violations == []


@pytest.mark.parametrize(
    ("source", "module", "is_package", "expected"),
    [
        ("import json, slack_sdk.web", "bot.flows.x", False, ["json", "slack_sdk.web"]),
        ("from .cadence import next_date", "bot.flows.meeting", False, ["bot.flows.cadence"]),
        ("from ..store import repo_sets", "bot.flows.meeting", False, ["bot.store"]),
        ("from . import meeting", "bot.flows", True, ["bot.flows.meeting"]),
        ("from .. import store", "bot.handlers.actions", False, ["bot.store"]),
        ("if TYPE_CHECKING:\n    import sqlmodel", "bot.handlers.x", False, ["sqlmodel"]),
        ("def f():\n    from sqlalchemy import text", "bot.handlers.x", False, ["sqlalchemy"]),
    ],
)
def test_the_import_finder(source: str, module: str, is_package: bool, expected: list[str]) -> None:
    assert [name for _, name in imported_modules(source, module, is_package)] == expected


def test_the_oauth_migration_exception_names_a_real_file() -> None:
    assert (REPO / OAUTH_MIGRATION).is_file()


# ---- the shape of a request: handler → use case → outbox (issue 9) ----

# Web API methods as slack-sdk names them (chat_postMessage, views_publish, files_upload_v2…).
WEB_API = re.compile(
    r"^(api_call|(admin|apps|auth|bots|chat|conversations|dnd|emoji|files|pins|reactions|"
    r"reminders|search|stars|team|usergroups|users|views)_\w+)$"
)
GATEWAY = "bot/services/gateway.py"
OUTBOX = (
    "bot/services/outbox.py",
    "bot/services/outbox_uploads.py",
    "bot/services/home_publish.py",
)
GATEWAY_WRITES = frozenset(
    {"post", "update", "ephemeral", "publish_home", "open_view", "upload", "respond"}
)


def calls_in(*relative: str) -> Iterator[tuple[str, int, ast.Call]]:
    for path in python_files(*relative):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                yield path.relative_to(REPO).as_posix(), node.lineno, node


def receiver(call: ast.Call) -> str | None:
    """`client` for `client.chat_postMessage(...)`; None for calls not on a plain name."""
    func = call.func
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        return func.value.id
    return None


def test_only_the_gateway_calls_the_web_api() -> None:
    violations = [
        f"{file}:{line} calls {call.func.attr}"  # type: ignore[union-attr]
        for file, line, call in calls_in("bot")
        if file != GATEWAY
        and isinstance(call.func, ast.Attribute)
        and WEB_API.match(call.func.attr)
    ]
    assert violations == []


def test_only_the_outbox_makes_slack_show_something() -> None:
    """Use cases may read from Slack through the gateway; every write is the outbox's."""
    violations = [
        f"{file}:{line} calls gateway.{call.func.attr}"  # type: ignore[union-attr]
        for file, line, call in calls_in("bot")
        if file not in (*OUTBOX, GATEWAY)
        and receiver(call) == "gateway"
        and call.func.attr in GATEWAY_WRITES  # type: ignore[union-attr]
    ]
    assert violations == []


def test_handlers_call_nothing_on_slack_but_the_ack() -> None:
    """A listener acks, makes one use-case call and hands the result to the outbox: it
    never calls the client, `respond` or `say` itself."""
    violations = [
        f"{file}:{line} calls {ast.unparse(call.func)}"
        for file, line, call in calls_in("bot/handlers")
        if receiver(call) == "client"
        or (isinstance(call.func, ast.Name) and call.func.id in ("respond", "say"))
    ]
    assert violations == []


def test_only_the_gateway_imports_slack_sdk_in_services() -> None:
    violations = [
        f"{file}:{line} imports {module}"
        for file, line, module in imports_of("bot/services")
        if is_under(module, *SLACK) and file != GATEWAY
    ]
    assert violations == []


def test_handlers_take_from_slack_sdk_only_the_client_type() -> None:
    violations = [
        f"{file}:{line} imports {module}"
        for file, line, module in imports_of("bot/handlers")
        if is_under(module, "slack_sdk") and module != "slack_sdk"
    ]
    assert violations == []


def test_blocks_import_no_store_and_no_slack() -> None:
    violations = [
        f"{file}:{line} imports {module}"
        for file, line, module in imports_of("bot/blocks")
        if is_under(module, "bot.store", "bot.services", "sqlmodel", "sqlalchemy", *SLACK)
    ]
    assert violations == []


def test_the_rules_see_real_calls() -> None:
    """The call finders match what they are meant to (so the rules above can fail)."""
    source = "client.chat_postMessage(channel='C')\ngateway.post('C', 'hi')\nrespond(text='x')"
    calls = [n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Call)]
    assert [receiver(c) for c in calls] == ["client", "gateway", None]
    assert WEB_API.match("chat_postMessage") and WEB_API.match("files_upload_v2")
    assert not WEB_API.match("post") and not WEB_API.match("chat")
