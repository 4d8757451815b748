"""Render the realistic reports (issue 13) in every format, clean and with injected errors.

Three report styles the other samples lack, three seeded variants each (``realistic_*.py``):
``thirdparty`` (a commissioned 重点绩效评价报告), ``department`` (部门整体支出绩效自评报告) and
``project`` (项目支出绩效自评报告 whose only score is its 自评表). Each is rendered with the
existing machinery: Tika-style text exports (``gen_text.py``: ``tika`` plain UTF-8 and ``noisy``
GB18030 + CRLF + bookmarks), .docx (``gen_docx.py``: ``auto`` heading styles with Word
numbering and a TOC field, ``manual`` typed numbers), Markdown and HTML (``gen_markup.py``,
MinerU-like) and PDF (``pdf_writer.py``: the manual .docx's content, no LibreOffice needed).
Merged cells (vertically merged 一级/二级, 小计/合计 labels) are real spans in .docx, HTML and
PDF; a text export writes a vertical continuation as an empty tab line, as Tika does.

Clean renderings are committed in ``samples/realistic/`` with ``<name>.expected.json`` (score
total, grade, top-level headings, from the generator's own arithmetic); injected renderings are
made in memory by the tests (``render(report, fmt)`` of ``injected(kind, case, seed)``).

    python samples/gen_realistic.py [--out DIR]     # regenerate (byte-stable)
"""

from __future__ import annotations

import argparse
import html
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pdf_writer
import realistic_department
import realistic_project
import realistic_thirdparty
from docx_items import Item, variant_items
from gen_markup import _walk
from gen_text import STYLES
from gen_text import render as text_render
from realistic_common import MergedTable, Realistic
from variants import TableSpec, Variant, marker

OUT = Path(__file__).resolve().parent / "realistic"
BUILDERS: dict[str, Callable[..., Realistic]] = {
    "thirdparty": realistic_thirdparty.build,
    "department": realistic_department.build,
    "project": realistic_project.build,
}
CASES: dict[str, list[str]] = {
    "thirdparty": realistic_thirdparty.CASES,
    "department": realistic_department.CASES,
    "project": realistic_project.CASES,
}
SEEDS = (0, 1, 2)
TEXT_STYLES = {"tika": STYLES[0], "noisy": STYLES[1]}
FORMATS = ["txt.tika", "txt.noisy", "docx.auto", "docx.manual", "md", "html", "pdf"]
EXT = {"txt.tika": "tika.txt", "txt.noisy": "noisy.txt", "docx.auto": "auto.docx",
       "docx.manual": "manual.docx", "md": "md", "html": "html", "pdf": "pdf"}
LABELS = ("小计", "合计", "总分", "总计")


def clean_reports() -> list[Realistic]:
    return [BUILDERS[kind](seed) for kind in BUILDERS for seed in SEEDS]


def injected_reports() -> list[Realistic]:
    """Every injection case of every report kind, the seed rotating over the cases."""
    return [BUILDERS[kind](i % len(SEEDS), case)
            for kind in BUILDERS for i, case in enumerate(CASES[kind])]


# --------------------------------------------------------------------------- merged cells
def merged_cells(t: TableSpec) -> tuple[int, int, list[list[Any]]]:
    """Real cells ``[row, col, row_span, col_span, text]`` of a table spec: a short row's last
    cell spans to the width; in a :class:`MergedTable` an empty cell after a 小计/合计 label
    joins the label and an empty cell in a merged column joins the cell above."""
    width = max(len(r) for r in t.rows)
    vcols = t.vmerge_cols if isinstance(t, MergedTable) else 0
    owner: dict[tuple[int, int], list[Any]] = {}
    cells: list[list[Any]] = []
    for r, row in enumerate(t.rows):
        c = 0
        while c < len(row):
            text = row[c]
            above = owner.get((r - 1, c))
            if text == "" and c < vcols and r > 0 and above is not None and above[3] == 1 \
                    and not _after_label(row, c):
                above[2] += 1
                owner[(r, c)] = above
                c += 1
                continue
            span = width - c if c == len(row) - 1 else 1
            if vcols and text in LABELS:
                while c + span < len(row) and row[c + span] == "":
                    span += 1
            cell = [r, c, 1, span, text]
            cells.append(cell)
            for k in range(span):
                owner[(r, c + k)] = cell
            c += span
    return len(t.rows), width, cells


def _after_label(row: list[str], c: int) -> bool:
    """Whether the empty cell ``c`` follows a 小计/合计 label through empty cells."""
    k = c - 1
    while k >= 0 and row[k] == "":
        k -= 1
    return k >= 0 and row[k] in LABELS


def _html_table(t: TableSpec) -> str:
    _, _, cells = merged_cells(t)
    rows: dict[int, list[str]] = {}
    for r, _c, rs, cs, text in cells:
        attr = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
        rows.setdefault(r, []).append(f"<td{attr}>{html.escape(text)}</td>")
    return "<table>" + "".join(f"<tr>{''.join(rows.get(r, []))}</tr>"
                               for r in range(len(t.rows))) + "</table>"


# --------------------------------------------------------------------------- renderers
def _duplicate(v: Variant, text: str, arabic: bool = False) -> str:
    """A numbering injection: the changed heading takes its predecessor's number."""
    dup = v.__dict__.get("_duplicate")
    if not dup:
        return text
    fam, n, title = dup
    return text.replace(marker(fam, n, arabic_export=arabic) + title,
                        marker(fam, n - 1, arabic_export=arabic) + title)


def render_text(v: Variant, style_name: str) -> bytes:
    style = TEXT_STYLES[style_name]
    text = _duplicate(v, text_render(v, style))
    if style.newline != "\n":  # a wrapped line inside a paragraph uses the file's line ends
        text = text.replace("\r\n", "\n").replace("\n", style.newline)
    return text.encode(style.encoding)


def _items(v: Variant, style: str) -> list[Item]:
    """The variant's items with real merged cells; Word's own TOC field replaces the typed TOC
    lines in the ``auto`` style."""
    items = variant_items(v)
    specs = [b for b in _bodies(v) if isinstance(b, TableSpec)]
    tables = iter(specs)
    out: list[Item] = []
    in_toc = False
    for it in items:
        if it["kind"] == "table":
            n_rows, n_cols, cells = merged_cells(next(tables))
            it = {"kind": "table", "n_rows": n_rows, "n_cols": n_cols, "cells": cells}
        elif it["kind"] == "para" and style == "auto":
            in_toc = in_toc or it["text"].startswith("目  录")
            if in_toc and it["text"] in v.preamble:
                continue
        out.append(it)
    dup = v.__dict__.get("_duplicate")
    if dup and style == "manual":
        fam, n, title = dup
        for it in out:
            if it["kind"] == "heading" and it["title"] == title:
                it["number"] = marker(fam, n - 1).strip()
    return out


def _bodies(v: Variant):
    def walk(nodes):
        for n in nodes:
            yield from n.body
            yield from walk(n.children)

    return walk(v.nodes)


def render_docx(v: Variant, style: str) -> bytes:
    from gen_docx import render

    return render(_items(v, style), style, v.name)


def render_markup(v: Variant, fmt: str) -> bytes:
    out: list[str] = []
    for kind, x, depth in _walk(v):
        if kind == "table":
            out.append(_html_table(x))  # type: ignore[arg-type]
        elif fmt == "md":
            out.append(f"# {x}" if kind == "title" else
                       "#" * (depth + 1) + f" {x}" if kind == "heading" and depth < 6 else str(x))
        else:
            tag = "h1" if kind == "title" else f"h{depth + 1}" if kind == "heading" and depth < 6 \
                else "p"
            out.append(f"<{tag}>{html.escape(str(x)).replace(chr(10), '<br>')}</{tag}>")
        if fmt == "md":
            out.append("")
    text = "\n".join(out)
    if fmt == "html":
        text = ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>"
                + html.escape(v.title or "") + "</title></head><body>\n" + text
                + "\n</body></html>\n")
    return _duplicate(v, text).encode("utf-8")


def render(rep: Realistic, fmt: str) -> bytes:
    """``rep`` in one of :data:`FORMATS`."""
    family, _, style = fmt.partition(".")
    if family == "txt":
        return render_text(rep.variant, style)
    if family == "docx":
        return render_docx(rep.variant, style)
    if family == "pdf":  # typed numbers, as the manual .docx
        return pdf_writer.render(_items(rep.variant, "manual"))
    return render_markup(rep.variant, fmt)


def expected(rep: Realistic) -> dict[str, Any]:
    return {"name": rep.name, "kind": rep.kind, "title": rep.variant.title, "total": rep.total,
            "grade": rep.grade, "headings": rep.headings, **rep.extra}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for rep in clean_reports():
        for fmt in FORMATS:
            (args.out / f"{rep.name}.{EXT[fmt]}").write_bytes(render(rep, fmt))
        (args.out / f"{rep.name}.expected.json").write_text(
            json.dumps(expected(rep), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(clean_reports())} reports × {len(FORMATS)} formats to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
