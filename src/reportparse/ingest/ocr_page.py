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

from .ocr import BOX_PER_EM, OcrLine, read_strip, recognise, pitch_em, suppress_red
from .ocr_bold import bold_lines, darkest
from .ocr_margin import reread_margins
from .ocr_strike import struck_chars
from .ocr_tail import drop_note_marks, reread_tails
from .ocr_text import normalised
from .pdf_text import Char, Page, Seg

FONT = "OCR"  # one face: the recogniser tells no fonts apart
MIN_RULE = 16.0  # points: a table ruling is at least this long (a glyph stroke is shorter)
MAX_THICK = 5.0  # points: thicker runs are filled shapes, not rulings
#: a grid (crossing rulings) is at least this wide and tall in points; a lone horizontal rule
#: (footnote separator) at least ``MIN_LONE`` long — a heading's "十" or "一" is neither
MIN_GRID = (60.0, 15.0)
MIN_LONE = 40.0
CLOSE = 0.6  # gaps between recognised characters narrower than this (ems) are closed
MAX_SKEW = 2.0  # degrees of scan rotation undone
#: a box holding only digits is this tall in ems: a digit's ink is about 0.7 em high (no
#: ascender or descender), and the detector pads it less than a line of Han characters
DIGITS_BOX_PER_EM = 0.78
_DIGITS = frozenset("0123456789.,%")


def bitmap_page(rgb: Any, number: int, width: float, height: float) -> Page:
    """OCR one page bitmap (H×W×3 uint8, covering ``width`` × ``height`` points) into a Page
    whose characters carry the recogniser's line confidence."""
    scale = width / rgb.shape[1]
    level = deskew(suppress_red(rgb))
    segs, clean = rulings(level, scale)
    low = darkest(clean)
    lines = [ln for ln in recognise(clean, scale)
             if any(ch.isalnum() for ch in ln.text)]  # a lone "|" or "」": a mark, a speck
    lines = reread_tails(clean, low, reread_margins(clean, low, lines, scale, read_strip, segs),
                         scale, read_strip)
    lines = [normalised(ln) for ln in drop_note_marks(low, lines, scale)]
    heavy = bold_lines(low, lines, scale)
    chars: list[Char] = []
    struck = struck_chars(low if clean is level else darkest(level), lines, scale)
    for ln, bold, crossed in zip(lines, heavy, struck):
        if not all(crossed):  # a line struck through as a whole is a deletion
            chars += line_chars(ln, bold, crossed)
    return Page(number, width, height, chars, segs, images=1)


def deskew(rgb: Any) -> Any:
    """The bitmap turned level when the scan is slightly rotated (up to ±:data:`MAX_SKEW`°):
    the angle whose row profile of ink is sharpest (text lines and rulings level) is found on
    a quarter-size copy. A rotated table's rulings would otherwise break into steps and its
    rows run into each other."""
    import cv2
    import numpy as np

    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    small = cv2.resize(gray, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    ink = (small < 200).astype(np.float32)
    h, w = ink.shape

    def sharpness(angle: float) -> float:
        m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
        profile = cv2.warpAffine(ink, m, (w, h)).sum(axis=1)
        return float(np.square(np.diff(profile)).sum())

    angles = [a / 10 for a in range(-int(MAX_SKEW * 10), int(MAX_SKEW * 10) + 1)]
    best = max(angles, key=sharpness)
    if abs(best) < 0.1 or sharpness(best) <= 1.02 * sharpness(0.0):
        return rgb
    big_h, big_w = rgb.shape[:2]
    m = cv2.getRotationMatrix2D((big_w / 2, big_h / 2), best, 1.0)
    return cv2.warpAffine(rgb, m, (big_w, big_h), flags=cv2.INTER_LINEAR,
                          borderValue=(255, 255, 255))


def line_chars(ln: OcrLine, bold: bool = False,
               struck: list[bool] | None = None) -> list[Char]:
    """The characters of one recognised line, with the line's em size and confidence.

    The em comes from the characters' advances (:func:`~.ocr.pitch_em`) when the line has a
    few; the padded line box's height is too noisy for it. Each character's box reaches to the next one's
    across a narrow gap, so the reader sees no gap the recogniser did not read as a space (a
    narrow "." between digits made "9.0 0"; a wide gap stays, as before a TOC page number); a
    space between two digits or a digit and a point is dropped ("95. 40"). A box of digits
    alone (a TOC line's page number the detector boxed apart) is measured by the digits' height:
    its padded box is far lower than a line of Han characters', and it would pass for a raised
    footnote mark."""
    x0, top, x1, bottom = ln.box
    cs = list(ln.chars)
    size = (bottom - top) / BOX_PER_EM
    if cs and all(c.text in _DIGITS for c in cs):  # a lone page number, a TOC line's tail
        size = (bottom - top) / DIGITS_BOX_PER_EM
    em = pitch_em(cs)
    if em is not None:
        size = min(size * 1.4, max(size * 0.75, em))  # a box can be a fifth low or high
    spaced = _spaced(ln.text)
    out = []
    for k, c in enumerate(cs):
        right = c.box[2]
        if k + 1 < len(cs) and not spaced[k] and cs[k + 1].box[0] - right < CLOSE * size:
            right = max(right, cs[k + 1].box[0])  # a wider gap stays: a TOC page number
        out.append(Char(c.text, c.box[0], top, right, bottom, size, FONT, bold,
                        struck=bool(struck and struck[k]), conf=ln.confidence))
    return out


def _spaced(text: str) -> list[bool]:
    """Per visible character: whether the recogniser read a word space after it (not one
    inside a number)."""
    out: list[bool] = []
    prev = ""
    for i, ch in enumerate(text):
        if ch.isspace():
            nxt = text[i + 1:i + 2]
            if out and not (_numeric(prev) and _numeric(nxt)):
                out[-1] = True
            continue
        out.append(False)
        prev = ch
    return out


def _numeric(ch: str) -> bool:
    return ch.isdigit() or ch in ".,%"


def rulings(rgb: Any, scale: float) -> tuple[list[Seg], Any]:
    """The ruling segments (points) of a page bitmap, and the bitmap with them erased."""
    import cv2
    import numpy as np

    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    ink = (gray < 160).astype(np.uint8)
    n = max(int(MIN_RULE / scale), 3)
    # a ruling may step a pixel aside: a levelled scan is level to a tenth of a degree, and a
    # scan rotated by a printer or in software has its lines in steps (a 1-px vertical ruling
    # of a table rotated by 0.7° and levelled back broke every few dozen pixels, and the rows
    # beside the break left the table); widened by a pixel each way across, the run holds
    across_h = cv2.dilate(ink, np.ones((3, 1), np.uint8))
    across_v = cv2.dilate(ink, np.ones((1, 3), np.uint8))
    h = cv2.morphologyEx(across_h, cv2.MORPH_OPEN,
                         cv2.getStructuringElement(cv2.MORPH_RECT, (n, 1))) & ink
    v = cv2.morphologyEx(across_v, cv2.MORPH_OPEN,
                         cv2.getStructuringElement(cv2.MORPH_RECT, (1, n))) & ink
    grid = _grid_mask(h, v, scale)
    segs = _segments(h & grid, scale, horizontal=True) + _segments(v & grid, scale,
                                                                   horizontal=False)
    clean = rgb
    if segs:
        clean = rgb.copy()
        erase = cv2.dilate(grid & np.maximum(h, v), np.ones((3, 3), np.uint8))
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
