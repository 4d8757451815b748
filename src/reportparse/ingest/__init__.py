"""Ingest: bytes in, a :class:`~reportparse.models.Document` with blocks and provenance out.

One module per format, every reader behind one signature (:mod:`.protocol`:
``read(data, source, options)``) in one table keyed by format (:mod:`.registry`). Readers know
file formats, not report semantics: they never import ``structure``, ``extract`` or ``check``.
This module only decides which reader to call (extension *and* content sniffing, so a
mislabelled file is still read by the right reader or rejected with a clear reason).
"""

from __future__ import annotations

from dataclasses import replace

from ..errors import ReportParseError
from ..models import Message, Document
from .base import check_blocks, check_cells, check_text_bytes, new_report
from .protocol import Reader, ReaderResult, ReadOptions, SourceInfo, suffix_of
from .registry import format_for_suffix, formats, reader_for, register, sniff, unregister

__all__ = ["ReadOptions", "Reader", "ReaderResult", "SourceInfo", "check_blocks", "check_cells",
           "check_text_bytes", "detect_format", "formats", "new_report", "read", "reader_for",
           "register", "sniff", "unregister"]


def detect_format(path: str, data: bytes, requested: str | None = None) -> tuple[str, str | None]:
    """(format, warning) — the reader to use and a note when extension and content disagree."""
    if requested:
        if requested not in formats():
            raise ReportParseError(path, "unsupported_format", f"unknown format {requested!r}; "
                                   f"choose one of {', '.join(formats())}")
        return requested, None
    ext = suffix_of(path)
    by_ext = format_for_suffix(ext)
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


def read(data: bytes, path: str, *, format: str | None = None,
         options: ReadOptions | None = None, **changes: object) -> Document:
    """Read bytes into a Document with blocks in reading order (no noise removal yet).

    ``format`` forces a registered format (default: extension and content decide);
    ``options`` (or single :class:`ReadOptions` fields as keywords, ``password="…"``) say
    how."""
    if not data or not data.strip():
        raise ReportParseError(path, "empty", "the file is empty")
    if _blank(data):
        raise ReportParseError(path, "empty", "the file holds only white space")
    fmt, note = detect_format(path, data, format)
    opts = replace(options or ReadOptions(), **changes)  # type: ignore[arg-type]
    report = reader_for(fmt)(data, SourceInfo.of(data, path, fmt), opts)
    from .surrogates import fix_report

    fix_report(report)
    if note:
        report.warnings.append(Message(code="format_mismatch", message=note))
    return report
