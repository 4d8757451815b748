"""Issue 16 for PDFs: one highlight annotation per finding, over the glyphs of the value it
names, with the note in ``Contents``; the original bytes untouched (incremental update); the
same text in pdfium and pdfplumber; the same report when parsed again.

Injected samples without LibreOffice: the .docx samples' committed PDF twins
(``samples/pdf/docx``) with the score table's 总分 cell rewritten in place through pdfium
(``annotate_helpers.pdf_set_text``), so the total no longer adds up.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from annotate_helpers import pdf_annotations, pdf_set_text
from conftest import ROOT, SAMPLES, outline

import reportparse
from reportparse.annotate import annotate_bytes
from reportparse.export.annotate import primary, selected

TWINS = sorted(p for p in (SAMPLES / "pdf" / "docx").glob("*.pdf")
               if not p.name.startswith("seed."))  # the seed's twins: see test_pdf_fidelity
REAL = ROOT.parent / "shared" / "real"
REAL_PDFS = sorted(REAL.glob("*.pdf")) if REAL.is_dir() else []


def _checked(data: bytes, name: str):
    r = reportparse.parse(data, name=name)
    reportparse.check(r)
    return r


def _inject_total(path: Path) -> bytes:
    """The PDF with its score table's 总分 score two points higher."""
    r = reportparse.parse(path)
    ref = r.score.total_row.cells["score"]
    cell = r.blocks[ref.block].cell_at(ref.row, ref.col)
    old = cell.text.strip()
    whole, dot, frac = old.partition(".")
    return pdf_set_text(path.read_bytes(), cell.provenance.page, cell.provenance.bbox, old,
                        f"{int(whole) + 2}{dot}{frac}")


def _page_texts(data: bytes) -> tuple[list[str], list[str]]:
    import pdfplumber
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    ours = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    pdf.close()
    with pdfplumber.open(io.BytesIO(data)) as p:
        theirs = [page.extract_text() for page in p.pages]
    return ours, theirs


def _assert_annotated(report, data: bytes, out: bytes, tally) -> None:
    findings = selected(report.findings, "warning")
    assert out.startswith(data)  # an incremental update: the page content is untouched
    notes = pdf_annotations(out)
    assert len(notes) == len(findings) == tally.exact
    for note, f in zip(notes, findings):
        value = "".join(f.locations[primary(f)].text.split())
        assert note["text"] == value, (f.rule, f.message)
        assert f.message in note["contents"] and f.rule in note["contents"]


@pytest.mark.parametrize("path", TWINS, ids=[p.name for p in TWINS])
def test_injected_pdf_findings_are_highlights_on_their_values(path):
    data = _inject_total(path)
    report = _checked(data, path.name)
    assert selected(report.findings), "the injected total gives a finding"
    out, tally = annotate_bytes(report, data)
    _assert_annotated(report, data, out, tally)
    assert _page_texts(out) == _page_texts(data)
    again = _checked(out, path.name)
    assert outline(again.sections) == outline(report.sections)
    assert [t.rows for t in again.tables] == [t.rows for t in report.tables]
    assert [f.model_dump(mode="json") for f in again.findings] == \
        [f.model_dump(mode="json") for f in report.findings]


def test_wps_like_heading_findings_are_anchored_on_the_headings(monkeypatch):
    """The WPS-like sample (stated size 20x the drawn one, simulated bold) with its second
    heading renumbered 三、: the numbering finding is a highlight on that heading."""
    sys.path.insert(0, str(SAMPLES))
    import gen_wps_like as gen

    lines = [gen.Text(t.x, t.y, t.text.replace("二、", "三、"), t.bold, t.size)
             for t in gen.LINES]
    monkeypatch.setattr(gen, "LINES", lines)
    data = gen.build_pdf()
    report = _checked(data, "wps_like.pdf")
    out, tally = annotate_bytes(report, data, min_severity="info")
    findings = selected(report.findings, "info")
    assert findings and tally.exact == len(findings)
    notes = pdf_annotations(out)
    assert [n["text"] for n in notes] == \
        ["".join(f.locations[primary(f)].text.split()) for f in findings]


@pytest.mark.skipif(not REAL_PDFS, reason="../shared/real is not beside the checkout")
@pytest.mark.parametrize("path", REAL_PDFS, ids=[p.name for p in REAL_PDFS])
def test_real_pdf_findings_are_anchored(path):
    data = path.read_bytes()
    report = _checked(data, path.name)
    out, tally = annotate_bytes(report, data)
    _assert_annotated(report, data, out, tally)


def test_pdf_values_that_cannot_be_placed_are_noted_near_with_the_reason():
    from test_annotate import _unplaceable

    path = SAMPLES / "pdf" / "docx" / "scores.auto.pdf"
    data = path.read_bytes()
    report = _checked(data, path.name)
    body, sec, report.findings = _unplaceable(report)
    out, tally = annotate_bytes(report, data)
    assert (tally.exact, tally.approximate, tally.unanchored) == (0, 1, 2)
    notes = pdf_annotations(out)
    assert len(notes) == 3 and all("未能定位" in n["contents"] for n in notes)
    para = "".join(report.blocks[body].text.split())  # its paragraph's box (struck-out
    assert notes[0]["text"][:6] == para[:6] and notes[0]["text"][-6:] == para[-6:]  # text too)
    heading = report.blocks[sec.heading_block]
    assert notes[1]["text"] == "".join(heading.text.split())
    assert notes[1]["page"] == heading.provenance.page
