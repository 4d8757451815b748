"""Batch: inputs, isolation (corrupt, empty, zip bomb, hang, crash), outputs, resume, engines."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from contextlib import closing
from pathlib import Path

import pytest

import reportparse
from reportparse.batch.inputs import iter_items, load

sys.path.insert(0, str(Path(__file__).resolve().parent))
import batch_hooks
from conftest import SAMPLES

TEXTS = sorted((SAMPLES / "text").glob("*.txt"))


def _good(folder: Path, n: int = 6) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i, src in enumerate((TEXTS * (n // len(TEXTS) + 1))[:n]):
        p = folder / f"{i:03d}_{src.name}"
        shutil.copy(src, p)
        out.append(p)
    return out


def _mixed(folder: Path, n: int) -> Path:
    """n good reports, an empty file and an archive (bomb, unsafe names, one good member)."""
    _good(folder, n)
    (folder / "empty.txt").write_bytes(b"")
    _bomb(folder / "bomb.zip", mb=2)
    return folder


def _bomb(path: Path, mb: int = 20) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("bomb.txt", b"\0" * (mb << 20))
        z.writestr("../escape.txt", TEXTS[0].read_bytes())
        z.writestr("/abs.txt", TEXTS[0].read_bytes())
        z.writestr("inside/good.txt", TEXTS[1].read_bytes())


def _nested(path: Path, depth: int) -> None:
    data = TEXTS[2].read_bytes()
    name = "deep.txt"
    for d in range(depth):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr(name, data)
        data, name = buf.getvalue(), f"level{d}.zip"
    path.write_bytes(data)


def canonical(db_path: Path) -> dict[str, list[tuple]]:
    """A run-independent view of a batch database: rows keyed by input, no ids or timings."""
    db = sqlite3.connect(db_path)
    out: dict[str, list[tuple]] = {}
    out["reports"] = sorted(db.execute(
        "SELECT input, sha256, size, format, title, total, grade, n_sections, n_tables, "
        "n_findings, json FROM reports").fetchall())
    out["errors"] = sorted(db.execute("SELECT input, sha256, reason, message FROM errors"))
    for t in ("sections", "tables", "scores", "facts", "findings", "points"):
        cols = [r[1] for r in db.execute(f"PRAGMA table_info({t})") if r[1] != "report_id"]
        out[t] = sorted(db.execute(
            f"SELECT r.input, {', '.join('c.' + c for c in cols)} FROM {t} c "
            "JOIN reports r ON r.id = c.report_id").fetchall(), key=repr)
    db.close()
    return out


# ------------------------------------------------------------------------------- inputs
def test_a_folder_walk_picks_every_registered_format_and_skips_the_rest(tmp_path):
    """Page scans are reports too (issue 17), and so is a format a user registers; a file
    without an extension (README) or of an unknown one is not."""
    from reportparse.ingest import register, unregister

    for name in ("scan.png", "scan.TIF", "report.txt", "README", "data.xyz", "notes.jsonl"):
        (tmp_path / name).write_bytes(b"x")
    with zipfile.ZipFile(tmp_path / "more.zip", "w") as z:
        z.writestr("inner/page.jpg", b"x")
        z.writestr("inner/LICENSE", b"x")

    def picked() -> set[str]:
        return {Path(i.name.split("!")[-1]).name for i in iter_items([tmp_path])}

    assert picked() == {"scan.png", "scan.TIF", "report.txt", "page.jpg"}
    register("jsonl", lambda data, source, options: None, extensions=(".jsonl",))  # type: ignore[arg-type,return-value]
    try:
        assert "notes.jsonl" in picked()
    finally:
        unregister("jsonl")


def test_inputs_folders_globs_zips(tmp_path):
    good = _good(tmp_path / "in" / "sub", 3)
    (tmp_path / "in" / "notes.xyz").write_text("skip me")
    (tmp_path / "in" / ".hidden.txt").write_text("skip me")
    _bomb(tmp_path / "in" / "a.zip", mb=2)
    _nested(tmp_path / "in" / "n2.zip", 2)
    _nested(tmp_path / "in" / "n4.zip", 4)
    items = list(iter_items([tmp_path / "in", str(good[0]), str(tmp_path / "nomatch*.txt"),
                             ("mem.txt", b"x")]))
    names = [i.name for i in items]
    assert len(names) == len(set(names))  # each input once, even when named twice
    by = {Path(i.name).name if "!" not in i.name else i.name.split("!", 1)[1]: i for i in items}
    assert by["bomb.txt"].error[0] == "unsafe"
    assert by["../escape.txt"].error[0] == "unsafe"
    assert by["/abs.txt"].error[0] == "unsafe"
    assert by["inside/good.txt"].error is None
    assert load(by["inside/good.txt"]) == TEXTS[1].read_bytes()
    assert by["level0.zip!deep.txt"].error is None
    assert load(by["level0.zip!deep.txt"]) == TEXTS[2].read_bytes()
    deep = [i for i in items if i.name.startswith(str(tmp_path / "in" / "n4.zip"))]
    assert len(deep) == 1 and deep[0].error[0] == "unsafe"
    assert by["nomatch*.txt"].error[0] == "not_found"
    assert not any(i.name.endswith((".xyz", ".hidden.txt")) for i in items)
    assert sum(1 for i in items if i.name.startswith(str(tmp_path / "in" / "sub"))) == 3


def test_zip_member_that_lies_about_its_size(tmp_path):
    z = tmp_path / "liar.zip"
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("r.txt", TEXTS[0].read_bytes())
    raw = bytearray(z.read_bytes())
    # shrink the declared size in the central directory: reading must not exceed it
    i = raw.find(b"PK\x01\x02")
    raw[i + 24:i + 28] = (10).to_bytes(4, "little")
    z.write_bytes(bytes(raw))
    (item,) = list(iter_items([z]))
    with pytest.raises(reportparse.ReportParseError) as e:
        load(item)
    assert e.value.reason in ("corrupt", "unsafe")


# ------------------------------------------------------------------------------- isolation
@pytest.fixture()
def hostile(tmp_path):
    d = tmp_path / "hostile"
    good = _good(d, 5)
    (d / "empty.txt").write_bytes(b"")
    (d / "random.txt").write_bytes(os.urandom(3000))
    (d / "corrupt.zip").write_bytes(b"PK\x03\x04" + os.urandom(500))
    _bomb(d / "bomb.zip")
    (d / "hang.txt").write_bytes(TEXTS[0].read_bytes() + b"\nHANG-ME\n")
    (d / "crash.txt").write_bytes(TEXTS[0].read_bytes() + b"\nCRASH-ME\n")
    return d, good


EXPECTED_ERRORS = {"empty.txt": "empty", "corrupt.zip": "corrupt", "bomb.zip!bomb.txt":
                   "unsafe", "bomb.zip!../escape.txt": "unsafe", "bomb.zip!/abs.txt":
                   "unsafe", "hang.txt": "timeout", "crash.txt": "internal"}


def _short(name: str) -> str:
    return name.split("hostile" + os.sep, 1)[1]


def test_parse_many_hostile_batch_finishes_with_the_rest_intact(hostile):
    d, _ = hostile
    t0 = time.monotonic()
    results = list(reportparse.parse_many([d], jobs=2, timeout=3,
                                          hook=batch_hooks.pathological))
    assert time.monotonic() - t0 < 80  # a hang guard (~6 s idle, with the 3 s kill), not a timing
    names = [_short(r.input) for r in results]
    assert len(names) == len(set(names)) == 5 + 3 + 4 + 2  # one record per input
    by = {_short(r.input): r for r in results}
    for name, reason in EXPECTED_ERRORS.items():
        assert by[name].status == "error", name
        assert by[name].reason == reason, (name, by[name].message)
    assert by["random.txt"].reason in ("binary", "encoding")
    ok = [r for r in results if r.ok]
    assert len(ok) == 6  # 5 files + the good zip member
    for r in ok:
        assert r.report is not None and r.report.sections
        assert r.report.source.path == r.input
    assert isinstance(by["hang.txt"].error, reportparse.ReportParseError)


def test_batch_sqlite_output_schema_and_summary(hostile, tmp_path):
    d, _ = hostile
    out = tmp_path / "out.sqlite"
    s = reportparse.batch([d], out, jobs=2, timeout=3, hook=batch_hooks.pathological,
                          progress=False)
    assert (s.files, s.ok, s.failed) == (14, 6, 8)
    assert s.failed_by_reason["timeout"] == 1 and s.failed_by_reason["unsafe"] == 3
    db = sqlite3.connect(out)
    assert db.execute("SELECT count(*) FROM reports").fetchone()[0] == 6
    assert db.execute("SELECT count(*) FROM errors").fetchone()[0] == 8
    n_sec = db.execute("SELECT count(*) FROM sections").fetchone()[0]
    assert n_sec > 6
    kinds = {k for (k,) in db.execute("SELECT DISTINCT kind FROM sections")}
    assert {"background", "conclusion"} <= kinds
    indexes = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert {"findings_category", "errors_reason", "sections_kind"} <= indexes
    j = db.execute("SELECT json FROM reports LIMIT 1").fetchone()[0]
    assert json.loads(j)["sections"]
    # the example queries of docs/batch.md run
    db.execute("SELECT reason, count(*) FROM errors GROUP BY reason").fetchall()
    db.execute("SELECT r.input, f.message FROM findings f JOIN reports r ON r.id = f.report_id "
               "WHERE f.severity = 'error'").fetchall()
    db.execute("SELECT k.value, count(DISTINCT p.report_id) FROM points p, "
               "json_each(p.keywords) k WHERE p.kind = 'problem' GROUP BY k.value").fetchall()


def test_outputs_jsonl_csv_xlsx(tmp_path):
    _good(tmp_path / "in", 4)
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    for ext in ("jsonl", "csv", "xlsx"):
        out = tmp_path / f"out.{ext}"
        s = reportparse.batch([tmp_path / "in"], out, jobs=1, progress=False)
        assert (s.ok, s.failed) == (4, 1)
        if ext == "jsonl":
            recs = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
            assert len(recs) == 5
            assert sum(1 for r in recs if r["report"]) == 4
            assert {r["reason"] for r in recs if r["status"] == "error"} == {"empty"}
        elif ext == "csv":
            rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
            assert len(rows) == 5 and {r["status"] for r in rows} == {"ok", "error"}
        else:
            from openpyxl import load_workbook

            wb = load_workbook(out, read_only=True)
            assert wb.sheetnames == ["summary", "findings"]
            rows = list(wb["summary"].iter_rows(values_only=True))
            assert rows[0][:7] == ("file", "status", "title", "total", "grade", "errors",
                                   "warnings")
            assert len(rows) == 6
            assert not Path(f"{out}.partial.sqlite").exists()


def test_torn_last_line_is_cut_on_resume(tmp_path):
    good = _good(tmp_path / "in", 3)
    for ext in ("jsonl", "csv"):
        out = tmp_path / f"o.{ext}"
        reportparse.batch(good[:2], out, jobs=1, progress=False)
        with open(out, "ab") as f:
            f.write(b'{"input": "torn')  # a kill in the middle of a write
        s = reportparse.batch(good, out, jobs=1, resume=True, progress=False)
        assert (s.skipped, s.ok) == (2, 1)
        lines = out.read_text(encoding="utf-8-sig").splitlines()
        assert len(lines) == 3 + (ext == "csv")
        assert "\"input\": \"torn" not in out.read_text(encoding="utf-8-sig")


# ------------------------------------------------------------------------------- resume
KILL_SCRIPT = """
import sys
sys.path.insert(0, {tests!r})
import batch_hooks, reportparse
reportparse.batch([{inp!r}], {out!r}, jobs=2, timeout=5, hook=batch_hooks.slow,
                  progress=False)
"""


@pytest.mark.slow
def test_kill_9_then_resume_equals_uninterrupted_run(tmp_path):
    inp = _mixed(tmp_path / "in", 60)
    full, part = tmp_path / "full.sqlite", tmp_path / "part.sqlite"
    reportparse.batch([inp], full, jobs=2, progress=False)
    script = KILL_SCRIPT.format(tests=str(Path(__file__).parent), inp=str(inp), out=str(part))
    proc = subprocess.Popen([sys.executable, "-c", script], start_new_session=True)
    deadline = time.monotonic() + 60
    n = 0
    while time.monotonic() < deadline:
        time.sleep(0.05)
        if part.exists():
            try:
                with closing(sqlite3.connect(part, timeout=0.1)) as db:
                    n = db.execute("SELECT (SELECT count(*) FROM reports) + "
                                   "(SELECT count(*) FROM errors)").fetchone()[0]
            except sqlite3.Error:
                continue
            if n >= 15:
                break
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert 15 <= n < 65, "killed halfway"
    half = canonical(part)  # the killed run's output is a valid database
    assert n <= len(half["reports"]) + len(half["errors"]) < 65
    s = reportparse.batch([inp], part, jobs=2, resume=True, progress=False)
    assert s.skipped >= n and s.files == 65
    assert canonical(part) == canonical(full)


# ------------------------------------------------------------------------------- dask
def test_dask_engine_equals_local_engine(tmp_path):
    pytest.importorskip("distributed", reason="dask engine needs reportparse[dask]")
    from distributed import LocalCluster

    inp = _mixed(tmp_path / "in", 6)
    local, dask = tmp_path / "local.sqlite", tmp_path / "dask.sqlite"
    reportparse.batch([inp], local, jobs=2, progress=False)
    with LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1",
                      dashboard_address=None, processes=True) as cluster:
        s = reportparse.batch([inp], dask, engine="dask", scheduler=cluster.scheduler_address,
                              progress=False)
    assert s.files == 6 + 1 + 4
    assert canonical(dask) == canonical(local)


# ------------------------------------------------------------------------------- CLI
def test_cli_batch(tmp_path, capsys):
    from reportparse.cli import main

    _good(tmp_path / "in", 2)
    out = tmp_path / "r.jsonl"
    assert main(["batch", str(tmp_path / "in"), "-o", str(out), "--jobs", "1",
                 "--summary-json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["ok"] == 2 and summary["files"] == 2
    assert main(["batch", str(tmp_path / "in"), "-o", str(out), "--scheduler", "x"]) == 2


def test_readme_sql_examples_run(tmp_path):
    import re

    readme = (Path(__file__).resolve().parents[1] / "docs" / "batch.md").read_text(encoding="utf-8")
    block = re.search(r"```sql\n(.*?)```", readme, re.DOTALL).group(1)
    statements = [s.strip() for s in re.sub(r"--[^\n]*", "", block).split(";") if s.strip()]
    assert len(statements) >= 6
    _good(tmp_path / "in", 3)
    out = tmp_path / "o.sqlite"
    reportparse.batch([tmp_path / "in"], out, jobs=1, progress=False)
    db = sqlite3.connect(out)
    for st in statements:
        db.execute(st).fetchall()


def test_check_stage_findings_flow_into_outputs_and_summary(monkeypatch, tmp_path):
    """The check stage's findings reach the outputs (here a stand-in check, in-process)."""
    import importlib

    from reportparse.batch import pipeline
    from reportparse.batch.inputs import Item
    from reportparse.batch.sinks import SqliteSink
    from reportparse.batch.summary import BatchSummary
    from reportparse.models import Finding, Location, Ref

    def fake_check(report, patterns=None):
        return [Finding(rule="score.sum", category="sum", severity="error",
                        message="一级指标得分合计86.17分，与总分86.47分不一致（相差0.30分）",
                        locations=[Location(section="二、综合评价", ref=Ref(block=3, row=5, col=3),
                                            text="86.47")])]

    monkeypatch.setattr(importlib.import_module("reportparse.check"), "check", fake_check)
    res = pipeline.process_file(Item(name="a.txt", path=str(TEXTS[0])),
                                pipeline.Options(want_rows=True, want_report=True))
    assert res.ok and res.findings == [("sum", "error")]
    assert res.report.findings[0].rule == "score.sum"
    sink = SqliteSink(tmp_path / "x.sqlite")
    sink.write(res)
    sink.close()
    db = sqlite3.connect(tmp_path / "x.sqlite")
    assert db.execute("SELECT n_findings, n_finding_errors FROM reports").fetchone() == (1, 1)
    assert db.execute("SELECT category, severity, section, tbl, row, quote FROM findings"
                      ).fetchone() == ("sum", "error", "二、综合评价", 3, 5, "86.47")
    s = BatchSummary()
    s.add(res)
    assert s.findings_by[("sum", "error")] == 1


def test_xlsx_interrupted_then_resumed(tmp_path):
    from openpyxl import load_workbook

    from reportparse.batch.inputs import Item
    from reportparse.batch.pipeline import Options, process_file
    from reportparse.batch.sinks import XlsxSink

    good = _good(tmp_path / "in", 4)
    out = tmp_path / "r.xlsx"
    sink = XlsxSink(out)
    for p in good[:2]:
        sink.write(process_file(Item(name=str(p), path=str(p)), Options(want_rows=True)))
    sink.close(complete=False)  # interrupted: no workbook yet, the sidecar stays
    assert not out.exists() and Path(f"{out}.partial.sqlite").exists()
    s = reportparse.batch(good, out, jobs=1, resume=True, progress=False)
    assert (s.skipped, s.ok) == (2, 2)
    rows = list(load_workbook(out, read_only=True)["summary"].iter_rows(values_only=True))
    assert sorted(r[0] for r in rows[1:]) == sorted(str(p) for p in good)
    assert not Path(f"{out}.partial.sqlite").exists()


def test_inputs_that_give_no_file_are_recorded(tmp_path):
    (tmp_path / "empty").mkdir()
    items = list(iter_items([tmp_path / "empty", tmp_path / "missing.txt",
                             str(tmp_path / "*.nothing")]))
    assert [i.error[0] for i in items] == ["not_found"] * 3
    s = reportparse.batch([tmp_path / "empty", tmp_path / "missing.txt"],
                          tmp_path / "o.sqlite", progress=False)
    assert (s.files, s.failed) == (2, 2)


def test_cli_batch_bad_output_exits_2(tmp_path, capsys):
    from reportparse.cli import main

    _good(tmp_path / "in", 1)
    for out in ("no/such/dir/o.sqlite", "no/such/dir/o.xlsx", "no/such/dir/o.jsonl"):
        assert main(["batch", str(tmp_path / "in"), "-o", str(tmp_path / out), "-q"]) == 2
        assert "reportparse: error:" in capsys.readouterr().err
    notdb = tmp_path / "text.sqlite"
    notdb.write_text("not a database")
    assert main(["batch", str(tmp_path / "in"), "-o", str(notdb), "--resume", "-q"]) == 2


def test_archive_without_reports_and_docx_named_zip(tmp_path):
    with zipfile.ZipFile(tmp_path / "pics.zip", "w") as z:
        z.writestr("a.bmp", b"BM....")  # no reader for .bmp (a .png is a page scan: OCR)
    with zipfile.ZipFile(tmp_path / "report.zip", "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    items = {Path(i.name).name: i for i in iter_items([tmp_path / "pics.zip",
                                                        tmp_path / "report.zip"])}
    assert items["pics.zip"].error[0] == "empty"
    assert items["report.zip"].error is None and not items["report.zip"].members


def test_never_overwrites_a_file_that_is_not_an_output(tmp_path):
    doc = tmp_path / "precious.docx"
    doc.write_bytes(b"PK\x03\x04 a user's document")
    _good(tmp_path / "in", 1)
    with pytest.raises(OSError, match="not an SQLite database"):
        reportparse.batch([tmp_path / "in"], doc, progress=False)
    assert doc.read_bytes() == b"PK\x03\x04 a user's document"


def test_archive_guards_match_the_docx_guards():
    from reportparse.batch import inputs
    from reportparse.ingest import zipsafe

    assert inputs.RATIO_CHECK_ABOVE == zipsafe.RATIO_CHECK_ABOVE


def test_workers_recycled_every_n_files_lose_nothing(tmp_path):
    good = _good(tmp_path / "in", 7)
    results = list(reportparse.parse_many(good, jobs=2, max_tasks_per_child=2))
    assert sorted(r.input for r in results) == sorted(str(p) for p in good)
    assert all(r.ok for r in results)
