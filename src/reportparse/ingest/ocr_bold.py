"""Bold OCR lines, told by the width of their strokes.

Why: the recogniser tells no weights apart, and the reader ranks headings by size and weight
and breaks paragraphs on a style change, as with a text layer whose bold headings name a bold
font. Ink density (ink over box area) was tried first and misfires: a line of dense characters,
or one with an underlined insertion, covers more of its box without being bold. A bold stroke
is wider, and the width of a stroke is what 2 × ink ÷ edge measures (the edge pixels of a stroke
of width w are 2 per w pixels of ink along it), whatever the characters.

A line is bold when its strokes are clearly wider than the page's typical text line's, both
in pixels (:data:`BOLD`) and per em (:data:`BOLD_EM`): a large title set in a regular weight
has wider strokes in pixels, but not per em; a short line of digits (a Latin face, thin box) is
wider per em, but not in pixels.
"""

from __future__ import annotations

from typing import Any

from .cjk import is_wide
from .ocr import BOX_PER_EM, OcrLine, pitch_em, pixels
from .ocr_detect import darkest as darkest  # re-exported: the page and the tests use it here
from .ocr_sizes import weighted_median

#: stroke width over the page's typical text line's that reads as bold
BOLD = 1.25
#: the same per em of the characters' size
BOLD_EM = 1.2
#: a pixel is ink when its darkest channel is below this (coloured headings too)
INK = 160


def stroke_width(ink: Any) -> float:
    """The mean stroke width in pixels of an ink mask (rows × columns, bool): 2 × ink ÷ edge,
    the edge being the ink a 3 × 3 erosion takes away."""
    import cv2
    import numpy as np

    m = ink.astype(np.uint8)
    area = int(m.sum())
    if not area:
        return 0.0
    edge = area - int(cv2.erode(m, np.ones((3, 3), np.uint8)).sum())
    return 2.0 * area / max(edge, 1)


def em_pixels(ln: OcrLine, scale: float) -> float:
    """The characters' size in pixels: from their advances (:func:`~.ocr.pitch_em`) when the
    line has a few, else the line box's height (the detector pads it by about a fifth)."""
    em = pitch_em(ln.chars)
    if em is not None:
        return max(em / scale, 1.0)
    return max((ln.box[3] - ln.box[1]) / BOX_PER_EM / scale, 1.0)


def bold_lines(low: Any, lines: list[OcrLine], scale: float) -> list[bool]:
    """Which recognised lines are set in bold (``low``: the darkest channel of the page bitmap
    their boxes refer to, :func:`darkest`; ``scale``: points per pixel)."""
    dark = low < INK
    widths: list[float] = []
    for ln in lines:
        x0, top, x1, bottom = pixels(ln.box, scale)
        widths.append(stroke_width(dark[max(top, 0):bottom, max(x0, 0):x1]))
    per_em = [w / em_pixels(ln, scale) for w, ln in zip(widths, lines)]
    text = [k for k, ln in enumerate(lines)
            if 2 * sum(is_wide(ch) for ch in ln.text) >= len(ln.text) and widths[k]]
    if len(text) < 3:  # too few text lines to know the page's regular weight
        return [False] * len(lines)
    # the page's regular weight is what most of its *characters* are set in: a median over
    # lines misreads a page of many short bold headings between a few body paragraphs (an
    # outline's first page) as a bold page
    typical = weighted_median([(widths[k], len(lines[k].text)) for k in text])
    typical_em = weighted_median([(per_em[k], len(lines[k].text)) for k in text])
    return [w > BOLD * typical and e > BOLD_EM * typical_em for w, e in zip(widths, per_em)]
