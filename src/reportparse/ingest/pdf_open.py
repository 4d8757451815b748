"""Opening a PDF: the byte checks, pypdfium2 with a pdfplumber/pdfminer fallback, and each
page digested into tables and lines as it is read (one page's glyphs in memory at a time).

Why here: every way a PDF can be unusable (not a PDF, truncated, encrypted, damaged beyond
repair, too many pages) must surface as one :class:`ReportParseError` with a reason, before any
layout work starts.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import regex

from ..errors import ReportParseError
from .pdf_tables import PageTable, find_tables
from .pdf_text import (Line, Page, PageTooLarge, Seg, build_lines, pdfium_pages, plumber_pages,
                       strike_out)

OCR_HINT = ("install the OCR extra (pip install 'reportparse[ocr]') and parse with --ocr auto, "
            "or OCR it first, e.g. with MinerU, docling or markitdown, and pass the resulting "
            ".md or .html to reportparse")
OCR_MODES = ("never", "auto", "always")
ENCRYPTED = ("the PDF is password-protected and the empty password does not open it; decrypt "
             "it first (e.g. qpdf --decrypt --password=PASSWORD in.pdf out.pdf)")


@dataclass
class PageData:
    """What the reader keeps of a page once its glyphs are gone."""

    number: int
    height: float
    tables: list[PageTable]
    rules: list[Seg]  # short horizontal rules outside tables (a footnote separator)
    lines: list[Line]
    ink: int  # non-space characters
    images: int
    struck: int = 0  # crossed-out characters left out
    unmapped: int = 0  # characters that are font codes, not text (no Unicode map)
    ocr: float | None = None  # read by OCR: the mean line confidence


#: control characters and private-use code points: what a font without a Unicode map gives
UNMAPPED = regex.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ue000-\uf8ff]")


def _digest(p: Page) -> PageData:
    """Tables and lines of one page (table glyphs taken out of the text flow)."""
    ink = sum(1 for c in p.chars if not c.text.isspace())
    struck = strike_out(p.chars, p.segs)
    ts = find_tables(p.segs, p.chars, p.number)
    chars = [c for c in p.chars if not any(t.contains(c) for t in ts)] if ts else p.chars
    rules = [s for s in p.segs if s.top == s.bottom and 20 < s.x1 - s.x0 < 0.45 * p.width
             and not any(t.xs[0] - 2 <= s.x0 <= t.xs[-1] + 2 and t.ys[0] - 2 <= s.top
                         <= t.ys[-1] + 2 for t in ts)]
    unmapped = sum(1 for c in p.chars if UNMAPPED.match(c.text))
    return PageData(p.number, p.height, ts, rules, build_lines(chars, p.number), ink,
                    p.images, struck, unmapped)


@dataclass
class Doc:
    pages: list[PageData]
    n_pages: int
    failed: list[int] = field(default_factory=list)  # pages pdfium could not load
    outline: list[tuple[int, str, int | None]] = field(default_factory=list)  # level, title, page
    properties: dict[str, str] = field(default_factory=dict)
    engine: str = "pdfium"


def check_bytes(data: bytes, path: str) -> None:
    head = data[:1024].lstrip()
    if not head.startswith(b"%PDF-"):
        kind = ("a Word/zip file" if data[:4] == b"PK\x03\x04" else
                "HTML" if head[:64].lower().startswith((b"<!doctype", b"<html")) else
                "text" if _looks_text(data[:2048]) else "binary data")
        raise ReportParseError(path, "unsupported_format",
                               f"not a PDF (no %PDF- header; the content looks like {kind})")
    if b"%%EOF" not in data[-4096:]:
        raise ReportParseError(path, "corrupt", "the PDF is truncated (no %%EOF end marker); "
                               "re-download or re-export the file")


#: a stream may inflate to this much before its compression ratio is looked at
STREAM_CHECK_ABOVE = 64 * 1024 * 1024
MAX_STREAM_RATIO = 100  # content and images compress 2–20:1; a bomb 1000:1
_STREAM = regex.compile(rb"(?<!end)stream\r?\n")


def check_streams(data: bytes, path: str) -> None:
    """Refuse a flate bomb before pdfium inflates it: each stream is inflated here in 1 MiB
    steps and thrown away, and one that passes 64 MiB at a ratio over 100:1 is ``unsafe``
    (1 MB of drawing operators inflating to gigabytes hung the reader)."""
    view = memoryview(data)
    for m in _STREAM.finditer(data):
        inflated = _inflated_size(view[m.end():], STREAM_CHECK_ABOVE)
        if inflated is None:
            continue
        used, size = inflated
        if size > STREAM_CHECK_ABOVE and size > MAX_STREAM_RATIO * max(used, 1):
            raise ReportParseError(path, "unsafe", f"a compressed stream inflates past "
                                   f"{STREAM_CHECK_ABOVE >> 20} MiB at over "
                                   f"{MAX_STREAM_RATIO}:1 (a flate bomb?)")


def _inflated_size(view: memoryview, cap: int) -> tuple[int, int] | None:
    """(compressed bytes read, inflated bytes) of the zlib stream at the start of ``view``,
    stopping once past ``cap``; None when it is not zlib data."""
    import zlib

    d = zlib.decompressobj()
    size = used = 0
    try:
        while size <= cap and not d.eof:
            chunk = view[used:used + (1 << 16)]
            if not chunk:
                break
            used += len(chunk)
            size += len(d.decompress(chunk, 1 << 20))
            while d.unconsumed_tail and size <= cap and not d.eof:
                got = len(d.decompress(d.unconsumed_tail, 1 << 20))
                if not got:  # no progress (the tail is past the stream's end)
                    break
                size += got
    except zlib.error:
        return None if size == 0 else (used, size)
    return used - len(d.unused_data) - len(d.unconsumed_tail), size


def _looks_text(b: bytes) -> bool:
    try:
        b.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return b"\x00" not in b


def _bounded(pages: Iterator[PageData], path: str, max_chars: int | None) -> Iterator[PageData]:
    """Stop as soon as the pages read so far hold more than ``max_chars`` characters (2,000
    pages sharing one content stream are refused after the first few hundred, not read)."""
    seen = 0
    for page in pages:
        seen += page.ink
        if max_chars is not None and seen > max_chars:
            raise ReportParseError(path, "too_large", f"over {max_chars:,} characters of text "
                                   f"by page {page.number} (Limits.max_text_chars)")
        yield page


def needs_ocr(p: PageData, mode: str) -> bool:
    """``auto``: a page with no text but an image, or whose text is mostly font codes (no
    usable Unicode map); ``always``: every page; ``never``: none."""
    if mode == "always":
        return True
    if mode != "auto":
        return False
    return (p.ink == 0 and p.images > 0) or (p.ink > 0 and p.unmapped * 5 >= p.ink)


def _ocr_pages(doc: object, pages: list[PageData], mode: str, path: str,
               on_page: Callable[[int], None] | None = None) -> None:
    """Replace the pages that need it by their OCR reading (rendered at ``ocr.DPI``), in
    place, calling ``on_page`` with each page number done; without the OCR extra the pages
    stay as they are (the reader warns)."""
    from . import ocr

    todo = [k for k, p in enumerate(pages) if needs_ocr(p, mode)]
    if not todo or not ocr.available():
        return
    from functools import partial

    from .ocr_page import bitmap_page, render

    def works() -> Iterator[Callable[[], PageData]]:
        for k in todo:  # rendered here, in the caller's thread: pdfium is not thread-safe
            page = doc[pages[k].number - 1]  # type: ignore[index]
            try:
                width, height = page.get_size()
                bitmap = render(page, ocr.DPI)
            finally:
                page.close()
            yield partial(recognised, path, partial(bitmap_page, bitmap, pages[k].number,
                                                    width, height))

    for k, data in zip(todo, ocr.in_order(works())):
        pages[k] = data
        if on_page is not None:
            on_page(data.number)


def recognised(path: str, work: Callable[[], Page]) -> PageData:
    """One page's OCR reading (``work`` renders nothing: it recognises a bitmap already made),
    digested; run on an OCR thread by :func:`.ocr.in_order`."""
    from .ocr import guarded

    return scanned(guarded(path, work))


def scanned(scan: Page) -> PageData:
    """An OCR'd page digested like any other, marked with its mean line confidence."""
    confs = [c.conf for c in scan.chars if c.conf is not None]
    data = _digest(scan)
    data.ocr = round(sum(confs) / len(confs), 3) if confs else 0.0
    return data


def open_pdf(data: bytes, path: str, password: str | None, max_pages: int | None,
             max_chars: int | None = None, ocr: str = "never",
             on_ocr_page: Callable[[int], None] | None = None) -> Doc:
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(data, password=password)
    except pdfium.PdfiumError as e:
        if e.err_code == 4:  # FPDF_ERR_PASSWORD: the empty password did not open it
            raise ReportParseError(path, "encrypted", ENCRYPTED) from e
        return _open_plumber(data, path, password, max_pages, e)
    try:
        n = len(doc)
        if n == 0:
            raise ReportParseError(path, "corrupt", "the PDF has no pages (damaged page tree)")
        _check_size(path, n, max_pages)
        failed: list[int] = []
        try:
            pages = list(_bounded((_digest(p) for p in pdfium_pages(doc, failed=failed)),
                                  path, max_chars))
        except PageTooLarge as e:
            raise ReportParseError(path, "too_large", str(e)) from None
        if not pages:
            raise ReportParseError(path, "corrupt", "the PDF is damaged: none of its "
                                   f"{n} pages could be loaded")
        _ocr_pages(doc, pages, ocr, path, on_ocr_page)
        outline: list[tuple[int, str, int | None]] = []
        try:
            for b in doc.get_toc(max_depth=8):
                dest = b.get_dest()
                idx = dest.get_index() if dest is not None else None
                outline.append((b.level, b.get_title(), None if idx is None else idx + 1))
        except (pdfium.PdfiumError, ValueError, TypeError, UnicodeError):
            outline = []  # a broken outline is only a lost hint
        try:
            props = dict(doc.get_metadata_dict(skip_empty=True))
        except (pdfium.PdfiumError, ValueError, TypeError, UnicodeError):
            props = {}
        return Doc(pages, n, failed, outline, props)
    finally:
        doc.close()


def _check_size(path: str, n: int, max_pages: int | None) -> None:
    if max_pages is not None and n > max_pages:
        raise ReportParseError(path, "too_large", f"the PDF has {n} pages, over the limit "
                               f"of {max_pages} (max_pages)")


def _open_plumber(data: bytes, path: str, password: str | None, max_pages: int | None,
                  first: Exception) -> Doc:
    import logging

    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    log = logging.getLogger("pdfminer")
    level = log.level
    log.setLevel(logging.ERROR)  # its repair chatter is not for our callers' stderr
    try:
        with pdfplumber.open(io.BytesIO(data), password=password or "") as pdf:
            n = len(pdf.pages)
            if n == 0:
                raise ReportParseError(path, "corrupt", "the PDF has no pages")
            _check_size(path, n, max_pages)
            return Doc([_digest(p) for p in plumber_pages(pdf)], n, engine="pdfplumber")
    except ReportParseError:
        raise
    except PDFPasswordIncorrect:
        raise ReportParseError(path, "encrypted", ENCRYPTED) from None
    except Exception as e:
        raise ReportParseError(path, "corrupt", f"the PDF is damaged and could not be "
                               f"repaired ({first}; {type(e).__name__}: {e})") from e
    finally:
        log.setLevel(level)


