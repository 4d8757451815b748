"""OCR of scans (issue 17): sample PDFs rasterised in the test (pdfium → Pillow) read back
close to their text layer. A few pages only (OCR costs seconds a page); benchmarks/ocr.py
measures every sample. Skipped with the reason when the extra is not installed."""

from __future__ import annotations

import io
import struct
import zlib

import pytest

import reportparse
from ocr_helpers import (ROOT, char_accuracy, heading_f1, headings, image_pdf, numbers_exact,
                         png, rasterise, score_of)
from reportparse.errors import ReportParseError
from reportparse.ingest import ocr
from reportparse.models import Paragraph, Table

needs_ocr = pytest.mark.skipif(not ocr.available(),
                               reason="the OCR extra is not installed: pip install '.[ocr]'")
SCORES = ROOT / "samples" / "pdf" / "docx" / "scores.auto.pdf"


@pytest.fixture(scope="module")
def text_layer() -> reportparse.Report:
    return reportparse.parse(SCORES, ocr="never")


@pytest.fixture(scope="module")
def scan() -> reportparse.Report:
    return reportparse.parse(image_pdf(rasterise(SCORES)), name="scan.pdf")


@needs_ocr
def test_an_image_only_pdf_reads_like_its_text_layer(text_layer, scan) -> None:
    # a short text (≈130 characters) with a pale tracked-change deletion (struck through:
    # dropped as the text layer drops it) and a heading whose "一、" stands apart from its
    # title (re-read from the margin); benchmarks/ocr.py measures every sample
    assert char_accuracy(text_layer, scan) >= 0.98
    found, total = numbers_exact(text_layer, scan)
    assert total and found == total  # every number of the tables, exactly
    assert score_of(scan) == score_of(text_layer) == ("86.47", "良")
    assert heading_f1(text_layer, scan) >= 0.95
    assert "已删除" not in "".join(b.text for b in scan.blocks if isinstance(b, Paragraph))


@needs_ocr
def test_ocr_pages_are_warned_and_carry_their_confidence(scan) -> None:
    pages = [w.provenance.page for w in scan.warnings if w.code == "ocr_page" and w.provenance]
    assert pages == list(range(1, scan.source.pages + 1))
    confs = [b.provenance.ocr_confidence for b in scan.blocks if isinstance(b, Paragraph)]
    assert confs and all(c is not None and 0 < c <= 1 for c in confs)
    cells = [c for b in scan.blocks if isinstance(b, Table) for c in b.cells if c.text]
    assert all(c.provenance.ocr_confidence is not None for c in cells)


@needs_ocr
def test_a_scanned_page_among_text_pages_is_read_by_ocr() -> None:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument.new()
    doc.import_pages(pdfium.PdfDocument(str(ROOT / "samples/pdf/report_header_footer.pdf")), [0])
    doc.import_pages(pdfium.PdfDocument(str(ROOT / "samples/pdf/bad/image_only.pdf")), [0])
    buf = io.BytesIO()
    doc.save(buf)
    r = reportparse.parse(buf.getvalue(), name="mixed.pdf")
    assert [w.provenance.page for w in r.warnings if w.code == "ocr_page" and w.provenance] == [2]
    text = [b for b in r.blocks if isinstance(b, Paragraph)]
    assert {b.provenance.ocr_confidence is None for b in text} == {True, False}
    assert any("老旧小区" in b.text and b.provenance.page == 2 for b in text)


@needs_ocr
def test_a_sealed_slightly_rotated_png_gives_no_garbage_headings(text_layer) -> None:
    [page] = rasterise(SCORES, pages=[0], seal=True, angle=0.8)
    r = reportparse.parse(png(page), name="page1.png")
    assert r.source.format == "image"
    first = reportparse.parse(image_pdf(rasterise(SCORES, pages=[0])), name="p1.pdf")
    known = set(headings(text_layer)) | set(headings(first))
    for h in headings(r):  # a heading may lose its "一、", but none is seal or table debris
        assert any(h in k or k in h for k in known), h
    assert char_accuracy(first, r) >= 0.8  # the words under the seal's ring suffer


@needs_ocr
def test_never_keeps_the_refusal() -> None:
    data = (ROOT / "samples/pdf/bad/image_only.pdf").read_bytes()
    with pytest.raises(ReportParseError) as ei:
        reportparse.parse(data, name="scan.pdf", ocr="never")
    assert ei.value.reason == "no_text_layer"


def _png_header(width: int, height: int) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body)))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0"))
            + chunk(b"IEND", b""))


@needs_ocr
def test_a_decompression_bomb_is_refused() -> None:
    with pytest.raises(ReportParseError) as ei:
        reportparse.parse(_png_header(100_000, 100_000), name="bomb.png")
    assert ei.value.reason == "too_large"
    with pytest.raises(ReportParseError) as ei:  # under Pillow's guard, over ours
        reportparse.parse(_png_header(9_000, 8_000), name="big.png")
    assert ei.value.reason == "too_large"


def test_without_the_extra_the_error_names_the_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr, "available", lambda: False)
    for name in ("image_only.pdf", "scan.png"):
        data = (ROOT / "samples/pdf/bad/image_only.pdf").read_bytes() if name.endswith("pdf") \
            else _png_header(10, 10)
        with pytest.raises(ReportParseError) as ei:
            reportparse.parse(data, name=name)
        assert ei.value.reason == "no_text_layer"
        assert "pip install 'reportparse[ocr]'" in ei.value.message


def test_an_error_resting_on_a_doubtful_ocr_number_becomes_info() -> None:
    from reportparse.check.engine import _doubt_ocr
    from reportparse.locate import Resolver
    from reportparse.models import Cell, Finding, Location, Provenance, Ref, Report, Source

    def report(conf: float | None) -> Report:
        cells = [Cell(row=0, col=c, text=t, provenance=Provenance(ocr_confidence=conf))
                 for c, t in enumerate(["合计", "86.47"])]
        return Report(source=Source(path="x.png", format="image", sha256="0" * 64, size=1),
                      blocks=[Table(n_rows=1, n_cols=2, cells=cells)])

    def finding() -> Finding:
        return Finding(rule="score.sum", category="score", severity="error", message="不符",
                       locations=[Location(ref=Ref(block=0, row=0, col=1))])

    for conf, severity in ((0.62, "info"), (0.99, "error"), (None, "error")):
        f = finding()
        _doubt_ocr(Resolver(report(conf)), f)
        assert f.severity == severity
        assert ("doubtful" in f.message) == (severity == "info")
