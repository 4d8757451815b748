"""HTML review page: one self-contained file a reviewer opens instead of the raw document.

The page shows the outline (with section kinds) as a navigation pane, the body with paragraphs
and tables (real merged cells as ``rowspan``/``colspan``), every value a finding names
highlighted in its cell or sentence span (coloured by severity, with a stable id), and a
findings panel whose entries jump to and flash their values. The score summary, facts,
problems and suggestions are shown when the model carries them.

Everything from the document is untrusted: the templates run with Jinja2 autoescape on and no
document text is ever marked safe, so a ``<script>`` in a cell is shown as text.

Stable ids (used by the findings panel, by tests and by links from other pages):

* ``sec-N`` — the N-th section in depth-first order (its heading in the body),
* ``b-N`` — block N of ``Report.blocks`` (paragraph or table),
* ``c-T-R-C`` — the real cell of table block T whose top-left slot is (R, C),
* ``m-B-S-E`` — a highlighted span [S, E) of block B's text (block-relative offsets),
* ``f-N`` — finding N in ``Report.findings`` order.

Reads the model only (``export`` imports nothing from ``structure``/``extract``/``check``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import jinja2

from ..models import Finding, Location, PointItem, Report, ScoreRow, Section, Table
from .locate import locate

SEVERITY_RANK = {"error": 3, "warning": 2, "info": 1}
SEVERITY_LABEL = {"error": "错误", "warning": "警告", "info": "提示"}
KIND_LABEL = {
    "background": "背景",
    "content": "内容",
    "conclusion": "结论",
    "problems": "问题",
    "suggestions": "建议",
    "other": "其他",
}

_env: jinja2.Environment | None = None


def _environment() -> jinja2.Environment:
    global _env
    if _env is None:
        _env = jinja2.Environment(
            loader=jinja2.PackageLoader("reportparse.export", "templates"),
            autoescape=True,  # every document text is untrusted; never mark it safe
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        _env.filters["num"] = _fmt
    return _env


def _fmt(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, Decimal):
        return format(v, "f")
    return str(v)


# --------------------------------------------------------------------------- targets
@dataclass
class _Mark:
    """A highlighted place: a table cell or a span of a paragraph (block-relative)."""

    id: str
    severity: str = "info"
    findings: list[str] = field(default_factory=list)

    def add(self, finding_id: str, severity: str) -> None:
        if finding_id not in self.findings:
            self.findings.append(finding_id)
        if SEVERITY_RANK.get(severity, 0) > SEVERITY_RANK.get(self.severity, 0):
            self.severity = severity


@dataclass
class _Targets:
    """Marks resolved from findings' locations, keyed by where they render."""

    cells: dict[tuple[int, int, int], _Mark] = field(default_factory=dict)  # (table, row, col)
    spans: dict[int, list[tuple[int, int]]] = field(default_factory=dict)  # block → raw ranges
    span_refs: list[tuple[int, int, int, str, str]] = field(default_factory=list)
    blocks: dict[int, _Mark] = field(default_factory=dict)  # a whole block (table/paragraph)
    merged: dict[int, list[tuple[int, int, _Mark]]] = field(default_factory=dict)

    def cell(self, t: int, r: int, c: int, fid: str, sev: str) -> str:
        m = self.cells.setdefault((t, r, c), _Mark(f"c-{t}-{r}-{c}"))
        m.add(fid, sev)
        return m.id

    def block(self, b: int, fid: str, sev: str) -> str:
        m = self.blocks.setdefault(b, _Mark(f"b-{b}"))
        m.add(fid, sev)
        return m.id

    def span(self, b: int, s: int, e: int, fid: str, sev: str) -> None:
        self.spans.setdefault(b, []).append((s, e))
        self.span_refs.append((b, s, e, fid, sev))

    def merge_spans(self) -> dict[tuple[int, int, int, str], str]:
        """Union overlapping ranges per block; return (block, s, e, fid) → mark id."""
        out: dict[tuple[int, int, int, str], str] = {}
        for b, ranges in self.spans.items():
            merged: list[list[int]] = []
            for s, e in sorted(ranges):
                if e <= s:
                    e = s + 1  # an empty range still marks its place
                if merged and s < merged[-1][1]:
                    merged[-1][1] = max(merged[-1][1], e)
                else:
                    merged.append([s, e])
            self.merged[b] = [(s, e, _Mark(f"m-{b}-{s}-{e}")) for s, e in merged]
        for b, s, e, fid, sev in self.span_refs:
            for ms, me, mark in self.merged[b]:
                if ms <= s and e <= me:
                    mark.add(fid, sev)
                    out[(b, s, e, fid)] = mark.id
                    break
        return out


def _resolve(report: Report, loc: Location, fid: str, sev: str, tg: _Targets) -> list[str]:
    """Resolve one location (:func:`.locate.locate`) to the element ids it highlights (empty
    when it cannot be found).

    Span ranges that need merging are registered and resolved later; they are returned as a
    placeholder ``("span", block, s, e)`` string key encoded as ``\\0b:s:e``.
    """
    place = locate(report, loc)
    if place is None:
        return []
    if place.cells:
        return [tg.cell(place.block, r, c, fid, sev) for r, c in place.cells]
    if place.span is not None:
        s, e = place.span
        tg.span(place.block, s, e, fid, sev)
        return [f"\0{place.block}:{s}:{e}"]
    return [tg.block(place.block, fid, sev)]


# --------------------------------------------------------------------------- view model
def _segments(text: str, lo: int, hi: int,
              marks: list[tuple[int, int, _Mark]], seen: set[str]) -> list[dict[str, Any]]:
    """Split text[lo:hi] into plain and highlighted pieces (the id only on a mark's first piece)."""
    out: list[dict[str, Any]] = []
    pos = lo
    for s, e, m in marks:
        s2, e2 = max(s, lo), min(e, hi)
        if s2 >= e2:
            continue
        if s2 > pos:
            out.append({"text": text[pos:s2], "mark": None})
        first = m.id not in seen
        seen.add(m.id)
        out.append({"text": text[s2:e2], "mark": m, "id": m.id if first else None})
        pos = e2
    if pos < hi:
        out.append({"text": text[pos:hi], "mark": None})
    return out


def _table_view(report: Report, bi: int, t: Table, tg: _Targets, *,
                nested_path: str = "") -> dict[str, Any]:
    by_row: dict[int, list[Any]] = {}
    for c in t.cells:
        by_row.setdefault(c.row, []).append(c)
    roles = t.row_roles
    rows = []
    for r in range(t.n_rows):
        cells = []
        for c in sorted(by_row.get(r, []), key=lambda x: x.col):
            mark = None if nested_path else tg.cells.get((bi, c.row, c.col))
            cid = f"c-{bi}-{c.row}-{c.col}" if not nested_path else None
            cells.append({
                "text": c.text,
                "rowspan": max(1, min(c.row_span, t.n_rows - c.row)),
                "colspan": max(1, min(c.col_span, t.n_cols - c.col)),
                "id": cid,
                "row": c.row,
                "col": c.col,
                "header": r < t.header_rows,
                "mark": mark,
                "nested": [_table_view(report, bi, nt, tg, nested_path=f"{nested_path}n{k}")
                           for k, nt in enumerate(c.tables)],
            })
        rows.append({"role": roles[r] if r < len(roles) else "data", "cells": cells})
    # header rows go in <thead> (repeated on printed pages) unless a span crosses into the body
    head = max(0, min(t.header_rows, t.n_rows))
    if any(c.row < head < c.row + c.row_span for c in t.cells):
        head = 0
    return {
        "kind": "table",
        "head": head,
        "index": bi,
        "id": None if nested_path else f"b-{bi}",
        "caption": t.caption,
        "unit": t.unit,
        "rows": rows,
        "n_cols": t.n_cols,
        "spans_inferred": t.spans_inferred,
        "mark": None if nested_path else tg.blocks.get(bi),
    }


def _body(report: Report, tg: _Targets, section_ids: dict[int, tuple[str, Section]]
          ) -> list[dict[str, Any]]:
    blocks = report.blocks
    views: list[dict[str, Any]] = []
    for i, b in enumerate(blocks):
        if isinstance(b, Table):
            views.append(_table_view(report, i, b, tg))
            continue
        marks = tg.merged.get(i, [])
        seen: set[str] = set()
        # a caption or unit line carried by the next table is shown with the table
        if b.role in ("caption", "unit") and not marks and tg.blocks.get(i) is None:
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            if isinstance(nxt, Table) and (
                (b.role == "caption" and nxt.caption and nxt.caption.strip() == b.text.strip())
                or (b.role == "unit" and nxt.unit and nxt.unit in b.text)
            ):
                continue
        text = b.text
        if i in section_ids:
            sid, sec = section_ids[i]
            split = len(text)
            if sec.lead:
                k = text.rfind(sec.lead)
                if k > 0:
                    split = k
            views.append({
                "kind": "heading",
                "index": i,
                "id": sid,
                "bid": f"b-{i}",
                "level": min(6, sec.level + 1),
                "section_kind": sec.kind,
                "kind_label": KIND_LABEL.get(sec.kind, sec.kind),
                "segments": _segments(text, 0, split, marks, seen),
                "lead": _segments(text, split, len(text), marks, seen) if split < len(text)
                else [],
                "mark": tg.blocks.get(i),
            })
            continue
        if (report.title and b.text.strip() == report.title and i == 0 and not marks
                and tg.blocks.get(i) is None):
            continue  # shown as the page title
        views.append({
            "kind": "paragraph",
            "index": i,
            "id": f"b-{i}",
            "role": b.role,
            "segments": _segments(text, 0, len(text), marks, seen),
            "mark": tg.blocks.get(i),
        })
    return views


def _outline(sections: list[Section], ids: dict[int, str]) -> list[dict[str, Any]]:
    return [{
        "id": ids[id(s)],
        "number": s.number,
        "title": s.title,
        "kind": s.kind,
        "kind_label": KIND_LABEL.get(s.kind, s.kind),
        "children": _outline(s.children, ids),
    } for s in sections]


def _score_view(report: Report) -> dict[str, Any] | None:
    sc = report.score
    if sc is None:
        return None
    rows = []

    def add(r: ScoreRow, depth: int) -> None:
        rows.append({"name": r.name, "level": depth, "max_score": r.max_score,
                     "score": r.score, "rate": r.rate})
        for ch in r.children:
            add(ch, depth + 1)

    for r in sc.rows:
        add(r, 1)
    return {
        "rows": rows,
        "total": sc.total,
        "total_rounded": sc.total_rounded,
        "grade": sc.grade,
        "table": sc.table,
        "caption": sc.caption,
    }


def _points_view(report: Report, items: list[PointItem], kind: str,
                 section_ids: dict[int, tuple[str, Section]]) -> tuple[list[dict[str, Any]], bool]:
    """Problems/suggestions from extraction when present, else the titles of the outline's
    numbered points of that kind (marked as derived)."""
    out: list[dict[str, Any]] = []
    if items:
        for it in items:
            blk = it.ref.block if it.ref is not None else None
            out.append({
                "number": it.number,
                "title": it.title,
                "body": it.body,
                "subpoints": [p.text for p in it.subpoints],
                "href": f"#b-{blk}" if blk is not None else None,
            })
        return out, False
    by_block = {sec.heading_block: sid for _, (sid, sec) in section_ids.items()
                if sec.heading_block is not None}
    for top in report.sections_of(kind):
        for ch in top.children:
            out.append({"number": ch.number, "title": ch.title, "body": "", "subpoints": [],
                        "href": f"#{by_block[ch.heading_block]}"
                        if ch.heading_block in by_block else None})
    return out, True


def _finding_views(report: Report, tg: _Targets) -> list[dict[str, Any]]:
    raw: list[tuple[Finding, str, list[list[str]]]] = []
    for k, f in enumerate(report.findings):
        fid = f"f-{k}"
        raw.append((f, fid, [_resolve(report, loc, fid, f.severity, tg) for loc in f.locations]))
    span_ids = tg.merge_spans()
    heading_of: dict[int, str] = {}  # block → heading of the section it stands in
    for sec in report.walk():
        for bi in ([sec.heading_block] if sec.heading_block is not None else []) + sec.blocks:
            heading_of[bi] = sec.heading
    views = []
    for f, fid, per_loc in raw:
        locs = []
        targets: list[str] = []
        for loc, ids in zip(f.locations, per_loc):
            real = []
            for x in ids:
                if x.startswith("\0"):
                    b, s, e = (int(v) for v in x[1:].split(":"))
                    x = span_ids[(b, s, e, fid)]
                real.append(x)
                if x not in targets:
                    targets.append(x)
            where = []
            if loc.section:
                where.append(loc.section)
            else:
                near = loc.table if loc.table is not None else loc.block
                if near is None and real and real[0].startswith(("m-", "b-")):
                    near = int(real[0].split("-")[1])
                if near is not None and near in heading_of:
                    where.append(heading_of[near])
            if loc.table is not None:
                t = report.blocks[loc.table] if 0 <= loc.table < len(report.blocks) else None
                cap = t.caption if isinstance(t, Table) and t.caption else f"表（块 {loc.table}）"
                addr = cap
                if loc.row is not None:
                    addr += f" 第{loc.row + 1}行"
                if loc.col is not None:
                    addr += f" 第{loc.col + 1}列"
                where.append(addr)
            if loc.page is not None:
                where.append(f"第{loc.page}页")
            line = getattr(loc, "line", None)
            if line is not None:
                where.append(f"原文第{line}行")
            label = getattr(loc, "label", None)
            text = loc.text if not label or label == loc.text else f"{label}（{loc.text}）"
            locs.append({"text": text, "where": " · ".join(where), "ids": real})
        views.append({
            "id": fid,
            "rule": f.rule,
            "category": f.category,
            "severity": f.severity,
            "severity_label": SEVERITY_LABEL.get(f.severity, f.severity),
            "message": f.message,
            "expected": f.expected,
            "actual": f.actual,
            "difference": f.difference,
            "tolerance": f.tolerance,
            "locations": locs,
            "targets": targets,
        })
    return views


def _title(report: Report) -> str:
    meta_title = report.meta.title
    if report.title:
        return report.title
    if meta_title:
        return str(meta_title)
    return os.path.basename(report.source.path) or report.source.path


def review_context(report: Report) -> dict[str, Any]:
    """The template context (exposed for tests and for other pages that embed a report)."""
    tg = _Targets()
    findings = _finding_views(report, tg)
    sec_list = list(report.walk())
    sid_of = {id(s): f"sec-{k}" for k, s in enumerate(sec_list)}
    section_ids = {s.heading_block: (sid_of[id(s)], s) for s in sec_list
                   if s.heading_block is not None}
    body = _body(report, tg, section_ids)
    problems, problems_derived = _points_view(report, report.problems, "problems", section_ids)
    suggestions, sugg_derived = _points_view(report, report.suggestions, "suggestions",
                                             section_ids)
    counts = {s: sum(1 for f in report.findings if f.severity == s) for s in SEVERITY_RANK}
    facts = [{"kind": f.kind, "value": f.value, "unit": f.unit, "text": f.text,
              "href": f"#b-{f.ref.block}" if f.ref is not None else None}
             for f in report.facts]
    meta = report.meta
    meta_rows = [(label, getattr(meta, key, None)) for key, label in (
        ("project", "项目"), ("year", "年度"), ("unit", "实施单位"), ("evaluator", "评价机构"),
        ("report_date", "报告日期"))]
    return {
        "title": _title(report),
        "source": report.source,
        "outline": _outline(report.sections, sid_of),
        "body": body,
        "findings": findings,
        "counts": counts,
        "score": _score_view(report),
        "facts": facts,
        "meta_rows": [(k, v) for k, v in meta_rows if v not in (None, "")],
        "problems": problems,
        "problems_derived": problems_derived,
        "suggestions": suggestions,
        "suggestions_derived": sugg_derived,
        "warnings": report.warnings,
        "n_tables": len(report.tables),
    }


def render_html(report: Report) -> str:
    """The review page of one report as a self-contained HTML string."""
    return _environment().get_template("report.html.j2").render(**review_context(report))


def write_html(report: Report, path: str | os.PathLike[str]) -> Path:
    """Write the review page to ``path`` (parents created); return the path."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(render_html(report), encoding="utf-8")
    return p


# --------------------------------------------------------------------------- index page
@dataclass
class IndexEntry:
    """One row of a batch index page. ``href`` is the report page relative to the index."""

    name: str
    href: str | None = None
    title: str | None = None
    total: Decimal | float | str | None = None
    grade: str | None = None
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    status: str = "ok"  # ok | failed
    message: str | None = None  # the error for a failed input


_UNSAFE = re.compile(r'[\x00-\x1f/\\:*?"<>|#%&{}$!\'`=+@]+')


def page_name(source: str | Report, taken: set[str] | None = None) -> str:
    """A safe, unique file name for a report's page in a folder of pages (batch
    ``--html-dir``): the source file's stem with ``.html``, ``-2``, ``-3``… when ``taken``
    already holds it (the name is added to ``taken``)."""
    path = source.source.path if isinstance(source, Report) else source
    stem = Path(path.replace("\\", "/")).stem or "report"
    stem = _UNSAFE.sub("_", stem).strip(". ") or "report"
    stem = stem[:120]
    name, k = f"{stem}.html", 1
    while taken is not None and name.lower() in {t.lower() for t in taken}:
        k += 1
        name = f"{stem}-{k}.html"
    if taken is not None:
        taken.add(name)
    return name


def index_entry(report: Report, href: str | None = None, *, name: str | None = None
                ) -> IndexEntry:
    """An index row from a checked report (total and grade from ``report.score``)."""
    sc = report.score
    sev = [f.severity for f in report.findings]
    return IndexEntry(
        name=name or os.path.basename(report.source.path) or report.source.path,
        href=href,
        title=_title(report),
        total=sc.total if sc is not None else None,
        grade=sc.grade if sc is not None else None,
        errors=sev.count("error"),
        warnings=sev.count("warning"),
        infos=sev.count("info"),
    )


def _entry(e: IndexEntry | Mapping[str, Any] | tuple[Report, str]) -> IndexEntry:
    if isinstance(e, IndexEntry):
        return e
    if isinstance(e, tuple):
        return index_entry(e[0], e[1])
    if isinstance(e, Report):
        return index_entry(e)
    return IndexEntry(**dict(e))


def render_index(entries: Iterable[IndexEntry | Mapping[str, Any] | tuple[Report, str]], *,
                 title: str = "评价报告审阅索引") -> str:
    """The index page: one sortable row per report (total, grade, finding counts)."""
    rows = [_entry(e) for e in entries]
    return _environment().get_template("index.html.j2").render(
        title=title, entries=rows,
        n_failed=sum(1 for r in rows if r.status != "ok"),
        n_errors=sum(r.errors for r in rows))


def write_index(entries: Iterable[IndexEntry | Mapping[str, Any] | tuple[Report, str]],
                path: str | os.PathLike[str], *, title: str = "评价报告审阅索引") -> Path:
    """Write the index page to ``path``; ``entries`` are :class:`IndexEntry`, mappings with
    its fields, or ``(report, href)`` pairs."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(render_index(entries, title=title), encoding="utf-8")
    return p


class ReviewSite:
    """A folder of review pages plus ``index.html`` (``check --html DIR`` with several files,
    ``batch --html-dir DIR``): ``add`` writes one report's page and records its index row,
    ``fail`` records an input that could not be read, ``close`` writes the index."""

    def __init__(self, folder: str | os.PathLike[str], *, title: str = "评价报告审阅索引"):
        self.folder = Path(folder)
        self.title = title
        self.entries: list[IndexEntry] = []
        self._taken: set[str] = {"index.html"}

    def add(self, report: Report, *, name: str | None = None) -> Path:
        page = page_name(report, self._taken)
        path = write_html(report, self.folder / page)
        self.entries.append(index_entry(report, page, name=name))
        return path

    def fail(self, name: str, message: str, *, status: str = "failed") -> None:
        self.entries.append(IndexEntry(name=name, status=status, message=message))

    def close(self) -> Path:
        return write_index(self.entries, self.folder / "index.html", title=self.title)
