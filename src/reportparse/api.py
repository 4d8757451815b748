"""The public pipeline: ingest → clean → structure → extract → (check, in a later stage).

``parse`` accepts a path, bytes or a binary file object. Whatever goes wrong with the *input*
surfaces as one :class:`ReportParseError`; an unexpected exception inside reportparse is
wrapped with reason ``internal`` (its cause chained) so callers and batches still see one
typed error per file.
"""

from __future__ import annotations

import codecs
import os
from pathlib import Path
from collections.abc import Iterator
from typing import BinaryIO

from . import clean as clean_stage
from . import ingest
from .errors import ReportParseError
from .limits import DEFAULT_LIMITS, Limits
from .models import Report, Table
from .patterns import Patterns, load_patterns
from .extract import extract
from .structure import structure

Source = str | os.PathLike[str] | bytes | bytearray | BinaryIO


def encoding_problem(encoding: str | None) -> str | None:
    """Why ``encoding`` cannot decode a text export (None when it can): unknown names,
    byte-to-byte codecs (``base64``, ``rot13``) and ``undefined`` are refused up front."""
    if encoding is None:
        return None
    if not isinstance(encoding, str) or not encoding.strip():
        return "the encoding must be a codec name"
    try:
        info = codecs.lookup(encoding)
        if not getattr(info, "_is_text_encoding", True):
            return f"{encoding!r} is not a text encoding"
        "\u4e2d".encode(info.name).decode(info.name)
    except (LookupError, ValueError):  # ValueError: a NUL in the name
        return f"unknown encoding {encoding!r}"
    except UnicodeError:
        if info.name == "undefined":
            return f"{encoding!r} decodes nothing"
    return None


def _read_stream(source: object, limits: Limits) -> bytes:
    try:
        data = source.read(limits.max_file_bytes + 1)  # type: ignore[attr-defined]
    except ReportParseError:
        raise
    except Exception as e:  # noqa: BLE001 - any failing read() is one typed error
        raise ReportParseError(_stream_name(source), "not_found",
                               f"cannot read the stream: {type(e).__name__}: {e}") from None
    if isinstance(data, (bytes, bytearray, memoryview)):
        return bytes(data)
    raise ReportParseError(_stream_name(source), "unsupported_format",
                           f"read() gave {type(data).__name__}, not bytes (open the file in "
                           "binary mode)")


def _stream_name(source: object) -> str:
    name = getattr(source, "name", None)
    return name if isinstance(name, str) else "<stream>"


def _load(source: Source, name: str | None, limits: Limits) -> tuple[bytes, str]:
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        path = name or "<bytes>"
    elif hasattr(source, "read"):
        data = _read_stream(source, limits)
        path = name or _stream_name(source)
    elif isinstance(source, (str, os.PathLike)):
        data, path = _read_path(source, limits)
    else:
        raise ReportParseError(name or f"<{type(source).__name__}>", "unsupported_format",
                               f"cannot read a {type(source).__name__}; give a path, bytes or "
                               "a binary file object")
    if len(data) > limits.max_file_bytes:
        raise ReportParseError(str(path), "too_large",
                               f"input over the {limits.max_file_bytes}-byte limit")
    return data, str(path)


def _read_path(source: str | os.PathLike[str], limits: Limits) -> tuple[bytes, str]:
    try:
        path = os.fsdecode(source)
        p = Path(path)
        if not p.is_file():
            raise ReportParseError(path, "not_found", "no such file")
        size = p.stat().st_size
    except ReportParseError:
        raise
    except (OSError, ValueError, TypeError) as e:  # a name too long, a NUL in the name
        path = repr(source) if not isinstance(source, str) else source
        raise ReportParseError(path, "not_found",
                               f"cannot open: {getattr(e, 'strerror', None) or e}") from None
    if size > limits.max_file_bytes:
        raise ReportParseError(path, "too_large",
                               f"file is {size} bytes, over the "
                               f"{limits.max_file_bytes}-byte limit")
    try:
        with open(p, "rb") as f:
            return f.read(limits.max_file_bytes + 1), path
    except OSError as e:
        raise ReportParseError(path, "not_found", f"cannot read: {e.strerror}") from None


def _texts(report: Report) -> Iterator[str]:
    def cells(t: Table) -> Iterator[str]:
        for c in t.cells:
            yield c.text
            for nested in c.tables:
                yield from cells(nested)

    for b in report.blocks:
        if isinstance(b, Table):
            yield from cells(b)
        else:
            yield b.text


def enforce_limits(report: Report, path: str, limits: Limits) -> None:
    """Format-neutral bounds on what a reader produced (text per block, text in all)."""
    if len(report.blocks) > limits.max_blocks:
        raise ReportParseError(path, "too_large", f"{len(report.blocks):,} paragraphs and "
                               f"tables, over the {limits.max_blocks:,}-block limit "
                               "(Limits.max_blocks)")
    cells = sum(len(t.cells) for t in report.tables)
    if cells > limits.max_cells:  # readers count before building; this catches the rest
        raise ReportParseError(path, "too_large", f"{cells:,} table cells, over the "
                               f"{limits.max_cells:,}-cell limit (Limits.max_cells)")
    total = 0
    for text in _texts(report):
        if len(text) > limits.max_block_chars:
            raise ReportParseError(path, "too_large",
                                   f"a paragraph or cell of {len(text):,} characters, over the "
                                   f"{limits.max_block_chars:,}-character limit "
                                   "(Limits.max_block_chars)")
        total += len(text)
        if total > limits.max_text_chars:
            raise ReportParseError(path, "too_large",
                                   f"over {limits.max_text_chars:,} characters of text "
                                   "(Limits.max_text_chars)")


def parse(source: Source, format: str | None = None, *, patterns: Patterns | str | None = None,
          name: str | None = None, encoding: str | None = None,
          limits: Limits = DEFAULT_LIMITS, ocr: str = "auto") -> Report:
    """Parse one report into a :class:`Report`.

    ``format`` forces a reader (``text``, ``docx``, ``pdf``, ``markdown``, ``html``); by default
    the extension and the content decide. ``patterns`` is a folder merged over the bundled
    patterns. ``name`` labels bytes/streams in errors and provenance. ``ocr`` (``auto``,
    ``never``, ``always``): whether PDF pages without a usable text layer (and image inputs)
    are recognised with the OCR extra (docs/ocr.md).
    """
    if ocr not in ("never", "auto", "always"):
        raise ValueError(f"ocr must be 'never', 'auto' or 'always', not {ocr!r}")
    path = name if isinstance(name, str) else "<input>"
    try:
        data, path = _load(source, name, limits)
        problem = encoding_problem(encoding)
        if problem:
            raise ReportParseError(path, "encoding", problem)
        p = load_patterns(patterns)
        report = ingest.read(data, path, format=format, encoding=encoding, patterns=p,
                             limits=limits, ocr=ocr)
        enforce_limits(report, path, limits)
        clean_stage.clean(report, p)
        if not report.blocks:
            raise ReportParseError(path, "empty", "no content left after removing noise")
        structure(report, p)
        extract(report, p)
        return report
    except ReportParseError:
        raise
    except RecursionError:
        raise ReportParseError(path, "too_large", "structure nested too deeply") from None
    except MemoryError:
        raise ReportParseError(path, "too_large", "out of memory while parsing") from None
    except Exception as e:  # a bug in reportparse: still one typed error per input
        raise ReportParseError(path, "internal",
                               f"internal error {type(e).__name__}: {e}") from e
