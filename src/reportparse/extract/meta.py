"""Report metadata where the report states it: title, project, year, implementing unit,
evaluator, report date (``patterns/facts.toml`` ``[meta]``).

Sources, first found wins: ``key：value`` lines (cover pages, 基本信息 blocks), then prose
patterns (``由旗住房保障中心负责实施``, ``项目实施周期为2022年度``), then the title (``关于2022年度
XX项目的绩效评价报告``); the report date is a key-value line or a bare date that closes the
report (the signature block).
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import regex as re

from ..models import Meta, Paragraph, Document, Table
from ..patterns import Patterns

_NUMBER = re.compile(r"[-+]?[0-9][0-9,]*(?:\.[0-9]+)?%?")
_KV = re.compile(r"^\s*(?P<k>[\p{Han}\s]{2,12}?)\s*[:：]\s*(?P<v>\S.{0,80}?)\s*$")
_DATE = re.compile(r"^\s*(?P<y>(?:19|20)[0-9]{2})\s*年\s*(?P<m>[0-9]{1,2})\s*月(?:\s*(?P<d>[0-9]{1,2})\s*日)?\s*$")
_DATE_IN = re.compile(r"(?P<y>(?:19|20)[0-9]{2})\s*[年.\-/]\s*(?P<m>[0-9]{1,2})\s*[月.\-/]?(?:\s*(?P<d>[0-9]{1,2})\s*日?)?")


def _build(p: Patterns) -> dict[str, Any]:
    m = p["facts"].get("meta", {})
    keys = {field: {k.replace(" ", "") for k in m.get(field, [])}
            for field in ("project", "unit", "evaluator", "report_date", "year")}
    prose = {field: [re.compile(x) for x in m.get(f"{field}_prose", [])]
             for field in ("unit", "evaluator", "year")}
    title = [re.compile(x) for x in m.get("project_title", [])]
    # a column header is never a value: "项目 | 金额" is a header row, not 项目：金额
    headers = {w.replace(" ", "") for ws in p["tables"].get("headers", {}).values() for w in ws}
    headers |= {w.replace(" ", "") for w in m.get("not_values", [])}
    endings = tuple(m.get("not_value_endings", ()))
    return {"keys": keys, "prose": prose, "title": title, "headers": headers, "endings": endings}


def _iso(m: re.Match[str]) -> str:
    y, mo, d = int(m.group("y")), int(m.group("m")), m.group("d")
    return f"{y:04d}-{mo:02d}" + (f"-{int(d):02d}" if d else "")


def _table_pairs(table: Table, keys: dict[str, set[str]], found: dict[str, Any],
                 headers: set[str], endings: tuple[str, ...] = (), max_rows: int = 4) -> None:
    """Key cells followed by their value cell in the first rows of a table; a value that is
    itself a column header (金额, 决算数, 备注, …收入预算, or over a number) means a header row,
    not a pair."""
    rows = table.rows
    for r, row in enumerate(rows[:max_rows]):
        cells = [(c, text) for c, text in enumerate(row) if text.strip()]
        for (_, k), (col, v) in pairwise(cells):
            key = re.sub(r"\s+", "", k).rstrip("：:")
            value = re.sub(r"\s+", "", v)
            below = re.sub(r"\s+", "", rows[r + 1][col]) if r + 1 < len(rows) else ""
            if value in headers or value.endswith(endings) or _NUMBER.fullmatch(below):
                continue  # a column header (numbers below it), not a value
            for field, names in keys.items():
                if field not in found and key in names and field not in ("year", "report_date"):
                    found[field] = v.strip()


def extract_meta(report: Document, patterns: Patterns) -> Meta:
    """``report.meta`` with the stated metadata filled in (fields already set are kept)."""
    cfg = patterns.cached("extract.meta", _build)
    found: dict[str, Any] = {}
    paras = [b for b in report.blocks if isinstance(b, Paragraph)]
    for p in paras:
        kv = _KV.match(p.text) if len(p.text) <= 100 else None
        if not kv:
            continue
        k = re.sub(r"\s+", "", kv.group("k"))
        for field, keys in cfg["keys"].items():
            if field not in found and k in keys:
                v = kv.group("v").strip()
                if field == "year":
                    y = re.search(r"(?:19|20)[0-9]{2}", v)
                    v = int(y.group(0)) if y else None
                elif field == "report_date":
                    d = _DATE_IN.search(v)
                    v = _iso(d) if d else v
                if v:
                    found[field] = v
    for t in (b for b in report.blocks if isinstance(b, Table)):
        _table_pairs(t, cfg["keys"], found, cfg["headers"], cfg["endings"])  # a 自评表 head: 项目名称 | … | 实施单位 | …
    text = "\n".join(p.text for p in paras)
    for field, rxs in cfg["prose"].items():
        if field in found:
            continue
        for rx in rxs:
            m = rx.search(text)
            if m:
                found[field] = int(m.group("v")) if field == "year" else m.group("v")
                break
    title = report.title or report.meta.title
    if title and "project" not in found:
        for rx in cfg["title"]:
            m = rx.search(title)
            if m:
                found["project"] = m.group("v").strip("“”的")
                break
    if title and "year" not in found:
        y = re.search(r"((?:19|20)[0-9]{2})\s*年", title)
        if y:
            found["year"] = int(y.group(1))
    if "report_date" not in found:
        for p in reversed(paras[-4:]):
            d = _DATE.match(p.text)
            if d:
                found["report_date"] = _iso(d)
                break
    meta = report.meta
    updates = {k: v for k, v in found.items() if getattr(meta, k) in (None, "")}
    if title and not meta.title:
        updates["title"] = title
    return meta.model_copy(update=updates)
