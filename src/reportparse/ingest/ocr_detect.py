"""Text detection band by band over a page's ink, instead of over the whole page.

Why: the detector's cost grows with the pixels it is fed, and an A4 page at 200 dpi is mostly
white (margins, the gaps between sections, the end of a short last page). Rows and columns
without ink hold no text, so the page is cut into horizontal bands around its ink (each with
:data:`MARGIN` pixels of white around it, as the detector sees a text line's surroundings on
a full page), bands closer than :data:`JOIN` pixels are merged (a paragraph stays one band),
and each band is cropped to its own ink columns. Every band is padded with white to a multiple
of 32 pixels (the network's stride) so the detector sees it at exactly its size, never
stretched, and the boxes found are shifted back to page coordinates.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

#: white kept around each band's ink, pixels (≈ 8 pt at 200 dpi)
MARGIN = 64
#: bands whose margins come closer than this are merged, pixels
JOIN = 32
#: a pixel darker than this (on any channel's minimum) is ink
INK = 200
#: the detector network's stride: its input sides are multiples of this
STRIDE = 32

Band = tuple[int, int, int, int]  # x0, y0, x1, y1 in page pixels (x1, y1 exclusive)


def _runs(mask: Any) -> list[tuple[int, int]]:
    """The (start, end) index runs where a 1-D boolean array is true (end exclusive)."""
    import numpy as np

    edges = np.flatnonzero(np.diff(np.concatenate(([0], mask.astype(np.int8), [0]))))
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2])]


def darkest(rgb: Any) -> Any:
    """The darkest channel of each pixel of an H×W×3 bitmap (ink of any colour is dark in one
    channel): two ``np.minimum`` passes, several times faster than ``rgb.min(axis=2)``."""
    import numpy as np

    return np.minimum(np.minimum(rgb[..., 0], rgb[..., 1]), rgb[..., 2])


def ink_bands(rgb: Any) -> list[Band]:
    """The bands of a page bitmap (H×W×3 uint8) that hold ink, top to bottom: rows of ink with
    :data:`MARGIN` pixels around them, merged where they come within :data:`JOIN` pixels,
    each cropped to the columns its ink spans (again with the margin). A band's top left
    corner lies on the :data:`STRIDE` grid of the page, so the detector sees every pixel at
    the same phase as on the whole page: it is not shift-invariant (a heading's lone "二、"
    was found or lost as a band started a few pixels higher or lower)."""
    h, w = rgb.shape[:2]
    ink = darkest(rgb) < INK
    bands: list[list[int]] = []
    for a, b in _runs(ink.any(axis=1)):
        top, bottom = max(a - MARGIN, 0), min(b + MARGIN, h)
        if bands and top - bands[-1][1] < JOIN:
            bands[-1][1] = bottom
        else:
            bands.append([top, bottom])
    out: list[Band] = []
    for top, bottom in bands:
        cols = _runs(ink[top:bottom].any(axis=0))
        x0 = max(cols[0][0] - MARGIN, 0)
        out.append((x0 - x0 % STRIDE, top - top % STRIDE, min(cols[-1][1] + MARGIN, w), bottom))
    return out


def padded(crop: Any) -> Any:
    """A bitmap padded with white on the right and bottom to multiples of :data:`STRIDE`."""
    import numpy as np

    h, w = crop.shape[:2]
    ph, pw = -h % STRIDE, -w % STRIDE
    if not ph and not pw:
        return crop
    return np.pad(crop, ((0, ph), (0, pw), (0, 0)), constant_values=255)


def _shift(quad: Any, dx: int, dy: int) -> list[list[float]]:
    return [[float(p[0]) + dx, float(p[1]) + dy] for p in quad]


def detect_in_bands(rgb: Any, run: Callable[[Any], Any]) -> list[list[Any]]:
    """RapidOCR's result items (line quad, text, score, word quads, …) for a page, ``run``
    called on each band's padded crop; every quad is shifted back to page pixels, and items
    whose line box lies in the padding only (none should) are dropped."""
    out: list[list[Any]] = []
    for x0, y0, x1, y1 in ink_bands(rgb):
        res, _ = run(padded(rgb[y0:y1, x0:x1]))
        for item in res or []:
            item = list(item)
            item[0] = _shift(item[0], x0, y0)
            if len(item) > 3 and isinstance(item[3], list):
                item[3] = [_shift(q, x0, y0) for q in item[3]]
            if min(p[0] for p in item[0]) < x1 and min(p[1] for p in item[0]) < y1:
                out.append(item)
    return out
