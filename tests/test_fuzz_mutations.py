"""A short, seeded run of the mutation fuzzer (the long run is on demand: see its docstring)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "fuzz"))

import mutate  # noqa: E402


def test_mutated_samples_end_as_reports_or_typed_errors(capsys):
    code = mutate.main(["--iterations", "150", "--seed", "7", "--timeout", "10"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "ok" in out or "error:" in out
