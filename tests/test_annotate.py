"""Issue 16: findings written back into the reviewer's own file.

On every injected .docx sample (``samples/gen_errors.py`` rendered in the three .docx styles:
numbers from Heading styles with a TOC, tracked changes and a text box; typed numbers; numbered
outline paragraphs): one Word comment per finding at warning or above, anchored exactly on the
value the finding names, read back with lxml and python-docx; the copy parses to the same
report; only the four parts that carry comments change. PDFs get highlight annotations whose
quad points cover the value's glyphs (read back with pdfium).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from datetime import datetime, UTC

import pytest
from lxml import etree

from annotate_helpers import W, docx_anchored, docx_comments, docx_part
from conftest import SAMPLES, outline

sys.path.insert(0, str(SAMPLES))
from gen_errors import INJECTIONS, checked_variants, inject, render_docx  # noqa: E402

import reportparse  # noqa: E402
from reportparse.annotate import annotate, annotate_bytes  # noqa: E402
from reportparse.cli import main  # noqa: E402
from reportparse.errors import ReportParseError  # noqa: E402
from reportparse.export.annotate import primary, selected  # noqa: E402

VARIANTS = checked_variants()
STYLES = ["auto", "manual", "outline"]
WHEN = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
CHANGED = {"word/document.xml", "word/comments.xml", "[Content_Types].xml",
           "word/_rels/document.xml.rels"}
# Word's automatic numbering cannot repeat a number: the duplicate heading is typed (manual)
CASES = [(cat, VARIANTS[i % len(VARIANTS)], style) for i, cat in enumerate(INJECTIONS)
         for style in STYLES if not (cat == "numbering" and style != "manual")]


def _checked(data: bytes, name: str = "x.docx"):
    r = reportparse.parse(data, name=name)
    reportparse.check(r)
    return r


def _same_report(a, b) -> None:
    """Comments are not content: the same text, outline, tables and findings."""
    assert a.text == b.text
    assert outline(a.sections) == outline(b.sections)
    assert [t.rows for t in a.tables] == [t.rows for t in b.tables]
    assert [f.model_dump(mode="json") for f in a.findings] == \
        [f.model_dump(mode="json") for f in b.findings]


def _members(data: bytes) -> dict[str, bytes]:
    z = zipfile.ZipFile(io.BytesIO(data))
    return {n: z.read(n) for n in z.namelist()}


def _assert_anchored_on_values(report, out: bytes) -> None:
    findings = selected(report.findings, "warning")
    anchored = docx_anchored(out)
    comments = docx_comments(out)
    assert len(comments) == len(findings) == len(anchored)
    for k, f in enumerate(findings):
        c = comments[str(k)]
        assert (c["author"], c["initials"], c["date"]) == ("reportparse", "RP",
                                                           "2026-01-02T03:04:05Z")
        assert f.message in c["text"] and f.rule in c["text"]
        if f.expected:
            assert f.expected in c["text"]
        value = f.locations[primary(f)].text.strip()
        assert anchored[str(k)].strip() == value, (f.rule, f.message)


@pytest.mark.parametrize("category,variant,style", CASES,
                         ids=[f"{c}-{v.name}.{s}" for c, v, s in CASES])
def test_every_finding_is_a_comment_on_its_value(category, variant, style):
    broken, _ = inject(variant, category)
    data = render_docx(broken, style)
    report = _checked(data)
    out, tally = annotate_bytes(report, data, when=WHEN)
    _assert_anchored_on_values(report, out)
    n = len(selected(report.findings, "warning"))
    assert (tally.exact, tally.approximate, tally.unanchored) == (n, 0, 0)
    # every other member byte for byte; the copy reads as the same report
    before, after = _members(data), _members(out)
    assert set(after) - set(before) <= {"word/comments.xml"}
    assert {n for n in before if before[n] != after[n]} <= CHANGED
    _same_report(report, _checked(out))


def test_python_docx_reads_the_comments():
    import docx

    broken, _ = inject(VARIANTS[0], "money_sum")
    data = render_docx(broken, "auto")
    report = _checked(data)
    out, _ = annotate_bytes(report, data, when=WHEN)
    doc = docx.Document(io.BytesIO(out))
    got = list(doc.comments)
    assert len(got) == len(selected(report.findings)) == 3
    assert all(c.author == "reportparse" and c.initials == "RP" for c in got)
    assert got[0].text.startswith(selected(report.findings)[0].message)


def _fragment(data: bytes, value: str) -> bytes:
    """The paragraph holding ``value`` rewritten so the value's characters sit in three runs:
    the middle one a tracked insertion, a tracked deletion in between (the accepted view still
    reads the value)."""
    parts = _members(data)
    root = etree.fromstring(parts["word/document.xml"])
    t = next(t for t in root.iter(W + "t") if t.text and value in t.text)
    r = t.getparent()
    k = t.text.index(value)
    pieces = [t.text[:k + 2], t.text[k + 2:k + 4], t.text[k + 4:]]
    xml = ('<w:p xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           '<w:r><w:t xml:space="preserve">{}</w:t></w:r>'
           '<w:del w:id="901" w:author="a"><w:r><w:delText>旧</w:delText></w:r></w:del>'
           '<w:ins w:id="902" w:author="a"><w:r><w:rPr><w:b/></w:rPr>'
           '<w:t xml:space="preserve">{}</w:t></w:r></w:ins>'
           '<w:r><w:t xml:space="preserve">{}</w:t></w:r></w:p>').format(*pieces)
    new = etree.fromstring(xml)
    for x in list(new):
        r.addprevious(x)
    r.getparent().remove(r)
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for n, b in parts.items():
            z.writestr(n, b)
    return buf.getvalue()


@pytest.mark.parametrize("category,value", [("derived/text", "结转资金15万元"),
                                            ("dates", "2022年6月9日")])
def test_a_value_split_over_runs_and_a_tracked_change_is_anchored_exactly(category, value):
    broken, _ = inject(VARIANTS[1], category)
    data = _fragment(render_docx(broken, "manual"), value)
    report = _checked(data)
    out, tally = annotate_bytes(report, data, when=WHEN)
    assert tally.exact == len(selected(report.findings)) >= 1
    _assert_anchored_on_values(report, out)
    _same_report(report, _checked(out))
    # the inserted run keeps its tracked-change wrapper and its bold after the split
    root = docx_part(out, "word/document.xml")
    ins = [i for i in root.iter(W + "ins") if i.get(W + "id") == "902"]
    assert len(ins) == 1 and ins[0].find(f"{W}r/{W}rPr/{W}b") is not None


def test_highlight_colours_the_anchored_runs_only():
    broken, _ = inject(VARIANTS[1], "derived/text")
    data = render_docx(broken, "manual")
    report = _checked(data)
    out, _ = annotate_bytes(report, data, highlight=True, when=WHEN)
    root = docx_part(out, "word/document.xml")
    lit = "".join(t.text for r in root.iter(W + "r")
                  if r.find(f"{W}rPr/{W}highlight") is not None for t in r.iter(W + "t"))
    assert lit == "结转资金15万元"
    assert {h.get(W + "val") for h in root.iter(W + "highlight")} == {"red"}
    _same_report(report, _checked(out))


def test_min_severity_selects_the_findings():
    broken, _ = inject(VARIANTS[2], "dates")  # dates.order is a warning
    data = render_docx(broken, "manual")
    report = _checked(data)
    out, tally = annotate_bytes(report, data, min_severity="error", when=WHEN)
    assert tally.total == 0 and docx_comments(out) == {}
    out, tally = annotate_bytes(report, data, min_severity="info", when=WHEN)
    assert tally.total == len(report.findings) == len(docx_comments(out)) >= 1


def test_existing_comments_are_kept_and_new_ids_follow_them():
    broken, _ = inject(VARIANTS[0], "sum")
    data = render_docx(broken, "manual")
    report = _checked(data)
    once, _ = annotate_bytes(report, data, when=WHEN)
    twice, _ = annotate_bytes(_checked(once), once, when=WHEN)
    comments = docx_comments(twice)
    assert sorted(comments) == ["0", "1"]
    assert docx_anchored(twice)["0"] == docx_anchored(twice)["1"] == "92.49"
    rels = docx_part(twice, "word/_rels/document.xml.rels")
    assert sum(r.get("Type", "").endswith("/comments") for r in rels) == 1


# --------------------------------------------------------------------------- refusals
BOMB = (b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><w:document '
        b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b'<w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>')


@pytest.mark.parametrize("member", ["word/document.xml", "[Content_Types].xml"])
def test_a_hostile_docx_is_refused_before_anything_is_written(tmp_path, member):
    broken, _ = inject(VARIANTS[0], "sum")
    parts = _members(render_docx(broken, "manual"))
    parts[member] = BOMB if member == "word/document.xml" else \
        parts[member].replace(b"?>", b'?><!DOCTYPE Types SYSTEM "http://example.invalid/x">', 1)
    src = tmp_path / "hostile.docx"
    with zipfile.ZipFile(src, "w") as z:
        for n, b in parts.items():
            z.writestr(n, b)
    out = tmp_path / "out" / "annotated.docx"
    with pytest.raises(ReportParseError) as e:
        annotate(src, out)
    assert e.value.reason == "unsafe"
    assert not (tmp_path / "out").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hostile.docx"]


@pytest.mark.parametrize("path", [SAMPLES / "text" / "department.plain.txt",
                                  SAMPLES / "markup" / "report.md",
                                  SAMPLES / "markup" / "report.html"])
def test_text_and_markup_get_a_one_line_error_pointing_at_the_html_page(tmp_path, path):
    with pytest.raises(ReportParseError) as e:
        annotate(path, tmp_path / "out")
    assert e.value.reason == "unsupported_format"
    assert "check FILE --html" in e.value.message and "\n" not in e.value.message
    assert not (tmp_path / "out").exists()


# --------------------------------------------------------------------------- command line
def test_cli_annotate_and_check_annotate(tmp_path, capsys):
    broken, _ = inject(VARIANTS[0], "money_sum")
    src = tmp_path / "in.docx"
    src.write_bytes(render_docx(broken, "outline"))
    out = tmp_path / "out.docx"
    assert main(["annotate", str(src), "-o", str(out), "--highlight"]) == 0
    printed = capsys.readouterr().out
    assert re.search(r"3 finding\(s\) annotated: 3 anchored exactly, 0 approximately, "
                     r"0 not at all", printed)
    assert len(docx_comments(out.read_bytes())) == 3
    out2 = tmp_path / "out2.docx"
    assert main(["check", str(src), "--annotate", str(out2)]) == 1  # errors were found
    assert "3 anchored exactly" in capsys.readouterr().err  # stdout: the check report
    assert len(docx_comments(out2.read_bytes())) == 3
    txt = tmp_path / "a.txt"
    txt.write_text("一、基本情况\n项目总投资为6600万元。\n", encoding="utf-8")
    assert main(["annotate", str(txt), "-o", str(tmp_path / "a.out")]) == 2
    assert "--html" in capsys.readouterr().err


# --------------------------------------------------------------------------- LibreOffice
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="soffice (LibreOffice) is not on PATH")
def test_libreoffice_opens_the_annotated_docx(tmp_path):
    broken, _ = inject(VARIANTS[0], "money_sum")
    data = render_docx(broken, "auto")
    out, _ = annotate_bytes(_checked(data), data, highlight=True, when=WHEN)
    (tmp_path / "a.docx").write_bytes(out)
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(tmp_path),
                        str(tmp_path / "a.docx")], check=True, capture_output=True, timeout=300)
    pdf = tmp_path / "a.pdf"
    assert pdf.is_file() and pdf.stat().st_size > 1000
    r = reportparse.parse(pdf)
    assert "年度资金总额" in r.text


# --------------------------------------------------------------------------- .doc / .wps
def test_a_doc_without_libreoffice_says_what_is_missing(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice anywhere
    monkeypatch.delenv("REPORTPARSE_SOFFICE", raising=False)
    src = tmp_path / "old.doc"
    src.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    with pytest.raises(ReportParseError) as e:
        annotate(src, tmp_path / "out.docx")
    assert e.value.reason == "converter_missing"
    assert not (tmp_path / "out.docx").exists()


REAL_DOC = SAMPLES.parent.parent / "shared" / "real" / "sz-self-eval-outline.wps.doc"


@pytest.mark.skipif(SOFFICE is None or not REAL_DOC.is_file(),
                    reason="needs soffice (LibreOffice) and ../shared/real beside the checkout")
def test_a_wps_doc_is_annotated_as_the_docx_it_converts_to(tmp_path):
    done = annotate(REAL_DOC, tmp_path / "out.docx", min_severity="info")
    assert done.converted and zipfile.is_zipfile(done.path)
    assert len(docx_comments(done.path.read_bytes())) == done.tally.total


# --------------------------------------------------------------------------- not exact
def _unplaceable(report):
    """Findings that cannot be anchored on a value: a quote missing from its paragraph, a
    quote found nowhere (only its section named), and no location at all."""
    from reportparse.models import Finding, Location, Ref

    body = next(i for i, b in enumerate(report.blocks)
                if b.type == "paragraph" and b.text.startswith("项目总投资"))
    sec = next(s for s in report.walk() if body in s.blocks)
    mk = lambda msg, locs: Finding(rule="test.place", category="sum", severity="error",  # noqa: E731
                                   message=msg, locations=locs)
    return body, sec, [mk("段内找不到", [Location(ref=Ref(block=body), text="并不存在的数字")]),
                       mk("全文找不到", [Location(section=sec.heading, text="并不存在")]),
                       mk("没有位置", [])]


def test_values_that_cannot_be_placed_are_noted_near_with_the_reason():
    data = render_docx(VARIANTS[0], "manual")
    report = _checked(data)
    body, sec, report.findings = _unplaceable(report)
    out, tally = annotate_bytes(report, data, when=WHEN)
    assert (tally.exact, tally.approximate, tally.unanchored) == (0, 1, 2)
    anchored, comments = docx_anchored(out), docx_comments(out)
    assert anchored["0"] == report.blocks[body].text  # the whole paragraph
    assert anchored["1"] == report.blocks[sec.heading_block].text  # the section's heading
    assert anchored["2"]  # the first heading of the report
    assert "未能精确定位" in comments["0"]["text"]
    assert all("未能定位" in comments[k]["text"] for k in "012")
    again = reportparse.parse(out, name="x.docx")
    assert again.text == report.text and outline(again.sections) == outline(report.sections)


def test_batch_annotate_dir_writes_an_annotated_copy_per_docx_and_pdf(tmp_path):
    """``batch … --annotate-dir DIR``: each .docx/.pdf input gets its annotated copy (one
    comment per finding at warning or above); a text export gets none and keeps its record."""
    variant, category = CASES[0][1], CASES[0][0]
    broken, _ = inject(variant, category)
    src = tmp_path / "in"
    src.mkdir()
    (src / "broken.docx").write_bytes(render_docx(broken, "manual"))
    shutil.copy(SAMPLES / "seed" / "000_b9924377f959d391.txt", src / "seed.txt")
    out = tmp_path / "notes"
    assert main(["batch", str(src), "-o", str(tmp_path / "b.sqlite"), "--jobs", "1", "-q",
                 "--annotate-dir", str(out)]) in (0, 1)
    copies = sorted(out.iterdir())
    assert [p.suffix for p in copies] == [".docx"]
    report = _checked((src / "broken.docx").read_bytes())
    assert len(docx_comments(copies[0].read_bytes())) == len(selected(report.findings,
                                                                      "warning")) > 0
