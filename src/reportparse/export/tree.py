"""Plain outline rendering: one heading per line, indented by level, kind in brackets."""

from __future__ import annotations

from ..models import Report, Section


def to_tree(report: Report) -> str:
    lines: list[str] = []
    if report.title:
        lines.append(report.title)

    def visit(s: Section) -> None:
        lines.append(f"{'  ' * (s.level - 1)}{s.number}{s.title} [{s.kind}]")
        for c in s.children:
            visit(c)

    for s in report.sections:
        visit(s)
    for t in report.tables:
        lines.append(f"[table {t.provenance.block}] {t.caption or '(no caption)'}: "
                     f"{t.n_rows}×{t.n_cols}")
    return "\n".join(lines)
