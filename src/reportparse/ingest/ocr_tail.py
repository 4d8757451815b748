"""A line's final punctuation mark that its detection box left out, re-read.

Why: the text detector draws a line's box from its map of "text here", and a small mark set
apart at the end of a line — the "。" of a heading, low in its em square and a gap after the
last ideograph — can fall outside it: the recogniser never sees it, and the heading reads
"…未完全显现" where the text layer has "…未完全显现。". Which pages lose it depends on the
bitmap (a re-rendered or levelled page, not the band detection: the whole page loses it too).
So where ink follows a line's box closely and ends within an em, the line is read again with
that ink included, and only punctuation added at its end is taken (the re-read's other
characters are the first reading's, which the rest of the pipeline already trusts).
"""

from __future__ import annotations

from typing import Any

from .ocr import OcrChar, OcrLine, overlaps, pixels
from .ocr import BOX_PER_EM
from .ocr_margin import INK, Reader

#: ink this far right of the box (ems) belongs to the line's last mark
REACH = 0.6
#: the mark ends within this many ems of the box (a longer run is another word or column)
MARK = 1.0
#: the strip holds at least this share of ink (a speck does not count)
MIN_INK = 0.01


def reread_tails(rgb: Any, low: Any, lines: list[OcrLine], scale: float,
                 read: Reader) -> list[OcrLine]:
    """``lines`` with a final punctuation mark left outside the box put back. ``rgb`` is the
    page bitmap the boxes refer to (``scale`` points per pixel), ``low`` its darkest channel;
    ``read`` recognises one strip of ``rgb`` into its text and confidence."""
    out: list[OcrLine] = []
    for ln in lines:
        end = _mark_end(low, lines, ln, scale)
        if end is None:
            out.append(ln)
            continue
        x0, top, x1, bottom = pixels(ln.box, scale)
        pad = max(int(0.2 * (bottom - top) / BOX_PER_EM), 2)
        text, conf = read(rgb[top:bottom, max(x0 - pad, 0):end + pad])
        extra = _added_marks(text, ln.text)
        out.append(ln if extra is None else _append(ln, extra, end * scale, conf))
    return out


def _mark_end(low: Any, lines: list[OcrLine], ln: OcrLine, scale: float) -> int | None:
    """The pixel column where ink right after ``ln``'s box ends, when that ink starts within
    :data:`REACH` em of the box, ends within :data:`MARK` em, and no other box holds it."""
    x0, top, x1, bottom = ln.box
    em = (bottom - top) / BOX_PER_EM
    strip = (x1, top, x1 + (MARK + 0.5) * em, bottom)
    if not ln.text or any(overlaps(o.box, strip) for o in lines if o is not ln):
        return None
    px = list(pixels(strip, scale))
    px[2] = min(px[2], low.shape[1])
    ink = low[px[1]:px[3], px[0]:px[2]] < INK
    if not ink.size or ink.mean() < MIN_INK:
        return None
    cols = ink.any(axis=0).nonzero()[0]
    reach, mark = REACH * em / scale, MARK * em / scale
    if cols[0] > reach or cols[-1] > mark:
        return None
    return px[0] + int(cols[-1]) + 1


def _added_marks(text: str, first: str) -> str | None:
    """The punctuation the re-read ``text`` has after the first reading ``first``, if that is
    all it adds (one or two marks, no letter, digit or ideograph)."""
    text, first = "".join(text.split()), "".join(first.split())
    if not text.startswith(first) or not 0 < len(text) - len(first) <= 2:
        return None
    extra = text[len(first):]
    return None if any(ch.isalnum() for ch in extra) else extra


def _append(ln: OcrLine, extra: str, end: float, conf: float) -> OcrLine:
    """``ln`` with ``extra`` after it, its characters sharing the room up to ``end``."""
    start = ln.box[2] if not ln.chars else ln.chars[-1].box[2]
    unit = max(end - start, 0.1) / len(extra)
    chars = tuple(OcrChar(ch, (start + k * unit, ln.box[1], start + (k + 1) * unit, ln.box[3]))
                  for k, ch in enumerate(extra))
    return OcrLine(ln.text + extra, (ln.box[0], ln.box[1], max(end, ln.box[2]), ln.box[3]),
                   min(conf, ln.confidence), ln.chars + chars)


def drop_note_marks(low: Any, lines: list[OcrLine], scale: float) -> list[OcrLine]:
    """``lines`` without a footnote reference mark read at their end: one or two digits after
    a non-digit whose ink sits raised, above the middle of the line's ink ("…为“良”。¹" read
    "…为“良”。1"). The recogniser sees no size, so it reads the mark as a digit of the text; a
    text layer's reader drops such marks (:func:`~.pdf_text._drop_superscripts`), and a
    number glued to the text would change it."""
    out: list[OcrLine] = []
    for ln in lines:
        n = 0
        while n < min(2, len(ln.chars)) and ln.chars[-n - 1].text.isdigit():
            n += 1
        if not n or len(ln.chars) <= n or ln.chars[-n - 1].text.isdigit() or not _raised(
                low, ln, ln.chars[-n - 1].box[2], scale):
            out.append(ln)
            continue
        kept = ln.chars[:-n]
        text = ln.text.rstrip()[:-n].rstrip()
        out.append(OcrLine(text, (*ln.box[:2], kept[-1].box[2], ln.box[3]), ln.confidence,
                           kept))
    return out


def _raised(low: Any, ln: OcrLine, start: float, scale: float) -> bool:
    """Whether the ink right of ``start`` (points) in ``ln``'s box ends above the middle of
    the line's ink: a superscript, not a digit of the text (which reaches the baseline)."""
    x0, top, x1, bottom = pixels(ln.box, scale)
    rows = (low[top:bottom, x0:x1] < INK).any(axis=1).nonzero()[0]
    mark = (low[top:bottom, int(round(start / scale)):x1] < INK).any(axis=1).nonzero()[0]
    if not rows.size or not mark.size:
        return False
    return bool(mark[-1] < rows[0] + 0.55 * (rows[-1] - rows[0]))
