"""PDF reader on the committed samples (rendered by samples/gen_pdf.py with LibreOffice).

Expectations come from the *source* content (samples/pdf/*.expected.json), not from the PDF,
so these tests say "the PDF reads back as what was written".
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest
import regex

from reportparse.errors import ReportParseError
from reportparse.ingest import read
from reportparse.limits import Limits
from reportparse.models import Paragraph, Report, Table

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "pdf"
VARIANTS = ["report_header_footer", "report_toc", "report_no_bookmarks", "report_long"]

HAN_GAP = regex.compile(r"\p{Han}[ \t\u3000\n]+\p{Han}")
HAN_LATIN_GAP = regex.compile(r"\p{Han} +[A-Za-z0-9]|[A-Za-z0-9] +\p{Han}")
PAGE_NO = regex.compile(r"第\s*\d+\s*页|^\s*[-－—]\s*\d+\s*[-－—]\s*$|^\s*\d{1,3}\s*$")


@cache
def report(name: str) -> Report:
    path = SAMPLES / f"{name}.pdf"
    return read(path.read_bytes(), str(path))


@cache
def expected(name: str) -> dict:
    return json.loads((SAMPLES / f"{name}.expected.json").read_text("utf-8"))


def paragraphs(r: Report) -> list[Paragraph]:
    return [b for b in r.blocks if isinstance(b, Paragraph)]


@pytest.mark.parametrize("name", VARIANTS)
def test_no_breaks_or_spaces_inside_chinese(name: str) -> None:
    for p in paragraphs(report(name)):
        assert "\n" not in p.text
        assert not HAN_GAP.search(p.text), p.text
        assert not HAN_LATIN_GAP.search(p.text), p.text


@pytest.mark.parametrize("name", VARIANTS)
def test_body_paragraphs_equal_source(name: str) -> None:
    captions = {t["caption"] for t in expected(name)["tables"]}  # structure's job to attach
    got = [p.text for p in paragraphs(report(name))
           if p.heading_level is None and p.text not in captions]
    assert got == expected(name)["paragraphs"]


@pytest.mark.parametrize("name", VARIANTS)
def test_heading_hints(name: str) -> None:
    """From the PDF outline, or (report_no_bookmarks) from the font size/weight rank."""
    got = [[p.heading_level, p.text] for p in paragraphs(report(name))
           if p.heading_level is not None]
    assert got == expected(name)["outline"]


@pytest.mark.parametrize("name", VARIANTS)
def test_no_page_furniture_in_body(name: str) -> None:
    r = report(name)
    title = expected(name)["title"]
    for p in paragraphs(r):
        assert not PAGE_NO.search(p.text), p.text
    # the running header appears once (the title), never per page
    assert sum(p.text == title for p in paragraphs(r)) == 1
    assert r.meta.noise_removed.get("page_number") == r.source.pages


def test_running_header_goes_to_meta() -> None:
    assert report("report_header_footer").meta.headers == [expected("report_header_footer")["title"]]
    assert report("report_toc").meta.headers == []


@pytest.mark.parametrize("name", VARIANTS)
def test_tables_are_whole_with_real_spans(name: str) -> None:
    r = report(name)
    exp = expected(name)["tables"]
    assert len(r.tables) == len(exp)
    for t, e in zip(r.tables, exp):
        assert (t.n_rows, t.n_cols) == (e["n_rows"], e["n_cols"])
        assert t.rows == e["rows"]
        got = sorted((c.row, c.col, c.row_span, c.col_span, c.text) for c in t.cells)
        want = sorted((c["row"], c["col"], c["row_span"], c["col_span"], c["text"])
                      for c in e["cells"])
        assert got == want


@pytest.mark.parametrize("name", VARIANTS)
def test_multi_page_table_is_one_table_with_fragment_provenance(name: str) -> None:
    r = report(name)
    big = r.tables[0]
    pages = {c.provenance.page for c in big.cells}
    assert len(pages) >= 2  # it really crossed a page break
    assert big.provenance.locator == f"page[{min(pages)}-{max(pages)}]"
    stitched = [w for w in r.warnings if w.code == "table_stitched"]
    assert {w.provenance.page for w in stitched} == pages - {min(pages)}
    # the group rows are one cell over the whole width
    assert [i for i, role in enumerate(big.row_roles) if role == "group"] == [1, 16]


@pytest.mark.parametrize("name", VARIANTS)
def test_table_text_not_in_paragraphs(name: str) -> None:
    cells = {c.text for t in report(name).tables for c in t.cells if len(c.text) >= 4}
    for p in paragraphs(report(name)):
        assert p.text not in cells
        assert "消火栓工程" not in p.text and "12.30" not in p.text


@pytest.mark.parametrize("name", VARIANTS)
def test_provenance_everywhere(name: str) -> None:
    r = report(name)
    for i, b in enumerate(r.blocks):
        assert b.provenance.page and b.provenance.bbox, b
        if isinstance(b, Table):
            for c in b.cells:
                assert c.provenance.page and c.provenance.bbox
                assert (c.provenance.table, c.provenance.row, c.provenance.col) == (i, c.row, c.col)


def test_toc_page_kept_apart() -> None:
    r = report("report_toc")
    want = [[lvl, text, page] for lvl, text, page in expected("report_toc")["toc"]]
    assert [[e.level, e.text, e.page] for e in r.toc] == want
    assert all(e.provenance.page == 2 for e in r.toc)
    assert not any("......" in p.text or p.text == "目录" for p in paragraphs(r))


def test_damaged_xref_is_recovered() -> None:
    path = SAMPLES / "bad" / "damaged_xref.pdf"
    r = read(path.read_bytes(), str(path))
    assert len(r.tables) == 2 and r.tables[0].n_rows == 31


def test_empty_user_password_opens() -> None:
    path = SAMPLES / "bad" / "encrypted_empty_user.pdf"
    r = read(path.read_bytes(), str(path))
    assert any(p.text == "一、基本情况" for p in paragraphs(r))


def test_password_option() -> None:
    path = SAMPLES / "bad" / "encrypted.pdf"
    r = read(path.read_bytes(), str(path), password="secret")
    assert r.blocks


@pytest.mark.parametrize("name,reason", [
    ("encrypted.pdf", "encrypted"),
    ("image_only.pdf", "no_text_layer"),
    ("truncated.pdf", "corrupt"),
    ("not_a_pdf.pdf", "unsupported_format"),
])
def test_bad_inputs(name: str, reason: str) -> None:
    path = SAMPLES / "bad" / name
    with pytest.raises(ReportParseError) as ei:  # without OCR (tests/test_ocr.py has it on)
        read(path.read_bytes(), str(path), ocr="never")
    assert ei.value.reason == reason
    assert "\n" not in str(ei.value) and str(path) in str(ei.value)
    if reason == "no_text_layer":
        assert "OCR" in ei.value.message and ".md" in ei.value.message


def test_garbage_with_pdf_header_is_corrupt() -> None:
    with pytest.raises(ReportParseError) as ei:
        read(b"%PDF-1.7\n" + b"\x00garbage" * 100 + b"\n%%EOF\n", "x.pdf")
    assert ei.value.reason == "corrupt"


def test_max_pages() -> None:
    path = SAMPLES / "report_toc.pdf"
    with pytest.raises(ReportParseError) as ei:
        read(path.read_bytes(), str(path), limits=Limits(max_pdf_pages=3))
    assert ei.value.reason == "too_large"


def test_pdfminer_fallback_reads_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """When pdfium refuses a file, pdfplumber/pdfminer's repair is tried: same content."""
    import pypdfium2 as pdfium

    def refuse(*_a: object, **_k: object) -> None:
        raise pdfium.PdfiumError("Failed to load document (PDFium: Data format error).",
                                 err_code=3)

    monkeypatch.setattr(pdfium, "PdfDocument", refuse)
    path = SAMPLES / "report_header_footer.pdf"
    r = read(path.read_bytes(), str(path))
    want = report("report_header_footer")
    assert [p.text for p in paragraphs(r)] == [p.text for p in paragraphs(want)]
    assert [t.rows for t in r.tables] == [t.rows for t in want.tables]
    assert "pdf_repaired" in [w.code for w in r.warnings]
    assert r.meta.headers == want.meta.headers


def test_a_scanned_page_among_text_pages_is_a_warning() -> None:
    import io

    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument.new()
    doc.import_pages(pdfium.PdfDocument(str(SAMPLES / "report_header_footer.pdf")), [0])
    doc.import_pages(pdfium.PdfDocument(str(SAMPLES / "bad" / "image_only.pdf")), [1])
    buf = io.BytesIO()
    doc.save(buf)
    r = read(buf.getvalue(), "mixed.pdf", ocr="never")  # tests/test_ocr.py: with OCR
    assert any(p.text == "一、基本情况" for p in paragraphs(r))
    [w] = [w for w in r.warnings if w.code == "no_text_layer"]
    assert w.provenance.page == 2 and "OCR" in w.message


def test_bookmarks_without_list_numbers_still_give_levels(monkeypatch: pytest.MonkeyPatch) -> None:
    """Word's PDF export writes bookmarks without the automatic number ("基本情况")."""
    import reportparse.ingest.pdf as pdf_reader

    opened = pdf_reader.open_pdf
    marker = regex.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.)")

    def without_numbers(*args: object, **kwargs: object):
        doc = opened(*args, **kwargs)
        doc.outline = [(lvl, marker.sub("", t), pg) for lvl, t, pg in doc.outline]
        return doc

    monkeypatch.setattr(pdf_reader, "open_pdf", without_numbers)
    path = SAMPLES / "report_header_footer.pdf"
    r = read(path.read_bytes(), str(path))
    got = [[p.heading_level, p.text] for p in paragraphs(r) if p.heading_level is not None]
    assert got == expected("report_header_footer")["outline"]


def test_a_table_carried_on_from_the_page_before_opens_nothing():
    """The running header over a table continued from the previous page is still furniture:
    only tables that start on a page count as opened by the line above them."""
    from types import SimpleNamespace as NS

    from reportparse.ingest.pdf import _opened_tables

    def page(*tables):
        return NS(height=800.0, tables=[NS(ys=list(t)) for t in tables])

    doc = NS(pages=[page((500, 790)), page((60, 300), (400, 500)), page((60, 200))])
    assert _opened_tables(doc) == [[500], [400], [60]]
