"""``reportparse annotate``: write the checker's findings back into a copy of the input.

This is the glue between the stages (it may call the readers' safety checks, the pipeline and
the exporters): a .docx is opened through :mod:`.ingest.zipsafe` — every member read with its
bounds, every XML member refused when it declares a DTD — *before* anything is parsed for
annotation or written; then :mod:`.export.annotate.docx` or :mod:`.export.annotate.pdf` builds
the copy. Text exports, Markdown and HTML have no margin to write in: they get a one-line error
pointing at the HTML review page.
"""

from __future__ import annotations

import os
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .api import Source, _load, parse
from .errors import ReportParseError
from .export.annotate import ANNOTATABLE, SEVERITY_RANK, Tally
from .limits import DEFAULT_LIMITS, Limits
from .models import Report


@dataclass
class Annotated:
    """What :func:`annotate` wrote: the output path, the input format and the tally;
    ``converted`` when a .doc/.wps was converted by LibreOffice and the copy is a .docx."""

    path: Path
    format: str
    tally: Tally
    converted: bool = False


def _unsupported(path: str, fmt: str) -> ReportParseError:
    hint = "annotate the .docx it converts to (reportparse annotate FILE.doc -o OUT.docx)" \
        if fmt == "office" else \
        "write the HTML review page instead: reportparse check FILE --html OUT.html"
    return ReportParseError(path, "unsupported_format",
                            f"annotate writes findings into .docx and .pdf files only; this is "
                            f"a {fmt} file: {hint}")


def safe_members(data: bytes, path: str, limits: Limits = DEFAULT_LIMITS
                 ) -> list[tuple[zipfile.ZipInfo, bytes]]:
    """Every member of a .docx read through the zip safety checks (bounded sizes, ratios and
    member count; XML members with a DTD or entity declarations refused)."""
    from .ingest.zipsafe import check_xml, open_zip, read_member

    zf = open_zip(data, path, limits)
    out = []
    for info in zf.infolist():
        raw = read_member(zf, info.filename, path, limits)
        if info.filename.endswith((".xml", ".rels")):
            check_xml(raw, info.filename, path)
        out.append((info, raw))
    return out


def _xml_parser(path: str, limits: Limits):  # type: ignore[no-untyped-def]
    from .ingest.zipsafe import parse_xml

    return lambda raw, name: parse_xml(raw, name, path, limits)


def annotate_bytes(report: Report, data: bytes, *, min_severity: str = "warning",
                   highlight: bool = False, when: datetime | None = None,
                   limits: Limits = DEFAULT_LIMITS) -> tuple[bytes, Tally]:
    """The annotated copy of ``data`` (the bytes ``report`` was parsed from, already checked)."""
    path = report.source.path
    if min_severity not in SEVERITY_RANK:
        raise ValueError(f"unknown severity {min_severity!r}")
    fmt: str = report.source.format
    if fmt == "docx" and not data.startswith(b"PK"):
        fmt = "office"  # a .doc/.wps read through LibreOffice: its bytes are not the .docx
    if fmt not in ANNOTATABLE:
        raise _unsupported(path, fmt)
    try:
        if fmt == "docx":
            from .export.annotate.docx import annotate_docx

            members = safe_members(data, path, limits)
            return annotate_docx(report, members, _xml_parser(path, limits),
                                 min_severity=min_severity, highlight=highlight, when=when)
        from .export.annotate.pdf import annotate_pdf

        return annotate_pdf(report, data, min_severity=min_severity, when=when)
    except ReportParseError:
        raise
    except Exception as e:  # a bug in reportparse: still one typed error
        raise ReportParseError(path, "internal",
                               f"internal error while annotating {type(e).__name__}: {e}") from e


def write_atomic(out: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``out`` through a temporary file in the same folder (never a
    half-written document under the final name)."""
    dest = Path(out)
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".annotate-", dir=dest.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return dest


def annotate(source: Source, output: str | os.PathLike[str], *, min_severity: str = "warning",
             highlight: bool = False, format: str | None = None, patterns: object = None,
             name: str | None = None, when: datetime | None = None,
             limits: Limits = DEFAULT_LIMITS) -> Annotated:
    """Parse and check ``source``, then write a copy with the findings at or above
    ``min_severity`` as Word comments (.docx) or highlight notes (.pdf) to ``output``."""
    from .check import check
    from .ingest import detect_format

    data, path = _load(source, name, limits)
    fmt, _ = detect_format(path, data, format)
    converted = fmt == "office"
    if converted:  # .doc/.wps: annotate the .docx LibreOffice makes of it
        from .ingest.office import convert_to_docx

        data, fmt, format = convert_to_docx(data, path), "docx", "docx"
    if fmt not in ANNOTATABLE:
        raise _unsupported(path, fmt)
    if fmt == "docx":
        safe_members(data, path, limits)  # hostile packages are refused before any parsing
    report = parse(data, format, patterns=patterns, name=path, limits=limits)  # type: ignore[arg-type]
    check(report, patterns=patterns)  # type: ignore[arg-type]
    out, tally = annotate_bytes(report, data, min_severity=min_severity, highlight=highlight,
                                when=when, limits=limits)
    return Annotated(write_atomic(output, out), report.source.format, tally, converted)
