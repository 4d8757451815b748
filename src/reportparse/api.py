"""The public pipeline: ingest → clean → structure → extract → (check, in a later stage).

``parse`` accepts a path, bytes or a binary file object. Whatever goes wrong with the *input*
surfaces as one :class:`ReportParseError`; an unexpected exception inside reportparse is
wrapped with reason ``internal`` (its cause chained) so callers and batches still see one
typed error per file.
"""

from __future__ import annotations

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


def _load(source: Source, name: str | None, limits: Limits) -> tuple[bytes, str]:
    if isinstance(source, (bytes, bytearray)):
        data = bytes(source)
        path = name or "<bytes>"
    elif hasattr(source, "read"):
        data = source.read(limits.max_file_bytes + 1)  # type: ignore[union-attr]
        path = name or getattr(source, "name", None) or "<stream>"
    else:
        p = Path(source)  # type: ignore[arg-type]
        path = str(source)
        if not p.is_file():
            raise ReportParseError(path, "not_found", "no such file")
        if p.stat().st_size > limits.max_file_bytes:
            raise ReportParseError(path, "too_large",
                                   f"file is {p.stat().st_size} bytes, over the "
                                   f"{limits.max_file_bytes}-byte limit")
        try:
            data = p.read_bytes()
        except OSError as e:
            raise ReportParseError(path, "not_found", f"cannot read: {e.strerror}") from None
    if len(data) > limits.max_file_bytes:
        raise ReportParseError(str(path), "too_large",
                               f"input over the {limits.max_file_bytes}-byte limit")
    return data, str(path)


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
          limits: Limits = DEFAULT_LIMITS) -> Report:
    """Parse one report into a :class:`Report`.

    ``format`` forces a reader (``text``, ``docx``, ``pdf``, ``markdown``, ``html``); by default
    the extension and the content decide. ``patterns`` is a folder merged over the bundled
    patterns. ``name`` labels bytes/streams in errors and provenance.
    """
    data, path = _load(source, name, limits)
    try:
        p = load_patterns(patterns)
        report = ingest.read(data, path, format=format, encoding=encoding, patterns=p,
                             limits=limits)
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
