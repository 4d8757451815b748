"""Font sizes for OCR lines: the recogniser's boxes measure each line's em with a point or so
of noise, and the PDF reader breaks paragraphs on a style change and ranks headings by size.
So the sizes are snapped: lines within :data:`BODY_BAND` of the body size (the size carrying
most text; a little more for a short line, :data:`SHORT_BAND`) take the body size exactly; the others are grouped where neighbouring sizes differ
by under :data:`STEP`, each group taking its own (text-weighted) median.

A full line of justified text is measured large: its characters are spread to reach the right
margin, and one with several narrow digits ("2022年6月7日…8000万元") is spread the most, by up
to a tenth. So a line that reaches the right margin takes the body size when it is up to
:data:`FULL_BAND` larger (a heading is short, or centred, and does not reach it).
"""

from __future__ import annotations

from .pdf_text import Line

BODY_BAND = 0.07
#: a short line is measured less exactly (its span's two ends are each a recogniser's step,
#: about 2 pt at 200 dpi, off): its band is wider by this over its length in characters
SHORT_BAND = 0.05
FULL_BAND = 0.12
STEP = 0.06


def weighted_median(items: list[tuple[float, int]]) -> float:
    """The value below which half the weight lies, of (value, weight) pairs: what most of the
    text is set in when each line weighs its characters."""
    items = sorted(items)
    half = sum(w for _, w in items) / 2
    acc = 0
    for size, w in items:
        acc += w
        if acc >= half:
            return size
    return items[-1][0]


def snap_sizes(lines: list[Line]) -> None:
    """Snap the sizes of OCR lines in place (rounded to half points)."""
    if not lines:
        return
    body = round(weighted_median([(ln.size, len(ln.text)) for ln in lines]) * 2) / 2
    ends = sorted(ln.x1 for ln in lines)
    right = ends[len(ends) - 1 - len(ends) // 30]  # the right margin (a stray long line aside)
    rest = []
    for ln in lines:
        full = ln.x1 >= right - body and body < ln.size <= (1 + FULL_BAND) * body
        band = BODY_BAND + SHORT_BAND / max(len(ln.text), 1)
        if full or abs(ln.size - body) <= band * body:
            ln.size = body
        else:
            rest.append(ln)
    rest.sort(key=lambda ln: ln.size)
    group: list[Line] = []
    tail: list[Line | None] = [*rest, None]
    for nxt in tail:
        if group and (nxt is None or nxt.size > group[-1].size * (1 + STEP)):
            size = round(weighted_median([(g.size, len(g.text)) for g in group]) * 2) / 2
            for g in group:
                g.size = size
            group = []
        if nxt is not None:
            group.append(nxt)
