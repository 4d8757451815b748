"""A Report flattened into rows: the shape of the batch outputs (sqlite tables, csv, xlsx).

A reader of the model only. Fields filled by later stages (``score``, ``facts``, ``problems``,
``findings``) are read with ``getattr`` so this works whichever stages ran. Exact decimals are
kept as text (``"86.47"``) — SQLite has no decimal type; ``CAST(score AS REAL)`` when needed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from ..locate import Resolver
from ..models import Report, ScoreRow, Section, Table

#: column names per table (the order of the tuples in :func:`report_rows`)
COLUMNS: dict[str, tuple[str, ...]] = {
    "reports": ("input", "sha256", "size", "format", "title", "project", "year", "unit",
                "evaluator", "report_date", "total", "total_rounded", "grade", "n_sections",
                "n_tables", "n_facts", "n_problems", "n_suggestions", "n_findings",
                "n_finding_errors", "n_finding_warnings", "n_warnings", "elapsed_ms", "json"),
    "sections": ("ord", "parent", "level", "number", "title", "kind", "family", "path", "block",
                 "page"),
    "tables": ("ord", "block", "caption", "unit", "n_rows", "n_cols", "header_rows", "rows",
               "page"),
    "scores": ("ord", "parent", "level", "name", "max_score", "score", "rate"),
    "facts": ("ord", "kind", "value", "unit", "text", "data", "block", "page"),
    "findings": ("ord", "rule", "category", "severity", "message", "expected", "actual",
                 "difference", "tolerance", "section", "tbl", "row", "col", "page", "quote",
                 "locations"),
    "points": ("ord", "kind", "number", "title", "body", "keywords", "section"),
    "errors": ("input", "sha256", "size", "reason", "message", "elapsed_ms"),
}
CHILD_TABLES = ("sections", "tables", "scores", "facts", "findings", "points")


def _s(v: Any) -> str | None:
    """A value as exact text (Decimal keeps its digits), None stays None."""
    if v is None:
        return None
    if isinstance(v, Decimal):
        return format(v, "f")
    if isinstance(v, str):
        return v
    if isinstance(v, (int, float, bool)):
        return str(v)
    return json.dumps(v, ensure_ascii=False, default=str)


#: a spreadsheet reads a cell starting with one of these as a formula (or DDE command)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?\Z")
#: characters an xlsx part cannot hold (XML 1.0 forbids them; lone surrogates cannot be encoded)
_XLSX_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
XLSX_MAX_CELL = 32_767  # characters Excel keeps in one cell


def formula_like(text: str) -> bool:
    """True when a spreadsheet would evaluate ``text`` (a plain number is harmless)."""
    return text.startswith(FORMULA_START) and not _PLAIN_NUMBER.match(text)


def csv_cell(v: Any) -> Any:
    """A CSV value a spreadsheet shows as text: a formula-like string gets a leading ``'``
    (the usual neutralisation; the text after it is unchanged)."""
    if isinstance(v, str) and formula_like(v):
        return "'" + v
    return v


def xlsx_text(text: str) -> str:
    """``text`` as an xlsx cell can hold it: forbidden control characters and lone surrogates
    become U+FFFD, and text over Excel's cell limit is cut (ending in …)."""
    text = _XLSX_ILLEGAL.sub("\ufffd", text)
    if len(text) > XLSX_MAX_CELL:
        text = text[: XLSX_MAX_CELL - 1] + "…"
    return text


def _j(v: Any) -> str:
    return json.dumps(v, ensure_ascii=False, default=str)


def _sections(report: Report) -> Iterator[tuple]:
    ord_ = 0

    def visit(nodes: list[Section], parent: int | None, path: str) -> Iterator[tuple]:
        nonlocal ord_
        for s in nodes:
            me = ord_
            ord_ += 1
            p = f"{path} / {s.heading}" if path else s.heading
            yield (me, parent, s.level, s.number, s.title, s.kind, s.family, p, s.heading_block,
                   s.provenance.page)
            yield from visit(s.children, me, p)

    yield from visit(report.sections, None, "")


def _tables(report: Report) -> Iterator[tuple]:
    k = 0
    for i, b in enumerate(report.blocks):
        if isinstance(b, Table):
            yield (k, i, b.caption, b.unit, b.n_rows, b.n_cols, b.header_rows, _j(b.rows),
                   b.provenance.page)
            k += 1


def _scores(report: Report) -> Iterator[tuple]:
    score = report.score
    if score is None:
        return
    ord_ = 0

    def visit(rows: list[ScoreRow], parent: int | None) -> Iterator[tuple]:
        nonlocal ord_
        for r in rows:
            me = ord_
            ord_ += 1
            yield (me, parent, r.level, r.name, _s(r.max_score), _s(r.score), _s(r.rate))
            yield from visit(r.children, me)

    yield from visit(score.rows, None)


def _facts(report: Report) -> Iterator[tuple]:
    resolver = Resolver(report)
    for k, f in enumerate(report.facts):
        page = resolver.where(f.ref).page if f.ref is not None else None
        data = f.data.model_dump(mode="json")  # the keys the extractor gave, as in the JSON
        yield (k, f.kind, _s(f.value), f.unit, f.text, _j(data) if data else None,
               f.ref.block if f.ref is not None else None, page)


def _findings(report: Report) -> Iterator[tuple]:
    for k, f in enumerate(report.findings):
        loc = f.locations[0] if f.locations else None
        yield (k, f.rule, f.category, f.severity, f.message, f.expected, f.actual, f.difference,
               f.tolerance, loc.section if loc else None, loc.table if loc else None,
               loc.row if loc else None, loc.col if loc else None, loc.page if loc else None,
               loc.text if loc else None,
               _j([x.model_dump(mode="json") for x in f.locations]) if f.locations else None)


def _points(report: Report) -> Iterator[tuple]:
    k = 0
    for kind, points in (("problem", report.problems), ("suggestion", report.suggestions)):
        for p in points:
            yield (k, kind, p.number, p.title, p.body, _j(p.keywords), p.section)
            k += 1


def report_summary(report: Report) -> dict[str, Any]:
    """The one-row view of a report (without the input/timing columns)."""
    score, findings, meta = report.score, report.findings, report.meta
    title = report.title or meta.title
    return {
        "format": report.source.format,
        "title": title,
        "project": meta.project,
        "year": meta.year,
        "unit": meta.unit,
        "evaluator": meta.evaluator,
        "report_date": meta.report_date,
        "total": _s(score.total) if score is not None else None,
        "total_rounded": _s(score.total_rounded) if score is not None else None,
        "grade": score.grade if score is not None else None,
        "n_sections": sum(1 for _ in report.walk()),
        "n_tables": len(report.tables),
        "n_facts": len(report.facts),
        "n_problems": len(report.problems),
        "n_suggestions": len(report.suggestions),
        "n_findings": len(findings),
        "n_finding_errors": sum(1 for f in findings if f.severity == "error"),
        "n_finding_warnings": sum(1 for f in findings if f.severity == "warning"),
        "n_warnings": len(report.warnings),
    }


def report_rows(report: Report) -> dict[str, list[tuple]]:
    """Rows of the child tables (``sections``, ``tables``, ``scores``, ``facts``,
    ``findings``, ``points``), each tuple in :data:`COLUMNS` order without ``report_id``."""
    return {
        "sections": list(_sections(report)),
        "tables": list(_tables(report)),
        "scores": list(_scores(report)),
        "facts": list(_facts(report)),
        "findings": list(_findings(report)),
        "points": list(_points(report)),
    }


def problem_keywords(report: Report) -> list[str]:
    """Distinct keywords of the report's problem points (for recurring-problem tallies)."""
    out: list[str] = []
    for p in report.problems:
        for k in p.keywords:
            if k not in out:
                out.append(k)
    return out
