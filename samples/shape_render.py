"""Render a report given as items (``docx_items.py`` format: title, heading, para, table with
real cells) as a Tika text export, a .docx, or MinerU-style Markdown — in memory.

Why: issue 15 wants every table shape in every format, with the values known from the spec.
The text export is written the way Apache Tika writes Word tables: one tab-indented line per
cell, a blank line between rows, the covered slots of a *vertically* merged cell as a tab
alone on its line, a *horizontally* merged cell once (so its row is shorter). The Markdown is
MinerU's: ``#`` headings, HTML ``<table>`` with ``rowspan``/``colspan``.
"""

from __future__ import annotations

import html
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

Item = dict[str, Any]


def heading_text(item: Item) -> str:
    sep = " " if item["family"] in ("part", "dotted") else ""
    return f"{item['number']}{sep}{item['title']}"


def _starts(t: Item) -> dict[tuple[int, int], list[Any]]:
    return {(c[0], c[1]): c for c in t["cells"]}


def tika_rows(t: Item) -> list[list[str]]:
    """The cell lines of each row as Tika writes them (see the module docstring)."""
    starts = _starts(t)
    below: dict[tuple[int, int], list[Any]] = {}
    for c in t["cells"]:
        for k in range(c[0] + 1, c[0] + c[2]):
            below[(k, c[1])] = c
    rows = []
    for r in range(t["n_rows"]):
        row = []
        for col in range(t["n_cols"]):
            if (r, col) in starts:
                row.append(starts[(r, col)][4])
            elif (r, col) in below:
                row.append("")  # a vertically merged slot: a tab alone
        rows.append(row)
    return rows


def to_text(items: list[Item]) -> str:
    lines: list[str] = []
    for it in items:
        kind = it["kind"]
        if kind in ("title", "para"):
            lines.append(it["text"])
        elif kind == "heading":
            lines.append(heading_text(it))
        elif kind == "table":
            for k, row in enumerate(tika_rows(it)):
                if k:
                    lines.append("")
                lines += ["\t" + cell for cell in row]
            lines += ["", ""]
    return "\n".join(lines) + "\n"


def html_table(t: Item) -> str:
    starts = _starts(t)
    out = ["<table>"]
    for r in range(t["n_rows"]):
        tds = []
        for col in range(t["n_cols"]):
            c = starts.get((r, col))
            if c is None:
                continue
            attr = (f' rowspan="{c[2]}"' if c[2] > 1 else "") + \
                   (f' colspan="{c[3]}"' if c[3] > 1 else "")
            tds.append(f"<td{attr}>{html.escape(c[4])}</td>")
        out.append("<tr>" + "".join(tds) + "</tr>")
    out.append("</table>")
    return "".join(out)


def to_markdown(items: list[Item]) -> str:
    out: list[str] = []
    for it in items:
        kind = it["kind"]
        if kind == "title":
            out.append(f"# {it['text']}")
        elif kind == "heading":
            level = it["level"] + 1
            out.append(("#" * level + " " if level <= 6 else "") + heading_text(it))
        elif kind == "para":
            out.append(it["text"])
        elif kind == "table":
            out.append(html_table(it))
        out.append("")
    return "\n".join(out)


def to_docx(items: list[Item], style: str = "manual", name: str = "shape") -> bytes:
    from gen_docx import render

    return render(items, style, name)


def docx_styles(items: list[Item]) -> list[str]:
    """The gen_docx styles that can number these headings: its multilevel lists have no
    bare-number top level, no 第一章 and no 附件, so such outlines are typed (``manual``)."""
    fams = {i["family"] for i in items if i["kind"] == "heading"}
    listed = {"cn", "cn_paren", "arabic", "arabic_paren", "circled"}
    return ["manual", "auto", "outline"] if fams <= listed else ["manual"]
