"""`python -m bot` as an operator runs it: settings from the environment, a real process."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.e2e.conftest import CHANNEL
from tests.slack_standin.driver import Slack
from tests.slack_standin.server import SlackStandin

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    env.pop("DATABASE_URL", None)
    for proxy in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        env.pop(proxy, None)
    env.update(extra)
    return env


def run_bot(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`python -m bot args…` in `tmp_path`, to its end."""
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=tmp_path,
        env=clean_env(PYTHONPATH=str(ROOT), **env),
        capture_output=True,
        text=True,
        timeout=60,
    )


@contextmanager
def bot_process(tmp_path: Path, **env: str) -> Iterator[subprocess.Popen[str]]:
    process = subprocess.Popen(
        [sys.executable, "-m", "bot"],
        cwd=tmp_path,
        env=clean_env(PYTHONPATH=str(ROOT), **env),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def wait_for_health(port: int, process: subprocess.Popen[str]) -> bytes:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"bot exited: {process.stdout.read() if process.stdout else ''}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                return bytes(r.read())
        except OSError:
            time.sleep(0.1)  # polling a starting process, not waiting on the scheduler
    raise AssertionError("the bot never answered /healthz")


@pytest.mark.parametrize(
    ("env", "says"),
    [
        ({}, "SLACK_BOT_TOKEN is missing"),
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_SIGNING_SECRET is missing"),
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, "for Socket Mode, set SLACK_APP_TOKEN"),
        ({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "PORT": "http"}, "PORT"),
        ({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xoxp-wrong"}, "SLACK_APP_TOKEN"),
        (
            {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "DATABASE_URL": "mysql://x"},
            "DATABASE_URL",
        ),
    ],
)
def test_bad_settings_stop_the_bot_with_one_line(tmp_path: Path, env: dict, says: str) -> None:
    result = run_bot(tmp_path, **env)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and says in lines[0] and "Traceback" not in result.stderr


def test_credentials_slack_refuses_stop_the_bot_with_one_line(
    tmp_path: Path, standin: SlackStandin
) -> None:
    result = run_bot(
        tmp_path,
        SLACK_BOT_TOKEN="xoxb-not-the-right-one",
        SLACK_SIGNING_SECRET="s",
        SLACK_API_URL=standin.api_url,
    )
    assert result.returncode == 2
    assert "SLACK_BOT_TOKEN" in result.stderr and "Traceback" not in result.stderr


def test_a_slack_api_nobody_answers_stops_the_bot_with_one_line(tmp_path: Path) -> None:
    with socket.socket() as closed:  # a port nothing listens on
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    result = run_bot(
        tmp_path,
        SLACK_BOT_TOKEN="xoxb-1",
        SLACK_SIGNING_SECRET="s",
        SLACK_API_URL=f"http://127.0.0.1:{port}/api/",
    )
    assert result.returncode == 2
    assert "did not answer" in result.stderr and "SLACK_API_URL" in result.stderr
    assert "Traceback" not in result.stderr


def test_help_describes_the_commands_and_every_setting(tmp_path: Path) -> None:
    result = run_bot(tmp_path, "--help")
    assert result.returncode == 0 and result.stderr == ""
    for word in ("migrate", "rotate-key", "new-key", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN"):
        assert word in result.stdout
    for word in ("SLACK_SIGNING_SECRET", "DATABASE_URL", "SLACK_API_URL", "SETBOT_POST_RATE"):
        assert word in result.stdout
    assert not (tmp_path / "setbot.db").exists()  # help touches nothing


def test_migrate_command_creates_the_default_sqlite_file(tmp_path: Path) -> None:
    result = run_bot(tmp_path, "migrate")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "setbot.db").exists()


def test_http_mode_serves_health_and_signed_commands(tmp_path: Path, standin: SlackStandin) -> None:
    standin.add_user("UANA", "ana")
    standin.add_channel(CHANNEL, "action-set", members=["UANA"])
    port = free_port()
    with bot_process(
        tmp_path,
        SLACK_BOT_TOKEN="xoxb-test",
        SLACK_SIGNING_SECRET=standin.signing_secret,
        SLACK_API_URL=standin.api_url,
        PORT=str(port),
    ) as process:
        assert b'"ok": true' in wait_for_health(port, process)
        slack = Slack(standin, standin.http_transport(f"http://127.0.0.1:{port}"))
        reply = slack.command("UANA", CHANNEL, "help")
        assert reply.ok and "/set create" in (reply.message or {}).get("text", "")
        forged = standin.http_transport(f"http://127.0.0.1:{port}", forge=True)
        assert Slack(standin, forged).command("UANA", CHANNEL, "help").status == 401
        process.terminate()
        said = process.communicate(timeout=20)[0]
    assert "WARNING" not in said, said  # a calm start: nothing to warn about
    assert "apscheduler" not in said, said  # no per-wake-up lines at INFO
    assert (tmp_path / "setbot.db").exists()


def test_socket_mode_connects_and_answers_commands(tmp_path: Path, standin: SlackStandin) -> None:
    standin.add_user("UANA", "ana")
    standin.add_channel(CHANNEL, "action-set", members=["UANA"])
    with bot_process(
        tmp_path,
        SLACK_BOT_TOKEN="xoxb-test",
        SLACK_APP_TOKEN="xapp-test",
        SLACK_API_URL=standin.api_url,
    ):
        transport = standin.socket_transport()
        transport.wait_connected(timeout=30)
        reply = Slack(standin, transport).command("UANA", CHANNEL, "bogus")
        text = (reply.message or {}).get("text", "")
        assert "I don't know `/set bogus`" in text and "`/set create`" in text
    assert standin.calls_to("apps.connections.open")
