"""The benchmarks still run (they import the bot's internals, which move): a tiny run of
each, checking what it prints, never how fast (these machines are noisy)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


def run(script: str, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    done = subprocess.run(
        [sys.executable, str(BENCH / script), *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.mark.parametrize(
    ("script", "args", "expected"),
    [
        ("sql_counts.py", ("--meetings", "3"), "Next: check-in → first report-back turn"),
        ("channel_noise.py", (), "top-level posts: 6"),
        ("programme_home.py", ("--sets", "3", "--meetings", "2", "--runs", "1"), "SQL statements"),
        ("fanout.py", ("--totals", "20", "--members", "10"), "first÷bare"),
        ("fanout.py", ("--totals", "20", "--members", "10", "--separate"), "first÷bare"),
        ("ack.py", ("--sets", "20", "--requests", "16", "--clients", "2"), "p99 ratio"),
    ],
)
def test_a_benchmark_runs_and_prints_its_figures(
    script: str, args: tuple[str, ...], expected: str
) -> None:
    assert expected in run(script, *args)


def test_the_soak_prints_each_apps_growth() -> None:
    out = run("soak.py", "--sets", "20", "--requests", "300", "--every", "100", "--clients", "2")
    lines = out.splitlines()
    for app in ("Setbot", "bare Bolt"):
        assert any(line.startswith(app) and "growth:" in line for line in lines), out
    assert "target: within 10%" in out


def test_the_crash_benchmark_loses_nothing_and_sends_nothing_twice() -> None:
    """A real `python -m bot` SIGKILLed mid fan-out, then restarted (a minute: the lease)."""
    out = run("crash.py", "--prompts", "30", "--kill-after", "8", "--rate", "50")
    assert "killed after" in out and "lost 0, duplicated 0" in out, out
