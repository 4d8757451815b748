"""Scans made from the samples, and how close their OCR reading comes to the text layer.

Shared by tests/test_ocr*.py (a few pages) and benchmarks/ocr.py (every sample): a text-layer
PDF is rendered with pdfium and saved back by Pillow as an image-only PDF (or PNGs), optionally
with a red seal over a paragraph and a slight rotation, like a printed, stamped and scanned
report. Only PDFs that embed their fonts are faithful rasters (a page whose CJK font is not
embedded renders as blanks where no system CJK font is installed).
"""

from __future__ import annotations

import difflib
import io
from collections import Counter
from pathlib import Path
from typing import Any

import regex

from reportparse.models import Paragraph, Report, Table

ROOT = Path(__file__).resolve().parents[1]
NUMBER = regex.compile(r"\d+(?:[.,]\d+)*%?")


def embeds_fonts(pdf: Path) -> bool:
    """Whether every text object on the first page uses an embedded font."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    doc = pdfium.PdfDocument(str(pdf))
    try:
        page = doc[0]
        return all(raw.FPDFFont_GetIsEmbedded(raw.FPDFTextObj_GetFont(o.raw))
                   for o in page.get_objects(max_depth=2) if o.type == raw.FPDF_PAGEOBJ_TEXT)
    finally:
        doc.close()


def scan_samples() -> list[Path]:
    """The sample PDFs that rasterise faithfully (embedded fonts), in a stable order."""
    return [p for p in sorted((ROOT / "samples").rglob("*.pdf"))
            if "bad" not in p.parts and embeds_fonts(p)]


def rasterise(pdf: Path, dpi: int = 200, pages: list[int] | None = None, seal: bool = False,
              angle: float = 0.0) -> list[Any]:
    """The pages of ``pdf`` as RGB Pillow images; ``seal`` stamps a red ring with a star over
    the upper middle of the first page (multiplied, as stamp ink is: text under it stays dark), ``angle`` rotates each page (degrees, white corners)."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageChops, ImageDraw

    doc = pdfium.PdfDocument(str(pdf))
    out: list[Any] = []
    try:
        for i in pages if pages is not None else range(len(doc)):
            img = doc[i].render(scale=dpi / 72).to_pil().convert("RGB")
            if seal and not out:
                w, h = img.size
                r = w // 8
                cx, cy = w // 2, h // 3
                stamp = Image.new("RGB", img.size, (255, 255, 255))
                d = ImageDraw.Draw(stamp)
                d.ellipse((cx - r, cy - r, cx + r, cy + r), outline=(220, 30, 30), width=r // 12)
                d.regular_polygon((cx, cy, r // 3), 5, fill=(220, 30, 30))
                img = ImageChops.multiply(img, stamp)  # ink over ink: the text shows through
            if angle:
                img = img.rotate(angle, expand=False, fillcolor=(255, 255, 255))
            out.append(img)
    finally:
        doc.close()
    return out


def image_pdf(images: list[Any], dpi: int = 200) -> bytes:
    """Pillow's multi-page image-only PDF of ``images``."""
    buf = io.BytesIO()
    images[0].save(buf, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return buf.getvalue()


def png(image: Any, dpi: int = 200) -> bytes:
    buf = io.BytesIO()
    image.save(buf, "PNG", dpi=(dpi, dpi))
    return buf.getvalue()


# --------------------------------------------------------------------------- metrics
def _squash(text: str) -> str:
    return "".join(text.split())


def body_text(r: Report) -> str:
    return _squash("".join(b.text for b in r.blocks if isinstance(b, Paragraph)))


def char_accuracy(ref: Report, got: Report) -> float:
    """1 − CER: one minus the Levenshtein distance (characters inserted, deleted or replaced)
    over the reference length, on the paragraphs' text (white space out), floored at 0.

    Until 2026-12 this was difflib's share of characters matched in order, which is not an
    edit distance: its greedy longest-block matching misaligns a report whose paragraphs
    repeat (report_long.pdf: 12 edits in 16,428 characters, 99.93%, were counted as 97.93%).
    :func:`difflib_accuracy` keeps the old figure for comparison."""
    from rapidfuzz.distance import Levenshtein

    a, b = body_text(ref), body_text(got)
    if not a:
        return 1.0 if not b else 0.0
    return max(0.0, 1.0 - Levenshtein.distance(a, b) / len(a))


def difflib_accuracy(ref: Report, got: Report) -> float:
    """The figure reported before 2026-12: characters difflib matches in order over the
    longer text (see :func:`char_accuracy`)."""
    a, b = body_text(ref), body_text(got)
    if not a:
        return 1.0 if not b else 0.0
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    matched = sum(m.size for m in sm.get_matching_blocks())
    return matched / max(len(a), len(b))


def headings(r: Report) -> Counter[str]:
    return Counter(_squash(s.heading) for s in r.walk())


def heading_f1(ref: Report, got: Report) -> float:
    a, b = headings(ref), headings(got)
    if not a and not b:
        return 1.0
    hit = sum((a & b).values())
    if not hit:
        return 0.0
    p, r = hit / sum(b.values()), hit / sum(a.values())
    return 2 * p * r / (p + r)


def table_numbers(r: Report) -> Counter[str]:
    return Counter(n for b in r.blocks if isinstance(b, Table) for c in b.cells
                   for n in NUMBER.findall(c.text))


def numbers_exact(ref: Report, got: Report) -> tuple[int, int]:
    """(reference table numbers found exactly in the OCR tables, reference table numbers)."""
    a, b = table_numbers(ref), table_numbers(got)
    return sum((a & b).values()), sum(a.values())


def score_of(r: Report) -> tuple[str | None, str | None]:
    if r.score is None:
        return (None, None)
    return (None if r.score.total is None else str(r.score.total), r.score.grade)
