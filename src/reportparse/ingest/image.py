"""Image reader: page scans (.png, .jpg, .tif — a multi-page TIFF is a multi-page report) read
by OCR through the PDF reader's page path (``ocr_page`` → ``pdf_open.scanned`` →
``pdf.assemble``), so a scan is read like an image-only PDF.

Why the pixel limit: an image header may announce 100,000 × 100,000 pixels in a few bytes (a
decompression bomb); the size is checked from the header before any pixel is decoded, and
Pillow's own bomb guard is turned into the same ``too_large`` error.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING, Any

from ..errors import ReportParseError
from ..models import Document
from .base import new_report
from .protocol import ReadOptions, SourceInfo

if TYPE_CHECKING:
    from .pdf_open import PageData
from .ocr import DPI, in_order, require

#: pixels one page may have: A4 at 600 dpi is 35 million
MAX_PIXELS = 60_000_000
#: the resolution assumed when the file states none: the width of an A4 page (portrait)
A4_INCHES = (8.27, 11.69)


def read(data: bytes, source: SourceInfo, options: ReadOptions) -> Document:
    """Read a page scan (every frame of a TIFF) into a Document by OCR."""
    path, patterns, limits = source.path, options.patterns, options.limits
    if options.ocr == "never":
        raise ReportParseError(path, "no_text_layer", "an image has no text layer; parse it "
                               "with --ocr auto (the OCR extra)")
    require(path, "an image has no text layer")
    from PIL import Image, ImageSequence, UnidentifiedImageError

    from .pdf import assemble
    from .pdf_open import Doc, recognised
    from .ocr_page import bitmap_page

    max_pages = limits.max_pdf_pages
    pages = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data))

            def works() -> Iterator[Callable[[], PageData]]:
                for n, frame in enumerate(ImageSequence.Iterator(img), start=1):
                    if max_pages is not None and n > max_pages:
                        raise ReportParseError(path, "too_large", f"over {max_pages} pages "
                                               "(Limits.max_pdf_pages)")
                    rgb, width, height = _page(frame, path, n)  # decoded in this thread
                    yield partial(recognised, path, partial(bitmap_page, rgb, n, width,
                                                             height))

            for page in in_order(works()):
                pages.append(page)
                if options.on_ocr_page is not None:
                    options.on_ocr_page(page.number)
    except ReportParseError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
        raise ReportParseError(path, "too_large", f"the image is too large ({e})") from None
    except (UnidentifiedImageError, OSError, ValueError, EOFError) as e:
        raise ReportParseError(path, "corrupt", f"the image could not be decoded "
                               f"({type(e).__name__}: {e})") from None
    report = new_report(source, "image", pages=len(pages))
    return assemble(report, Doc(pages, len(pages)), path, patterns, limits)


def _page(frame: Any, path: str, n: int) -> tuple[Any, float, float]:
    """One frame as an RGB array at no more than :data:`~.ocr.DPI`, and its size in points
    (from the stated resolution, else as an A4 page)."""
    import numpy as np
    from PIL import Image

    w, h = frame.size
    if w * h > MAX_PIXELS:
        raise ReportParseError(path, "too_large", f"page {n} has {w}×{h} pixels, over the "
                               f"{MAX_PIXELS:,}-pixel limit")
    dpi = frame.info.get("dpi")
    try:
        res = float(dpi[0]) if dpi else 0.0
    except (TypeError, ValueError, IndexError):
        res = 0.0
    if not 50 <= res <= 2400:
        res = w / (A4_INCHES[0] if w <= h else A4_INCHES[1])
    width, height = w * 72 / res, h * 72 / res
    img = frame.convert("RGB")
    if res > 1.5 * DPI:  # recognition needs no more; the detector's time grows with pixels
        img = img.resize((round(w * DPI / res), round(h * DPI / res)), Image.Resampling.LANCZOS)
    return np.asarray(img), width, height
