"""Running tallies of a batch, the progress bar (rich) and the summary table at the end."""

from __future__ import annotations

import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .pipeline import FileResult


@dataclass
class BatchSummary:
    """What a batch did: counts this run, failures by reason, findings by category and
    severity, the grade distribution, the most frequent problem keywords and the pages read
    by OCR (``ocr_pages``: scans cost seconds a page, so they explain a slow batch)."""

    output: str = ""
    files: int = 0
    ok: int = 0
    failed: int = 0
    skipped: int = 0
    failed_by_reason: Counter[str] = field(default_factory=Counter)
    findings: int = 0
    findings_by: Counter[tuple[str, str]] = field(default_factory=Counter)
    grades: Counter[str] = field(default_factory=Counter)
    keywords: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    ocr_pages: int = 0

    def add(self, res: FileResult) -> None:
        self.files += 1
        if res.status == "skipped":
            self.skipped += 1
            return
        if res.status != "ok":
            self.failed += 1
            self.failed_by_reason[res.reason or "internal"] += 1
            return
        self.ok += 1
        self.ocr_pages += res.ocr_pages
        self.findings += len(res.findings)
        self.findings_by.update(res.findings)
        grade = (res.summary or {}).get("grade")
        self.grades[grade or "—"] += 1
        self.keywords.update(res.keywords)  # distinct per report: counts reports

    @property
    def files_per_second(self) -> float:
        return (self.files - self.skipped) / self.seconds if self.seconds else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "output": self.output, "files": self.files, "ok": self.ok, "failed": self.failed,
            "skipped": self.skipped, "failed_by_reason": dict(self.failed_by_reason),
            "findings": self.findings,
            "findings_by": {f"{c}/{s}": n for (c, s), n in sorted(self.findings_by.items())},
            "grades": dict(self.grades), "top_problem_keywords": self.keywords.most_common(20),
            "seconds": round(self.seconds, 3), "ocr_pages": self.ocr_pages,
        }

    def render(self, console: Any = None) -> None:
        """Print the summary tables (rich; plain text when not a terminal)."""
        from rich.console import Console
        from rich.table import Table

        console = console or Console()
        t = Table(title=f"reportparse batch → {self.output}", show_header=False)
        t.add_column("", style="bold")
        t.add_column("", justify="right")
        t.add_row("files", str(self.files))
        t.add_row("ok", str(self.ok))
        t.add_row("failed", str(self.failed))
        if self.skipped:
            t.add_row("skipped (already done)", str(self.skipped))
        for reason, n in self.failed_by_reason.most_common():
            t.add_row(f"  failed: {reason}", str(n))
        t.add_row("findings", str(self.findings))
        if self.ocr_pages:
            t.add_row("pages read by OCR", str(self.ocr_pages))
        t.add_row("time", f"{self.seconds:.1f} s ({self.files_per_second:.1f} files/s)")
        console.print(t)
        if self.findings_by:
            ft = Table(title="findings by category and severity")
            ft.add_column("category")
            for sev in ("error", "warning", "info"):
                ft.add_column(sev, justify="right")
            cats = sorted({c for c, _ in self.findings_by})
            for c in cats:
                ft.add_row(c, *(str(self.findings_by.get((c, s), 0))
                                for s in ("error", "warning", "info")))
            console.print(ft)
        if self.ok:
            gt = Table(title="grade distribution")
            gt.add_column("grade")
            gt.add_column("reports", justify="right")
            for g, n in sorted(self.grades.items(), key=lambda x: (-x[1], x[0])):
                gt.add_row(g, str(n))
            console.print(gt)
        if self.keywords:
            kt = Table(title="top recurring problem keywords")
            kt.add_column("keyword")
            kt.add_column("reports", justify="right")
            for k, n in self.keywords.most_common(15):
                kt.add_row(k, str(n))
            console.print(kt)


class Progress:
    """A rich progress bar on stderr (files/s, ETA, ok/failed, findings, and the pages read by
    OCR as each is done, since one scanned report can hold the bar still for minutes); a no-op
    when stderr is not a terminal or when disabled."""

    def __init__(self, total: int, enabled: bool | None = None) -> None:
        if enabled is None:
            enabled = sys.stderr.isatty()
        self.enabled = enabled
        self._bar: Any = None
        self._task: Any = None
        self._t0 = time.monotonic()
        self._summary: BatchSummary | None = None
        self.ocr_pages_seen = 0  # pages reported done by the workers, as they go
        if not enabled:
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
        from rich.progress import Progress as RichProgress

        self._bar = RichProgress(
            TextColumn("[bold]batch"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[rate]:.1f} files/s"), TextColumn("ETA"),
            TimeRemainingColumn(),
            TextColumn("[green]ok {task.fields[ok]}[/] [red]failed {task.fields[failed]}[/] "
                       "findings {task.fields[findings]}{task.fields[ocr]}"),
            console=Console(stderr=True), transient=False, refresh_per_second=4)
        self._task = self._bar.add_task("batch", total=total, rate=0.0, ok=0, failed=0,
                                        findings=0, ocr="")
        self._bar.start()

    def ocr_page(self) -> None:
        """A worker has recognised one more page by OCR."""
        self.ocr_pages_seen += 1
        if self._summary is not None:
            self.update(self._summary)

    def ocr_label(self, s: BatchSummary) -> str:
        """`` · OCR pages N`` once a page was OCR'd (live count, or the finished files' count
        on an engine that reports pages only with each file), else nothing."""
        n = max(self.ocr_pages_seen, s.ocr_pages)
        return f" · OCR pages {n}" if n else ""

    def update(self, s: BatchSummary) -> None:
        self._summary = s
        if not self.enabled:
            return
        dt = time.monotonic() - self._t0
        self._bar.update(self._task, completed=s.files, rate=(s.files - s.skipped) / dt
                         if dt else 0.0, ok=s.ok, failed=s.failed, findings=s.findings,
                         ocr=self.ocr_label(s))

    def close(self) -> None:
        if self.enabled and self._bar is not None:
            self._bar.stop()
