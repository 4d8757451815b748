"""Check results for people and programs: the ``reportparse check`` report and its JSON.

JSON per file: ``{"schema_version": "1", "source": path, "counts": {"error": n, "warning": n,
"info": n}, "findings": [Finding…]}`` (:class:`~reportparse.models.FileFindings`). The text report groups
findings by severity, each with its rule, category, message, figures and locations.
"""

from __future__ import annotations

from typing import Any

from ..models import FileFindings, Finding, Location, Report

SEVERITY_TITLES = {"error": "错误 error", "warning": "警告 warning", "info": "提示 info"}
_COLOURS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


def counts(findings: list[Finding]) -> dict[str, int]:
    out = {"error": 0, "warning": 0, "info": 0}
    for f in findings:
        out[f.severity] += 1
    return out


def findings_dict(report: Report) -> dict[str, Any]:
    return FileFindings(source=report.source.path, counts=counts(report.findings),  # type: ignore[arg-type]
                        findings=report.findings).model_dump(mode="json")


def location_text(loc: Location) -> str:
    """``决策 得分: 二、综合评估情况及评估结论 · 表(块13) 第2行第3列 · 原文第140行 “12.30”``."""
    parts: list[str] = []
    if loc.section:
        parts.append(loc.section)
    if loc.table is not None:
        cell = f"表(块{loc.table})"
        if loc.row is not None:
            cell += f" 第{loc.row + 1}行第{(loc.col or 0) + 1}列"
        parts.append(cell)
    elif loc.block is not None:
        parts.append(f"块{loc.block}")
    if loc.page is not None:
        parts.append(f"第{loc.page}页")
    if loc.line is not None:
        parts.append(f"原文第{loc.line}行")
    head = f"{loc.label}: " if loc.label else ""
    quote = loc.text.strip().replace("\n", " ")
    if len(quote) > 60:
        quote = quote[:57] + "…"
    return head + " · ".join(parts) + (f" “{quote}”" if quote else "")


def to_text(report: Report, *, colour: bool = False) -> str:
    """A reviewer's report: a summary line, then the findings grouped by severity."""
    def c(code: str, s: str) -> str:
        return f"{code}{s}{_RESET}" if colour else s

    n = counts(report.findings)
    lines = [c(_BOLD, report.source.path) + f": {n['error']} error(s), {n['warning']} "
             f"warning(s), {n['info']} info"]
    for sev in ("error", "warning", "info"):
        group = [f for f in report.findings if f.severity == sev]
        if not group:
            continue
        lines.append("")
        lines.append(c(_COLOURS[sev] + _BOLD, f"{SEVERITY_TITLES[sev]} ({len(group)})"))
        for f in group:
            tag = c(_DIM, f"[{f.rule} · {f.category}]")
            lines.append(f"  {c(_COLOURS[sev], '●')} {f.message}  {tag}")
            figs = [(k, getattr(f, k)) for k in ("expected", "actual", "difference", "tolerance")]
            figs_txt = "  ".join(f"{k} {v}" for k, v in figs if v not in (None, ""))
            if figs_txt:
                lines.append(f"      {c(_DIM, figs_txt)}")
            for loc in f.locations:
                lines.append(f"      @ {location_text(loc)}")
    if not report.findings:
        lines.append("  no findings")
    return "\n".join(lines)
