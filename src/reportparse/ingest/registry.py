"""Which reader reads which format: one table, the only place a format is added.

Each format has a reader (:class:`~.protocol.Reader`), the file extensions that name it and,
optionally, a *sniffer* that recognises its bytes whatever the file is called (so a mislabelled
file is still read by the right reader). The built-in formats are registered at the bottom of
this module; a user adds one the same way::

    register("csv", read_csv, extensions=(".csv",))

The PDF and .docx readers are registered as two-line functions that import their module when
first called: pypdfium2, pdfplumber and lxml load with the first PDF or .docx, never with
``reportparse`` or a text file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from . import markup, office, text
from .protocol import Reader, ReaderResult, ReadOptions, SourceInfo

Sniffer = Callable[[bytes], bool]
"""True when the bytes announce the format by themselves (a magic number, a doctype)."""

_READERS: dict[str, Reader] = {}
_EXTENSIONS: dict[str, str] = {}  # ".docx" -> "docx"; "" (no extension) -> "text"
_SNIFFERS: dict[str, Sniffer] = {}  # tried in registration order


def register(format: str, reader: Reader, *, extensions: Iterable[str] = (),
             sniff: Sniffer | None = None) -> None:
    """Read ``format`` with ``reader`` from now on (replacing any reader it had).

    ``extensions`` (``".csv"`` or ``"csv"``) map file names to the format; ``sniff`` claims
    bytes for it whatever their name. A later registration wins an extension."""
    if not isinstance(format, str) or not format.strip():
        raise ValueError(f"a format is a non-empty name, not {format!r}")
    if not callable(reader):
        raise TypeError(f"the reader of {format!r} must be callable")
    _READERS[format] = reader
    for ext in extensions:
        _EXTENSIONS[_suffix(ext)] = format
    if sniff is not None:
        _SNIFFERS[format] = sniff


def unregister(format: str) -> None:
    """Forget ``format``: its reader, extensions and sniffer (a no-op for an unknown one)."""
    _READERS.pop(format, None)
    _SNIFFERS.pop(format, None)
    for ext in [e for e, f in _EXTENSIONS.items() if f == format]:
        del _EXTENSIONS[ext]


def reader_for(format: str) -> Reader:
    """The reader registered for ``format`` (``KeyError`` naming the known ones if none)."""
    try:
        return _READERS[format]
    except KeyError:
        raise KeyError(f"no reader for format {format!r}; registered: "
                       f"{', '.join(formats())}") from None


def formats() -> tuple[str, ...]:
    """Every registered format name, sorted."""
    return tuple(sorted(_READERS))


def format_for_suffix(suffix: str) -> str | None:
    """The format a file extension names (``".PDF"`` → ``"pdf"``), if any."""
    return _EXTENSIONS.get(_suffix(suffix) if suffix else "")


def sniff(data: bytes) -> str | None:
    """The format the bytes themselves announce, if any."""
    for format, announces in _SNIFFERS.items():
        if announces(data):
            return format
    return None


def _suffix(ext: str) -> str:
    ext = ext.lower()
    return ext if not ext or ext.startswith(".") else "." + ext


# --------------------------------------------------------------------------- built-ins
def _read_docx(data: bytes, source: SourceInfo, options: ReadOptions) -> ReaderResult:
    """.docx/.docm (lxml loads here, with the first Word file)."""
    from .docx import read

    return read(data, source, options)


def _read_pdf(data: bytes, source: SourceInfo, options: ReadOptions) -> ReaderResult:
    """Text-layer PDF (pypdfium2 and pdfplumber load here, with the first PDF)."""
    from .pdf import read

    return read(data, source, options)


def _is_pdf(data: bytes) -> bool:
    return data[:8].startswith(b"%PDF-") or data[:1024].lstrip().startswith(b"%PDF-")


def _is_zip(data: bytes) -> bool:
    return data.startswith(b"PK\x03\x04")  # the docx reader refuses zips that are not Word's


def _is_binary_office(data: bytes) -> bool:
    return data.startswith((b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"{\\rtf"))  # OLE2 .doc/.wps, RTF


def _is_html(data: bytes) -> bool:
    return data[:512].lstrip().lower().startswith((b"<!doctype html", b"<html"))


register("text", text.read, extensions=(".txt", ".text", ""))
register("pdf", _read_pdf, extensions=(".pdf",), sniff=_is_pdf)
register("docx", _read_docx, extensions=(".docx", ".docm"), sniff=_is_zip)
register("office", office.read, extensions=(".doc", ".wps", ".rtf", ".odt"),
         sniff=_is_binary_office)
register("markdown", markup.read_markdown, extensions=(".md", ".markdown"))
register("html", markup.read_html_file, extensions=(".html", ".htm", ".xhtml"), sniff=_is_html)
