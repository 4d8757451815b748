"""The per-file function every engine runs: read → parse → extract → check → rows.

``process_file`` never raises: whatever happens to one input becomes one
:class:`FileResult` (``ok`` with the report, or ``error`` with a ``ReportParseError`` reason).
The stages are imported when a worker first runs them, so importing the batch package (and
with it ``reportparse``) loads no pydantic model.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ReportParseError
from ..limits import DEFAULT_LIMITS, Limits
from .inputs import ArchiveCache, Item, load

if TYPE_CHECKING:
    from ..models import Report


@dataclass(frozen=True)
class Options:
    """What a worker needs besides the item (picklable; identical for every item)."""

    patterns: str | None = None
    limits: Limits = DEFAULT_LIMITS
    want_report: bool = True  # ship the Report object back (parse_many)
    want_rows: bool = False  # ship the flattened rows + JSON (batch outputs)
    #: called with the Item and its bytes in the worker before parsing; for tests (inject a
    #: hang or a crash) and instrumentation. Must be importable (pickled by reference).
    hook: Callable[[Item, bytes], None] | None = None
    #: write each report's HTML review page into this folder (``batch --html-dir``)
    html_dir: str | None = None
    #: write an annotated copy of each .docx/.pdf input into this folder (``--annotate-dir``)
    annotate_dir: str | None = None
    #: PDF pages without a text layer and image inputs: ``never``/``auto``/``always`` (OCR)
    ocr: str = "auto"


def html_page_name(input_name: str, sha256: str) -> str:
    """The review page of one input: stable across runs (content hash prefix) and unique
    without coordination between workers."""
    from ..export.html import page_name

    return f"{sha256[:12]}-{page_name(input_name)}"


@dataclass
class FileResult:
    """One record of a batch: a report, or an error with its reason.

    ``status`` is ``ok``, ``error`` or ``skipped`` (``--resume``: already in the output).
    ``report`` is set when the caller asked for it (:func:`reportparse.parse_many`);
    ``summary``/``rows``/``json`` are the flattened forms the batch outputs write.
    """

    input: str
    status: str
    sha256: str | None = None
    size: int | None = None
    reason: str | None = None
    message: str | None = None
    elapsed_ms: int = 0
    report: Report | None = None
    summary: dict[str, Any] | None = None
    rows: dict[str, list[tuple]] | None = None
    json: str | None = None
    findings: list[tuple[str, str]] = field(default_factory=list)  # (category, severity)
    keywords: list[str] = field(default_factory=list)  # problem keywords
    html: str | None = None  # the review page written for it (relative to --html-dir)
    annotated: str | None = None  # its annotated copy (relative to --annotate-dir)
    ocr_pages: int = 0  # pages of it read by OCR (the progress bar and summary count them)

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    @property
    def error(self) -> ReportParseError | None:
        if self.status != "error":
            return None
        return ReportParseError(self.input, self.reason or "internal", self.message or "")

    @classmethod
    def failed(cls, input: str, reason: str, message: str, *, sha256: str | None = None,
               size: int | None = None, elapsed_ms: int = 0) -> FileResult:
        return cls(input=input, status="error", reason=reason, message=" ".join(message.split()),
                   sha256=sha256, size=size, elapsed_ms=elapsed_ms)


def enrich(report: Report, patterns: str | None = None) -> Report:
    """A parsed report with its findings; findings already there are kept. ``patterns`` (a
    folder) is passed on."""
    from ..check import check

    if not report.findings:
        report.findings = list(check(report, patterns=patterns))
    return report


def process_file(item: Item, options: Options = Options(),
                 cache: ArchiveCache | None = None,
                 on_ocr_page: Callable[[int], None] | None = None) -> FileResult:
    """Read, parse, extract and check one input. Never raises (except KeyboardInterrupt).
    ``on_ocr_page`` is called with each page number recognised by OCR, as it is done."""
    t0 = time.perf_counter()
    sha = size = None

    def ms() -> int:
        return int((time.perf_counter() - t0) * 1000)

    from ..api import parse

    try:
        data = load(item, options.limits, cache)
        sha = hashlib.sha256(data).hexdigest()
        size = len(data)
        if item.skip_sha is not None and item.skip_sha == sha:
            return FileResult(input=item.name, status="skipped", sha256=sha, size=size)
        if options.hook is not None:
            options.hook(item, data)
        report = parse(data, name=item.name, patterns=options.patterns, limits=options.limits,
                       ocr=options.ocr, on_ocr_page=on_ocr_page)
        report = enrich(report, options.patterns)
        return _success(item, report, sha, size, ms(), options, data)
    except ReportParseError as e:
        return FileResult.failed(item.name, e.reason, e.message, sha256=sha, size=size,
                                 elapsed_ms=ms())
    except RecursionError:
        return FileResult.failed(item.name, "too_large", "structure nested too deeply",
                                 sha256=sha, size=size, elapsed_ms=ms())
    except MemoryError:
        return FileResult.failed(item.name, "too_large", "out of memory while parsing",
                                 sha256=sha, size=size, elapsed_ms=ms())
    except Exception as e:  # noqa: BLE001 - a bug in reportparse/extract/check: one record
        return FileResult.failed(item.name, "internal",
                                 f"internal error {type(e).__name__}: {e}", sha256=sha,
                                 size=size, elapsed_ms=ms())


def _annotate(item: Item, report: Report, sha: str, data: bytes, folder: str | None
              ) -> str | None:
    """The input's annotated copy in ``folder`` (named like its review page); an input that
    cannot be annotated (a text export, a .doc) keeps its record and gets a warning."""
    if not folder or report.source.format not in ("docx", "pdf"):
        return None
    from ..annotate import annotate_bytes, write_atomic
    from ..models import Message

    try:
        out, _ = annotate_bytes(report, data)
    except ReportParseError as e:
        report.warnings.append(Message(code="annotate_failed", message=e.message))
        return None
    suffix = Path(item.name).suffix.lower()
    name = html_page_name(item.name, sha).removesuffix(".html") + (suffix or ".out")
    write_atomic(Path(folder) / name, out)
    return name


def _success(item: Item, report: Report, sha: str, size: int, elapsed: int,
             options: Options, data: bytes = b"") -> FileResult:
    from ..export.tabular import problem_keywords, report_rows, report_summary

    annotated = _annotate(item, report, sha, data, options.annotate_dir)

    res = FileResult(input=item.name, status="ok", sha256=sha, size=size, elapsed_ms=elapsed,
                     findings=[(f.category, f.severity) for f in report.findings],
                     keywords=problem_keywords(report),
                     ocr_pages=sum(w.code == "ocr_page" for w in report.warnings))
    res.summary = report_summary(report)
    if options.html_dir:
        from ..export.html import write_html

        res.html = html_page_name(item.name, sha)
        write_html(report, Path(options.html_dir) / res.html)
    res.annotated = annotated
    if options.want_rows:
        res.rows = report_rows(report)
        res.json = report.model_dump_json()
    if options.want_report:
        res.report = report
    return res
