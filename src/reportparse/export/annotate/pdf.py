"""Findings as highlight annotations in a copy of the .pdf (issue 16).

Each finding at or above ``min_severity`` becomes one highlight annotation whose quad points
cover the glyph boxes of the value it calls wrong; its ``Contents`` (shown by viewers as the
note's popup text) is the same text as the Word comment: message, expected vs actual, the other
values, rule id. The model gives the page and box of the value's paragraph or cell; the value's
own glyphs are found inside that box with pdfium's text page.

The copy is an incremental update (pdfium ``FPDF_INCREMENTAL``): the original bytes come first,
unchanged, so the page content is untouched by construction.
"""

from __future__ import annotations

import ctypes
import io
from dataclasses import dataclass
from typing import TYPE_CHECKING
from datetime import datetime, UTC

from ...models import Finding, Location, Paragraph, Report, Table
from ..locate import Place, heading_of, locate, narrowed
from . import AUTHOR, Precision, Tally, note_lines, primary, selected

if TYPE_CHECKING:  # imported for real only where a PDF is annotated (pypdfium2 is heavy)
    from pypdfium2 import PdfDocument, PdfPage

COLOUR = {"error": (255, 80, 80), "warning": (255, 210, 0), "info": (120, 200, 255)}
_SLACK = 2.0  # points a glyph's centre may stand outside its paragraph/cell box


@dataclass
class _Glyph:
    ch: str
    left: float
    bottom: float
    right: float
    top: float  # PDF user space (origin bottom-left)


class _Pages:
    """Pages of the document, each loaded once, with its glyphs in user space."""

    def __init__(self, pdf: PdfDocument) -> None:
        self.pdf = pdf
        self.pages: dict[int, PdfPage] = {}
        self.glyphs: dict[int, list[_Glyph]] = {}

    def page(self, n: int) -> PdfPage | None:
        if not 1 <= n <= len(self.pdf):
            return None
        if n not in self.pages:
            self.pages[n] = self.pdf[n - 1]
        return self.pages[n]

    def chars(self, n: int) -> list[_Glyph]:
        if n not in self.glyphs:
            page = self.page(n)
            out: list[_Glyph] = []
            if page is not None:
                tp = page.get_textpage()  # type: ignore[attr-defined]
                seen: set[tuple[str, int, int]] = set()
                for i in range(tp.count_chars()):
                    ch = tp.get_text_range(i, 1)
                    if not ch.strip():
                        continue
                    g = _Glyph(ch, *tp.get_charbox(i, loose=True))
                    key = (ch, round(g.left), round(g.bottom))
                    if key not in seen:  # a glyph drawn twice over itself (fake bold)
                        seen.add(key)
                        out.append(g)
                tp.close()
            self.glyphs[n] = out
        return self.glyphs[n]

    def to_user(self, n: int, bbox: tuple[float, float, float, float]
                ) -> tuple[float, float, float, float]:
        """A model box (x0, top, x1, bottom from the media box's top-left) in user space as
        (left, bottom, right, top)."""
        left, _, _, top = self.page(n).get_mediabox()  # type: ignore[union-attr]
        x0, t, x1, b = bbox
        return left + x0, top - b, left + x1, top - t

    def close(self) -> None:
        for p in self.pages.values():
            p.close()  # type: ignore[attr-defined]


def _find_glyphs(glyphs: list[_Glyph], value: str,
                 box: tuple[float, float, float, float] | None) -> list[_Glyph]:
    """The glyphs spelling ``value`` (whitespace ignored) whose centres lie in ``box``."""
    want = "".join(value.split())
    if not want:
        return []
    if box is not None:
        l, b, r, t = box  # noqa: E741 (PDF's left/bottom/right/top)
        glyphs = [g for g in glyphs
                  if l - _SLACK <= (g.left + g.right) / 2 <= r + _SLACK
                  and b - _SLACK <= (g.bottom + g.top) / 2 <= t + _SLACK]
    text = "".join(g.ch for g in glyphs)
    k = text.find(want)
    return glyphs[k:k + len(want)] if k >= 0 else []


def _quads(glyphs: list[_Glyph]) -> list[tuple[float, float, float, float]]:
    """One (left, bottom, right, top) box per visual line the glyphs stand on."""
    out: list[list[float]] = []
    for g in glyphs:
        if out and g.bottom < out[-1][3] and g.top > out[-1][1]:  # overlaps the line's height
            q = out[-1]
            q[0], q[1], q[2], q[3] = min(q[0], g.left), min(q[1], g.bottom), \
                max(q[2], g.right), max(q[3], g.top)
        else:
            out.append([g.left, g.bottom, g.right, g.top])
    return [(q[0], q[1], q[2], q[3]) for q in out]


def _target(report: Report, place: Place, loc: Location
            ) -> tuple[int | None, tuple[float, float, float, float] | None, str]:
    """(page, model bbox, value text) of a place."""
    blk = report.blocks[place.block]
    if isinstance(blk, Table) and place.cells:
        c = blk.cell_at(*place.cells[0])
        if c is not None:
            return c.provenance.page, c.provenance.bbox, loc.text if place.exact else ""
    if isinstance(blk, Paragraph) and place.span is not None and place.exact:
        s, e = place.span
        return blk.provenance.page, blk.provenance.bbox, blk.text[s:e]
    return blk.provenance.page, blk.provenance.bbox, ""


def _place_quads(pages: _Pages, page: int, bbox: tuple[float, float, float, float] | None,
                 value: str) -> tuple[int, list[tuple[float, float, float, float]], bool]:
    """(page, quads, exact): quads on the value's glyphs (exact) — in its box, else on the
    next page for a paragraph running on — else the box itself (approximate)."""
    box = pages.to_user(page, bbox) if bbox is not None else None
    if value:
        hit = _find_glyphs(pages.chars(page), value, box)
        if hit:
            return page, _quads(hit), True
        if box is not None and pages.page(page + 1) is not None:
            hit = _find_glyphs(pages.chars(page + 1), value, None)
            if hit:
                return page + 1, _quads(hit), True
    return page, ([box] if box is not None else []), False


def _anchor(report: Report, pages: _Pages, f: Finding
            ) -> tuple[Precision, str | None, int, list[tuple[float, float, float, float]]]:
    i = primary(f)
    loc = f.locations[i] if i is not None else None
    place = locate(report, loc) if loc is not None else None
    if place is not None and loc is not None and 0 <= place.block < len(report.blocks):
        place = narrowed(report, place, loc)
    if place is not None and loc is not None:
        page, bbox, value = _target(report, place, loc)
        if page is not None and pages.page(page) is not None:
            on, quads, exact = _place_quads(pages, page, bbox, value)
            if quads and exact and place.exact:
                return "exact", None, on, quads
            if quads:
                return "approximate", f"“{loc.text}”未能精确定位到字符，标注在所在段落或单元格", \
                    on, quads
    reason = "该问题没有指明位置" if loc is None else \
        f"“{loc.text or loc.label or ''}”在文档中找不到对应位置，标注在最近的标题"
    near = place.block if place is not None else (loc.table if loc and loc.table is not None
                                                  else loc.block if loc else None)
    h = heading_of(report, near, loc.section if loc else None)
    prov = report.blocks[h].provenance if h is not None else None
    if prov is not None and prov.page and prov.bbox and pages.page(prov.page) is not None:
        return "unanchored", reason, prov.page, [pages.to_user(prov.page, prov.bbox)]
    first = pages.page(1)
    l, b, r, t = first.get_mediabox()  # type: ignore[union-attr]  # noqa: E741 (PDF box)
    return "unanchored", reason, 1, [(l + 36, t - 60, l + 216, t - 36)]


def _wide(text: str) -> ctypes.Array[ctypes.c_char]:
    return ctypes.create_string_buffer(text.encode("utf-16-le") + b"\0\0")


def _add_annotation(page: object, quads: list[tuple[float, float, float, float]], text: str,
                    severity: str, stamp: str, name: str) -> None:
    import pypdfium2.raw as raw

    annot = raw.FPDFPage_CreateAnnot(page.raw, raw.FPDF_ANNOT_HIGHLIGHT)  # type: ignore[attr-defined]
    try:
        for l, b, r, t in quads:  # noqa: E741 (PDF's left/bottom/right/top)
            qp = raw.FS_QUADPOINTSF(l, t, r, t, l, b, r, b)
            raw.FPDFAnnot_AppendAttachmentPoints(annot, ctypes.byref(qp))
        rect = raw.FS_RECTF(min(q[0] for q in quads), max(q[3] for q in quads),
                            max(q[2] for q in quads), min(q[1] for q in quads))
        raw.FPDFAnnot_SetRect(annot, ctypes.byref(rect))
        raw.FPDFAnnot_SetColor(annot, raw.FPDFANNOT_COLORTYPE_Color, *COLOUR[severity], 110)
        ushort = ctypes.POINTER(ctypes.c_ushort)
        for key, value in (("Contents", text), ("T", AUTHOR), ("M", stamp), ("NM", name)):
            raw.FPDFAnnot_SetStringValue(annot, key.encode(), ctypes.cast(_wide(value), ushort))
    finally:
        raw.FPDFPage_CloseAnnot(annot)


def annotate_pdf(report: Report, data: bytes, *, min_severity: str = "warning",
                 when: datetime | None = None, password: str | None = None
                 ) -> tuple[bytes, Tally]:
    """The annotated PDF's bytes (the original followed by an incremental update) and the
    tally of how each finding was anchored."""
    import pypdfium2 as pdfium

    stamp = (when or datetime.now(UTC)).strftime("D:%Y%m%d%H%M%SZ")
    pdf = pdfium.PdfDocument(data, password=password)
    pages = _Pages(pdf)
    tally = Tally()
    try:
        for k, f in enumerate(selected(report.findings, min_severity)):
            how, reason, page, quads = _anchor(report, pages, f)
            tally.add(how)
            text = "\n".join(note_lines(f, primary(f), reason))
            _add_annotation(pages.page(page), quads, text, f.severity, stamp,
                            f"{AUTHOR}-{k + 1}")
        buf = io.BytesIO()
        pdf.save(buf, flags=pdfium.raw.FPDF_INCREMENTAL)
    finally:
        pages.close()
        pdf.close()
    return buf.getvalue(), tally
