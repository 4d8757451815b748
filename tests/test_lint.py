"""ruff and mypy are part of the test suite, so the README's one test command (and CI, which
runs it) lints the code too. The rules live in pyproject.toml (``[tool.ruff]``, ``[tool.mypy]``):
these tests only run the tools from the project root and show their output when they fail.
Both are in the ``test`` extra: a missing tool fails here rather than skipping."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    # a hang guard, not a timing: both finish in seconds (mypy ~20 s without its cache)
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=600)


@pytest.mark.slow
def test_ruff_finds_nothing_in_src_and_tests() -> None:
    done = _run("ruff", "check", "src", "tests")
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.slow
def test_mypy_finds_nothing_in_src() -> None:
    done = _run("mypy", "src")
    assert done.returncode == 0, done.stdout + done.stderr
