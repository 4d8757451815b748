"""Which reader reads which format: one table, the only place a format is added.

Each format has a reader (:class:`~.protocol.Reader`), the file extensions that name it and,
optionally, a *sniffer* that recognises its bytes whatever the file is called (so a mislabelled
file is still read by the right reader). The built-in formats are registered at the bottom of
this module; a user adds one the same way::

    register("csv", read_csv, extensions=(".csv",))

Every built-in reader but the text one is registered through :func:`_lazy`, which imports its
module on the first call: pypdfium2, pdfplumber and lxml load with the first PDF or .docx, the
Markdown expressions with the first .md, LibreOffice's driver with the first .doc — never with
``reportparse`` or a text file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from . import text
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
def _lazy(load: Callable[[], Reader]) -> Reader:
    """A reader that imports the real one on its first call, so a format's libraries and
    compiled expressions load with the first file of that format, not with ``reportparse``."""

    def read(data: bytes, source: SourceInfo, options: ReadOptions) -> ReaderResult:
        return load()(data, source, options)

    read.__doc__ = load.__doc__
    return read


def _docx() -> Reader:
    """.docx/.docm through lxml."""
    from .docx import read

    return read


def _pdf() -> Reader:
    """Text-layer PDF through pypdfium2 (pdfplumber as the fallback)."""
    from .pdf import read

    return read


def _markdown() -> Reader:
    """Markdown, with HTML tables inside it."""
    from .markup import read_markdown

    return read_markdown


def _html() -> Reader:
    """HTML through lxml."""
    from .markup import read_html_file

    return read_html_file


def _office() -> Reader:
    """.doc/.wps/.rtf/.odt converted to .docx by LibreOffice."""
    from .office import read

    return read


def _image() -> Reader:
    """Page scans (.png/.jpg/.tif), read by OCR (the ``ocr`` extra, issue 17)."""
    from .image import read

    return read


def _is_image(data: bytes) -> bool:
    return data.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*"))


def _is_pdf(data: bytes) -> bool:
    return data[:8].startswith(b"%PDF-") or data[:1024].lstrip().startswith(b"%PDF-")


def _is_zip(data: bytes) -> bool:
    return data.startswith(b"PK\x03\x04")  # the docx reader refuses zips that are not Word's


def _is_binary_office(data: bytes) -> bool:
    return data.startswith((b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"{\\rtf"))  # OLE2 .doc/.wps, RTF


def _is_html(data: bytes) -> bool:
    return data[:512].lstrip().lower().startswith((b"<!doctype html", b"<html"))


register("text", text.read, extensions=(".txt", ".text", ""))
register("pdf", _lazy(_pdf), extensions=(".pdf",), sniff=_is_pdf)
register("docx", _lazy(_docx), extensions=(".docx", ".docm"), sniff=_is_zip)
register("office", _lazy(_office), extensions=(".doc", ".wps", ".rtf", ".odt"),
         sniff=_is_binary_office)
register("markdown", _lazy(_markdown), extensions=(".md", ".markdown"))
register("html", _lazy(_html), extensions=(".html", ".htm", ".xhtml"), sniff=_is_html)
register("image", _lazy(_image), extensions=(".png", ".jpg", ".jpeg", ".tif", ".tiff"),
         sniff=_is_image)
