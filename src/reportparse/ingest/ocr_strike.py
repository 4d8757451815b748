"""Struck-through text on a scanned page: found in the pixels and dropped.

Why: a report printed with its tracked changes shown draws a deletion as the old words with a
line through them, often in a pale colour. The text layer of such a PDF is read without its
deletions (the reader drops struck text), so the OCR reading must drop them too, or every
"（此句为初稿，已删除）" stays in the body. The characters are marked struck, as the PDF reader
marks a text layer's deletions: they keep their place on the line (its em and gaps stay as
drawn) but yield no text.

How a strike is told from a glyph stroke or a dash: it is one unbroken horizontal run of ink
across the middle band of the line at least :data:`MIN_RUN` ems long (the strokes of separate
characters are broken by the gaps between them), and the glyphs it crosses have ink both above
and below it: a "——" dash has none, an underline (a tracked insertion) none below.
"""

from __future__ import annotations

from typing import Any

from .ocr import BOX_PER_EM, OcrLine, pixels

#: a strike is at least this many ems long (one CJK character is one em): in a bold heading
#: the strokes of two neighbouring characters can touch into a 2-em run ("评估结论")
MIN_RUN = 2.5
#: the band of the line box (fractions of its height from the top) a strike runs through
BAND = (0.25, 0.8)
#: at least this share of the run's columns has glyph ink above, and as many below, the strike
CROSSED = 0.3
#: glyph ink counts as crossed when it is this close (ems) to the strike: not the next line
NEAR = 0.2
#: a pixel is ink when its darkest channel is below this: pale tracked-change colours too
INK = 200


def struck_spans(ink: Any, em: float) -> list[tuple[int, int]]:
    """Column ranges ``[a, b)`` of a line's ink mask (rows × columns, bool) that a strike
    runs through; ``em`` is the characters' size in pixels."""
    import cv2
    import numpy as np

    h = ink.shape[0]
    lo, hi = int(BAND[0] * h), max(int(BAND[1] * h), int(BAND[0] * h) + 1)
    length = max(int(MIN_RUN * em), 3)
    if ink.shape[1] < length:
        return []
    # a run may step a pixel: a levelled scan is level to a tenth of a degree
    band = cv2.dilate(np.ascontiguousarray(ink[lo:hi]).astype(np.uint8),
                      np.ones((3, 1), np.uint8))
    runs = cv2.morphologyEx(band, cv2.MORPH_OPEN,
                            cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1)))
    if not runs.any():
        return []
    count, _, stats, _ = cv2.connectedComponentsWithStats(runs, connectivity=8)
    out: list[tuple[int, int]] = []
    for i in range(1, count):
        a, y, w, hh = (int(v) for v in stats[i, :4])
        if w < length:  # a remnant at the crop's edge
            continue
        top, bottom, near = lo + y, lo + y + hh, max(int(NEAR * em), 2)
        while top > 0 and ink[top - 1, a:a + w].mean() > 0.8:  # the stroke's full width,
            top -= 1                                          # beyond the band
        while bottom < len(ink) and ink[bottom, a:a + w].mean() > 0.8:
            bottom += 1
        above = ink[max(top - near, 0):top, a:a + w].any(axis=0).mean()
        below = ink[bottom:bottom + near, a:a + w].any(axis=0).mean()
        if min(above, below) >= CROSSED:  # glyphs on both sides: not an underline or a dash
            out.append((a, a + w))
    return out


def struck_chars(low: Any, lines: list[OcrLine], scale: float) -> list[list[bool]]:
    """Per recognised line, per character: whether a strike runs through it (its middle lies
    on a strike). ``low`` is the darkest channel of the page bitmap the boxes refer to
    (:func:`~.ocr_bold.darkest`), ``scale`` its points per pixel. The reader keeps a struck character's place on the line but none of its text, as
    for a text layer's deletions: the line's em and its gaps stay as drawn."""
    ink = low < INK
    out: list[list[bool]] = []
    for ln in lines:
        x0, top, x1, bottom = pixels(ln.box, scale)
        crop = ink[max(top, 0):bottom, max(x0, 0):x1]
        spans = [((a + max(x0, 0)) * scale, (b + max(x0, 0)) * scale)
                 for a, b in struck_spans(crop, crop.shape[0] / BOX_PER_EM)] if crop.size else []
        out.append([any(a <= (c.box[0] + c.box[2]) / 2 <= b for a, b in spans)
                    for c in ln.chars])
    return out
