"""Markdown rendering of the cleaned report: headings by level, paragraphs, tables.

Tables without merged cells become pipe tables; tables with spans become HTML tables (the
only faithful Markdown form, as MinerU/docling also emit), so no value is duplicated or
shifted.
"""

from __future__ import annotations

import html

from ..models import Paragraph, Report, Table


def md_text(text: str) -> str:
    """Document text as Markdown *text*: markup it carries (``<script>``, ``<img onerror>``,
    a leading ``#`` or ``>``) is shown, never rendered."""
    lines = html.escape(text, quote=False).split("\n")
    return "\n".join("\\" + ln if ln.lstrip().startswith(("#", ">")) else ln for ln in lines)


def _line(text: str) -> str:
    return md_text(" ".join(text.split()))


def _pipe(cell: str) -> str:
    return md_text(cell).replace("|", "\\|").replace("\n", " ")


def table_markdown(t: Table) -> str:
    out: list[str] = []
    if t.caption:
        out.append(f"**{_line(t.caption)}**\n")
    if t.unit:
        out.append(f"单位：{_line(t.unit)}\n")
    if all(c.row_span == 1 and c.col_span == 1 for c in t.cells):
        rows = t.rows
        out.append("| " + " | ".join(_pipe(c) for c in rows[0]) + " |")
        out.append("|" + "---|" * t.n_cols)
        for r in rows[1:]:
            out.append("| " + " | ".join(_pipe(c) for c in r) + " |")
        return "\n".join(out)
    out.append("<table>")
    by_row: dict[int, list] = {}
    for c in t.cells:
        by_row.setdefault(c.row, []).append(c)
    for row in range(t.n_rows):
        tds = []
        for c in sorted(by_row.get(row, []), key=lambda x: x.col):
            attrs = ""
            if c.row_span > 1:
                attrs += f' rowspan="{c.row_span}"'
            if c.col_span > 1:
                attrs += f' colspan="{c.col_span}"'
            tds.append(f"<td{attrs}>{html.escape(c.text)}</td>")
        out.append("<tr>" + "".join(tds) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def to_markdown(report: Report) -> str:
    heading_of = {s.heading_block: s for s in report.walk() if s.heading_block is not None}
    parts: list[str] = []
    if report.title:
        parts.append(f"# {_line(report.title)}")
    base = 2 if report.title else 1
    for i, b in enumerate(report.blocks):
        if isinstance(b, Table):
            parts.append(table_markdown(b))
            continue
        assert isinstance(b, Paragraph)
        if b.role in ("caption", "unit"):
            continue
        s = heading_of.get(i)
        if s is not None:
            parts.append(f"{'#' * min(6, base + s.level - 1)} {_line(s.number + s.title)}")
            if s.lead:
                parts.append(md_text(s.lead))
        elif report.title and b.text.strip() == report.title:
            continue
        else:
            parts.append(md_text(b.text))
    return "\n\n".join(parts) + "\n"
