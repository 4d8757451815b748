"""What every reader receives and returns: ``read(data, source, options) -> ReaderResult``.

One signature for every format, so the registry (:mod:`.registry`) can hold any reader — the
built-in ones and those a user registers — and the caller never needs to know which options a
format understands. Readers know file formats, not report semantics: the two small frozen
records below say where the bytes came from and how to read them, nothing about sections,
facts or checks.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import PurePath
from collections.abc import Callable
from typing import TYPE_CHECKING, Literal, Protocol, TypeAlias

from ..limits import DEFAULT_LIMITS, Limits
from ..models import Document

if TYPE_CHECKING:
    from ..patterns import Patterns

ReaderResult: TypeAlias = Document
"""What a reader produces: blocks in reading order, toc, meta and warnings (no structure yet)."""

CONVERT_TIMEOUT = 120.0  # seconds a LibreOffice conversion (.doc/.wps/.rtf/.odt) may take


@dataclass(frozen=True)
class SourceInfo:
    """The input as the dispatcher saw it: its name, fingerprint and the format chosen for it.

    ``path`` labels errors and provenance (a file path, or ``<bytes>``/``<stdin>``/a given
    name); ``format`` is the registry key the bytes are read as (``"office"`` for a .doc/.wps
    converted through LibreOffice)."""

    path: str
    format: str
    sha256: str
    size: int

    @classmethod
    def of(cls, data: bytes, path: str, format: str) -> SourceInfo:
        """The record of ``data`` read as ``format`` (its SHA-256 computed once, here)."""
        return cls(path=path, format=format, sha256=hashlib.sha256(data).hexdigest(),
                   size=len(data))

    @property
    def suffix(self) -> str:
        """The file extension, lower-case with its dot (``".docx"``), or ``""``."""
        return suffix_of(self.path)


def suffix_of(path: str) -> str:
    """The lower-case extension of a file name; none for bytes and standard input."""
    return PurePath(path).suffix.lower() if path not in ("<bytes>", "<stdin>") else ""


@dataclass(frozen=True)
class ReadOptions:
    """How to read, for every format alike (a reader ignores what does not concern it).

    ``encoding`` forces the codec of a text/Markdown/HTML file (None: detected);
    ``patterns`` are the loaded pattern files (None: the bundled ones); ``limits`` bound the
    work before it is done; ``password`` opens an encrypted PDF; ``convert_timeout`` bounds a
    LibreOffice conversion; ``ocr`` says whether PDF pages without a usable text layer and
    page scans are recognised (``auto``), always (``always``) or refused (``never``);
    ``on_ocr_page`` is called with the page number each time a page has been recognised by
    OCR (seconds of work each: a batch's progress bar counts them). New options are new
    fields with a default, so existing readers and callers keep working."""

    encoding: str | None = None
    patterns: Patterns | None = None
    limits: Limits = DEFAULT_LIMITS
    password: str | None = None
    convert_timeout: float = CONVERT_TIMEOUT
    ocr: Literal["never", "auto", "always"] = "auto"
    on_ocr_page: Callable[[int], None] | None = None


class Reader(Protocol):
    """A format's reader: bytes in, a :data:`ReaderResult` out, or a ``ReportParseError``
    with a reason (``corrupt``, ``encoding``, ``too_large``…) for input it cannot read; any
    other exception is a bug, which ``parse`` reports as reason ``internal``."""

    def __call__(self, data: bytes, source: SourceInfo, options: ReadOptions) -> ReaderResult:
        ...
