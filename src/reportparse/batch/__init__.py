"""Batch: parse (and extract and check) an archive of reports in parallel, losing nothing.

* :func:`parse_many` — yield one :class:`FileResult` per input as they complete.
* :func:`batch` — the ``reportparse batch`` command as a function: inputs → an output file
  (.sqlite/.jsonl/.csv/.xlsx), resumable, with a progress bar and a :class:`BatchSummary`.

Modules: ``inputs`` (files, folders, globs, zip members — never extracted), ``pipeline`` (the
per-file function), ``local`` (process pool with a killing time limit), ``dask_engine``,
``sinks`` (outputs), ``summary`` (tallies, progress bar, summary table).
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ..limits import DEFAULT_LIMITS, Limits

if TYPE_CHECKING:
    from .inputs import Item
    from .pipeline import FileResult, Options, process_file
    from .summary import BatchSummary

# ``import reportparse`` binds this package's ``batch``: the inputs, the per-file pipeline and
# the summary load when a batch runs (or a name below is asked for), not on every import
_LAZY = {"Item": ".inputs", "FileResult": ".pipeline", "process_file": ".pipeline",
         "BatchSummary": ".summary"}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(_LAZY[name], __name__), name)

__all__ = [
    "DEFAULT_TIMEOUT",
    "BatchSummary",
    "FileResult",
    "Item",
    "batch",
    "parse_many",
    "process_file",
]

#: seconds one file may take before its worker is killed (a long PDF takes seconds, not minutes)
DEFAULT_TIMEOUT = 120.0


def _run(items: Iterable[Item], options: Options, *, engine: str, jobs: int | None,
         timeout: float | None, scheduler: str | None, max_tasks_per_child: int,
         idle: Callable[[], None] | None = None,
         on_ocr_page: Callable[[], None] | None = None) -> Iterator[FileResult]:
    """The results of ``items`` on the chosen engine. ``on_ocr_page`` is called as each page
    is recognised by OCR on the local engine; the dask engine reports them with each file."""
    from .pipeline import FileResult, process_file

    if engine == "local":
        from .local import run_local

        return run_local(items, options, jobs=jobs, timeout=timeout,
                         max_tasks_per_child=max_tasks_per_child, idle=idle,
                         on_ocr_page=on_ocr_page)
    if engine == "dask":
        from .dask_engine import run_dask

        return run_dask(items, options, jobs=jobs, timeout=timeout, scheduler=scheduler,
                        idle=idle)
    if engine == "inline":  # only pre-rejected items: no worker needed
        return (FileResult.failed(it.name, *it.error) if it.error else process_file(it, options)
                for it in items)
    raise ValueError(f"unknown engine {engine!r}; choose local or dask")


def check_options(*, jobs: int | None, timeout: float | None,
                  max_tasks_per_child: int) -> None:
    """Refuse option values that would hang or fail only later (``ValueError``, one line)."""
    import math

    if jobs is not None and (not isinstance(jobs, int) or jobs < 0):
        raise ValueError(f"--jobs must be a whole number ≥ 0 (0 = all cores), not {jobs!r}")
    if timeout is not None and (not isinstance(timeout, (int, float)) or math.isnan(timeout)
                                or timeout < 0):
        raise ValueError(f"--timeout must be a number of seconds ≥ 0 (0 = none), "
                         f"not {timeout!r}")
    if not isinstance(max_tasks_per_child, int) or max_tasks_per_child < 1:
        raise ValueError(f"--max-tasks-per-child must be a whole number ≥ 1, "
                         f"not {max_tasks_per_child!r}")


def _finite(timeout: float | None) -> float | None:
    """0 and infinity both mean no time limit."""
    return timeout if timeout and timeout != float("inf") else None


class _Index:
    """The ``--html-dir`` index page: one small row per input, written at the end."""

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = Path(folder)
        self.entries: list[Any] = []

    def add(self, res: FileResult) -> None:
        from ..export.html import IndexEntry
        from .pipeline import html_page_name

        if res.status == "error":
            self.entries.append(IndexEntry(name=res.input, status="failed",
                                           message=f"{res.reason}: {res.message}"))
            return
        page = res.html
        if page is None and res.sha256:  # skipped on --resume: its page from the earlier run
            candidate = html_page_name(res.input, res.sha256)
            page = candidate if (self.folder / candidate).is_file() else None
        s = res.summary or {}
        sev = [sv for _, sv in res.findings]
        self.entries.append(IndexEntry(name=res.input, href=page, title=s.get("title"),
                                       total=s.get("total"), grade=s.get("grade"),
                                       errors=sev.count("error"), warnings=sev.count("warning"),
                                       infos=sev.count("info")))

    def close(self) -> None:
        from ..export.html import write_index

        write_index(self.entries, self.folder / "index.html")


#: address space (MiB) a worker needs to OCR a page: the detector peaks at ~1.1 GB resident
#: on an A4 page at 200 dpi and reserves more; under the 2 GiB default it fails (bad_alloc)
OCR_WORKER_MB = 3072


def ocr_limits(limits: Limits, ocr: str) -> Limits:
    """The limits with the default worker memory raised for OCR (an explicit limit is kept)
    when pages may be OCR'd and the extra is installed."""
    from ..ingest.ocr import available

    if (ocr != "never" and limits.max_worker_memory_mb == DEFAULT_LIMITS.max_worker_memory_mb
            and 0 < limits.max_worker_memory_mb < OCR_WORKER_MB and available()):
        return replace(limits, max_worker_memory_mb=OCR_WORKER_MB)
    return limits


def parse_many(inputs: Iterable[object], jobs: int | None = None, *,
               timeout: float | None = DEFAULT_TIMEOUT, engine: str = "local",
               scheduler: str | None = None, patterns: str | None = None,
               limits: Limits = DEFAULT_LIMITS, max_tasks_per_child: int = 500,
               hook: Callable[[Item, bytes], None] | None = None,
               ocr: str = "auto") -> Iterator[FileResult]:
    """Parse, extract and check many inputs in parallel; yield results as they complete.

    ``inputs``: paths, folders, globs, ``.zip`` archives or ``(name, bytes)`` pairs. Each input
    yields exactly one :class:`FileResult`: ``ok`` with ``.report``, or ``error`` with
    ``.reason``/``.message`` (``.error`` gives the :class:`ReportParseError`). Order is
    completion order.
    """
    from .inputs import iter_items
    from .pipeline import Options

    check_options(jobs=jobs, timeout=timeout, max_tasks_per_child=max_tasks_per_child)
    timeout = _finite(timeout)
    options = Options(patterns=None if patterns is None else str(patterns),
                      limits=ocr_limits(limits, ocr), want_report=True, want_rows=False,
                      hook=hook, ocr=ocr)
    yield from _run(iter_items(inputs, limits), options, engine=engine, jobs=jobs,
                    timeout=timeout, scheduler=scheduler,
                    max_tasks_per_child=max_tasks_per_child)


def batch(inputs: Iterable[object], output: str | os.PathLike[str] = "batch.sqlite", *,
          jobs: int | None = None, resume: bool = False,
          timeout: float | None = DEFAULT_TIMEOUT, engine: str = "local",
          scheduler: str | None = None, patterns: str | None = None,
          limits: Limits = DEFAULT_LIMITS, progress: bool | None = None,
          max_tasks_per_child: int = 500,
          hook: Callable[[Item, bytes], None] | None = None,
          html_dir: str | os.PathLike[str] | None = None,
          annotate_dir: str | os.PathLike[str] | None = None,
          ocr: str = "auto") -> BatchSummary:
    """``reportparse batch`` as a function: process ``inputs`` into ``output``.

    ``html_dir``: also write each report's review page there, and an ``index.html`` listing
    every input (total, grade, finding counts; failed inputs with their reason).
    ``annotate_dir``: also write a copy of each .docx/.pdf input there with its findings
    (warning and above) as Word comments or PDF highlights (see ``reportparse annotate``).

    The output kind follows the extension (``.sqlite`` default, ``.jsonl``, ``.csv``,
    ``.xlsx``). ``resume`` keeps an existing output and skips inputs it already holds with the
    same content (sha256). ``progress``: None = a bar when stderr is a terminal. A second
    batch on the same ``output`` while this one runs is refused (``OSError``, see
    :class:`~reportparse.batch.sinks.OutputLock`).
    """
    t0 = time.monotonic()
    check_options(jobs=jobs, timeout=timeout, max_tasks_per_child=max_tasks_per_child)
    timeout = _finite(timeout)
    from .sinks import OutputLock, check_output  # the outputs load pydantic: on use only

    check_output(output)
    for folder in (html_dir, annotate_dir):
        if folder is not None:
            check_output(folder, folder=True, create_parents=True)
    lock = OutputLock(output)
    try:
        return _batch(inputs, output, resume=resume, timeout=timeout, engine=engine,
                      jobs=jobs, scheduler=scheduler, patterns=patterns, limits=limits,
                      progress=progress, max_tasks_per_child=max_tasks_per_child, hook=hook,
                      html_dir=html_dir, annotate_dir=annotate_dir, t0=t0, ocr=ocr)
    finally:
        lock.release()


def _batch(inputs: Iterable[object], output: str | os.PathLike[str], *,
           resume: bool, timeout: float | None, engine: str, jobs: int | None,
           scheduler: str | None, patterns: str | None, limits: Limits,
           progress: bool | None, max_tasks_per_child: int,
           hook: Callable[[Item, bytes], None] | None,
           html_dir: str | os.PathLike[str] | None,
           annotate_dir: str | os.PathLike[str] | None, t0: float,
           ocr: str = "auto") -> BatchSummary:
    """The batch, run while holding the lock on its output."""
    from .inputs import iter_items
    from .pipeline import FileResult, Options
    from .summary import BatchSummary, Progress

    items = list(iter_items(inputs, limits))
    from .sinks import open_sink  # the outputs load pydantic models and openpyxl: on use only

    sink = open_sink(output, resume=resume)
    summary = BatchSummary(output=str(output))
    bar = Progress(len(items), enabled=progress)
    bar.update(summary)
    complete = False
    try:
        todo: list[Item] = []
        if resume:
            done = sink.done()
            for it in items:
                known = done.get(it.name)
                if known is None:
                    todo.append(it)
                elif it.error is not None and known == "":
                    summary.add(FileResult(input=it.name, status="skipped"))
                else:
                    todo.append(replace(it, skip_sha=known) if known else it)
            del done
        else:
            todo = items
        del items
        for folder in (html_dir, annotate_dir):
            if folder is not None:
                Path(folder).mkdir(parents=True, exist_ok=True)
        options = Options(patterns=None if patterns is None else str(patterns),
                          limits=ocr_limits(limits, ocr), want_report=False, want_rows=True, hook=hook,
                          html_dir=None if html_dir is None else str(html_dir),
                          annotate_dir=None if annotate_dir is None else str(annotate_dir),
                          ocr=ocr)
        index = _Index(html_dir) if html_dir is not None else None
        # no more workers than files; none at all when everything was already done
        jobs = min(jobs or os.cpu_count() or 1, sum(1 for it in todo if it.error is None)) or 1
        if all(it.error is not None for it in todo):
            engine = "inline"
        def idle() -> None:
            sink.flush()
            bar.update(summary)

        def ocr_page() -> None:
            bar.ocr_page()

        for res in _run(todo, options, engine=engine, jobs=jobs, timeout=timeout,
                        scheduler=scheduler, max_tasks_per_child=max_tasks_per_child,
                        idle=idle, on_ocr_page=ocr_page):
            sink.write(res)
            summary.add(res)
            if index is not None:
                index.add(res)
            bar.update(summary)
        if index is not None:
            index.close()
        complete = True
    finally:
        bar.close()
        sink.close(complete)
        summary.seconds = time.monotonic() - t0
    return summary
