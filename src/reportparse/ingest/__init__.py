"""Ingest: bytes in, a :class:`~reportparse.models.Report` with blocks and provenance out.

One module per format. Readers know file formats, not report semantics: they never import
``structure``, ``extract`` or ``check``. This module only decides which reader to call
(extension *and* content sniffing, so a mislabelled file is still read by the right reader or
rejected with a clear reason) and wraps stray exceptions as :class:`ReportParseError`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from importlib import import_module
from pathlib import Path

from ..errors import ReportParseError
from ..models import Message, Report, Source, SourceFormat

# format name -> module (imported lazily: pdfplumber and lxml are not free to import)
_READERS: dict[str, str] = {
    "text": "text",
    "docx": "docx",
    "pdf": "pdf",
    "markdown": "markup",
    "html": "markup",
    "office": "office",  # .doc / .wps through LibreOffice
    "image": "image",  # page scans through OCR (issue 17)
}

_EXTENSIONS: dict[str, str] = {
    ".txt": "text", ".text": "text", "": "text",
    ".docx": "docx", ".docm": "docx",
    ".pdf": "pdf",
    ".md": "markdown", ".markdown": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".doc": "office", ".wps": "office", ".rtf": "office", ".odt": "office",
    ".png": "image", ".jpg": "image", ".jpeg": "image", ".tif": "image", ".tiff": "image",
}

FORMATS = tuple(sorted(set(_EXTENSIONS.values())))


def sniff(data: bytes) -> str | None:
    """The format the bytes themselves announce, if any."""
    head = data[:8]
    if head.startswith(b"%PDF-") or data[:1024].lstrip().startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"  # the docx reader rejects zips that are not Word documents
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "office"
    if head.startswith(b"{\\rtf"):
        return "office"
    if head.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")):
        return "image"  # PNG, JPEG, TIFF (issue 17: read through OCR)
    lowered = data[:512].lstrip().lower()
    if lowered.startswith((b"<!doctype html", b"<html")):
        return "html"
    return None


def detect_format(path: str, data: bytes, requested: str | None = None) -> tuple[str, str | None]:
    """(format, warning) — the reader to use and a note when extension and content disagree."""
    if requested:
        if requested not in _READERS:
            raise ReportParseError(path, "unsupported_format", f"unknown format {requested!r}; "
                                   f"choose one of {', '.join(sorted(_READERS))}")
        return requested, None
    ext = Path(path).suffix.lower() if path not in ("<bytes>", "<stdin>") else ""
    by_ext = _EXTENSIONS.get(ext)
    by_content = sniff(data)
    if by_content and by_content != by_ext and not (by_ext == "markdown" and by_content == "html"):
        note = None
        if by_ext is not None and ext:
            note = f"file extension {ext} but content is {by_content}; read as {by_content}"
        return by_content, note
    if by_ext is None:
        raise ReportParseError(path, "unsupported_format",
                               f"unsupported file type {ext!r} (reportparse reads "
                               ".txt, .docx, .pdf, .md, .html, .png/.jpg/.tif scans, and "
                               ".doc/.wps via LibreOffice)")
    return by_ext, None


def new_report(path: str, data: bytes, fmt: SourceFormat, **source: object) -> Report:
    """An empty Report with its Source filled — the starting point of every reader."""
    return Report(source=Source(path=path, format=fmt, sha256=hashlib.sha256(data).hexdigest(),
                                size=len(data), **source))  # type: ignore[arg-type]


Reader = Callable[..., Report]


def check_cells(n: int, path: str, limits: object) -> None:
    """Refuse a document with more than ``limits.max_cells`` table cells — counted by the
    reader *before* it builds them (a 10⁶-cell table costs gigabytes downstream)."""
    cap = getattr(limits, "max_cells", None)
    if cap is not None and n > cap:
        raise ReportParseError(path, "too_large", f"{n:,} table cells, over the {cap:,}-cell "
                               "limit (Limits.max_cells)")


def check_blocks(n: int, path: str, limits: object) -> None:
    """Refuse a document of more than ``limits.max_blocks`` paragraphs/lines, counted by the
    reader before it builds them (a million ``1.`` lines took minutes downstream)."""
    cap = getattr(limits, "max_blocks", None)
    if cap is not None and n > cap:
        raise ReportParseError(path, "too_large", f"{n:,} paragraphs, over the {cap:,}-"
                               "paragraph limit (Limits.max_blocks)")


def check_text_bytes(data: bytes, path: str, limits: object) -> None:
    """Refuse text bytes that cannot fit ``limits.max_text_chars`` once decoded (no encoding
    takes more than 4 bytes a character) before decoding them: decoding 100 MB with a bad
    byte took gigabytes."""
    cap = getattr(limits, "max_text_chars", None)
    if cap is not None and len(data) > 4 * cap:
        raise ReportParseError(path, "too_large", f"{len(data):,} bytes of text, more than "
                               f"{cap:,} characters (Limits.max_text_chars)")


_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"


def _blank(data: bytes) -> bool:
    """Only white space — Unicode's (U+3000, NBSP, line separators) and zero-width characters
    too, in UTF-8 or UTF-16 — whatever the extension says. The first 4 KiB decide for almost
    every real file."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        codec = "utf-16"
    elif data[:1] == b"\x00" or data[1:2] == b"\x00":
        codec = "utf-16-be" if data[:1] == b"\x00" else "utf-16-le"
    else:
        codec = "utf-8"
    head = data[:4096].decode(codec, "ignore")
    if not head or not _only_space(head):
        return False
    return _only_space(data.decode(codec, "replace"))


def _only_space(text: str) -> bool:
    return not "".join(text.split()).strip(_INVISIBLE)


def read(data: bytes, path: str, *, format: str | None = None, **options: object) -> Report:
    """Read bytes into a Report with blocks in reading order (no noise removal yet)."""
    if not data or not data.strip():
        raise ReportParseError(path, "empty", "the file is empty")
    if _blank(data):
        raise ReportParseError(path, "empty", "the file holds only white space")
    fmt, note = detect_format(path, data, format)
    module = import_module(f".{_READERS[fmt]}", __name__)
    report: Report = module.read(data, path, **options)
    from .surrogates import fix_report

    fix_report(report)
    if note:
        report.warnings.append(Message(code="format_mismatch", message=note))
    return report
