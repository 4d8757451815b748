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


# ------------------------------------------------------------------ 2. colliding records
def test_colliding_names_get_unique_keys_and_each_input_one_record(tmp_path):
    import sqlite3

    src = tmp_path / "in"
    make_bad.colliding_inputs(src)
    out = tmp_path / "o.sqlite"
    s = reportparse.batch([src, src / "a.zip"], out, jobs=1,
                          progress=False)  # a.zip twice
    assert s.files == 5
    with sqlite3.connect(out) as db:
        names = [r[0] for r in db.execute("SELECT input FROM reports UNION ALL "
                                          "SELECT input FROM errors")]
        errors = dict(db.execute("SELECT input, reason FROM errors"))
    assert len(names) == len(set(names)) == 5
    base = str(src / "a.zip")
    assert {f"{base}!x.txt", f"{base}!x#2.txt", f"{base}!dup.txt", f"{base}!dup#2.txt",
            f"{base}!dup#2#2.txt"} == set(names)
    # the second dup.txt member is the empty one, the real file is the later x.txt
    assert errors == {f"{base}!dup#2.txt": "empty", f"{base}!x#2.txt": "empty"}


def test_same_file_reached_twice_is_one_input(tmp_path):
    from reportparse.batch.inputs import iter_items

    src = tmp_path / "in"
    src.mkdir()
    (src / "r.txt").write_bytes(make_bad.formula_title())
    items = list(iter_items([src, src / "r.txt", str(src) + "/./r.txt"]))
    assert [i.name for i in items] == [str(src / "r.txt")]


def test_a_second_writer_on_one_output_is_refused(tmp_path, capsys):
    from reportparse.batch.sinks import OutputLock
    from reportparse.cli import main

    src = _hostile_folder(tmp_path / "in")
    out = tmp_path / "o.sqlite"
    reportparse.batch([src], out, jobs=1, progress=False)
    before = out.read_bytes()
    lock = OutputLock(out)  # another batch is running on OUT
    try:
        for extra in ([], ["--resume"]):
            assert main(["batch", str(src), "-o", str(out), "-q", *extra]) == 2
            err = capsys.readouterr().err
            assert err.startswith("reportparse: error: another batch is writing")
            assert err.count("\n") == 1
        with pytest.raises(OSError, match="another batch"):
            reportparse.batch([src], out, progress=False)
    finally:
        lock.release()
    assert out.read_bytes() == before  # the refused runs touched nothing
    assert main(["batch", str(src), "-o", str(out), "-q", "--resume"]) == 0
    assert not Path(f"{out}.lock").exists()


def test_two_concurrent_resume_runs_are_safe(tmp_path):
    import sqlite3
    import subprocess

    src = _hostile_folder(tmp_path / "in")
    out = tmp_path / "o.sqlite"
    cmd = [sys.executable, "-m", "reportparse.cli", "batch", str(src), "-o", str(out), "-q",
           "--resume", "-j", "1"]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode in (0, 2), err
        assert "Traceback" not in err and err.count("\n") <= 1, err
    with sqlite3.connect(out) as db:
        n = db.execute("SELECT (SELECT count(*) FROM reports) + "
                       "(SELECT count(*) FROM errors)").fetchone()[0]
    assert n == 5
