"""Findings written back into the reviewer's own file (issue 16).

A reviewer sends the document itself back to its author: a .docx with Word comments in the
margin (:mod:`.docx`), a .pdf with highlight notes (:mod:`.pdf`). What both share lives here:
which findings are written (``min_severity``), which of a finding's locations carries the note
(the value the finding calls wrong), the note's text, and the tally of how precisely each note
could be placed:

* ``exact`` — on the characters (or the table cell) of the value the location names;
* ``approximate`` — in the right paragraph, cell or table, but not on the value's characters;
* ``unanchored`` — the place could not be found: the note sits on the nearest heading (else the
  first paragraph) and says why. A finding is never dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ...models import Finding, Location

Precision = Literal["exact", "approximate", "unanchored"]
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
AUTHOR, INITIALS = "reportparse", "RP"
ANNOTATABLE = ("docx", "pdf")


@dataclass
class Tally:
    """How many findings were anchored exactly, approximately or not at all."""

    exact: int = 0
    approximate: int = 0
    unanchored: int = 0
    per_finding: list[Precision] = field(default_factory=list)

    def add(self, how: Precision) -> None:
        setattr(self, how, getattr(self, how) + 1)
        self.per_finding.append(how)

    @property
    def total(self) -> int:
        return self.exact + self.approximate + self.unanchored

    def summary(self) -> str:
        return (f"{self.total} finding(s) annotated: {self.exact} anchored exactly, "
                f"{self.approximate} approximately, {self.unanchored} not at all")


def selected(findings: list[Finding], min_severity: str = "warning") -> list[Finding]:
    """The findings at or above ``min_severity``, in report order."""
    if min_severity not in SEVERITY_RANK:
        raise ValueError(f"unknown severity {min_severity!r} "
                         f"(one of {', '.join(SEVERITY_RANK)})")
    floor = SEVERITY_RANK[min_severity]
    return [f for f in findings if SEVERITY_RANK.get(f.severity, 0) >= floor]


def primary(f: Finding) -> int | None:
    """The index of the location the note is anchored on: the value the finding calls wrong
    (its text is the printed ``actual``), else the first location; ``None`` without any."""
    if not f.locations:
        return None
    actual = (f.actual or "").strip()
    if actual:
        for exact in (True, False):
            for i, loc in enumerate(f.locations):
                t = loc.text.strip()
                if t and ((t == actual) if exact else (actual in t)):
                    return i
    return 0


def note_lines(f: Finding, anchor: int | None, reason: str | None = None) -> list[str]:
    """The note's paragraphs: message; expected vs actual; the other values; rule id."""
    lines = [f.message]
    figs = [f"{label}{v}" for label, v in (("应为 ", f.expected), ("实际 ", f.actual),
                                           ("相差 ", f.difference), ("容差 ", f.tolerance))
            if v not in (None, "")]
    if figs:
        lines.append("；".join(figs))
    if reason:
        lines.append(f"未能定位：{reason}")
    others = [loc for i, loc in enumerate(f.locations) if i != anchor]
    if anchor is None:
        others = []
    for loc in others:
        lines.append(f"另见 {_where(loc)}")
    lines.append(f"[{f.rule} · {f.category} · {f.severity}] {AUTHOR}")
    return lines


def _where(loc: Location) -> str:
    """Another value of the finding, as a reviewer finds it in the document (no block
    indices: ``本年财政拨款 年初预算数 “90”（表格第3行第2列）``)."""
    quote = " ".join(loc.text.split())
    if len(quote) > 40:
        quote = quote[:39] + "…"
    parts = [p for p in (loc.label, f"“{quote}”" if quote else "") if p]
    where = []
    if loc.row is not None:
        where.append(f"表格第{loc.row + 1}行" + (f"第{loc.col + 1}列" if loc.col is not None
                                              else ""))
    if loc.page is not None:
        where.append(f"第{loc.page}页")
    return " ".join(parts) + (f"（{'，'.join(where)}）" if where else "")
