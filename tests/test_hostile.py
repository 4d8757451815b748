"""Hostile input, round two (issue 18): spreadsheet outputs, colliding records, CLI/API edges,
Unicode, leaks and bounds. Inputs come from the bad-input corpus builders (tests/bad)."""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import pytest

import reportparse

sys.path.insert(0, str(Path(__file__).resolve().parent / "bad"))
import make_bad  # noqa: E402


def _hostile_folder(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "formula.txt").write_bytes(make_bad.formula_title())
    (folder / "control.html").write_bytes(make_bad.control_title())
    (folder / "a\x01b\x07.txt").write_bytes(make_bad.formula_title())  # control chars in a name
    (folder / "=1+1.txt").write_bytes(b"")  # a formula as a file name, and an error row
    (folder / "@cmd.txt").write_bytes(make_bad.formula_title())
    return folder


# ------------------------------------------------------------------ 1. formula injection
def test_xlsx_output_has_no_formula_and_no_forbidden_character(tmp_path):
    from openpyxl import load_workbook

    src = _hostile_folder(tmp_path / "in")
    out = tmp_path / "o.xlsx"
    s = reportparse.batch([src], out, jobs=1, progress=False)
    assert s.files == 5
    wb = load_workbook(out)
    texts = []
    for ws in wb:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (ws.title, c.coordinate, c.value)
                if isinstance(c.value, str):
                    texts.append(c.value)
                    assert not any(ord(ch) < 32 and ch not in "\t\n\r" for ch in c.value)
    assert make_bad.FORMULA in texts  # kept verbatim, stored as text
    assert any(t.startswith("=1+1") or t.endswith("=1+1.txt") for t in texts)
    assert any("a\ufffdb\ufffd.txt" in t for t in texts)


def test_csv_output_neutralises_formula_cells(tmp_path):
    src = _hostile_folder(tmp_path / "in")
    out = tmp_path / "o.csv"
    reportparse.batch([src], out, jobs=1, progress=False)
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert len(rows) == 5
    for row in rows:
        for v in row.values():
            assert not v.startswith(("=", "+", "@", "\t", "\r")), v
            assert not (v.startswith("-") and not v[1:].replace(".", "").isdigit()), v
    assert "'" + make_bad.FORMULA in {r["title"] for r in rows}


def test_cell_helpers():
    from reportparse.export.tabular import XLSX_MAX_CELL, csv_cell, formula_like, xlsx_text

    for s in ("=1", "+A1", "-2+3+cmd|' /C calc'!A0", "@SUM(1)", "\tx", "\rx"):
        assert formula_like(s) and csv_cell(s) == "'" + s
    for s in ("-3", "+4.5", "86.47", "某报告", "", "a=b"):
        assert not formula_like(s) and csv_cell(s) == s
    assert csv_cell(5) == 5 and csv_cell(None) is None
    assert xlsx_text("a\x00b\x1bc\ud800") == "a\ufffdb\ufffdc\ufffd"
    assert len(xlsx_text("x" * 100_000)) == XLSX_MAX_CELL
