"""The public pipeline: ingest → clean → structure (:func:`parse_document` → ``Document``), then
extract (:func:`parse` → a ``Report`` bundling the document and its ``Extraction``).

Both accept a path, bytes or a binary file object. Whatever goes wrong with the *input*
surfaces as one :class:`ReportParseError`; an unexpected exception inside reportparse is
wrapped with reason ``internal`` (its cause chained) so callers and batches still see one
typed error per file.
"""

from __future__ import annotations

import codecs
import os
from pathlib import Path
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, BinaryIO, TypeVar

from . import clean as clean_stage
from . import ingest
from .errors import ReportParseError
from .limits import DEFAULT_LIMITS, Limits
from .extract import extract
from .models import Document, Table
from .patterns import Patterns, load_patterns
from .structure import structure

if TYPE_CHECKING:  # the extraction layer loads with the first parse(), not for parse_document
    from .models import Report

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


def _texts(report: Document) -> Iterator[str]:
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


def enforce_limits(report: Document, path: str, limits: Limits) -> None:
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


def parse_document(source: Source, format: str | None = None, *,
                   patterns: Patterns | str | None = None, name: str | None = None,
                   encoding: str | None = None, limits: Limits = DEFAULT_LIMITS,
                   ocr: str = "auto", on_ocr_page: Callable[[int], None] | None = None
                   ) -> Document:
    """Read one report into a :class:`Document`: blocks in reading order, the outline, the
    TOC, metadata and warnings — what the file says, before anything is extracted from it.

    ``format`` forces a reader (``text``, ``docx``, ``pdf``, ``markdown``, ``html``, ``office``
    or one registered with :func:`reportparse.ingest.register`); by default the extension and
    the content decide. ``patterns`` is a folder merged over the bundled
    patterns. ``name`` labels bytes/streams in errors and provenance. ``on_ocr_page`` is
    called with each page number recognised by OCR (a progress display's hook).
    """
    _check_ocr(ocr)
    return _guarded(name, lambda where: _document(where, source, format, patterns, name,
                                                  encoding, limits, ocr, on_ocr_page)[0])


def parse(source: Source, format: str | None = None, *, patterns: Patterns | str | None = None,
          name: str | None = None, encoding: str | None = None,
          limits: Limits = DEFAULT_LIMITS, ocr: str = "auto",
          on_ocr_page: Callable[[int], None] | None = None) -> Report:
    """Parse one report into a :class:`Report`: :func:`parse_document` and
    :func:`~reportparse.extract.extract` bundled (same arguments), ready for
    ``reportparse.check``. ``ocr`` (``auto``, ``never``, ``always``): whether PDF pages without
    a usable text layer (and image inputs) are recognised with the OCR extra (docs/ocr.md)."""
    _check_ocr(ocr)

    from .models import Report

    def run(where: list[str]) -> Report:
        doc, p = _document(where, source, format, patterns, name, encoding, limits, ocr,
                           on_ocr_page)
        return Report.from_parts(doc, extract(doc, p))

    return _guarded(name, run)


def _check_ocr(ocr: str) -> None:
    """A wrong ``ocr`` value is the caller's mistake, not the input's: a ValueError up front."""
    if ocr not in ("never", "auto", "always"):
        raise ValueError(f"ocr must be 'never', 'auto' or 'always', not {ocr!r}")


def _document(where: list[str], source: Source, format: str | None,
              patterns: Patterns | str | None, name: str | None, encoding: str | None,
              limits: Limits, ocr: str = "auto",
              on_ocr_page: Callable[[int], None] | None = None) -> tuple[Document, Patterns]:
    """ingest → clean → structure, and the patterns loaded for them; ``where[0]`` becomes the
    input's path once it is known."""
    data, path = _load(source, name, limits)
    where[0] = path
    problem = encoding_problem(encoding)
    if problem:
        raise ReportParseError(path, "encoding", problem)
    p = load_patterns(patterns)
    options = ingest.ReadOptions(encoding=encoding, patterns=p, limits=limits,
                                 ocr=ocr, on_ocr_page=on_ocr_page)  # type: ignore[arg-type]
    read = ingest.read(data, path, format=format, options=options)
    enforce_limits(read, path, limits)
    clean_stage.clean(read, p)
    if not read.blocks:
        raise ReportParseError(path, "empty", "no content left after removing noise")
    structure(read, p)
    return read, p


T = TypeVar("T")


def _guarded(name: str | None, run: Callable[[list[str]], T]) -> T:
    """``run(where)`` with whatever goes wrong as one :class:`ReportParseError` naming the
    input (``where[0]``, set by ``run`` once known); a bug in reportparse gets reason
    ``internal``, its cause chained."""
    where = [name if isinstance(name, str) else "<input>"]
    try:
        return run(where)
    except ReportParseError:
        raise
    except RecursionError:
        raise ReportParseError(where[0], "too_large", "structure nested too deeply") from None
    except MemoryError:
        raise ReportParseError(where[0], "too_large", "out of memory while parsing") from None
    except Exception as e:  # a bug in reportparse: still one typed error per input
        raise ReportParseError(where[0], "internal",
                               f"internal error {type(e).__name__}: {e}") from e
