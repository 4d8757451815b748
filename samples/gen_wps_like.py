"""Generate a WPS-like PDF: the producer's font-size field far from the drawn size, and
"simulated bold" glyphs drawn twice a fraction of a point apart.

Why this exists: WPS (and Acrobat Distiller) write ``/F1 240 Tf`` and scale it down with the
text matrix to 12 pt, so the size a PDF library reports is 20× the glyph. A reader that
measures anything in that size (overprint de-duplication, word gaps) silently drops repeated
digits: ``371,514,655.00`` became ``371,514,65.0`` (issue 12). This file reproduces both traits
without WPS: it is written byte by byte (no PDF library), with a non-embedded CJK CID font
(``STSong-Light``, ``UniGB-UCS2-H``) that pdfium maps to Unicode through its built-in CMaps.

Run: ``python samples/gen_wps_like.py`` → ``samples/pdf/wps_like.pdf`` and its expected text
``samples/pdf/wps_like.expected.json`` (written from the same spec, never read back from a
parser).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from pdf_writer import pdf_file

OUT = Path(__file__).resolve().parent / "pdf"
PAGE_W, PAGE_H = 595.0, 842.0
STATED = 240.0  # the size field the producer writes
SCALE = 0.05  # the text matrix that brings it down to 12 pt
BOLD_OFFSET = 0.25  # points between the two copies of a simulated-bold glyph


@dataclass(frozen=True)
class Text:
    x: float
    y: float  # baseline, from the top of the page
    text: str
    bold: bool = False
    size: float = 12.0  # drawn size in points


TITLE = "某区商务委员会2025年度部门预算"
LINES = [
    Text(140, 80, TITLE, bold=True, size=18),
    Text(72, 130, "一、收支预算总体情况", bold=True),
    Text(72, 160, "2025年收入预算371,514,655.00元，支出预算371,514,655.00元。"),
    Text(72, 185, "项目总预算1170.00万元，其中：规模化发展870.00万元，创新化发展70.00万元，"),
    Text(72, 210, "协同化发展180.00万元，国际化发展50.00万元，执行率100.00%。"),
    Text(72, 245, "二、预算绩效目标设置情况", bold=True),
    Text(72, 275, "2022年度结转1,111.11万元，比上年增长11.11%，2011年立项，第11、12项已完成。"),
]
TABLE_TOP, ROW_H = 320.0, 24.0
TABLE_COLS = [72.0, 232.0, 372.0, 512.0]
TABLE = [
    ["项目", "预算数", "执行数"],
    ["基本支出", "2,336.91", "2,336.91"],
    ["项目支出", "1,100.11", "1,011.00"],
    ["合计", "3,437.02", "3,347.91"],
]


def _hex(text: str) -> str:
    return "<" + text.encode("utf-16-be").hex().upper() + ">"


def _show(t: Text, dx: float = 0.0) -> str:
    scale = SCALE * t.size / 12.0
    return (f"BT /F1 {STATED:g} Tf {scale:g} 0 0 {scale:g} {t.x + dx:.2f} "
            f"{PAGE_H - t.y:.2f} Tm {_hex(t.text)} Tj ET")


def _content() -> str:
    ops: list[str] = []
    texts = list(LINES)
    for r, row in enumerate(TABLE):
        for c, cell in enumerate(row):
            texts.append(Text(TABLE_COLS[c] + 6, TABLE_TOP + r * ROW_H + 16, cell, bold=r == 0))
    for t in texts:
        ops.append(_show(t))
        if t.bold:  # WPS's simulated bold: the whole string again, a quarter point right
            ops.append(_show(t, BOLD_OFFSET))
    bottom = TABLE_TOP + len(TABLE) * ROW_H
    ops.append("0.5 w")
    for r in range(len(TABLE) + 1):
        y = PAGE_H - (TABLE_TOP + r * ROW_H)
        ops.append(f"{TABLE_COLS[0]:g} {y:g} m {TABLE_COLS[-1]:g} {y:g} l S")
    for x in TABLE_COLS:
        ops.append(f"{x:g} {PAGE_H - TABLE_TOP:g} m {x:g} {PAGE_H - bottom:g} l S")
    return "\n".join(ops)


def build_pdf() -> bytes:
    content = _content().encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_W:g} {PAGE_H:g}] "
         "/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>").encode(),
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        (b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
         b"/DescendantFonts [6 0 R] >>"),
        # CIDs 1-95 are Adobe-GB1's half-width ASCII: half an em, as a real font draws them
        (b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
         b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> "
         b"/FontDescriptor 7 0 R /DW 1000 /W [1 95 500] >>"),
        (b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 "
         b"/FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 "
         b"/CapHeight 880 /StemV 93 >>"),
    ]
    return pdf_file(objects, trailer=b" /Info << /Producer (WPS-like sample) >>")


def expected() -> dict[str, object]:
    return {
        "title": TITLE,
        "lines": [t.text for t in LINES],
        "bold": [t.text for t in LINES if t.bold],
        "table": TABLE,
    }


def main() -> None:
    OUT.mkdir(exist_ok=True)
    (OUT / "wps_like.pdf").write_bytes(build_pdf())
    (OUT / "wps_like.expected.json").write_text(
        json.dumps(expected(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
