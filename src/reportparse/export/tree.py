"""Plain outline rendering: one heading per line, indented by level, kind in brackets."""

from __future__ import annotations

from ..models import Document, Section


def _gap(number: str) -> str:
    """A space after a number that is written with one (1 项目概况, 1.1 项目背景, 第一章 概述);
    none after punctuation (一、基本情况, （一）项目背景, 1.项目立项)."""
    return " " if number and (number[-1].isdigit() or number.endswith(("章", "部分", "篇", "节")))\
        else ""


def to_tree(report: Document) -> str:
    """The outline and the tables of a document (the layer ``parse_document`` reads: the
    outline needs no extraction)."""
    lines: list[str] = []
    if report.title:
        lines.append(report.title)

    def visit(s: Section) -> None:
        lines.append(f"{'  ' * (s.level - 1)}{s.number}{_gap(s.number)}{s.title} [{s.kind}]")
        for c in s.children:
            visit(c)

    for s in report.sections:
        visit(s)
    for t in report.tables:
        lines.append(f"[table {t.provenance.block}] {t.caption or '(no caption)'}: "
                     f"{t.n_rows}×{t.n_cols}")
    return "\n".join(lines)
