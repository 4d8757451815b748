"""A page bitmap as the PDF reader's :class:`~.pdf_text.Page`: OCR characters and the ruling
lines found in the pixels, so a scanned page takes the same line → block → table path as a
text-layer page (CJK joining, furniture, headings, TOC, ruled tables with merged cells).

Why rulings from pixels: a scan has no vector paths, but its table borders are long thin runs
of ink. A morphological opening with a long horizontal (vertical) bar keeps exactly those
runs; each connected run becomes a :class:`~.pdf_text.Seg`, and ``pdf_tables`` builds the
cell grid from them as it does for drawn borders (a missing ruling is a merged cell). The
rulings are erased before recognition, so borders touching the text are not read as "|" or "1".
"""

from __future__ import annotations

from typing import Any

from .ocr import OcrLine, recognise
from .cjk import is_wide
from .pdf_text import Char, Page, Seg

FONT = "OCR"  # one face: the recogniser tells no fonts apart
MIN_RULE = 16.0  # points: a table ruling is at least this long (a glyph stroke is shorter)
MAX_THICK = 5.0  # points: thicker runs are filled shapes, not rulings
#: a grid (crossing rulings) is at least this wide and tall in points; a lone horizontal rule
#: (footnote separator) at least ``MIN_LONE`` long — a heading's "十" or "一" is neither
MIN_GRID = (60.0, 15.0)
MIN_LONE = 40.0
#: the recogniser's box is taller than the characters' em (its detector pads each line)
BOX_PER_EM = 1.2
HALF = 0.55  # a Latin letter or digit, in ems


def bitmap_page(rgb: Any, number: int, width: float, height: float) -> Page:
    """OCR one page bitmap (H×W×3 uint8, covering ``width`` × ``height`` points) into a Page
    whose characters carry the recogniser's line confidence."""
    scale = width / rgb.shape[1]
    segs, clean = rulings(rgb, scale)
    chars: list[Char] = []
    for ln in recognise(clean, scale):
        chars += line_chars(ln)
    return Page(number, width, height, chars, segs, images=1)


def line_chars(ln: OcrLine) -> list[Char]:
    """The characters of one recognised line, with the line's em size and confidence. The em
    comes from the line's width over its characters (an ideograph or full-width mark is one
    em, a Latin letter or digit about half) when the line is long enough; the recogniser's
    per-character boxes and the padded line box are both too noisy for it."""
    x0, top, x1, bottom = ln.box
    ems = sum(1.0 if is_wide(c.text) else HALF for c in ln.chars)
    size = (bottom - top) / BOX_PER_EM
    if ems >= 6:
        size = min(size * 1.25, max(size * 0.75, (x1 - x0) / ems))
    return [Char(c.text, c.box[0], top, c.box[2], bottom, size, FONT, conf=ln.confidence)
            for c in ln.chars]


def rulings(rgb: Any, scale: float) -> tuple[list[Seg], Any]:
    """The ruling segments (points) of a page bitmap, and the bitmap with them erased."""
    import cv2
    import numpy as np

    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    ink = (gray < 160).astype(np.uint8)
    n = max(int(MIN_RULE / scale), 3)
    h = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (n, 1)))
    v = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, n)))
    grid = _grid_mask(h, v, scale)
    segs = _segments(h & grid, scale, horizontal=True) + _segments(v & grid, scale,
                                                                   horizontal=False)
    clean = rgb
    if segs:
        clean = rgb.copy()
        erase = cv2.dilate(grid & (h | v), np.ones((3, 3), np.uint8))
        clean[erase.astype(bool)] = 255
    return segs, clean


def _grid_mask(h: Any, v: Any, scale: float) -> Any:
    """Pixels of runs that belong to a table grid (crossing rulings over a sizeable area) or
    are a long lone horizontal rule; the strokes of big title characters are neither."""
    import cv2
    import numpy as np

    both = (h | v).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(both, connectivity=8)
    keep = np.zeros(count, np.uint8)
    has_v = np.zeros(count, bool)
    has_v[np.unique(labels[v.astype(bool)])] = True
    for i in range(1, count):
        w, hh = stats[i, 2] * scale, stats[i, 3] * scale
        if (has_v[i] and w >= MIN_GRID[0] and hh >= MIN_GRID[1]) or (
                not has_v[i] and w >= MIN_LONE and hh <= MAX_THICK):
            keep[i] = 1
    return keep[labels]


def _segments(mask: Any, scale: float, horizontal: bool) -> list[Seg]:
    import cv2

    count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    out: list[Seg] = []
    for i in range(1, count):
        x, y, w, h = (float(v) * scale for v in stats[i, :4])
        if horizontal and h <= MAX_THICK and w >= MIN_RULE:
            out.append(Seg(x, y + h / 2, x + w, y + h / 2))
        elif not horizontal and w <= MAX_THICK and h >= MIN_RULE:
            out.append(Seg(x + w / 2, y, x + w / 2, y + h))
    return out


def render(page: Any, dpi: int) -> Any:
    """A pdfium page rendered to an RGB array at ``dpi``."""
    import numpy as np

    return np.asarray(page.render(scale=dpi / 72).to_pil().convert("RGB"))
