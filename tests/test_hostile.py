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


# ------------------------------------------------------------------ 3. CLI and API edges
def _one_line_error(capsys) -> str:
    err = capsys.readouterr().err
    assert err.startswith("reportparse: error: ") and err.count("\n") == 1, err
    assert len(err) < 400
    return err


@pytest.mark.parametrize("extra", [
    ["--timeout", "-1"], ["--timeout", "nan"], ["--max-tasks-per-child", "0"],
    ["--jobs", "-2"],
])
def test_batch_option_values_refused_before_work(tmp_path, capsys, extra):
    from reportparse.cli import main

    src = _hostile_folder(tmp_path / "in")
    out = tmp_path / "o.sqlite"
    assert main(["batch", str(src), "-o", str(out), "-q", *extra]) == 2
    _one_line_error(capsys)
    assert not out.exists()


def test_output_paths_refused_before_work(tmp_path, capsys):
    from reportparse.cli import main

    src = _hostile_folder(tmp_path / "in")
    (tmp_path / "dir.xlsx").mkdir()
    bad = [str(tmp_path), str(tmp_path / "dir.xlsx"), "/proc/o.sqlite", "/proc/self/o.xlsx",
           str(tmp_path / ("x" * 5000 + ".xlsx")), str(tmp_path / ("y" * 250 + ".xlsx")),
           str(tmp_path / "missing" / "o.csv")]
    for out in bad:
        assert main(["batch", str(src), "-o", out, "-q"]) == 2, out
        _one_line_error(capsys)
        if "missing" not in out:  # review creates missing folders
            assert main(["review", str(src / "formula.txt"), "-o", out]) == 2, out
            _one_line_error(capsys)
    assert main(["batch", str(src), "-o", str(tmp_path / "o.xlsx"), "-q",
                 "--html-dir", str(src / "formula.txt")]) == 2
    _one_line_error(capsys)
    assert main(["check", str(src / "formula.txt"), "--html", "/proc/x.html"]) == 2
    _one_line_error(capsys)
    assert not list(tmp_path.glob("*.xlsx*")) or (tmp_path / "dir.xlsx").is_dir()


def test_long_and_odd_input_names_are_one_line_errors(tmp_path, capsys):
    from reportparse.cli import main

    assert main(["parse", "z" * 5000 + ".txt"]) == 2
    assert "…" in _one_line_error(capsys)
    assert main(["parse", str(tmp_path / "a\x1b[2Jb.txt")]) == 2
    assert "\x1b" not in _one_line_error(capsys)


@pytest.mark.parametrize("enc", ["undefined", "rot13", "base64", "no-such-codec", "",
                                 "utf-8\x00"])
def test_bad_encodings_refused_up_front(tmp_path, capsys, enc):
    from reportparse.cli import main

    src = _hostile_folder(tmp_path / "in")
    for cmd in (["parse"], ["check"]):
        assert main([*cmd, str(src / "formula.txt"), "--encoding", enc]) == 2
        _one_line_error(capsys)
    with pytest.raises(reportparse.ReportParseError) as e:
        reportparse.parse(src / "formula.txt", encoding=enc)
    assert e.value.reason == "encoding"


class _FailingRead:
    name = "broken-stream"

    def read(self, *_):
        raise OSError("device gone")


class _TextStream:
    def read(self, *_):
        return "not bytes"


@pytest.mark.parametrize("source", [
    memoryview(make_bad.formula_title()), 5, None, 3.5, object(), _FailingRead(), _TextStream(),
    "a\x00b.txt", b"\x00" * 10, "", "x" * 5000, ["a.txt"], Path("/proc/self"),
])
def test_parse_raises_only_reportparseerror(source):
    try:
        r = reportparse.parse(source)
    except reportparse.ReportParseError as e:
        assert e.reason != "internal", e
        assert "\n" not in e.message
    else:
        assert isinstance(source, memoryview) and r.blocks


def test_stdin_is_read_with_a_bound(monkeypatch, capsys):
    from reportparse import cli
    from reportparse.limits import DEFAULT_LIMITS

    asked = []

    class Stdin:
        class buffer:  # noqa: N801
            @staticmethod
            def read(n=-1):
                asked.append(n)
                return make_bad.formula_title()

    monkeypatch.setattr(cli.sys, "stdin", Stdin)
    assert cli.main(["parse", "-"]) == 0
    assert asked == [DEFAULT_LIMITS.max_file_bytes + 1]


# ------------------------------------------------------------------ 4. Unicode
@pytest.mark.parametrize("name", ["astral_cjk.pdf", "lone_surrogate.pdf", "sym_surrogate.docx"])
def test_astral_characters_and_lone_surrogates_reach_every_output(tmp_path, capsys, name):
    from reportparse.cli import main

    path = str(make_bad.OUT / name)
    r = reportparse.parse(path)
    text = "\n".join(b.text for b in r.blocks)
    assert "\U00020000" in text  # a pair combined into the one character it encodes
    assert not any("\ud800" <= ch <= "\udfff" for ch in text)
    lone = [w for w in r.warnings if w.code == "lone_surrogate"]
    assert bool(lone) == (name != "astral_cjk.pdf")
    if name == "astral_cjk.pdf":
        assert "\U0002A6D6" in text
    else:
        assert "\ufffd" in text
    for args in (["--json"], ["--markdown"], ["--tree"]):
        assert main(["parse", path, *args]) == 0
        assert "\U00020000" in capsys.readouterr().out or args == ["--tree"]
    assert main(["review", path, "-o", str(tmp_path / "r.html")]) == 0
    for ext in ("sqlite", "jsonl", "csv", "xlsx"):
        s = reportparse.batch([path], tmp_path / f"o.{ext}", progress=False)
        assert s.ok == 1, ext


def test_fix_text_combines_pairs_and_replaces_lone_halves():
    from reportparse.ingest.surrogates import fix_text

    assert fix_text("a\ud840\udc00b") == ("a\U00020000b", 0)
    assert fix_text("\udc00\ud840") == ("\ufffd\ufffd", 2)
    assert fix_text("\ud840\ud840\udc00") == ("\ufffd\U00020000", 1)
    assert fix_text("普通") == ("普通", 0)


# ------------------------------------------------------------------ 5. smaller leaks
def _codes(name: str, **options: str) -> list[str]:
    return [w.code for w in reportparse.parse(make_bad.OUT / name, **options).warnings]


def test_escape_sequences_never_reach_the_terminal_raw(capsys):
    from reportparse.cli import main

    path = str(make_bad.OUT / "control_chars_title.html")
    for args in (["parse", path], ["parse", path, "--json"], ["parse", path, "--markdown"],
                 ["check", path]):
        main(args)
        out = capsys.readouterr().out
        assert not any(ord(c) < 32 and c not in "\n\t" or 0x7f <= ord(c) <= 0x9f for c in out)
        assert "\\u001b" in out or args[0] == "check"
    import json

    main(["parse", path, "--json"])
    assert "\x1b[31m" in json.loads(capsys.readouterr().out)["title"]  # the data is kept


def test_markdown_never_copies_document_html():
    from reportparse.export.markdown import to_markdown

    h = ("<html><body><h1>某县2023年度项目绩效评价报告&lt;script&gt;alert(1)&lt;/script&gt;</h1>"
         "<h2>一、基本情况&lt;img src=x onerror=alert(1)&gt;</h2><p>&lt;b&gt;粗&lt;/b&gt;</p>"
         "<p># 伪标题</p><table><tr><td>&lt;i&gt;a|b</td><td>2</td></tr><tr><td>3</td>"
         "<td>4</td></tr></table><h2>二、评价结论</h2><p>x</p></body></html>")
    md = to_markdown(reportparse.parse(h.encode(), name="a.html"))
    assert "<script" not in md and "<img" not in md and "<b>" not in md and "<i>" not in md
    assert "&lt;script&gt;" in md and "&lt;img src=x" in md
    assert "\n# " not in md.replace("\n# 某县", "") and "\\#" in md
    assert "a\\|b" in md


@pytest.mark.parametrize("data,name", [
    ("\u3000\u3000\n".encode(), "x.docx"), ("\ufeff \n\u200b".encode("utf-16"), "x.html"),
    ("\u2028\u00a0\t".encode(), "x.pdf"), (" \u3000".encode("utf-16-le"), "x.md"),
    ("\u200b\u2060\n".encode(), "x.txt"),
])
def test_whitespace_only_files_are_empty_whatever_the_extension(data, name):
    with pytest.raises(reportparse.ReportParseError) as e:
        reportparse.parse(data, name=name)
    assert e.value.reason == "empty"


def test_font_without_unicode_map_warns():
    assert "no_unicode_map" in _codes("no_unicode_map.pdf", ocr="never")
    assert "no_unicode_map" not in _codes("astral_cjk.pdf")


def test_font_without_unicode_map_is_read_by_ocr():
    from reportparse.ingest import ocr

    if not ocr.available():
        pytest.skip("the OCR extra is not installed: pip install '.[ocr]'")
    codes = _codes("no_unicode_map.pdf")
    assert "ocr_page" in codes and "no_unicode_map" not in codes


def test_html_parser_limits_warn_instead_of_dropping_silently():
    assert "html_truncated" in _codes("deep_divs.html")
    r = reportparse.parse(make_bad.huge_text_node_html(11), name="huge.html")
    assert any(w.code == "html_truncated" and "10 MB" in w.message for w in r.warnings)
    assert "html_truncated" not in _codes("control_chars_title.html")


@pytest.mark.parametrize("name", ["doctype_after_long_comment.docx", "doctype_utf16.docx",
                                  "doctype_utf16_nobom.docx"])
def test_doctype_refused_however_hidden(name):
    with pytest.raises(reportparse.ReportParseError) as e:
        reportparse.parse(make_bad.OUT / name)
    assert e.value.reason == "unsafe"


def test_library_warnings_stay_off_stderr(monkeypatch, capsys):
    import logging
    import warnings

    from reportparse import cli

    real = cli.parse

    def chatty(*a, **k):
        warnings.warn("a library's UserWarning", UserWarning, stacklevel=1)
        logging.getLogger("pdfminer.pdfpage").error("CropBox missing from /Page")
        return real(*a, **k)

    monkeypatch.setattr(cli, "parse", chatty)
    root = logging.getLogger()
    handlers = list(root.handlers)
    monkeypatch.setattr(root, "handlers", [])
    with warnings.catch_warnings():
        assert cli.main(["parse", str(make_bad.OUT / "formula_title.txt")]) == 0
    root.handlers[:] = handlers
    assert capsys.readouterr().err == ""


# ------------------------------------------------------------------ 6. bounded stages
# Sizes finish in about a second when the stage is linear and would take minutes when it is
# quadratic; the time asserts are hang guards (≥10× the linear time), not benchmarks.
def _timed(data: bytes, name: str, limits=None):
    import time

    from reportparse.limits import DEFAULT_LIMITS

    t = time.perf_counter()
    try:
        out = reportparse.parse(data, name=name, limits=limits or DEFAULT_LIMITS)
    except reportparse.ReportParseError as e:
        out = e
    return out, time.perf_counter() - t


def test_based_on_chain_is_linear():
    r, s = _timed(make_bad.based_on_chain(30_000), "chain.docx")
    assert not isinstance(r, Exception) and s < 30


def test_shared_header_part_is_parsed_once(monkeypatch):
    from reportparse.ingest import docx

    calls = []
    real = docx._Package.xml

    def counting(self, name):
        calls.append(name)
        return real(self, name)

    monkeypatch.setattr(docx._Package, "xml", counting)
    r, s = _timed(make_bad.shared_header(5_000), "hdr.docx")
    assert not isinstance(r, Exception)
    assert calls.count("word/header1.xml") == 1 and len(r.meta.headers) == 1


def test_long_lvl_text_is_cut():
    r, s = _timed(make_bad.long_lvl_text(300_000, 200), "lvl.docx")
    assert not isinstance(r, Exception) and s < 30
    numbered = [b for b in r.blocks if getattr(b, "auto_number", None)]
    assert numbered and all(len(b.auto_number) <= 64 * 3 for b in numbered)  # 32 × "200"


def test_footnote_references_multiplied_past_the_text_limit_are_refused():
    r, _ = _timed(make_bad.many_footnote_refs(20_000, 1_000), "fn.docx")
    assert isinstance(r, reportparse.ReportParseError) and r.reason == "too_large"
    r, _ = _timed(make_bad.many_footnote_refs(50, 10), "fn.docx")
    assert not isinstance(r, Exception) and len(r.meta.notes) == 50


@pytest.mark.parametrize("fmt", ["docx", "html", "md", "txt"])
def test_cells_are_bounded_before_they_are_built(fmt):
    from reportparse.limits import Limits

    r, s = _timed(make_bad.wide_table(fmt, 20_000), f"w.{fmt}")  # 200,000 cells
    assert isinstance(r, reportparse.ReportParseError) and r.reason == "too_large", r
    assert "max_cells" in r.message and s < 30
    r, _ = _timed(make_bad.wide_table(fmt, 30, 4), f"w.{fmt}", Limits(max_cells=100))
    assert isinstance(r, reportparse.ReportParseError) and "max_cells" in r.message
    r, _ = _timed(make_bad.wide_table(fmt, 20, 4), f"w.{fmt}", Limits(max_cells=100))
    assert not isinstance(r, Exception) and r.tables


def test_xml_parts_are_bounded_before_parsing():
    from reportparse.limits import Limits

    data = make_bad.docx(make_bad.body(make_bad.para("一、基本情况") * 20_000))
    r, _ = _timed(data, "big.docx", Limits(max_xml_bytes=100_000))
    assert isinstance(r, reportparse.ReportParseError) and "max_xml_bytes" in r.message


def test_text_bytes_are_bounded_before_decoding(monkeypatch):
    from reportparse.ingest import text
    from reportparse.limits import Limits

    def boom(*a, **k):
        raise AssertionError("decoded")

    monkeypatch.setattr(text, "decode", boom)
    for name in ("big.txt", "big.md", "big.html"):
        r, _ = _timed(b"x" * 5_000 + b"\xff", name, Limits(max_text_chars=1_000))
        assert isinstance(r, reportparse.ReportParseError) and r.reason == "too_large", name


def test_batch_workers_have_a_memory_cap(tmp_path):
    import sqlite3

    from reportparse.limits import Limits

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import batch_hooks

    src = tmp_path / "in"
    src.mkdir()
    (src / "greedy.txt").write_bytes(make_bad.formula_title() + b"EAT-MEMORY\n")
    (src / "fine.txt").write_bytes(make_bad.formula_title())
    out = tmp_path / "o.sqlite"
    s = reportparse.batch([src], out, jobs=1, progress=False, hook=batch_hooks.greedy,
                          limits=Limits(max_worker_memory_mb=1024))
    assert (s.ok, s.failed) == (1, 1)
    with sqlite3.connect(out) as db:
        (reason, message), = db.execute("SELECT reason, message FROM errors").fetchall()
    assert reason == "too_large" and "memory" in message


def test_cli_max_memory_flag(tmp_path, capsys):
    from reportparse.cli import main

    src = _hostile_folder(tmp_path / "in")
    assert main(["batch", str(src), "-o", str(tmp_path / "o.sqlite"), "-q",
                 "--max-memory", "-5"]) == 2
    _one_line_error(capsys)
    assert main(["batch", str(src), "-o", str(tmp_path / "o.sqlite"), "-q",
                 "--max-memory", "1500"]) == 0


def test_nested_archives_are_bounded_as_a_tree(tmp_path):
    from reportparse.batch.inputs import iter_items
    from reportparse.limits import Limits

    (tmp_path / "fan.zip").write_bytes(make_bad.nested_zip_fanout(40, 400))  # 16,000 items
    items = list(iter_items([tmp_path / "fan.zip"], Limits(max_archive_items=2_000)))
    ok = [i for i in items if i.error is None]
    refused = [i for i in items if i.error is not None]
    assert len(ok) <= 2_000 and refused
    assert all(i.error[0] == "too_large" and "max_archive_items" in i.error[1] for i in refused)
    assert len(items) < 2_000 + 40  # at most one record per refused archive
    assert len(list(iter_items([tmp_path / "fan.zip"]))) == 16_000  # within the default


@pytest.mark.parametrize("pattern", ["[", "![", "[a](", "*a ", "`a ", "**a ", "__a ", "<a",
                                     "<!--", "$a "])
def test_markdown_inline_patterns_are_linear(pattern):
    data = ("一、基本情况\n\n" + pattern * (200_000 // len(pattern)) + "\n二、评价结论\n").encode()
    r, s = _timed(data, "x.md")
    assert s < 30, f"{pattern!r} took {s:.1f} s"  # was minutes (quadratic rescans)


def test_markdown_inline_markup_still_removed():
    from reportparse.ingest.markup import _md_inline

    assert _md_inline("**粗体**和*斜体*与`代码`、[链接](http://x)![图](a.png)<b>b</b>") == \
        "粗体和斜体与代码、链接b"
    assert _md_inline("**粗 *斜* 体**") == "粗 斜 体"


def test_pdf_pages_sharing_one_stream_stop_at_the_text_limit():
    from reportparse.limits import Limits

    r, s = _timed(make_bad.shared_page_pdf(2_000), "s.pdf", Limits(max_text_chars=100_000))
    assert isinstance(r, reportparse.ReportParseError) and r.reason == "too_large"
    assert "by page" in r.message and s < 60


def test_ruled_grid_of_thousands_of_lines_is_bounded():
    r, s = _timed(make_bad.ruled_grid_pdf(2_000), "g.pdf")
    assert s < 60
    assert isinstance(r, reportparse.ReportParseError) or \
        sum(len(t.cells) for t in r.tables) <= 100_000


def test_numbers_per_block_and_blocks_are_bounded():
    r, s = _timed(("一、基本情况\n" + "1万元" * 200_000 + "\n").encode(), "f.txt")
    assert not isinstance(r, Exception) and s < 30
    assert "facts_skipped" in [w.code for w in r.warnings] and not r.facts
    r, s = _timed(("一、基本情况\n" + "1.\n" * 1_000_000).encode(), "l.txt")
    assert isinstance(r, reportparse.ReportParseError) and "max_blocks" in r.message and s < 30
    from reportparse.limits import Limits

    data = make_bad.docx(make_bad.body(make_bad.para("1.") * 1_500))
    r, s = _timed(data, "l.docx", Limits(max_blocks=1_000))
    assert isinstance(r, reportparse.ReportParseError) and "max_blocks" in r.message


def test_self_drawing_xobject_ends_within_the_hang_guard():
    """A form XObject that draws itself: a result (its text kept) or a one-line error."""
    r, s = _timed(make_bad.self_drawing_pdf(), "self.pdf")
    assert s < 60
    if isinstance(r, reportparse.ReportParseError):
        assert "\n" not in str(r)
    else:
        assert "1,234.56" in r.text


def test_pdf_flate_bomb_refused_before_inflating():
    r, s = _timed(make_bad.flate_bomb_pdf(80), "bomb.pdf")
    assert isinstance(r, reportparse.ReportParseError) and r.reason == "unsafe", r
    assert s < 30
    for name in ("astral_cjk.pdf", "no_unicode_map.pdf"):  # ordinary streams pass
        assert not isinstance(_timed((make_bad.OUT / name).read_bytes(), name)[0], Exception)


# ------------------------------------------------------------------ 7. no network
@pytest.fixture
def http_log():
    """A local HTTP server on 127.0.0.1 that records every request it gets."""
    import http.server
    import threading

    log: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            log.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"\x89PNG")

        def log_message(self, *a):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", log
    server.shutdown()


FAKE_SOFFICE = """#!{python}
# Stands in for LibreOffice: fetches what the document links (as soffice did), then
# 'converts' by copying a sample .docx into --outdir.
import re, shutil, sys, urllib.request, zipfile, pathlib
args = sys.argv[1:]
src = pathlib.Path(args[-1]); out = pathlib.Path(args[args.index("--outdir") + 1])
pathlib.Path({marker!r}).write_text("ran")
data = src.read_bytes()
try:
    data += b"".join(zipfile.ZipFile(src).read(n) for n in zipfile.ZipFile(src).namelist())
except Exception:
    pass
for url in re.findall(rb"https?://127\\.0\\.0\\.1:\\d+/[^\\"' ]*", data):
    try:
        urllib.request.urlopen(url.decode(), timeout=2).read()
    except Exception:
        pass
out.mkdir(parents=True, exist_ok=True)
shutil.copy({docx!r}, out / "input.docx")
"""


def test_converter_never_fetches_linked_content(tmp_path, monkeypatch, http_log):
    url, log = http_log
    marker = tmp_path / "soffice-ran"
    fake = tmp_path / "soffice"
    fake.write_text(FAKE_SOFFICE.format(python=sys.executable, marker=str(marker),
                                        docx=str(make_bad.GOOD_DOCX)))
    fake.chmod(0o755)
    monkeypatch.setenv("REPORTPARSE_SOFFICE", str(fake))
    odt = make_bad.linked_odt(f"{url}/linked.png")
    rtf = ('{\\rtf1{\\field{\\*\\fldinst INCLUDEPICTURE "' + url + '/p.png" \\\\d}}}').encode()
    doc = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + f'INCLUDEPICTURE "{url}/w.png"'.encode("utf-16-le")
    for data, name in ((odt, "linked.odt"), (odt, "linked.docx"), (rtf, "linked.rtf"),
                       (doc, "linked.doc")):
        with pytest.raises(reportparse.ReportParseError) as e:
            reportparse.parse(data, name=name)
        assert e.value.reason == "unsafe", name
    assert not marker.exists() and log == []
    plain = make_bad.linked_odt("Pictures/embedded.png")  # no external link: converted
    r = reportparse.parse(plain, name="plain.odt")
    assert marker.exists() and r.blocks and log == []


def test_readers_never_fetch(http_log):
    url, log = http_log
    html = (f'<html><head><link rel="stylesheet" href="{url}/s.css"><base href="{url}/">'
            f'</head><body><h2>一、基本情况</h2><img src="{url}/i.png"><iframe src="{url}/f">'
            f'</iframe><p>正文<object data="{url}/o"></object></p></body></html>').encode()
    md = f"# 一、基本情况\n\n![图]({url}/m.png) <img src=\"{url}/h.png\">\n".encode()
    rels = make_bad._doc_rels([("image", f"{url}/d.png")]).replace(
        '"/>', '" TargetMode="External"/>')
    docx = make_bad.docx(make_bad.body(make_bad.para("一、基本情况") + make_bad.para("正文")),
                         {"word/_rels/document.xml.rels": rels})
    for data, name in ((html, "a.html"), (md, "a.md"), (docx, "a.docx")):
        reportparse.parse(data, name=name)
    assert log == []


def test_pdf_page_with_too_many_glyphs_is_refused_before_reading_them(monkeypatch):
    from reportparse.ingest import pdf_text

    monkeypatch.setattr(pdf_text, "MAX_PAGE_CHARS", 500)
    data = make_bad.shared_page_pdf(1)  # 720 glyphs on one page
    r, _ = _timed(data, "dense.pdf")
    assert isinstance(r, reportparse.ReportParseError) and r.reason == "too_large"
    assert "page 1" in r.message


def test_ruled_grids_are_bounded_before_the_grid_work(monkeypatch):
    from reportparse.ingest import pdf_tables
    from reportparse.ingest.pdf_text import Seg

    grid = ([Seg(0, 10 * i, 200, 10 * i) for i in range(21)]
            + [Seg(10 * i, 0, 10 * i, 200) for i in range(21)])  # 20 × 20 slots
    assert len(pdf_tables.find_tables(grid, [], 1)) == 1
    monkeypatch.setattr(pdf_tables, "MAX_GRID_SLOTS", 100)  # a drawing now
    assert pdf_tables.find_tables(grid, [], 1) == []
    monkeypatch.setattr(pdf_tables, "MAX_GRID_SLOTS", 20_000)
    monkeypatch.setattr(pdf_tables, "MAX_CROSSINGS", 100)  # 21 × 21 crossings
    assert pdf_tables.find_tables(grid, [], 1) == []


def test_pdf_drawing_bombs_under_the_inflate_bound_are_bounded_per_page():
    r, s = _timed(make_bad.flate_bomb_pdf(2), "small.pdf")  # 140,000 one-point lines: read
    assert not isinstance(r, Exception) and s < 60
    r, s = _timed(make_bad.flate_bomb_pdf(20), "mid.pdf")  # 1.4 million: hung for minutes
    assert isinstance(r, reportparse.ReportParseError) and "objects" in r.message and s < 60


def test_stream_scan_stops_at_the_end_of_each_stream():
    import zlib

    from reportparse.ingest.pdf_open import _inflated_size

    data = zlib.compress(b"0 0 m 1 1 l S\n" * 150_000) + b"\nendstream\nendobj\n" * 10_000
    used, size = _inflated_size(memoryview(data), 64 << 20)
    assert size == 14 * 150_000 and used < len(data)
