"""A heading number the detector lost, re-read from the left margin of its line.

Why: a heading's number ("一、", "（一）", "1.") is often set apart from its title by a wide
gap, and the text detector then finds the title but not the short, thin number before it: the
heading reads "基本情况" for "一、 基本情况", loses its level and its place in the outline.
Where a recognised line starts well right of the page's text margin and there is ink between
the margin and the line that no recognised line covers, the line is recognised again from the
margin (the recogniser reads a lone number poorly, the whole line well); what it reads before
the title is prepended when it is a heading number of one of the families of
``patterns/headings.toml`` (nothing else: a stray mark or a seal remnant stays out).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

import regex

from ..patterns import load_patterns
from .cjk import is_wide
from .ocr import BOX_PER_EM, OcrChar, OcrLine, overlaps, pixels
from .pdf_text import Seg

#: a line starting at least this many ems right of the margin may have lost its number
MIN_INDENT = 1.0
#: the strip holds at least this share of ink (a speck does not count)
MIN_INK = 0.02
#: a pixel is ink when its darkest channel is below this
INK = 160
#: at least this many lines start at the page's text margin
MARGIN_LINES = 2

Reader = Callable[[Any], tuple[str, float]]


def text_margin(lines: list[OcrLine]) -> float | None:
    """The leftmost edge (points, to 2 pt) that :data:`MARGIN_LINES` lines or more start at,
    or None on a page without one. Not the edge most long lines start at: on a page that is
    mostly a table, the long lines are the last column's (a heading below the table then
    seemed to start at its margin and kept its lost number lost)."""
    lefts = Counter(round(ln.box[0] / 2) for ln in lines)
    shared = [k for k, n in lefts.items() if n >= MARGIN_LINES]
    return 2.0 * min(shared) if shared else None


def heading_number(text: str, title: str) -> bool:
    """Whether ``text`` (read from the margin) is the whole number of a heading ``title``."""
    text = "".join(text.split())
    for fam in load_patterns().headings.family:
        m = regex.match(fam.pattern, text + title)
        if m is not None and "".join(m.group("marker").split()) == text:
            return True
    return False


def reread_margins(rgb: Any, low: Any, lines: list[OcrLine], scale: float,
                   read: Reader, rulings: Iterable[Seg] = ()) -> list[OcrLine]:
    """``lines`` with a lost heading number put back before its title. ``rgb`` is the page
    bitmap the boxes refer to (``scale`` points per pixel) and ``low`` its darkest channel
    (:func:`~.ocr_bold.darkest`); ``read`` recognises one strip of ``rgb`` (an H×W×3 array)
    into its text and confidence. A strip crossed by one of the page's vertical ``rulings``
    is not read: a table cell's text has the cell before it there, not its number."""
    walls = [s for s in rulings if s.x0 == s.x1]
    left = text_margin(lines)
    if left is None:
        return lines
    out: list[OcrLine] = []
    for ln in lines:
        x0, top, x1, bottom = ln.box
        em = (bottom - top) / BOX_PER_EM
        strip = (left - 0.5 * em, top, x0 - 0.1 * em, bottom)
        if x0 - left < MIN_INDENT * em or any(overlaps(o.box, strip) for o in lines
                                               if o is not ln) or any(
                strip[0] < w.x0 < strip[2] and w.top < bottom and w.bottom > top for w in walls):
            out.append(ln)
            continue
        px = list(pixels(strip, scale))
        px[0] = max(px[0], 0)
        cols = low[px[1]:px[3], px[0]:px[2]] < INK
        if not cols.size or cols.mean() < MIN_INK:
            out.append(ln)
            continue
        a = px[0] + int(cols.any(axis=0).nonzero()[0][0])
        pad = max(int(0.2 * em / scale), 2)
        text, conf = read(rgb[px[1]:px[3], max(a - pad, 0):int(round(x1 / scale)) + pad])
        number = _number_before(text, ln.text)
        if number is None:
            out.append(ln)
            continue
        out.append(_prepend(ln, number, a * scale, x0, min(conf, ln.confidence)))
    return out


def _number_before(text: str, title: str) -> str | None:
    """The heading number that ``text`` (the line re-read from the margin, number and title
    together: the recogniser reads a lone number poorly) has before ``title``, if any."""
    text, title = "".join(text.split()), "".join(title.split())
    if not title or not text.endswith(title) or len(text) == len(title):
        return None
    number = text[: len(text) - len(title)]
    return number if heading_number(number, title) else None


def _prepend(ln: OcrLine, number: str, start: float, title: float, conf: float) -> OcrLine:
    """``ln`` with ``number`` before it: its characters share the strip from ``start`` to the
    title (an ideograph or full-width mark two shares, a digit one), so the reader sees no gap
    between the number and the title, as the text layer has none but a space."""
    weights = [2 if is_wide(ch) else 1 for ch in number]
    unit = (title - start) / sum(weights)
    chars, x = [], start
    for ch, w in zip(number, weights):
        chars.append(OcrChar(ch, (x, ln.box[1], x + w * unit, ln.box[3])))
        x += w * unit
    return OcrLine(number + ln.text, (start, *ln.box[1:]), conf, tuple(chars) + ln.chars)
