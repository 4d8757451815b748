"""What every reader starts from and the bounds it checks before building anything."""

from __future__ import annotations

from ..errors import ReportParseError
from ..models import Document, Source
from .protocol import SourceInfo


def new_report(source: SourceInfo, format: str | None = None, *, encoding: str | None = None,
               pages: int | None = None) -> Document:
    """An empty Document whose ``source`` says where the bytes came from — every reader's
    starting point. ``format`` overrides the recorded format (the LibreOffice route records
    ``docx``); ``encoding`` and ``pages`` are what the reader found out."""
    return Document(source=Source(path=source.path, format=format or source.format,
                                sha256=source.sha256, size=source.size, encoding=encoding,
                                pages=pages))


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
